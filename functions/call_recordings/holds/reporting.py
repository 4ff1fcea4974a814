"""The hold report: each recording a hold covers, and where the hold stands on it; a recording's holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from call_recordings.core.errors import RecordingNotFound
from call_recordings.core.versions import RecordingVersion, RegisteredVersion
from call_recordings.deletion.errors import RecordingDeleted
from call_recordings.holds.errors import HoldNotFound
from call_recordings.holds.hold import Hold
from call_recordings.holds.vocabulary import HoldStatus, RecordingHoldStatus

if TYPE_CHECKING:
    from call_recordings.holds.dependencies import HoldsDependencies


def recording_status(hold: Hold, registered: RegisteredVersion | None) -> RecordingHoldStatus:
    """Read from the registry item: ``held`` when its ``holds`` set lists this hold."""
    if registered is None:
        return RecordingHoldStatus.GONE
    if hold.hold_id in registered.holds:
        return RecordingHoldStatus.HELD
    if hold.status is HoldStatus.PLACING:
        return RecordingHoldStatus.PENDING
    if hold.status in (HoldStatus.RELEASING, HoldStatus.RELEASED):
        return RecordingHoldStatus.RELEASED
    return RecordingHoldStatus.NOT_HELD


def hold_report(
    hold_id: str, *, limit: int, token: str | None, deps: HoldsDependencies
) -> tuple[Hold, list[tuple[RecordingVersion, RecordingHoldStatus]], str | None]:
    """The hold, a page of the versions it covers with the hold's status on each, and the next token."""
    hold = deps.casework.hold(hold_id)
    if hold is None:
        raise HoldNotFound(hold_id)
    versions, next_token = deps.casework.hold_recordings(hold_id, limit=limit, token=token)
    registered = deps.registry.registered_versions(version.key for version in versions)
    return (
        hold,
        [(version, recording_status(hold, registered.get(version.key))) for version in versions],
        next_token,
    )


def recording_with_holds(
    call_id: str, *, deps: HoldsDependencies
) -> tuple[list[RegisteredVersion], dict[str, Hold]]:
    """Every version of a recording, and the holds that cover any of them."""
    versions = sorted(deps.registry.versions_of_call(call_id), key=lambda version: version.recorded_at)
    if not versions:
        deleted = sorted(deps.registry.tombstones_of_call(call_id), key=lambda each: each.deleted_on)
        if deleted:  # every version is deleted: say when and why (410), not "never heard of it"
            raise RecordingDeleted(call_id, deleted[-1].deleted_on, deleted[-1].deleted_because.value)
        raise RecordingNotFound(call_id)
    hold_ids = sorted({hold_id for version in versions for hold_id in version.holds})
    holds = {hold_id: hold for hold_id in hold_ids if (hold := deps.casework.hold(hold_id)) is not None}
    return versions, holds
