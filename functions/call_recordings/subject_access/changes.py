"""Changes to an open subject access request: extend, pause, resume, and noting an export; closing it,
which also releases its preservation hold, is in subject_access/closing.py.

Each change is made on the SAR as read and saved only over the revision it was read at; when another
request saved a change in between, the change is made again on the newer SAR (which may refuse it:
extending twice at once extends once, and the other answers that it is already extended).
Every change is audited under ``sar#<id>``, naming the caller and never the subject.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.revisions import save_change
from call_recordings.rights.clock import PauseReason
from call_recordings.rights.clocked import (
    extended,
    extension_details,
    past_or_today,
    pause_details,
    paused,
    resume_details,
    resumed,
)
from call_recordings.subject_access.errors import (
    SarChangedConcurrently,
    SarClosed,
)
from call_recordings.subject_access.records import SarStatus, SubjectAccessRequest, sar_target
from call_recordings.subject_access.reporting import get_sar

if TYPE_CHECKING:
    from call_recordings.subject_access.dependencies import SarDependencies

Change = Callable[[SubjectAccessRequest], dict[str, Any]]


def change_sar(
    sar_id: str, change: Change, deps: SarDependencies
) -> tuple[SubjectAccessRequest, SubjectAccessRequest]:
    """The SAR before and after ``change`` (which returns the fields to update, or raises), saved over
    the revision it was made from; SarChangedConcurrently after ``save_attempts`` lost races."""
    saved = save_change(
        lambda: get_sar(sar_id, deps),
        change,
        lambda changed, revision: deps.sars.save(changed, expected_revision=revision),
        attempts=deps.save_attempts,
    )
    if saved is None:
        raise SarChangedConcurrently(sar_id)
    return saved


def extend_sar(
    sar_id: str, *, reason: str, requester_told_on: date | None, extended_by: str, deps: SarDependencies
) -> SubjectAccessRequest:
    """Two further months (three from the start), once, with the reasons the requester was told on
    ``requester_told_on`` (today by default): refused once the original month has ended (Art 12(3))."""
    now, today = deps.holds.clock(), deps.today()
    told_on = past_or_today("requester_told_on", requester_told_on, deps.today())

    def extend(sar: SubjectAccessRequest) -> dict[str, Any]:
        still_open(sar, "be extended")
        return extended(sar, reason=reason, requester_told_on=told_on, by=extended_by, at=now, today=today)

    before, after = change_sar(sar_id, extend, deps)
    audit_change(
        deps,
        extended_by,
        AuditAction.SAR_EXTENDED,
        after,
        why={"extension_reason": after.extension_reason},
        details=extension_details(before, after, told_on),
    )
    return after


def pause_sar(
    sar_id: str,
    *,
    reason: PauseReason,
    on: date | None,
    note: str | None,
    paused_by: str,
    deps: SarDependencies,
) -> SubjectAccessRequest:
    """Stop the clock on ``on`` (today by default) while the council waits for the requester."""
    on = past_or_today("the pause date", on, deps.today())

    def pause(sar: SubjectAccessRequest) -> dict[str, Any]:
        still_open(sar, "be paused")
        return paused(sar, reason=reason, on=on, note=note) | {"status": SarStatus.PAUSED}

    _, after = change_sar(sar_id, pause, deps)
    audit_change(
        deps,
        paused_by,
        AuditAction.SAR_PAUSED,
        after,
        why={"pause_reason": reason.value},
        details=pause_details(after, on),
    )
    return after


def resume_sar(
    sar_id: str, *, on: date | None, resumed_by: str, deps: SarDependencies
) -> SubjectAccessRequest:
    """Start the clock again on ``on`` (today by default).

    After a pause for clarification the due date moves by the days from asking to the answer, both
    included (Art 12A). After a pause for proof of identity the time limit runs from the day it arrived
    (ICO: "the period for responding to the request begins when you receive the additional
    information"): ``identity_verified_on`` becomes ``on`` and the due date is computed from it afresh.
    """
    on = past_or_today("the resume date", on, deps.today())

    def resume(sar: SubjectAccessRequest) -> dict[str, Any]:
        still_open(sar, "be resumed")
        return resumed(sar, on=on) | {"status": SarStatus.OPEN}

    before, after = change_sar(sar_id, resume, deps)
    audit_change(
        deps,
        resumed_by,
        AuditAction.SAR_RESUMED,
        after,
        why={"pause_reason": before.pause_reason and before.pause_reason.value},
        details=resume_details(before, after, on),
    )
    return after


def note_export(sar_id: str, *, exported_by: str, deps: SarDependencies) -> SubjectAccessRequest:
    """Count a disclosure package on the SAR (the export writes its own audit entry with its basis)."""
    now = deps.holds.clock()

    def exported(sar: SubjectAccessRequest) -> dict[str, Any]:
        still_open(sar, "be exported")
        return {"exports": sar.exports + 1, "last_exported_by": exported_by, "last_exported_at": now}

    return change_sar(sar_id, exported, deps)[1]


def check_exportable(sar: SubjectAccessRequest) -> None:
    """A closed SAR's preservation is released: its recordings may be gone, and its answer is given."""
    if sar.status is SarStatus.CLOSED:
        raise SarClosed(sar.sar_id, "be exported: it was answered and its preservation released")


def still_open(sar: SubjectAccessRequest, what: str) -> None:
    """SarClosed once the SAR is closed: it cannot ``what`` (every change, closing among them, checks)."""
    if sar.status is SarStatus.CLOSED:
        raise SarClosed(sar.sar_id, what)


def audit_change(
    deps: SarDependencies,
    who: str,
    action: AuditAction,
    sar: SubjectAccessRequest,
    *,
    why: dict,
    details: dict,
) -> None:
    """A change's audit entry, filed under the SAR (``sar#<id>``) and naming who made it."""
    deps.holds.audit.record(
        who=who, action=action, target=sar_target(sar.sar_id), at=deps.holds.clock(), why=why, details=details
    )
