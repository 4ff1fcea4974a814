"""Releasing a hold when its case ends: every version it covers loses this hold, and those no other
hold covers go back to their retention class (holds/release.py says how, safely)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.identifiers import hold_target
from call_recordings.holds.errors import HoldAlreadyReleased, HoldNotFound, HoldStillPlacing
from call_recordings.holds.hold import Hold
from call_recordings.holds.placing import hand_over, recorded_messages, resume_hand_over
from call_recordings.holds.vocabulary import HoldStatus, WorkAction

if TYPE_CHECKING:
    from call_recordings.holds.dependencies import HoldsDependencies


def release_hold(hold_id: str, *, released_by: str, note: str | None, deps: HoldsDependencies) -> Hold:
    """The hold as it stands once released (``released``) or handed to the work queue (``releasing``).

    Only an ``active`` hold can be released: HoldStillPlacing while it is being placed (release it
    once every recording is held), HoldAlreadyReleased once it is releasing or released. A release
    that failed before handing its work over is handed over again instead.
    """
    now = deps.clock()
    hold = deps.casework.hold(hold_id)
    if hold is None:
        raise HoldNotFound(hold_id)
    if hold.status is HoldStatus.RELEASING and hold.release_handed_over_at is None:
        return resume_hand_over(hold, WorkAction.RELEASE, by=released_by, deps=deps)
    _check_releasable(hold)
    releasing = deps.casework.request_release(hold_id, by=released_by, at=now, note=note)
    if releasing is None:  # another request changed it since it was read
        _check_releasable(deps.casework.hold(hold_id) or hold)
        raise HoldAlreadyReleased(hold_id, HoldStatus.RELEASING.value)
    deps.audit.record(
        who=released_by,
        action=AuditAction.HOLD_RELEASE_REQUESTED,
        target=hold_target(hold_id),
        at=now,
        why={"reason": hold.reason.value, "case_reference": hold.case_reference},
        details={"recordings": hold.total},
    )
    hand_over(hold_id, WorkAction.RELEASE, recorded_messages(hold_id, WorkAction.RELEASE, deps), deps=deps)
    return deps.casework.hold(hold_id) or releasing


def _check_releasable(hold: Hold) -> None:
    if hold.status is HoldStatus.PLACING:
        raise HoldStillPlacing(hold.hold_id, hold.held, hold.total)
    if hold.status in (HoldStatus.RELEASING, HoldStatus.RELEASED):
        raise HoldAlreadyReleased(hold.hold_id, hold.status.value)
