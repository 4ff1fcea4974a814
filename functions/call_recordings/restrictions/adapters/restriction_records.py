"""Restrictions in the requests table (adapters/casework.py explains its layout): the header item
(``item = "request"``, ``kind = "restriction"``) and one item per recording version it covers. The
header keeps the keyed hashes of the identifiers of the person who asked (``requester_hashes``, a
string set, absent when the requester is unknown), which no answer shows."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from call_recordings.core.adapters.items import from_item
from call_recordings.core.adapters.requests_table import RequestsTable, instant
from call_recordings.core.errors import InvalidPageToken
from call_recordings.core.identifiers import HOLD_REQUEST_ITEM, RECORDING_ITEM_PREFIX
from call_recordings.core.paging import page_position, page_token
from call_recordings.core.tables import KIND_INDEX, REQUESTS
from call_recordings.core.versions import RecordingVersion
from call_recordings.restrictions.records import RESTRICTION_KIND, Restriction
from call_recordings.restrictions.vocabulary import RestrictionStatus


class RestrictionRecords(RequestsTable):
    def create(self, restriction: Restriction, versions: Sequence[RecordingVersion]) -> None:
        """Its recording items, then its header (a new, random id: never there before)."""
        header = self._header(
            restriction.restriction_id, RESTRICTION_KIND, restriction, created_at="restricted_at"
        )
        if restriction.requester_hashes:
            header["requester_hashes"] = set(restriction.requester_hashes)
        if not self._create_request(header, versions):
            raise RuntimeError(f"restriction {restriction.restriction_id} exists already: a new id is needed")

    def restriction(self, restriction_id: str) -> Restriction | None:
        item = self._dynamodb.get_item(
            TableName=self._table,
            Key=REQUESTS.key(restriction_id, HOLD_REQUEST_ITEM),
            ConsistentRead=True,
        ).get("Item")
        if not item or item.get("kind", {}).get("S") != RESTRICTION_KIND:
            return None
        return self._restriction(item)

    def restrictions(self, *, limit: int, token: str | None) -> tuple[list[Restriction], str | None]:
        """Restrictions, newest first: a page and the next page's token."""
        start = page_position(token)
        if start is not None and (
            set(start) != {"request_id", "item", "kind", "created_at"}
            or start["kind"] != {"S": RESTRICTION_KIND}
        ):
            raise InvalidPageToken()
        page = self._query(
            {
                "IndexName": KIND_INDEX.name,
                "KeyConditionExpression": "#kind = :kind",
                "ExpressionAttributeNames": {"#kind": "kind"},
                "ExpressionAttributeValues": {":kind": {"S": RESTRICTION_KIND}},
                "ScanIndexForward": False,
                "Limit": limit,
            },
            start,
        )
        found = [self._restriction(item) for item in page.get("Items", [])]
        return found, page_token(page.get("LastEvaluatedKey"))

    def versions(self, restriction_id: str) -> list[RecordingVersion]:
        """Every recording version the restriction covers, in call id order."""
        versions: list[RecordingVersion] = []
        start = None
        while True:
            page = self._query(
                {
                    "KeyConditionExpression": "request_id = :id AND begins_with(#item, :prefix)",
                    "ExpressionAttributeNames": {"#item": "item"},
                    "ExpressionAttributeValues": {
                        ":id": {"S": restriction_id},
                        ":prefix": {"S": RECORDING_ITEM_PREFIX},
                    },
                },
                start,
            )
            versions.extend(RecordingVersion.model_validate(from_item(item)) for item in page["Items"])
            start = page.get("LastEvaluatedKey")
            if not start:
                return versions

    def note_gone(self, restriction_id: str, gone: int) -> Restriction | None:
        return self._update(
            restriction_id,
            update="SET gone = :gone",
            condition="attribute_exists(request_id)",
            values={":gone": {"N": str(gone)}},
        )

    def mark_lifted(
        self, restriction_id: str, *, by: str, at: datetime, subject_told_on: date, note: str | None
    ) -> Restriction | None:
        """An active restriction becomes ``lifted``; None if it is not active (any more)."""
        update = "SET #status = :lifted, lifted_by = :by, lifted_at = :at, subject_told_on = :told"
        values = {
            ":lifted": {"S": RestrictionStatus.LIFTED.value},
            ":active": {"S": RestrictionStatus.ACTIVE.value},
            ":by": {"S": by},
            ":at": {"S": instant(at)},
            ":told": {"S": subject_told_on.isoformat()},
        }
        if note is not None:
            update += ", lift_note = :note"
            values[":note"] = self._note_value(restriction_id, "lift_note", note)
        return self._update(
            restriction_id, update=update, condition="#status = :active", values=values, status=True
        )

    def _update(
        self, restriction_id: str, *, update: str, condition: str, values: dict, status: bool = False
    ) -> Restriction | None:
        item = self._update_header(
            restriction_id,
            update=update,
            condition=condition,
            values=values,
            names={"#status": "status"} if status else None,
        )
        return None if item is None else self._restriction(item)

    def _restriction(self, item: dict[str, Any]) -> Restriction:
        return Restriction.model_validate(self._plain(item))
