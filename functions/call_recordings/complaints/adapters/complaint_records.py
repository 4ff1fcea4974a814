"""Complaints in the requests table (adapters/casework.py describes the table): one partition per
complaint, its header item only (``item = "request"``, ``kind = "complaint"`` for the ``by-kind``
index). The header keeps the keyed hashes of the complainant's identifiers (``complainant_hashes``, a
string set, absent when none was given), which no answer shows. The summary, the outcome note, the
withdrawal note and each progress update's note are sealed (core/notes.py): a progress update under
the field ``update#<n>``, n counted from 1, so that no sealed note can be opened as another.

The header is written whole and only over the revision it was read at (``revision``), as a SAR's."""

from collections.abc import Callable, Sequence
from typing import Any

from call_recordings.complaints.records import COMPLAINT_KIND, Complaint, ComplaintStatus
from call_recordings.core.adapters.items import to_item
from call_recordings.core.adapters.requests_table import RequestsTable
from call_recordings.core.identifiers import HOLD_REQUEST_ITEM
from call_recordings.core.notes import is_sealed, sealed_text
from call_recordings.core.tables import REQUESTS

UPDATE_FIELD = "update#{number}"  # the encryption context's field of a progress update's note


def update_field(number: int) -> str:
    return UPDATE_FIELD.format(number=number)


class ComplaintRecords(RequestsTable):
    def create(self, complaint: Complaint) -> None:
        """Its header (a new, random id: never there before)."""
        if not self._create_request(self._complaint_header(complaint), ()):
            raise RuntimeError(f"complaint {complaint.complaint_id} exists already: a new id is needed")

    def save(self, complaint: Complaint, *, expected_revision: int) -> bool:
        """Replace the header with ``complaint`` only if it is still at ``expected_revision``."""
        try:
            self._dynamodb.put_item(
                TableName=self._table,
                Item=to_item(self._complaint_header(complaint)),
                ConditionExpression="#kind = :kind AND #revision = :expected",
                ExpressionAttributeNames={"#kind": "kind", "#revision": "revision"},
                ExpressionAttributeValues={
                    ":kind": {"S": COMPLAINT_KIND},
                    ":expected": {"N": str(expected_revision)},
                },
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def complaint(self, complaint_id: str) -> Complaint | None:
        item = self._dynamodb.get_item(
            TableName=self._table, Key=REQUESTS.key(complaint_id, HOLD_REQUEST_ITEM), ConsistentRead=True
        ).get("Item")
        if not item or item.get("kind", {}).get("S") != COMPLAINT_KIND:
            return None
        return self._complaint(item)

    def complaints(
        self,
        *,
        statuses: Sequence[ComplaintStatus] | None = None,
        keep: Callable[[Complaint], bool] | None = None,
        limit: int,
        token: str | None,
    ) -> tuple[list[Complaint], str | None]:
        """Complaints newest logged first (the ``by-kind`` index), in ``statuses`` and passing ``keep``:
        a page of at most ``limit`` and the next page's token."""
        return self._of_kind(
            COMPLAINT_KIND, self._complaint, statuses=statuses, keep=keep, limit=limit, token=token
        )

    def outstanding(self) -> list[Complaint]:
        """Every complaint not yet answered or withdrawn (what a daily reminder reads, once a day)."""
        return self._all_of_kind(
            COMPLAINT_KIND, self._complaint, (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED)
        )

    def opened(self, record: Any, request_id: str) -> Any:
        """The complaint with its notes and its progress updates' notes decrypted (one ``Decrypt`` each)."""
        complaint = super().opened(record, request_id)
        if self._notes is None or not any(is_sealed(update.note) for update in complaint.updates):
            return complaint
        sealer = self._notes()
        updates = tuple(
            update.model_copy(update={"note": sealer.open(request_id, update_field(number), update.note)})
            if is_sealed(update.note)
            else update
            for number, update in enumerate(complaint.updates, start=1)
        )
        return complaint.model_copy(update={"updates": updates})

    # ------------------------------------------------------------------------------------------------

    def _complaint_header(self, complaint: Complaint) -> dict[str, Any]:
        header = self._header(complaint.complaint_id, COMPLAINT_KIND, complaint, created_at="logged_at")
        header["updates"] = [
            update | {"note": self._sealed(complaint.complaint_id, update_field(number), update["note"])}
            for number, update in enumerate(header.get("updates", []), start=1)
        ]
        if not header["updates"]:
            del header["updates"]
        if complaint.complainant_hashes:
            header["complainant_hashes"] = set(complaint.complainant_hashes)
        return header

    def _complaint(self, item: dict[str, Any]) -> Complaint:
        plain = self._plain(item)
        plain["updates"] = [
            update | {"note": sealed_text(bytes(update["note"].value))} for update in plain.get("updates", [])
        ]
        return Complaint.model_validate(plain)
