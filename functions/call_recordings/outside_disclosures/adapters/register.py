"""The outside-disclosure register in the requests table (holds/adapters/casework.py explains its layout).

A disclosure is a request like the others: its header item (``item = "request"``, ``kind =
"disclosure"`` for the ``by-kind`` index) and one item per recording version it covers. When its package
is made, each version it disclosed is also written under the recording it concerns, in a partition of its
own, ``disclosed#<call_id>``, one item per version and disclosure (``<version_id>#<disclosure_id>``), the
call marked ``recipients`` first: a later subject access package reads the markers of all its calls in
a few BatchGetItem calls and queries only the calls marked, however large the register grows. Those
items hold no personal data: the call id, the version, the recipient organisation, the basis and the
day.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from call_recordings.core.adapters.items import from_item, to_item
from call_recordings.core.adapters.requests_table import RequestsTable, instant
from call_recordings.core.errors import InvalidPageToken
from call_recordings.core.identifiers import HOLD_REQUEST_ITEM, RECORDING_ITEM_PREFIX
from call_recordings.core.paging import page_position, page_token
from call_recordings.core.tables import KIND_INDEX, REQUESTS
from call_recordings.core.versions import RecordingVersion
from call_recordings.outside_disclosures.records import DISCLOSURE_KIND, OutsideDisclosure, Recipient
from call_recordings.outside_disclosures.vocabulary import DisclosureStatus, LawfulBasis

DISCLOSED_PREFIX = "disclosed#"  # the partition of a call's outside recipients
RECIPIENTS_MARKER = "recipients"  # a call's marker (core/adapters/requests_table.py): a recipient is filed


def disclosed_partition(call_id: str) -> str:
    return f"{DISCLOSED_PREFIX}{call_id}"


class DisclosureRegister(RequestsTable):
    def create(self, disclosure: OutsideDisclosure, versions: Sequence[RecordingVersion]) -> None:
        """Its recording items, then its header (a new, random id: never there before)."""
        header = self._header(disclosure.disclosure_id, DISCLOSURE_KIND, disclosure, created_at="recorded_at")
        if not self._create_request(header, versions):
            raise RuntimeError(f"disclosure {disclosure.disclosure_id} exists already: a new id is needed")

    def disclosure(self, disclosure_id: str) -> OutsideDisclosure | None:
        item = self._dynamodb.get_item(
            TableName=self._table, Key=REQUESTS.key(disclosure_id, HOLD_REQUEST_ITEM), ConsistentRead=True
        ).get("Item")
        if not item or item.get("kind", {}).get("S") != DISCLOSURE_KIND:
            return None
        return self._disclosure(item)

    def disclosures(self, *, limit: int, token: str | None) -> tuple[list[OutsideDisclosure], str | None]:
        """Disclosures, newest first: a page and the next page's token."""
        start = page_position(token)
        if start is not None and (
            set(start) != {"request_id", "item", "kind", "created_at"}
            or start["kind"] != {"S": DISCLOSURE_KIND}
        ):
            raise InvalidPageToken()
        page = self._query(
            {
                "IndexName": KIND_INDEX.name,
                "KeyConditionExpression": "#kind = :kind",
                "ExpressionAttributeNames": {"#kind": "kind"},
                "ExpressionAttributeValues": {":kind": {"S": DISCLOSURE_KIND}},
                "ScanIndexForward": False,
                "Limit": limit,
            },
            start,
        )
        return [self._disclosure(item) for item in page.get("Items", [])], page_token(
            page.get("LastEvaluatedKey")
        )

    def versions(self, disclosure_id: str) -> list[RecordingVersion]:
        """Every recording version the disclosure covers, in call id order."""
        return [
            RecordingVersion.model_validate(from_item(item))
            for item in self._partition(disclosure_id, RECORDING_ITEM_PREFIX)
        ]

    def note_package(self, disclosure_id: str, *, by: str, at: datetime) -> OutsideDisclosure | None:
        """Count a package on an open disclosure; the first one's time is when it was disclosed. None if
        the disclosure is not open (any more)."""
        item = self._update_header(
            disclosure_id,
            update="SET exports = if_not_exists(exports, :zero) + :one, last_exported_by = :by, "
            "last_exported_at = :at, disclosed_at = if_not_exists(disclosed_at, :at)",
            condition="#status = :open",
            values={
                ":zero": {"N": "0"},
                ":one": {"N": "1"},
                ":by": {"S": by},
                ":at": {"S": instant(at)},
                ":open": {"S": DisclosureStatus.OPEN.value},
            },
            names={"#status": "status"},
        )
        return None if item is None else self._disclosure(item)

    def mark_closed(
        self, disclosure_id: str, *, by: str, at: datetime, note: str | None
    ) -> OutsideDisclosure | None:
        """An open disclosure becomes ``closed``; None if it is not open (any more)."""
        update = "SET #status = :closed, closed_by = :by, closed_at = :at"
        values = {
            ":closed": {"S": DisclosureStatus.CLOSED.value},
            ":open": {"S": DisclosureStatus.OPEN.value},
            ":by": {"S": by},
            ":at": {"S": instant(at)},
        }
        if note is not None:
            update += ", close_note = :note"
            values[":note"] = self._note_value(disclosure_id, "close_note", note)
        item = self._update_header(
            disclosure_id,
            update=update,
            condition="#status = :open",
            values=values,
            names={"#status": "status"},
        )
        return None if item is None else self._disclosure(item)

    # Who received each recording -------------------------------------------------------------------

    def record_recipients(
        self, disclosure: OutsideDisclosure, versions: Iterable[RecordingVersion], disclosed_on: date
    ) -> None:
        """Write, under each version's call, that this disclosure's recipient received it (written again
        by a later package of the same disclosure, unchanged: its day is the first package's)."""
        unique = list({version.key: version for version in versions}.values())
        requests = [
            {
                "PutRequest": {
                    "Item": REQUESTS.key(
                        disclosed_partition(version.call_id),
                        f"{version.version_id}#{disclosure.disclosure_id}",
                    )
                    | to_item(
                        {
                            "call_id": version.call_id,
                            "version_id": version.version_id,
                            "disclosure_id": disclosure.disclosure_id,
                            "organisation": disclosure.recipient,
                            "lawful_basis": disclosure.lawful_basis.value,
                            "disclosed_on": disclosed_on.isoformat(),
                        }
                    )
                }
            }
            for version in unique
        ]
        self._mark_calls(RECIPIENTS_MARKER, (version.call_id for version in unique))
        self._batch_write_all(requests)

    def recipients_of(self, call_ids: Iterable[str]) -> dict[tuple[str, str], list[Recipient]]:
        """Each version of these calls that was disclosed outside the council: its recipients (a query
        for each call marked as having one)."""
        found: dict[tuple[str, str], list[Recipient]] = {}
        wanted = sorted(set(call_ids))
        marked = self._marked_calls(RECIPIENTS_MARKER, wanted)
        for call_id in (each for each in wanted if each in marked):
            for item in self._partition(disclosed_partition(call_id), ""):
                plain = from_item(item)
                basis = LawfulBasis(plain["lawful_basis"])
                recipient = Recipient.of_register(
                    organisation=plain["organisation"],
                    disclosed_on=date.fromisoformat(plain["disclosed_on"]),
                    lawful_basis=basis,
                )
                found.setdefault((plain["call_id"], plain["version_id"]), []).append(recipient)
        return found

    # ------------------------------------------------------------------------------------------------

    def _partition(self, partition: str, prefix: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        start = None
        request: dict[str, Any] = {
            "KeyConditionExpression": "request_id = :id"
            + (" AND begins_with(#item, :prefix)" if prefix else ""),
            "ExpressionAttributeValues": {":id": {"S": partition}}
            | ({":prefix": {"S": prefix}} if prefix else {}),
        }
        if prefix:
            request["ExpressionAttributeNames"] = {"#item": "item"}
        while True:
            page = self._query(request, start)
            items.extend(page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                return items

    def _disclosure(self, item: dict[str, Any]) -> OutsideDisclosure:
        return OutsideDisclosure.model_validate(self._plain(item))
