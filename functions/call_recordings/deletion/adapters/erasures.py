"""Erasure requests in the requests table, and the eraser Lambda invoked synchronously.

An erasure is one partition of the requests table (like a hold): its header item
(``item = "request"``, ``kind = "erasure"`` for the ``by-kind`` index) and one item per recording
version it covered (``item = "recording#<call_id>#<version_id>"``) with what happened to it and, if it
was refused, the holds that kept it. The header also keeps ``to_erase``, the versions the DPO API asks
the eraser to erase, written before it is invoked: the eraser reads them there and acts on nothing
else. Never a caller number or customer reference.
"""

import json
from typing import Any

from botocore.exceptions import BotoCoreError
from pydantic import BaseModel

from call_recordings.core.adapters.items import from_item, to_item
from call_recordings.core.adapters.requests_table import BATCH_WRITE_LIMIT, RequestsTable, instant
from call_recordings.core.identifiers import HOLD_REQUEST_ITEM, RECORDING_ITEM_PREFIX, recording_item
from call_recordings.deletion.destruction_records import DestructionRequest
from call_recordings.deletion.errors import EraserFailed
from call_recordings.deletion.records import (
    DestructionReport,
    ErasedVersion,
    EraserReport,
    EraserRequest,
    Erasure,
    VersionKey,
)

ERASURE_KIND = "erasure"
TO_ERASE_ITEM_PREFIX = "to-erase#"


def to_erase_item(batch: int) -> str:
    return f"{TO_ERASE_ITEM_PREFIX}{batch:05d}"


class ErasureRecords(RequestsTable):
    def create(self, erasure: Erasure) -> None:
        """The header, as the request starts (status ``erasing``)."""
        self._dynamodb.put_item(
            TableName=self._table,
            Item=self._header(erasure),
            ConditionExpression="attribute_not_exists(request_id)",
        )

    def create_in_batches(self, erasure: Erasure, batches: list[list[VersionKey]]) -> None:
        """An erasure a job carries out: each batch of versions to erase, then the header (which says how
        many batches there are)."""
        items = [
            {
                "PutRequest": {
                    "Item": to_item(
                        {
                            "request_id": erasure.erasure_id,
                            "item": to_erase_item(number),
                            "to_erase": [version.model_dump() for version in batch],
                        }
                    )
                }
            }
            for number, batch in enumerate(batches, start=1)
        ]
        for start in range(0, len(items), BATCH_WRITE_LIMIT):
            self._batch_write(items[start : start + BATCH_WRITE_LIMIT])
        self.create(erasure.model_copy(update={"to_erase_batches": len(batches)}))

    def to_erase_batch(self, erasure_id: str, batch: int) -> tuple[VersionKey, ...]:
        """The versions one batch of the erasure's record lists to erase (none if it has no such batch)."""
        item = self._dynamodb.get_item(
            TableName=self._table,
            Key={"request_id": {"S": erasure_id}, "item": {"S": to_erase_item(batch)}},
            ConsistentRead=True,
        ).get("Item")
        return (
            ()
            if item is None
            else tuple(VersionKey.model_validate(each) for each in from_item(item)["to_erase"])
        )

    def record_versions(self, erasure_id: str, versions: list[ErasedVersion]) -> None:
        """What happened to these versions (written again, the same, if a batch is worked twice)."""
        items = [
            {
                "PutRequest": {
                    "Item": _typed(
                        {
                            "request_id": erasure_id,
                            "item": recording_item(version.call_id, version.version_id),
                        }
                        | version.model_dump(mode="json", exclude_none=True)
                    )
                }
            }
            for version in versions
        ]
        for start in range(0, len(items), BATCH_WRITE_LIMIT):
            self._batch_write(items[start : start + BATCH_WRITE_LIMIT])

    def close(self, erasure: Erasure) -> None:
        """The header with the status and counts, its versions' outcomes recorded already."""
        self._dynamodb.put_item(TableName=self._table, Item=self._header(erasure))

    def finish(self, erasure: Erasure, versions: list[ErasedVersion]) -> None:
        """What happened to each version, then the header with the status and counts."""
        self.record_versions(erasure.erasure_id, versions)
        self.close(erasure)

    def erasure(self, erasure_id: str) -> Erasure | None:
        header = self._request_header(erasure_id, ERASURE_KIND)
        return None if header is None else Erasure.model_validate(header)

    def erased_versions(self, erasure_id: str) -> list[ErasedVersion]:
        versions: list[ErasedVersion] = []
        start: dict | None = None
        while True:
            page = self._dynamodb.query(
                TableName=self._table,
                KeyConditionExpression="request_id = :erasure AND begins_with(#item, :prefix)",
                ExpressionAttributeNames={"#item": "item"},
                ExpressionAttributeValues={
                    ":erasure": {"S": erasure_id},
                    ":prefix": {"S": RECORDING_ITEM_PREFIX},
                },
                ConsistentRead=True,
                **({"ExclusiveStartKey": start} if start else {}),
            )
            versions.extend(ErasedVersion.model_validate(from_item(item)) for item in page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                return versions

    def _header(self, erasure: Erasure) -> dict[str, Any]:
        return _typed(
            {
                "request_id": erasure.erasure_id,
                "item": HOLD_REQUEST_ITEM,
                "kind": ERASURE_KIND,
                "created_at": instant(erasure.requested_at),
                "to_erase": [version.model_dump() for version in erasure.to_erase],
                "to_erase_batches": erasure.to_erase_batches,
            }
            | self._sealed_notes(erasure.erasure_id, erasure.model_dump(mode="json", exclude_none=True))
        )


def _typed(plain: dict[str, Any]) -> dict[str, Any]:
    """Empty lists left out: a version erased has no refusing holds to keep."""
    return to_item({name: value for name, value in plain.items() if value != []})


class EraserFunction:
    """The eraser Lambda, invoked synchronously with one request: an erasure's, or the destruction of an
    out-of-policy capture."""

    def __init__(self, lambda_client: Any, function_name: str) -> None:
        self._lambda = lambda_client
        self._function = function_name

    def erase(self, request: EraserRequest) -> EraserReport:
        return EraserReport.model_validate(self._invoke(request))

    def destroy(self, request: DestructionRequest) -> DestructionReport:
        return DestructionReport.model_validate(self._invoke(request))

    def _invoke(self, request: BaseModel) -> Any:
        try:
            response = self._lambda.invoke(
                FunctionName=self._function,
                InvocationType="RequestResponse",
                Payload=request.model_dump_json().encode(),
            )
        except (self._lambda.exceptions.ClientError, BotoCoreError) as error:
            raise EraserFailed(f"the eraser could not be invoked: {error}") from error
        payload = response["Payload"].read()
        if response.get("FunctionError"):
            raise EraserFailed(f"the eraser failed: {payload[:500]!r}")
        return json.loads(payload)
