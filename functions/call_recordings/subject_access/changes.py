"""Changes to an open subject access request: extend, pause, resume, close, and noting an export.

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
from call_recordings.holds.errors import HoldAlreadyReleased, HoldStillPlacing
from call_recordings.holds.hold import Hold
from call_recordings.holds.releasing import release_hold
from call_recordings.holds.vocabulary import HoldStatus
from call_recordings.subject_access.clock import SarClock
from call_recordings.subject_access.errors import (
    DateInFuture,
    SarChangedConcurrently,
    SarClosed,
    SarStillPreserving,
)
from call_recordings.subject_access.records import PauseReason, SarStatus, SubjectAccessRequest, sar_target
from call_recordings.subject_access.reporting import get_sar

if TYPE_CHECKING:
    from call_recordings.subject_access.dependencies import SarDependencies

Change = Callable[[SubjectAccessRequest], dict[str, Any]]


def change_sar(
    sar_id: str, change: Change, deps: SarDependencies
) -> tuple[SubjectAccessRequest, SubjectAccessRequest]:
    """The SAR before and after ``change`` (which returns the fields to update, or raises), saved over
    the revision it was made from; SarChangedConcurrently after ``save_attempts`` lost races."""
    for _ in range(deps.save_attempts):
        current = get_sar(sar_id, deps)
        changed = current.model_copy(update=change(current) | {"revision": current.revision + 1})
        changed = type(changed).model_validate(changed.model_dump())  # validate the update
        if deps.sars.save(changed, expected_revision=current.revision):
            return current, changed
    raise SarChangedConcurrently(sar_id)


def extend_sar(sar_id: str, *, reason: str, extended_by: str, deps: SarDependencies) -> SubjectAccessRequest:
    """Three calendar months from the original start, once, with the reason the requester is told."""
    now = deps.holds.clock()

    def extend(sar: SubjectAccessRequest) -> dict[str, Any]:
        _still_open(sar, "be extended")
        clock = sar.clock().extend(reason)  # AlreadyExtended, ExtensionNeedsReason
        return {
            "extended": True,
            "extension_reason": clock.extension_reason,
            "extended_by": extended_by,
            "extended_at": now,
            "due_on": clock.due_on,
        }

    before, after = change_sar(sar_id, extend, deps)
    _audit(
        deps,
        extended_by,
        AuditAction.SAR_EXTENDED,
        after,
        why={"extension_reason": after.extension_reason},
        details={"due_on_before": before.due_on.isoformat(), "due_on": after.due_on.isoformat()},
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
    on = _past_or_today("the pause date", on, deps)

    def pause(sar: SubjectAccessRequest) -> dict[str, Any]:
        _still_open(sar, "be paused")
        sar.clock().pause(on)  # AlreadyPaused, PausedBeforeStart
        return {"status": SarStatus.PAUSED, "paused_on": on, "pause_reason": reason, "pause_note": note}

    _, after = change_sar(sar_id, pause, deps)
    _audit(
        deps,
        paused_by,
        AuditAction.SAR_PAUSED,
        after,
        why={"pause_reason": reason.value},
        details={"paused_on": on.isoformat(), "due_on": after.due_on.isoformat()},
    )
    return after


def resume_sar(
    sar_id: str, *, on: date | None, resumed_by: str, deps: SarDependencies
) -> SubjectAccessRequest:
    """Start the clock again on ``on`` (today by default).

    After a pause for clarification the due date moves by the calendar days paused. After a pause for
    proof of identity the time limit runs from the day it arrived (ICO: "the period for responding to
    the request begins when you receive the additional information"): ``identity_verified_on`` becomes
    ``on`` and the due date is computed from it afresh.
    """
    on = _past_or_today("the resume date", on, deps)

    def resume(sar: SubjectAccessRequest) -> dict[str, Any]:
        _still_open(sar, "be resumed")
        resumed = sar.clock().resume(on)  # NotPaused, ResumedBeforePaused
        update: dict[str, Any] = {
            "status": SarStatus.OPEN,
            "paused_on": None,
            "pause_reason": None,
            "pause_note": None,
        }
        if sar.pause_reason is PauseReason.IDENTITY:
            restarted = SarClock(
                received_on=sar.received_on,
                started_on=on,
                extended=sar.extended,
                extension_reason=sar.extension_reason,
            )
            return update | {"identity_verified_on": on, "days_paused": 0, "due_on": restarted.due_on}
        return update | {"days_paused": resumed.days_paused, "due_on": resumed.due_on}

    before, after = change_sar(sar_id, resume, deps)
    assert before.paused_on is not None  # resume() refused otherwise
    _audit(
        deps,
        resumed_by,
        AuditAction.SAR_RESUMED,
        after,
        why={"pause_reason": before.pause_reason and before.pause_reason.value},
        details={
            "paused_on": before.paused_on.isoformat(),
            "resumed_on": on.isoformat(),
            "days_paused": (on - before.paused_on).days,
            "due_on_before": before.due_on.isoformat(),
            "due_on": after.due_on.isoformat(),
        },
    )
    return after


def close_sar(
    sar_id: str, *, note: str | None, closed_by: str, deps: SarDependencies
) -> tuple[SubjectAccessRequest, Hold | None]:
    """Close the SAR and release its preservation hold; the SAR and the hold as they stand afterwards.

    Only the SAR's own hold is released: a recording that another hold also covers (a legal claim, a
    threat) stays held. SarStillPreserving while a large preservation hold is still being placed;
    SarClosed once closed, unless a close stopped before releasing the hold: then this finishes it.
    """
    now = deps.holds.clock()
    current = get_sar(sar_id, deps)
    hold = deps.holds.casework.hold(current.hold_id) if current.hold_id else None
    if current.status is SarStatus.CLOSED:
        if hold is None or hold.status in (HoldStatus.RELEASING, HoldStatus.RELEASED):
            raise SarClosed(sar_id, "be closed again")
        return current, _release(current, hold, closed_by, deps)
    if hold is not None and hold.status is HoldStatus.PLACING:
        raise SarStillPreserving(sar_id, hold.hold_id, hold.held, hold.total)

    def close(sar: SubjectAccessRequest) -> dict[str, Any]:
        _still_open(sar, "be closed again")
        return {"status": SarStatus.CLOSED, "closed_by": closed_by, "closed_at": now, "close_note": note}

    before, after = change_sar(sar_id, close, deps)
    _audit(
        deps,
        closed_by,
        AuditAction.SAR_CLOSED,
        after,
        why={},
        details={
            "status_before": before.status.value,
            "due_on": after.due_on.isoformat(),
            "answered_late": before.clock().is_overdue(deps.today()) or None,
            "recordings": after.total,
            "preservation_hold": after.hold_id or "none",
        },
    )
    return after, _release(after, hold, closed_by, deps) if hold is not None else None


def note_export(sar_id: str, *, exported_by: str, deps: SarDependencies) -> SubjectAccessRequest:
    """Count a disclosure package on the SAR (the export writes its own audit entry with its basis)."""
    now = deps.holds.clock()

    def exported(sar: SubjectAccessRequest) -> dict[str, Any]:
        _still_open(sar, "be exported")
        return {"exports": sar.exports + 1, "last_exported_by": exported_by, "last_exported_at": now}

    return change_sar(sar_id, exported, deps)[1]


def check_exportable(sar: SubjectAccessRequest) -> None:
    """A closed SAR's preservation is released: its recordings may be gone, and its answer is given."""
    if sar.status is SarStatus.CLOSED:
        raise SarClosed(sar.sar_id, "be exported: it was answered and its preservation released")


def _release(sar: SubjectAccessRequest, hold: Hold, by: str, deps: SarDependencies) -> Hold:
    try:
        return release_hold(
            hold.hold_id, released_by=by, note=f"subject access request {sar.sar_id} closed", deps=deps.holds
        )
    except HoldStillPlacing:
        raise SarStillPreserving(sar.sar_id, hold.hold_id, hold.held, hold.total) from None
    except HoldAlreadyReleased:
        return deps.holds.casework.hold(hold.hold_id) or hold


def _still_open(sar: SubjectAccessRequest, what: str) -> None:
    if sar.status is SarStatus.CLOSED:
        raise SarClosed(sar.sar_id, what)


def _past_or_today(what: str, on: date | None, deps: SarDependencies) -> date:
    today = deps.today()
    if on is None:
        return today
    if on > today:
        raise DateInFuture(what, on, today)
    return on


def _audit(
    deps: SarDependencies,
    who: str,
    action: AuditAction,
    sar: SubjectAccessRequest,
    *,
    why: dict,
    details: dict,
) -> None:
    deps.holds.audit.record(
        who=who, action=action, target=sar_target(sar.sar_id), at=deps.holds.clock(), why=why, details=details
    )
