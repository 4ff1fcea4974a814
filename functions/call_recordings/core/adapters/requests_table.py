"""What every kind of request kept in the requests table shares (holds, SARs, erasures, restrictions):
one partition per request, its header item and one item per recording version it covers
(adapters/casework.py describes the table). The plumbing each adapter would otherwise repeat: paged
queries whose page token the caller gave, batch writes retried until nothing is left unprocessed,
and instants written so that they compare as text (items are typed by adapters/items.py). The DPO's
notes are sealed here on every write and read back sealed (core/notes.py): the table never holds one in
clear."""

import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from call_recordings.core.adapters.batch_gets import batch_get
from call_recordings.core.adapters.items import from_item, to_item
from call_recordings.core.adapters.notes import NoteSealer
from call_recordings.core.at_once import each_at_once
from call_recordings.core.errors import InvalidPageToken
from call_recordings.core.identifiers import HOLD_REQUEST_ITEM, recording_item
from call_recordings.core.notes import NOTE_FIELDS, ciphertext_of, is_sealed, sealed_text
from call_recordings.core.paging import page_position, page_token
from call_recordings.core.tables import KIND_INDEX, REQUESTS
from call_recordings.core.versions import RecordingVersion

BATCH_WRITE_LIMIT = 25  # items in one BatchWriteItem
WRITE_THREADS = 4
_WRITE_ATTEMPTS = 8
# A call's markers: one item per thing filed under the call in a partition of its own (a supplementary
# statement, an outside recipient), ``call#<call_id>`` / the marker's name. A package of hundreds of
# recordings reads every call's markers 100 to a BatchGetItem and queries only the partitions marked,
# instead of a query per call and partition. A marker is written before what it marks, so a call
# without one has nothing filed (it may have a marker and nothing left: one query more, never less).
CALL_MARKER_PREFIX = "call#"

Record = TypeVar("Record")


def instant(moment: datetime) -> str:
    """UTC with microseconds: every time the requests table and the registry keep (compared as text)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class NotesNotSealable(RuntimeError):
    """A note was to be written by a function given no key to seal it with (only the DPO API's are)."""


class RequestsTable:
    def __init__(
        self,
        dynamodb_client: Any,
        table_name: str,
        *,
        write_threads: int = WRITE_THREADS,
        notes: Callable[[], NoteSealer] | None = None,
    ) -> None:
        """``notes``: the DPO API's NoteSealer, made on first use (reading a list needs none)."""
        self._dynamodb = dynamodb_client
        self._table = table_name
        self._threads = write_threads
        self._notes = notes

    def _header(self, request_id: str, kind: str, record: BaseModel, *, created_at: str) -> dict[str, Any]:
        """A request's header item (plain values): its keys, its kind (the ``by-kind`` index) and when it
        was made (the field of ``record`` named ``created_at``), then every field of ``record``, its
        notes sealed."""
        data = self._sealed_notes(request_id, record.model_dump(mode="json", exclude_none=True))
        keys = {"request_id": request_id, "item": HOLD_REQUEST_ITEM, "kind": kind}
        return keys | {"created_at": data[created_at]} | data

    def _sealed_notes(self, request_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """``data`` (plain values) with each note as ciphertext: a note read sealed is written back as it
        was (no KMS call); a new one is sealed (one ``Encrypt``)."""
        return data | {
            name: self._sealed(request_id, name, data[name]) for name in NOTE_FIELDS & set(data) if data[name]
        }

    def _sealed(self, request_id: str, field: str, text: str) -> bytes:
        if is_sealed(text):
            return ciphertext_of(text)
        if self._notes is None:
            raise NotesNotSealable(f"{field} of {request_id} cannot be sealed: this function has no key")
        return self._notes().seal(request_id, field, text)

    def _note_value(self, request_id: str, field: str, text: str) -> dict[str, Any]:
        """A note as an update expression's value (typed): sealed."""
        return {"B": self._sealed(request_id, field, text)}

    def _request_header(self, request_id: str, kind: str) -> dict[str, Any] | None:
        """The header item of this request as plain values (notes sealed), if it is one of this kind."""
        response = self._dynamodb.get_item(
            TableName=self._table,
            Key=REQUESTS.key(request_id, HOLD_REQUEST_ITEM),
            ConsistentRead=True,
        )
        item = response.get("Item")
        return self._plain(item) if item and item.get("kind", {}).get("S") == kind else None

    @staticmethod
    def _plain(item: dict[str, Any]) -> dict[str, Any]:
        """A header item as plain values, each note in its sealed form (core.notes.SEALED): read with no
        KMS call; only the DPO API opens one, to show one request (``opened``)."""
        plain = from_item(item)
        return plain | {
            name: sealed_text(bytes(plain[name].value))
            for name in NOTE_FIELDS & set(plain)
            if not isinstance(plain[name], str)
        }

    def opened(self, record: Any, request_id: str) -> Any:
        """The record with its notes decrypted, to show it to the DPO (one ``Decrypt`` per note); as it
        is when this function has no key (its notes stay sealed)."""
        return record if self._notes is None else self._notes().opened(record, request_id)

    def _create_request(
        self,
        header: dict[str, Any],
        versions: Sequence[RecordingVersion],
        *,
        member_fields: Callable[[RecordingVersion], dict[str, Any]] | None = None,
    ) -> bool:
        """A new request: an item per recording version it covers (batches written in parallel; with
        ``member_fields``' plain values besides the version's), then its ``header`` (plain values), only
        if no request has its id. False if one has: a concurrent retry of the same request made it. The
        header comes last, so a request that can be read has all its recordings."""
        request_id = header["request_id"]
        members = [
            {
                "PutRequest": {
                    "Item": REQUESTS.key(request_id, recording_item(version.call_id, version.version_id))
                    | to_item(version.model_dump() | (member_fields(version) if member_fields else {}))
                }
            }
            for version in versions
        ]
        chunks = [
            members[start : start + BATCH_WRITE_LIMIT] for start in range(0, len(members), BATCH_WRITE_LIMIT)
        ]
        each_at_once(self._batch_write, chunks, threads=self._threads)
        try:
            self._dynamodb.put_item(
                TableName=self._table,
                Item=to_item(header),
                ConditionExpression="attribute_not_exists(request_id)",
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def _update_header(
        self,
        request_id: str,
        *,
        update: str,
        condition: str,
        values: dict[str, Any],
        names: dict[str, str] | None = None,
    ) -> dict[str, Any] | None:
        """A conditional update of a request's header; the header after it (typed), or None when the
        condition failed."""
        try:
            response = self._dynamodb.update_item(
                TableName=self._table,
                Key=REQUESTS.key(request_id, HOLD_REQUEST_ITEM),
                UpdateExpression=update,
                ConditionExpression=condition,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
                **({"ExpressionAttributeNames": names} if names else {}),
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return None
        return response["Attributes"]

    def _query(self, request: dict[str, Any], start: dict | None) -> dict[str, Any]:
        """One page of a query on the table; InvalidPageToken when ``start`` (decoded from a token the
        caller gave) is not a key DynamoDB accepts."""
        try:
            return self._dynamodb.query(
                **({"TableName": self._table} | request), **({"ExclusiveStartKey": start} if start else {})
            )
        except self._dynamodb.exceptions.ClientError as error:
            if start is not None and error.response.get("Error", {}).get("Code") == "ValidationException":
                raise InvalidPageToken() from None
            raise

    def _of_kind(
        self,
        kind: str,
        read: Callable[[dict[str, Any]], Record],
        *,
        statuses: Sequence[str] | None = None,
        keep: Callable[[Record], bool] | None = None,
        limit: int,
        token: str | None,
    ) -> tuple[list[Record], str | None]:
        """Requests of one ``kind``, newest first (the ``by-kind`` index), in ``statuses`` and passing
        ``keep``, each read by ``read``: a page of at most ``limit`` and the next page's token."""
        start = page_position(token)
        if start is not None and (
            set(start) != {"request_id", "item", "kind", "created_at"} or start["kind"] != {"S": kind}
        ):
            raise InvalidPageToken()
        request = self._by_kind(kind, statuses)
        found: list[Record] = []
        while True:
            page = self._query(request | {"Limit": limit - len(found)}, start)
            for item in page.get("Items", []):
                record = read(item)
                if keep is None or keep(record):
                    found.append(record)
            start = page.get("LastEvaluatedKey")
            if not start or len(found) >= limit:
                return found, page_token(start)

    def _all_of_kind(
        self, kind: str, read: Callable[[dict[str, Any]], Record], statuses: Sequence[str]
    ) -> list[Record]:
        """Every request of one ``kind`` in ``statuses`` (the daily reminders read them all)."""
        request = self._by_kind(kind, statuses)
        found: list[Record] = []
        start = None
        while True:
            page = self._query(request, start)
            found.extend(read(item) for item in page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                return found

    @staticmethod
    def _by_kind(kind: str, statuses: Sequence[str] | None) -> dict[str, Any]:
        request: dict[str, Any] = {
            "IndexName": KIND_INDEX.name,
            "KeyConditionExpression": "#kind = :kind",
            "ExpressionAttributeNames": {"#kind": "kind"},
            "ExpressionAttributeValues": {":kind": {"S": kind}},
            "ScanIndexForward": False,
        }
        if statuses:
            names = [f":status{number}" for number in range(len(statuses))]
            request["FilterExpression"] = f"#status IN ({', '.join(names)})"
            request["ExpressionAttributeNames"]["#status"] = "status"
            request["ExpressionAttributeValues"] |= {
                name: {"S": str(status)} for name, status in zip(names, statuses, strict=True)
            }
        return request

    def _mark_calls(self, marker: str, call_ids: Iterable[str]) -> None:
        """Mark each call as having something filed under ``marker`` (before it is filed)."""
        self._batch_write_all(
            [
                {"PutRequest": {"Item": REQUESTS.key(f"{CALL_MARKER_PREFIX}{call_id}", marker)}}
                for call_id in dict.fromkeys(call_ids)
            ]
        )

    def _marked_calls(self, marker: str, call_ids: Iterable[str]) -> set[str]:
        """Which of these calls are marked ``marker``: a BatchGetItem per 100 calls."""
        keys = [REQUESTS.key(f"{CALL_MARKER_PREFIX}{call_id}", marker) for call_id in dict.fromkeys(call_ids)]
        return {
            item["request_id"]["S"].removeprefix(CALL_MARKER_PREFIX)
            for item in batch_get(self._dynamodb, self._table, keys, ProjectionExpression="request_id")
        }

    def _batch_write_all(self, requests: list[dict[str, Any]]) -> None:
        for start in range(0, len(requests), BATCH_WRITE_LIMIT):
            self._batch_write(requests[start : start + BATCH_WRITE_LIMIT])

    def _batch_write(self, requests: list[dict[str, Any]]) -> None:
        """At most BATCH_WRITE_LIMIT requests; what DynamoDB leaves unprocessed is sent again, with
        backoff, and an error raised if it never goes."""
        pending = {self._table: requests}
        for attempt in range(_WRITE_ATTEMPTS):
            response = self._dynamodb.batch_write_item(RequestItems=pending)
            pending = response.get("UnprocessedItems") or {}
            if not pending:
                return
            time.sleep(0.05 * 2**attempt)
        raise RuntimeError("the requests table left items unprocessed after repeated BatchWriteItem calls")
