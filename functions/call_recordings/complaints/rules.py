"""What may be done to a complaint, and when (DPA 2018 s.164A and the ICO's guidance): each function
takes the complaint as read and returns the fields the step sets, or raises, changing nothing.

- Acknowledge once, on a day not before receipt and not after today.
- Keep the complainant informed (s.164A(4)(b)): a dated note, while the complaint is open.
- Answer (s.164A(4)(c)): the outcome and whether the person was told of their right to go to the ICO
  (the answer must say; the notice gives the ICO's details). An answer given within the 30 days stands
  as the acknowledgement (ICO); later, the complaint must have been acknowledged first.
- Withdraw: the complainant withdrew it; it is closed without an outcome.

An answered or withdrawn complaint changes no more. Pure domain code: no AWS; "today" is passed in.
"""

from datetime import date, datetime
from typing import Any

from call_recordings.complaints.errors import (
    ComplaintAlreadyAcknowledged,
    ComplaintClosed,
    ComplaintDateBeforeReceipt,
    ComplaintDateInFuture,
    ComplaintNotAcknowledged,
    IcoRightNotStated,
)
from call_recordings.complaints.records import (
    Complaint,
    ComplaintOutcome,
    ComplaintStatus,
    ProgressUpdate,
)


def acknowledged(complaint: Complaint, *, on: date, today: date, by: str) -> dict[str, Any]:
    _still_open(complaint, "be acknowledged")
    if complaint.acknowledged_on is not None:
        raise ComplaintAlreadyAcknowledged(complaint.complaint_id, complaint.acknowledged_on)
    _done_on("acknowledged_on", on, complaint, today)
    return {"status": ComplaintStatus.ACKNOWLEDGED, "acknowledged_on": on, "acknowledged_by": by}


def progress_noted(
    complaint: Complaint, *, on: date, note: str, today: date, by: str, at: datetime
) -> dict[str, Any]:
    _still_open(complaint, "have its progress noted")
    _done_on("the progress update's date", on, complaint, today)
    update = ProgressUpdate(on=on, note=note, noted_by=by, noted_at=at)
    return {"updates": (*complaint.updates, update)}


def answered(
    complaint: Complaint,
    *,
    on: date,
    outcome: ComplaintOutcome,
    note: str | None,
    told_of_ico_right: bool | None,
    today: date,
    by: str,
) -> dict[str, Any]:
    _still_open(complaint, "be answered again")
    if told_of_ico_right is None:
        raise IcoRightNotStated()
    _done_on("answered_on", on, complaint, today)
    fields: dict[str, Any] = {
        "status": ComplaintStatus.ANSWERED,
        "answered_on": on,
        "answered_by": by,
        "outcome": outcome,
        "outcome_note": note,
        "told_of_ico_right": told_of_ico_right,
    }
    if complaint.acknowledged_on is None:
        if on > complaint.acknowledgement_due_on:
            raise ComplaintNotAcknowledged(complaint.complaint_id, on, complaint.acknowledgement_due_on)
        fields |= {"acknowledged_on": on, "acknowledged_by": by, "acknowledged_by_answer": True}
    elif on < complaint.acknowledged_on:
        raise ComplaintDateBeforeReceipt("answered_on", on, complaint.acknowledged_on, "it was acknowledged")
    return fields


def withdrawn(complaint: Complaint, *, on: date, note: str | None, today: date, by: str) -> dict[str, Any]:
    _still_open(complaint, "be withdrawn")
    _done_on("withdrawn_on", on, complaint, today)
    return {"status": ComplaintStatus.WITHDRAWN, "withdrawn_on": on, "withdrawn_by": by, "close_note": note}


def _still_open(complaint: Complaint, what: str) -> None:
    if complaint.is_closed:
        raise ComplaintClosed(complaint.complaint_id, complaint.status.value, what)


def _done_on(what: str, on: date, complaint: Complaint, today: date) -> None:
    """A step is dated on or after receipt, and not after today."""
    if on > today:
        raise ComplaintDateInFuture(what, on, today)
    if on < complaint.received_on:
        raise ComplaintDateBeforeReceipt(what, on, complaint.received_on, "the complaint was received")
