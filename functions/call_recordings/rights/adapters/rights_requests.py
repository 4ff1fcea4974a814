"""Erasure, restriction, objection and rectification requests in the requests table (adapters/casework.py
describes the table): one partition per request with its header item (``item = "request"``, ``kind`` one
of ``erasure-request``, ``restriction-request``, ``objection-request``, ``rectification-request`` for the
``by-kind`` index). The header keeps the keyed hashes of the subject's identifiers as
``subject_caller_hash`` / ``subject_customer_hash`` (no index reads them; no answer shows them).

A rectification's supplementary statement is kept, sealed, once per call it concerns, in a partition of
its own, ``statement#<call_id>`` (item: the request id), and the call is marked ``statements`` first, so
that a later disclosure package of any of the call's versions finds every statement by reading the
markers of all its calls in a few BatchGetItem calls, then one query per call marked
(supplementary_statements).

The header is written whole and only over the revision it was read at, as a SAR's is.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from call_recordings.core.adapters.items import to_item
from call_recordings.core.adapters.requests_table import RequestsTable, instant
from call_recordings.core.errors import InvalidPageToken
from call_recordings.core.identifiers import HOLD_REQUEST_ITEM
from call_recordings.core.paging import page_position, page_token
from call_recordings.core.tables import KIND_INDEX, REQUESTS
from call_recordings.rights.records import (
    KIND_OF_TABLE_KIND,
    TABLE_KINDS,
    RightsKind,
    RightsRequest,
    RightsRequestStatus,
)

STATEMENT_PARTITION_PREFIX = "statement#"
STATEMENT_MARKER = "statements"  # a call's marker (core/adapters/requests_table.py): a statement is filed
_HASH_ATTRIBUTES = {"caller": "subject_caller_hash", "customer": "subject_customer_hash"}


def statement_partition(call_id: str) -> str:
    return f"{STATEMENT_PARTITION_PREFIX}{call_id}"


class SupplementaryStatement(BaseModel):
    """A rectification's statement about one call (Art 16), as a disclosure package shows it."""

    model_config = ConfigDict(frozen=True)

    request_id: str
    call_id: str
    attached_at: datetime
    statement: str


class RightsRequests(RequestsTable):
    def create(self, request: RightsRequest) -> None:
        """Its header (a new, random id: never there before)."""
        if not self._create_request(self._request_header(request), ()):
            raise RuntimeError(f"rights request {request.request_id} exists already: a new id is needed")

    def save(self, request: RightsRequest, *, expected_revision: int) -> bool:
        """Replace the header with ``request`` only if it is still at ``expected_revision``."""
        try:
            self._dynamodb.put_item(
                TableName=self._table,
                Item=to_item(self._request_header(request)),
                ConditionExpression="#kind = :kind AND #revision = :expected",
                ExpressionAttributeNames={"#kind": "kind", "#revision": "revision"},
                ExpressionAttributeValues={
                    ":kind": {"S": TABLE_KINDS[request.right]},
                    ":expected": {"N": str(expected_revision)},
                },
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def rights_request(self, request_id: str) -> RightsRequest | None:
        item = self._dynamodb.get_item(
            TableName=self._table, Key=REQUESTS.key(request_id, HOLD_REQUEST_ITEM), ConsistentRead=True
        ).get("Item")
        if not item or item.get("kind", {}).get("S") not in KIND_OF_TABLE_KIND:
            return None
        return self._request(item)

    def rights_requests(
        self,
        *,
        kinds: Sequence[RightsKind],
        statuses: Sequence[RightsRequestStatus] | None,
        keep: Callable[[RightsRequest], bool] | None = None,
        limit: int,
        token: str | None,
    ) -> tuple[list[RightsRequest], str | None]:
        """Requests of ``kinds``, one kind after another in that order and newest first within each (the
        ``by-kind`` index), in ``statuses`` and passing ``keep``: a page of at most ``limit`` and the next
        page's token (which names the kind it continues)."""
        kind_index, start = self._position(token, kinds)
        found: list[RightsRequest] = []
        while kind_index < len(kinds):
            request = self._by_kind(kinds[kind_index], statuses)
            page = self._query(request | {"Limit": limit - len(found)}, start)
            for item in page.get("Items", []):
                each = self._request(item)
                if keep is None or keep(each):
                    found.append(each)
            start = page.get("LastEvaluatedKey")
            if not start:
                kind_index += 1
            if len(found) >= limit:
                break
        if kind_index >= len(kinds):
            return found, None
        position = start or {"next_kind": {"S": TABLE_KINDS[kinds[kind_index]]}}
        return found, page_token(position)

    def outstanding(self) -> list[RightsRequest]:
        """Every request not closed, of every kind (reminders read them all, once a day)."""
        found: list[RightsRequest] = []
        for kind in RightsKind:
            request = self._by_kind(
                kind, (RightsRequestStatus.OPEN, RightsRequestStatus.PAUSED, RightsRequestStatus.DECIDED)
            )
            start = None
            while True:
                page = self._query(request, start)
                found.extend(self._request(item) for item in page.get("Items", []))
                start = page.get("LastEvaluatedKey")
                if not start:
                    break
        return found

    # Supplementary statements (rectification, Art 16) ---------------------------------------------------

    def attach_statement(self, request: RightsRequest, call_ids: Iterable[str], at: datetime) -> None:
        """The request's statement (sealed, under the request's id) filed under each call."""
        assert request.statement is not None
        sealed = self._sealed(request.request_id, "statement", request.statement)
        call_ids = list(dict.fromkeys(call_ids))
        self._mark_calls(STATEMENT_MARKER, call_ids)
        self._batch_write_all(
            [
                {
                    "PutRequest": {
                        "Item": REQUESTS.key(statement_partition(call_id), request.request_id)
                        | {
                            "rights_request_id": {"S": request.request_id},
                            "call_id": {"S": call_id},
                            "attached_at": {"S": instant(at)},
                            "statement": {"B": sealed},
                        }
                    }
                }
                for call_id in call_ids
            ]
        )

    def supplementary_statements(self, call_ids: Iterable[str]) -> dict[str, list[SupplementaryStatement]]:
        """Every statement filed under each call, opened (one ``Decrypt`` each), oldest first: a query
        for each call marked as having one."""
        found: dict[str, list[SupplementaryStatement]] = {}
        wanted = list(dict.fromkeys(call_ids))
        marked = self._marked_calls(STATEMENT_MARKER, wanted)
        for call_id in (each for each in wanted if each in marked):
            start = None
            while True:
                page = self._query(
                    {
                        "KeyConditionExpression": "request_id = :call",
                        "ExpressionAttributeValues": {":call": {"S": statement_partition(call_id)}},
                    },
                    start,
                )
                for item in page.get("Items", []):
                    plain = self._plain(item)
                    statement = SupplementaryStatement(
                        request_id=plain["rights_request_id"],
                        call_id=call_id,
                        attached_at=plain["attached_at"],
                        statement=plain["statement"],
                    )
                    found.setdefault(call_id, []).append(self.opened(statement, statement.request_id))
                start = page.get("LastEvaluatedKey")
                if not start:
                    break
            found.get(call_id, []).sort(key=lambda each: each.attached_at)
        return found

    # ------------------------------------------------------------------------------------------------

    def _position(self, token: str | None, kinds: Sequence[RightsKind]) -> tuple[int, dict | None]:
        """Which of ``kinds`` a page token continues, and where in it."""
        start = page_position(token)
        if start is None:
            return 0, None
        table_kinds = [TABLE_KINDS[kind] for kind in kinds]
        if set(start) == {"next_kind"}:
            kind = start["next_kind"].get("S") if isinstance(start["next_kind"], dict) else None
            if kind not in table_kinds:
                raise InvalidPageToken()
            return table_kinds.index(kind), None
        kind = start.get("kind", {}).get("S") if isinstance(start.get("kind"), dict) else None
        if set(start) != {"request_id", "item", "kind", "created_at"} or kind not in table_kinds:
            raise InvalidPageToken()
        return table_kinds.index(kind), start

    def _by_kind(self, kind: RightsKind, statuses: Sequence[RightsRequestStatus] | None) -> dict[str, Any]:
        request: dict[str, Any] = {
            "IndexName": KIND_INDEX.name,
            "KeyConditionExpression": "#kind = :kind",
            "ExpressionAttributeNames": {"#kind": "kind"},
            "ExpressionAttributeValues": {":kind": {"S": TABLE_KINDS[kind]}},
            "ScanIndexForward": False,
        }
        if statuses:
            names = [f":status{number}" for number in range(len(statuses))]
            request["FilterExpression"] = f"#status IN ({', '.join(names)})"
            request["ExpressionAttributeNames"]["#status"] = "status"
            request["ExpressionAttributeValues"] |= {
                name: {"S": status.value} for name, status in zip(names, statuses, strict=True)
            }
        return request

    def _request_header(self, request: RightsRequest) -> dict[str, Any]:
        header = self._header(request.request_id, TABLE_KINDS[request.right], request, created_at="opened_at")
        return header | {_HASH_ATTRIBUTES[kind]: value for kind, value in request.subject_hashes.items()}

    def _request(self, item: dict[str, Any]) -> RightsRequest:
        plain = self._plain(item)
        hashes = {kind: plain[name] for kind, name in _HASH_ATTRIBUTES.items() if name in plain}
        return RightsRequest.model_validate(plain | {"subject_hashes": hashes})
