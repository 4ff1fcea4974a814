"""Logging a complaint and each step of handling it (s.164A; the rules are in complaints/rules.py).

Each change is made on the complaint as read and saved only over the revision it was read at, as a
SAR's are (subject_access/changes.py); when another request saved a change in between, the change is
made again on the newer complaint (which may refuse it). Every step is audited under
``complaint#<id>``, naming the caller, never the complainant: no identifier, no summary, no note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from call_recordings.complaints import rules
from call_recordings.complaints.errors import ComplaintChangedConcurrently
from call_recordings.complaints.records import (
    Complaint,
    ComplaintAbout,
    ComplaintOutcome,
    ComplaintStatus,
    IdentifierKind,
    complaint_target,
    new_complaint_id,
)
from call_recordings.complaints.reporting import get_complaint
from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.revisions import save_change
from call_recordings.core.subjects import normalise_caller_number, normalise_customer_ref, subject_hash
from call_recordings.rights.clock import check_received_on

if TYPE_CHECKING:
    from call_recordings.complaints.dependencies import ComplaintsDependencies

Change = Callable[[Complaint], dict[str, Any]]


@dataclass(frozen=True)
class ComplaintRequest:
    """A complaint as the DPO logs it: when it arrived, what about, what it says, and who made it (their
    caller number and/or customer reference, if known: hashed, never kept)."""

    received_on: date
    about: ComplaintAbout
    summary: str
    caller_number: str | None = field(default=None, repr=False)
    customer_ref: str | None = field(default=None, repr=False)


def log_complaint(request: ComplaintRequest, *, logged_by: str, deps: ComplaintsDependencies) -> Complaint:
    """A new complaint, status received, its acknowledgement due 30 days after receipt (s.164A(3));
    received_on may not be after today (ReceivedInFuture). InvalidSubjectIdentifier for an identifier
    that cannot be normalised (not repeated in the message)."""
    now, today = deps.clock(), deps.today()
    check_received_on(request.received_on, today)
    identified_by, hashes = _complainant(request, deps)
    complaint = Complaint(
        complaint_id=new_complaint_id(now),
        status=ComplaintStatus.RECEIVED,
        received_on=request.received_on,
        about=request.about,
        complainant_identified_by=identified_by,
        complainant_hashes=hashes,
        summary=request.summary,
        logged_by=logged_by,
        logged_at=now,
    )
    deps.records.create(complaint)
    _audit(
        deps,
        logged_by,
        AuditAction.COMPLAINT_RECEIVED,
        complaint,
        details={
            "received_on": complaint.received_on.isoformat(),
            "about": complaint.about.model_dump(mode="json", exclude_none=True),
            "complainant_identified_by": list(identified_by),
            "acknowledgement_due_on": complaint.acknowledgement_due_on.isoformat(),
            "under_s164a": complaint.under_s164a,
        },
    )
    return complaint


def acknowledge_complaint(
    complaint_id: str, *, on: date | None, acknowledged_by: str, deps: ComplaintsDependencies
) -> Complaint:
    """Record the acknowledgement, sent on ``on`` (today by default)."""
    today = deps.today()
    on = on or today
    _, after = change_complaint(
        complaint_id,
        lambda current: rules.acknowledged(current, on=on, today=today, by=acknowledged_by),
        deps,
    )
    _audit(
        deps,
        acknowledged_by,
        AuditAction.COMPLAINT_ACKNOWLEDGED,
        after,
        details={
            "acknowledged_on": on.isoformat(),
            "acknowledgement_due_on": after.acknowledgement_due_on.isoformat(),
            "late": after.acknowledged_late,
        },
    )
    return after


def note_progress(
    complaint_id: str, *, on: date | None, note: str, noted_by: str, deps: ComplaintsDependencies
) -> Complaint:
    """Record that the complainant was told of progress on ``on`` (today by default), and what (sealed)."""
    now, today = deps.clock(), deps.today()
    on = on or today
    _, after = change_complaint(
        complaint_id,
        lambda current: rules.progress_noted(current, on=on, note=note, today=today, by=noted_by, at=now),
        deps,
    )
    _audit(
        deps,
        noted_by,
        AuditAction.COMPLAINT_PROGRESS_NOTED,
        after,
        details={"informed_on": on.isoformat(), "updates": len(after.updates)},
    )
    return after


def answer_complaint(
    complaint_id: str,
    *,
    on: date | None,
    outcome: ComplaintOutcome,
    note: str | None,
    told_of_ico_right: bool | None,
    answered_by: str,
    deps: ComplaintsDependencies,
) -> Complaint:
    """Record the outcome told to the complainant on ``on`` (today by default) and whether they were told
    of their right to go to the ICO; within the 30 days and not yet acknowledged, the answer is the
    acknowledgement too."""
    today = deps.today()
    on = on or today
    _, after = change_complaint(
        complaint_id,
        lambda current: rules.answered(
            current,
            on=on,
            outcome=outcome,
            note=note,
            told_of_ico_right=told_of_ico_right,
            today=today,
            by=answered_by,
        ),
        deps,
    )
    _audit(
        deps,
        answered_by,
        AuditAction.COMPLAINT_ANSWERED,
        after,
        details={
            "answered_on": on.isoformat(),
            "outcome": outcome.value,
            "told_of_ico_right": told_of_ico_right,
            "acknowledged_on": after.acknowledged_on and after.acknowledged_on.isoformat(),
            "acknowledged_by_answer": after.acknowledged_by_answer,
        },
    )
    return after


def withdraw_complaint(
    complaint_id: str, *, on: date | None, note: str | None, withdrawn_by: str, deps: ComplaintsDependencies
) -> Complaint:
    """Record that the complainant withdrew the complaint on ``on`` (today by default): closed."""
    today = deps.today()
    on = on or today
    _, after = change_complaint(
        complaint_id,
        lambda current: rules.withdrawn(current, on=on, note=note, today=today, by=withdrawn_by),
        deps,
    )
    _audit(
        deps, withdrawn_by, AuditAction.COMPLAINT_WITHDRAWN, after, details={"withdrawn_on": on.isoformat()}
    )
    return after


def change_complaint(
    complaint_id: str, change: Change, deps: ComplaintsDependencies
) -> tuple[Complaint, Complaint]:
    """The complaint before and after ``change`` (which returns the fields to update, or raises), saved
    over the revision it was made from; ComplaintChangedConcurrently after ``save_attempts`` lost races."""
    saved = save_change(
        lambda: get_complaint(complaint_id, deps),
        change,
        lambda changed, revision: deps.records.save(changed, expected_revision=revision),
        attempts=deps.save_attempts,
        kept=("complainant_hashes",),
    )
    if saved is None:
        raise ComplaintChangedConcurrently(complaint_id)
    return saved


def _complainant(
    request: ComplaintRequest, deps: ComplaintsDependencies
) -> tuple[tuple[IdentifierKind, ...], frozenset[str]]:
    """Which identifiers were given, and their keyed hashes (the subject key read only if one was)."""
    caller = normalise_caller_number(request.caller_number)
    customer = normalise_customer_ref(request.customer_ref)
    if caller is None and customer is None:
        return (), frozenset()
    key = deps.subject_key()
    kinds: list[IdentifierKind] = []
    hashes: set[str] = set()
    if caller is not None:
        kinds.append("caller number")
        hashes.add(subject_hash(key, "caller", caller))
    if customer is not None:
        kinds.append("customer reference")
        hashes.add(subject_hash(key, "customer", customer))
    return tuple(kinds), frozenset(hashes)


def _audit(
    deps: ComplaintsDependencies, who: str, action: AuditAction, complaint: Complaint, *, details: dict
) -> None:
    deps.audit.record(
        who=who,
        action=action,
        target=complaint_target(complaint.complaint_id),
        at=deps.clock(),
        why={"law": "DPA 2018 s.164A"},
        details=details,
    )
