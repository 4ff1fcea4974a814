"""The destruction of an out-of-policy capture, the DPO API's part (the eraser's is deletion/eraser.py).

The privacy notice says bank and card details are never recorded and a transferred call is recorded
only for the contact-centre part. An upload that declares otherwise is quarantined at ingest and the
DPO alerted (ingest/assessment.py); keeping it until its normal date would keep what the council says it
never holds, so the DPO destroys it by call id at once, giving which promise it breaks.

Destruction is not erasure: no data subject asked, so it reaches only a quarantined recording (an
in-policy one is erased at the person's request, POST /erasures, or deleted on its date). It is refused,
with nothing changed, when the call id is unknown (404), already deleted (410), not quarantined (409),
or kept by a hold or a restriction of processing (409, naming each: a legal claim, a complaint, an open
SAR or an Art 18 restriction may need the capture as evidence; release or lift it first).

Otherwise the DPO API records the destruction with the versions to destroy and invokes the eraser
with its id (ids, not instructions: DESIGN section 8); the eraser reads the record and deletes each
version through the one deletion path (deletion/deleting.py), whose claim asks again that the version is
quarantined and neither held nor restricted, and also deletes its key's delete markers. Each version
deleted is tombstoned (``deleted_because`` ``destroyed-out-of-policy``: GET /recordings answers 410)
and audited once (``recording-destroyed``, naming the DPO, the reason and the destruction).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.errors import RecordingNotFound
from call_recordings.core.vocabulary import QUARANTINE_FLAGS
from call_recordings.deletion.destruction_records import Destruction, DestructionRequest, destruction_target
from call_recordings.deletion.erasure_records import VersionKey
from call_recordings.deletion.errors import (
    EraserFailed,
    RecordingDeleted,
    RecordingKept,
    RecordingNotQuarantined,
)
from call_recordings.deletion.records import VersionDeleted, eraser_failed
from call_recordings.deletion.vocabulary import DeletionOutcome, DestructionReason, DestructionStatus

if TYPE_CHECKING:
    from call_recordings.deletion.destruction_dependencies import DestructionDependencies


def new_destruction_id(requested_at: datetime) -> str:
    """D-<date requested, UTC>-<10 random hex digits>, the shape of erasure ids."""
    return f"D-{requested_at:%Y%m%d}-{secrets.token_hex(5).upper()}"


def destroy_capture(
    call_id: str,
    *,
    reason: DestructionReason,
    note: str | None,
    requested_by: str,
    deps: DestructionDependencies,
) -> tuple[Destruction, list[VersionDeleted]]:
    """Destroy every version of a quarantined recording no hold or restriction keeps: the destruction,
    and what the eraser did with each version. Raises, having changed nothing, RecordingNotFound,
    RecordingDeleted, RecordingNotQuarantined or RecordingKept."""
    versions = sorted(deps.registry.versions_of_call(call_id), key=lambda version: version.version_id)
    if not versions:
        deleted = sorted(deps.registry.tombstones_of_call(call_id), key=lambda each: each.deleted_on)
        if deleted:
            raise RecordingDeleted(call_id, deleted[-1].deleted_on, deleted[-1].deleted_because.value)
        raise RecordingNotFound(call_id)
    in_policy = [version.version_id for version in versions if not QUARANTINE_FLAGS & version.flags]
    if in_policy:
        raise RecordingNotQuarantined(call_id, in_policy)
    hold_ids = {hold_id for version in versions for hold_id in version.holds}
    restriction_ids = {restriction_id for version in versions for restriction_id in version.restrictions}
    if hold_ids or restriction_ids:
        raise RecordingKept(call_id, sorted(hold_ids), sorted(restriction_ids))
    now = deps.clock()
    destruction = Destruction(
        destruction_id=new_destruction_id(now),
        call_id=call_id,
        status=DestructionStatus.DESTROYING,
        reason=reason,
        requested_by=requested_by,
        requested_at=now,
        note=note,
        total=len(versions),
        to_destroy=tuple(VersionKey(call_id=each.call_id, version_id=each.version_id) for each in versions),
    )
    deps.records.create(destruction)
    outcomes = _destroy(destruction, deps)
    destroyed = sum(1 for each in outcomes if each.outcome in _GONE)
    refused = sum(1 for each in outcomes if each.outcome in _KEPT)
    failed = len(outcomes) - destroyed - refused
    finished = destruction.model_copy(
        update={
            "status": _status(failed=failed, refused=refused),
            "destroyed": destroyed,
            "refused": refused,
            "failed": failed,
            "finished_at": deps.clock(),
        }
    )
    deps.records.finish(finished)
    if finished.status is not DestructionStatus.DESTROYED:
        deps.audit.record(
            who=requested_by,
            action=AuditAction.DESTRUCTION_NOT_FINISHED,
            target=destruction_target(finished.destruction_id),
            at=deps.clock(),
            why={"reason": reason.value},
            details={
                "call_id": call_id,
                "status": finished.status.value,
                "destroyed": destroyed,
                "refused": refused,
                "failed": failed,
            },
        )
    return finished, outcomes


# What the eraser's outcome means for the destruction: the version is gone, or something keeps it now
# (a hold or restriction placed after the check, S3 Object Lock, a release at work on it).
_GONE = frozenset({DeletionOutcome.DELETED, DeletionOutcome.ALREADY_DELETED})
_KEPT = frozenset(
    {
        DeletionOutcome.HELD,
        DeletionOutcome.RESTRICTED,
        DeletionOutcome.BUSY,
        DeletionOutcome.NOT_QUARANTINED,
    }
)


def _status(*, failed: int, refused: int) -> DestructionStatus:
    if failed:
        return DestructionStatus.INCOMPLETE
    if refused:
        return DestructionStatus.REFUSED
    return DestructionStatus.DESTROYED


def _destroy(destruction: Destruction, deps: DestructionDependencies) -> list[VersionDeleted]:
    request = DestructionRequest(destruction_id=destruction.destruction_id, versions=destruction.to_destroy)
    try:
        return list(deps.eraser.destroy(request).outcomes)
    except EraserFailed:
        return eraser_failed(destruction.to_destroy)
