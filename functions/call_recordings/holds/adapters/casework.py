"""The requests table, and holds in it. One partition per request (a hold here; a SAR, an erasure, a
restriction in their own adapters): its header item (``item = "request"``, with ``kind`` for the
``by-kind`` index) and one item per recording version it covers
(``item = "recording#<call_id>#<version_id>"``), so a request's recordings are one query. A hold's
member items also keep ``batch``, the work message the version was placed in: the hold worker acts
only on versions the record lists for the message's batch (holds/applying.py). An Idempotency-Key is
kept as its own item, mapping the key to the hold it made.
"""

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from call_recordings.core.adapters.items import from_item, to_item
from call_recordings.core.adapters.requests_table import RequestsTable, instant
from call_recordings.core.errors import InvalidPageToken
from call_recordings.core.identifiers import HOLD_REQUEST_ITEM, RECORDING_ITEM_PREFIX, recording_item
from call_recordings.core.paging import page_position, page_token
from call_recordings.core.tables import KIND_INDEX, REQUESTS
from call_recordings.core.versions import RecordingVersion
from call_recordings.holds.records import Hold, HoldMember, IdempotencyRecord
from call_recordings.holds.review import HoldReviewEntry
from call_recordings.holds.vocabulary import HoldStatus, WorkAction

HOLD_KIND = "hold"
IDEMPOTENCY_ITEM = "idempotency"

# For each action of the hold worker: the status the hold is in while it works, the status it
# reaches when every recording is done, when that was, and the counters and batches it keeps.
_WORK = {
    WorkAction.PLACE: (HoldStatus.PLACING, HoldStatus.ACTIVE, "active_at", "placed_batches"),
    WorkAction.RELEASE: (HoldStatus.RELEASING, HoldStatus.RELEASED, "released_at", "released_batches"),
}


class Casework(RequestsTable):
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
            "created_at": {"S": instant(now)},
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

    def create_hold(
        self,
        hold: Hold,
        versions: Sequence[RecordingVersion],
        *,
        batches: Mapping[tuple[str, str], int] | None = None,
    ) -> bool:
        """Write the hold's recording items (each with its work message's ``batch``), then its header;
        False if the header exists already (a concurrent retry of the same request made it)."""
        batch_of = batches or {}
        return self._create_request(
            self._hold_header(hold),
            versions,
            member_fields=lambda version: {"batch": batch_of[version.key]} if version.key in batch_of else {},
        )

    def hold(self, hold_id: str) -> Hold | None:
        response = self._dynamodb.get_item(
            TableName=self._table,
            Key=REQUESTS.key(hold_id, HOLD_REQUEST_ITEM),
            ConsistentRead=True,
        )
        item = response.get("Item")
        return self._hold(item) if item and item.get("kind", {}).get("S") == HOLD_KIND else None

    def holds(
        self,
        *,
        status: HoldStatus | None,
        limit: int,
        token: str | None,
        keep: Callable[[Hold], bool] | None = None,
    ) -> tuple[list[Hold], str | None]:
        """Holds, newest first, optionally only those in one status and passing ``keep``; a page and the
        next page's token."""
        start = page_position(token)
        if start is not None and (
            set(start) != {"request_id", "item", "kind", "created_at"} or start["kind"] != {"S": HOLD_KIND}
        ):
            raise InvalidPageToken()
        request: dict[str, Any] = {
            "TableName": self._table,
            "IndexName": KIND_INDEX.name,
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
            holds = (self._hold(item) for item in page.get("Items", []))
            found.extend(hold for hold in holds if keep is None or keep(hold))
            start = page.get("LastEvaluatedKey")
            if not start or len(found) >= limit:
                return found, page_token(start)

    def in_force(self) -> list[Hold]:
        """Every hold placing or active (the daily reminder reads them all, for their review dates)."""
        found: list[Hold] = []
        token = None
        while True:
            page, token = self.holds(status=None, limit=1000, token=token, keep=_in_force)
            found.extend(page)
            if token is None:
                return found

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
            {**self._recordings_of(hold_id), "Limit": limit},
            start,
        )
        versions = [RecordingVersion.model_validate(from_item(item)) for item in page.get("Items", [])]
        return versions, page_token(page.get("LastEvaluatedKey"))

    def _recordings_of(self, hold_id: str) -> dict[str, Any]:
        """The query, for every page, of the items that list a hold's recording versions."""
        return {
            "TableName": self._table,
            "KeyConditionExpression": "request_id = :hold AND begins_with(#item, :prefix)",
            "ExpressionAttributeNames": {"#item": "item"},
            "ExpressionAttributeValues": {":hold": {"S": hold_id}, ":prefix": {"S": RECORDING_ITEM_PREFIX}},
        }

    def hold_members(
        self, hold_id: str, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], HoldMember]:
        """The versions among ``keys`` (call_id, version_id) that the hold's record lists, with their
        batch: one consistent query over the range of member items the keys span. A work message's
        versions are consecutive members of its hold (holds/records.py work_messages), so the range is
        theirs alone; a message naming versions further apart only makes the query longer (paged)."""
        wanted = set(keys)
        if not wanted:
            return {}
        items = sorted(recording_item(*key) for key in wanted)
        request = {
            "TableName": self._table,
            "KeyConditionExpression": "request_id = :hold AND #item BETWEEN :first AND :last",
            "ExpressionAttributeNames": {"#item": "item"},
            "ExpressionAttributeValues": {
                ":hold": {"S": hold_id},
                ":first": {"S": items[0]},
                ":last": {"S": items[-1]},
            },
            "ConsistentRead": True,
        }
        members: dict[tuple[str, str], HoldMember] = {}
        start = None
        while True:
            page = self._query(request, start)
            for item in page.get("Items", []):
                member = _member(item)
                if member.version.key in wanted:
                    members[member.version.key] = member
            start = page.get("LastEvaluatedKey")
            if not start:
                return members

    def all_hold_members(self, hold_id: str) -> list[HoldMember]:
        """Every version the hold covers, with its batch, in call id order: one query, paged."""
        members: list[HoldMember] = []
        start = None
        while True:
            page = self._query(
                self._recordings_of(hold_id),
                start,
            )
            members.extend(_member(item) for item in page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                return members

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
            ":at": {"S": instant(at)},
        }
        if note is not None:
            update += ", release_note = :note"
            values[":note"] = self._note_value(hold_id, "release_note", note)
        return self._update_hold(
            hold_id, update=update, condition="#status = :active", names={"#status": "status"}, values=values
        )

    def record_review(
        self, hold_id: str, entry: HoldReviewEntry, *, note: str, review_on_before: date | None
    ) -> Hold | None:
        """Add the review to a hold still in force and still at ``review_on_before`` (so two reviews made
        at once cannot both count), setting its next review date (none once released) and the review's
        reason, sealed; None if the hold changed since it was read."""
        values: dict[str, Any] = {
            ":entry": {"L": [{"M": to_item(entry.model_dump(mode="json", exclude_none=True))}]},
            ":none": {"L": []},
            ":note": self._note_value(hold_id, "review_note", note),
            ":placing": {"S": HoldStatus.PLACING.value},
            ":active": {"S": HoldStatus.ACTIVE.value},
        }
        update = "SET reviews = list_append(if_not_exists(reviews, :none), :entry), review_note = :note"
        if entry.review_on is not None:
            update += ", review_on = :review_on"
            values[":review_on"] = {"S": entry.review_on.isoformat()}
        else:
            update += " REMOVE review_on"
        condition = "#status IN (:placing, :active) AND "
        if review_on_before is None:
            condition += "attribute_not_exists(review_on)"
        else:
            condition += "review_on = :before"
            values[":before"] = {"S": review_on_before.isoformat()}
        return self._update_hold(
            hold_id, update=update, condition=condition, names={"#status": "status"}, values=values
        )

    def note_handed_over(self, hold_id: str, action: WorkAction, now: datetime) -> None:
        """The hold's work (placing or releasing) is with the hold worker or on its queue."""
        noted = "handed_over_at" if action is WorkAction.PLACE else "release_handed_over_at"
        self._update_hold(
            hold_id,
            update=f"SET {noted} = :now",
            condition="attribute_exists(request_id)",
            names={},
            values={":now": {"S": instant(now)}},
        )

    # The hold worker's progress ------------------------------------------------------------------------

    def start_work(self, hold_id: str, action: WorkAction, batch: int, now: datetime) -> Hold | None:
        """The hold, if a work message is still to be done: the hold exists, is in the action's working
        status, this batch is one of its batches and is not counted yet (a redelivered message that
        was done changes nothing). None otherwise: the hold worker's one read of the header."""
        working, _, _, batches = _WORK[action]
        return self._update_hold(
            hold_id,
            update="SET worked_at = :now",
            condition=(
                "#status = :working AND #batch_count >= :batch_number AND NOT contains(#batches, :batch)"
            ),
            names={"#status": "status", "#batches": batches, "#batch_count": "batches"},
            values={
                ":now": {"S": instant(now)},
                ":working": {"S": working.value},
                ":batch": {"S": str(batch)},
                ":batch_number": {"N": str(batch)},
            },
        )

    def count_work(
        self, hold_id: str, action: WorkAction, batch: int, counts: dict[str, int], now: datetime
    ) -> Hold | None:
        """Add a finished message's counts to the hold, once per batch; the hold as it is afterwards,
        or None if this batch was counted already or the hold has moved on."""
        working, _, _, batches = _WORK[action]
        names = {"#status": "status", "#batches": batches} | {f"#{name}": name for name in counts}
        values = {
            ":now": {"S": instant(now)},
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
                    ":now": {"S": instant(now)},
                },
            )
            is not None
        )

    # -------------------------------------------------------------------------------------------------

    def _update_hold(
        self, hold_id: str, *, update: str, condition: str, names: dict, values: dict
    ) -> Hold | None:
        item = self._update_header(hold_id, update=update, condition=condition, names=names, values=values)
        return None if item is None else self._hold(item)

    def _hold_header(self, hold: Hold) -> dict[str, Any]:
        return self._header(hold.hold_id, HOLD_KIND, hold, created_at="placed_at")

    def _hold(self, item: dict[str, Any]) -> Hold:
        return Hold.model_validate(self._plain(item))

    @staticmethod
    def _idempotency_key(key: str) -> dict[str, Any]:
        digest = hashlib.sha256(key.encode()).hexdigest()
        return REQUESTS.key(f"idempotency-key#{digest}", IDEMPOTENCY_ITEM)

    def _idempotency(self, item: dict[str, Any] | None) -> IdempotencyRecord | None:
        return IdempotencyRecord.model_validate(from_item(item)) if item else None


def _in_force(hold: Hold) -> bool:
    return hold.status in (HoldStatus.PLACING, HoldStatus.ACTIVE)


def _member(item: dict[str, Any]) -> HoldMember:
    plain = from_item(item)
    return HoldMember(
        version=RecordingVersion.model_validate(plain),
        batch=int(plain["batch"]) if "batch" in plain else None,
    )
