"""The requests table: holds now (SARs next). One partition per request: its header item
(``item = "request"``, with ``kind`` for the ``by-kind`` index) and one item per recording version
it covers (``item = "recording#<call_id>#<version_id>"``), so a hold's recordings are one query.
An Idempotency-Key is kept as its own item, mapping the key to the hold it made.
"""

import hashlib
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from holds.errors import InvalidPageToken
from holds.identifiers import HOLD_REQUEST_ITEM, RECORDING_ITEM_PREFIX, recording_item
from holds.pages import page_position, page_token
from holds.records import Hold, IdempotencyRecord, RecordingVersion
from holds.vocabulary import HoldStatus, WorkAction

KIND_INDEX = "by-kind"
HOLD_KIND = "hold"
IDEMPOTENCY_ITEM = "idempotency"
BATCH_WRITE_LIMIT = 25  # items in one BatchWriteItem
WRITE_THREADS = 4

# For each action of the hold worker: the status the hold is in while it works, the status it
# reaches when every recording is done, when that was, and the counters and batches it keeps.
_WORK = {
    WorkAction.PLACE: (HoldStatus.PLACING, HoldStatus.ACTIVE, "active_at", "placed_batches"),
    WorkAction.RELEASE: (HoldStatus.RELEASING, HoldStatus.RELEASED, "released_at", "released_batches"),
}


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class Casework:
    def __init__(self, dynamodb_client: Any, table_name: str, *, write_threads: int = WRITE_THREADS) -> None:
        self._dynamodb = dynamodb_client
        self._table = table_name
        self._threads = write_threads
        self._serializer = TypeSerializer()
        self._deserializer = TypeDeserializer()

    # Idempotency keys ------------------------------------------------------------------------------

    def idempotency_record(self, key: str) -> IdempotencyRecord | None:
        response = self._dynamodb.get_item(
            TableName=self._table, Key=self._idempotency_key(key), ConsistentRead=True
        )
        return self._idempotency(response.get("Item"))

    def claim_idempotency_key(
        self, key: str, hold_id: str, fingerprint: str, now: datetime
    ) -> IdempotencyRecord | None:
        """Map the key to this hold, unless it is mapped already: then the existing record."""
        item = self._idempotency_key(key) | {
            "hold_id": {"S": hold_id},
            "fingerprint": {"S": fingerprint},
            "created_at": {"S": _instant(now)},
        }
        try:
            self._dynamodb.put_item(
                TableName=self._table,
                Item=item,
                ConditionExpression="attribute_not_exists(request_id)",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException as failed:
            return self._idempotency(failed.response.get("Item"))
        return None

    # Holds -------------------------------------------------------------------------------------------

    def create_hold(self, hold: Hold, versions: Sequence[RecordingVersion]) -> bool:
        """Write the hold's recording items, then its header; False if the header exists already
        (a concurrent retry of the same request made it)."""
        members = [
            {
                "PutRequest": {
                    "Item": {
                        "request_id": {"S": hold.hold_id},
                        "item": {"S": recording_item(version.call_id, version.version_id)},
                        "call_id": {"S": version.call_id},
                        "version_id": {"S": version.version_id},
                        "object_key": {"S": version.object_key},
                    }
                }
            }
            for version in versions
        ]
        chunks = [
            members[start : start + BATCH_WRITE_LIMIT] for start in range(0, len(members), BATCH_WRITE_LIMIT)
        ]
        with ThreadPoolExecutor(max_workers=self._threads) as pool:
            list(pool.map(self._batch_write, chunks))
        try:
            self._dynamodb.put_item(
                TableName=self._table,
                Item=self._hold_item(hold),
                ConditionExpression="attribute_not_exists(request_id)",
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def hold(self, hold_id: str) -> Hold | None:
        response = self._dynamodb.get_item(
            TableName=self._table,
            Key={"request_id": {"S": hold_id}, "item": {"S": HOLD_REQUEST_ITEM}},
            ConsistentRead=True,
        )
        item = response.get("Item")
        return self._hold(item) if item and item.get("kind", {}).get("S") == HOLD_KIND else None

    def holds(
        self, *, status: HoldStatus | None, limit: int, token: str | None
    ) -> tuple[list[Hold], str | None]:
        """Holds, newest first, optionally only those in one status; a page and the next page's token."""
        start = page_position(token)
        if start is not None and (
            set(start) != {"request_id", "item", "kind", "created_at"} or start["kind"] != {"S": HOLD_KIND}
        ):
            raise InvalidPageToken()
        request: dict[str, Any] = {
            "TableName": self._table,
            "IndexName": KIND_INDEX,
            "KeyConditionExpression": "#kind = :kind",
            "ExpressionAttributeNames": {"#kind": "kind"},
            "ExpressionAttributeValues": {":kind": {"S": HOLD_KIND}},
            "ScanIndexForward": False,
        }
        if status is not None:
            request["FilterExpression"] = "#status = :status"
            request["ExpressionAttributeNames"]["#status"] = "status"
            request["ExpressionAttributeValues"][":status"] = {"S": status.value}
        found: list[Hold] = []
        while True:
            page = self._query(request | {"Limit": limit - len(found)}, start)
            found.extend(self._hold(item) for item in page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start or len(found) >= limit:
                return found, page_token(start)

    def hold_recordings(
        self, hold_id: str, *, limit: int, token: str | None
    ) -> tuple[list[RecordingVersion], str | None]:
        """A page of the recording versions a hold covers, in call id order, and the next page's token."""
        start = page_position(token)
        if start is not None and (
            set(start) != {"request_id", "item"} or start["request_id"] != {"S": hold_id}
        ):
            raise InvalidPageToken()
        page = self._query(
            {
                "TableName": self._table,
                "KeyConditionExpression": "request_id = :hold AND begins_with(#item, :prefix)",
                "ExpressionAttributeNames": {"#item": "item"},
                "ExpressionAttributeValues": {
                    ":hold": {"S": hold_id},
                    ":prefix": {"S": RECORDING_ITEM_PREFIX},
                },
                "Limit": limit,
            },
            start,
        )
        versions = [RecordingVersion.model_validate(self._plain(item)) for item in page.get("Items", [])]
        return versions, page_token(page.get("LastEvaluatedKey"))

    def all_hold_recordings(self, hold_id: str) -> list[RecordingVersion]:
        versions: list[RecordingVersion] = []
        token = None
        while True:
            page, token = self.hold_recordings(hold_id, limit=1000, token=token)
            versions.extend(page)
            if token is None:
                return versions

    def request_release(self, hold_id: str, *, by: str, at: datetime, note: str | None) -> Hold | None:
        """An active hold becomes ``releasing``; None if it is not active (any more)."""
        update = "SET #status = :releasing, release_requested_by = :by, release_requested_at = :at"
        values = {
            ":releasing": {"S": HoldStatus.RELEASING.value},
            ":active": {"S": HoldStatus.ACTIVE.value},
            ":by": {"S": by},
            ":at": {"S": _instant(at)},
        }
        if note is not None:
            update += ", release_note = :note"
            values[":note"] = {"S": note}
        return self._update_hold(
            hold_id, update=update, condition="#status = :active", names={"#status": "status"}, values=values
        )

    def note_handed_over(self, hold_id: str, action: WorkAction, now: datetime) -> None:
        """The hold's work (placing or releasing) is with the hold worker or on its queue."""
        noted = "handed_over_at" if action is WorkAction.PLACE else "release_handed_over_at"
        self._update_hold(
            hold_id,
            update=f"SET {noted} = :now",
            condition="attribute_exists(request_id)",
            names={},
            values={":now": {"S": _instant(now)}},
        )

    # The hold worker's progress ------------------------------------------------------------------------

    def start_work(self, hold_id: str, action: WorkAction, batch: int, now: datetime) -> bool:
        """Whether a work message is still to be done: the hold is in the action's working status and
        has not counted this batch yet (a redelivered message that was done changes nothing)."""
        working, _, _, batches = _WORK[action]
        return (
            self._update_hold(
                hold_id,
                update="SET worked_at = :now",
                condition="#status = :working AND NOT contains(#batches, :batch)",
                names={"#status": "status", "#batches": batches},
                values={
                    ":now": {"S": _instant(now)},
                    ":working": {"S": working.value},
                    ":batch": {"S": str(batch)},
                },
            )
            is not None
        )

    def count_work(
        self, hold_id: str, action: WorkAction, batch: int, counts: dict[str, int], now: datetime
    ) -> Hold | None:
        """Add a finished message's counts to the hold, once per batch; the hold as it is afterwards,
        or None if this batch was counted already or the hold has moved on."""
        working, _, _, batches = _WORK[action]
        names = {"#status": "status", "#batches": batches} | {f"#{name}": name for name in counts}
        values = {
            ":now": {"S": _instant(now)},
            ":working": {"S": working.value},
            ":batch": {"S": str(batch)},
            ":batches": {"SS": [str(batch)]},
        } | {f":{name}": {"N": str(count)} for name, count in counts.items()}
        adds = ", ".join(["#batches :batches", *(f"#{name} :{name}" for name in counts)])
        return self._update_hold(
            hold_id,
            update=f"ADD {adds} SET worked_at = :now",
            condition="#status = :working AND NOT contains(#batches, :batch)",
            names=names,
            values=values,
        )

    def complete_work(self, hold_id: str, action: WorkAction, now: datetime) -> bool:
        """The hold reaches ``active`` (placed) or ``released``; False if another message did it first."""
        working, done, done_at, _ = _WORK[action]
        return (
            self._update_hold(
                hold_id,
                update=f"SET #status = :done, {done_at} = :now",
                condition="#status = :working",
                names={"#status": "status"},
                values={
                    ":done": {"S": done.value},
                    ":working": {"S": working.value},
                    ":now": {"S": _instant(now)},
                },
            )
            is not None
        )

    # -------------------------------------------------------------------------------------------------

    def _update_hold(
        self, hold_id: str, *, update: str, condition: str, names: dict, values: dict
    ) -> Hold | None:
        try:
            response = self._dynamodb.update_item(
                TableName=self._table,
                Key={"request_id": {"S": hold_id}, "item": {"S": HOLD_REQUEST_ITEM}},
                UpdateExpression=update,
                ConditionExpression=condition,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
                **({"ExpressionAttributeNames": names} if names else {}),
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return None
        return self._hold(response["Attributes"])

    def _query(self, request: dict[str, Any], start: dict | None) -> dict[str, Any]:
        try:
            return self._dynamodb.query(**request, **({"ExclusiveStartKey": start} if start else {}))
        except self._dynamodb.exceptions.ClientError as error:
            if start is not None and error.response.get("Error", {}).get("Code") == "ValidationException":
                raise InvalidPageToken() from None
            raise

    def _batch_write(self, requests: list[dict]) -> None:
        pending = {self._table: requests}
        for attempt in range(8):
            response = self._dynamodb.batch_write_item(RequestItems=pending)
            pending = response.get("UnprocessedItems") or {}
            if not pending:
                return
            time.sleep(0.05 * 2**attempt)
        raise RuntimeError("the requests table left items unprocessed after repeated BatchWriteItem calls")

    def _hold_item(self, hold: Hold) -> dict[str, Any]:
        data = hold.model_dump(mode="json", exclude_none=True)
        item = {
            "request_id": hold.hold_id,
            "item": HOLD_REQUEST_ITEM,
            "kind": HOLD_KIND,
            "created_at": data["placed_at"],
        }
        return {name: self._serializer.serialize(value) for name, value in (item | data).items()}

    def _hold(self, item: dict[str, Any]) -> Hold:
        return Hold.model_validate(self._plain(item))

    def _plain(self, item: dict[str, Any]) -> dict[str, Any]:
        return {name: self._deserializer.deserialize(value) for name, value in item.items()}

    @staticmethod
    def _idempotency_key(key: str) -> dict[str, Any]:
        digest = hashlib.sha256(key.encode()).hexdigest()
        return {"request_id": {"S": f"idempotency-key#{digest}"}, "item": {"S": IDEMPOTENCY_ITEM}}

    def _idempotency(self, item: dict[str, Any] | None) -> IdempotencyRecord | None:
        return IdempotencyRecord.model_validate(self._plain(item)) if item else None
