"""Closing a subject access request: the SAR is closed (a change like the others, subject_access/changes.py)
and its preservation hold released, so that its recordings go back to their retention unless another
hold keeps them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.holds.errors import HoldAlreadyReleased, HoldStillPlacing
from call_recordings.holds.hold import Hold
from call_recordings.holds.releasing import release_hold
from call_recordings.holds.vocabulary import HoldStatus
from call_recordings.subject_access.changes import audit_change, change_sar, still_open
from call_recordings.subject_access.errors import SarClosed, SarStillPreserving
from call_recordings.subject_access.records import SarStatus, SubjectAccessRequest
from call_recordings.subject_access.reporting import get_sar

if TYPE_CHECKING:
    from call_recordings.subject_access.dependencies import SarDependencies


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
        still_open(sar, "be closed again")
        return {"status": SarStatus.CLOSED, "closed_by": closed_by, "closed_at": now, "close_note": note}

    before, after = change_sar(sar_id, close, deps)
    audit_change(
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


def _release(sar: SubjectAccessRequest, hold: Hold, by: str, deps: SarDependencies) -> Hold:
    try:
        return release_hold(
            hold.hold_id, released_by=by, note=f"subject access request {sar.sar_id} closed", deps=deps.holds
        )
    except HoldStillPlacing:
        raise SarStillPreserving(sar.sar_id, hold.hold_id, hold.held, hold.total) from None
    except HoldAlreadyReleased:
        return deps.holds.casework.hold(hold.hold_id) or hold
