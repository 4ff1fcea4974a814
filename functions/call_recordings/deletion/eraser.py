"""Erasure (UK GDPR Art 17) and the destruction of out-of-policy captures, the eraser's part (the DPO
API's are deletion/erasing.py and deletion/destroying.py).

The eraser takes ids, not instructions (DESIGN section 8): its invocation names an erasure and the
versions of it to erase, and it loads the erasure's record from the requests table (one read), acts
only on the versions that record lists to erase (in the batch the invocation names, for an erasure a
job carries out) while the erasure is ``erasing``, and names the
requester the record names. Each such version is deleted through the one deletion path
(deletion/deleting.py), whatever its due date, unless a hold reached it meanwhile. An invocation the
record does not bear out (no such erasure, an erasure that is over, versions it does not list) changes
nothing for those versions: each is answered ``not-in-erasure`` and the refusal is audited
(``eraser-invocation-refused``), with the requester the invocation claimed, under the erasure it named.

A destruction is taken the same way from its own record (kind ``destruction``), and the claim asks
more of each version (deletion/deleting.py): it must carry a quarantine flag and no restriction, so
even a record that lists an in-policy recording destroys nothing of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction, TargetKind, audit_target
from call_recordings.core.retention import LONDON
from call_recordings.deletion.deleting import delete_recording_versions
from call_recordings.deletion.destruction_records import DestructionRequest, destruction_target
from call_recordings.deletion.records import (
    DeletionOrder,
    DestructionReport,
    EraserReport,
    EraserRequest,
    VersionDeleted,
    VersionKey,
)
from call_recordings.deletion.vocabulary import (
    DESTRUCTION_GROUNDS,
    ERASER,
    ERASURE_LAW,
    DeletedBecause,
    DeletionOutcome,
    DestructionStatus,
    ErasureStatus,
)

if TYPE_CHECKING:
    from call_recordings.deletion.adapters.destructions import DestructionRecords
    from call_recordings.deletion.adapters.erasures import ErasureRecords
    from call_recordings.deletion.dependencies import DeletionDependencies


@dataclass(frozen=True)
class EraserDependencies:
    """The eraser's: the one deletion path, and the erasure and destruction records it reads its work
    from."""

    deletion: DeletionDependencies
    erasures: ErasureRecords
    destructions: DestructionRecords


def erase_versions(request: EraserRequest, deps: EraserDependencies) -> EraserReport:
    """Delete each version the erasure's record lists, through the one path, whatever its due date,
    unless a hold covers it; refuse (and audit) the rest."""
    erasure = deps.erasures.erasure(request.erasure_id)
    order: DeletionOrder | None = None
    listed: set[tuple[str, str]] = set()
    to_erase: tuple[VersionKey, ...] = ()
    if erasure is None:
        refused = f"erasure {request.erasure_id} does not exist"
    elif erasure.status is not ErasureStatus.ERASING:
        refused = f"erasure {request.erasure_id} is over ({erasure.status.value}): it erases nothing more"
    else:
        to_erase = (
            erasure.to_erase
            if request.batch is None
            else deps.erasures.to_erase_batch(erasure.erasure_id, request.batch)
        )
        listed = {version.key for version in to_erase}
        batch = "" if request.batch is None else f" in batch {request.batch}"
        refused = f"the record of erasure {request.erasure_id} does not list these versions to erase{batch}"
        order = DeletionOrder(
            because=DeletedBecause.ERASED,
            who=erasure.requested_by,
            why={"law": ERASURE_LAW, "erasure_id": erasure.erasure_id},
            deleted_on=deps.deletion.clock().astimezone(LONDON).date(),
        )
    outcomes = _delete_listed(
        request.versions or tuple(to_erase),
        listed,
        order,
        refusal=_Refusal(audit_target(TargetKind.ERASURE, request.erasure_id), refused, request.requested_by),
        deps=deps,
    )
    return EraserReport(erasure_id=request.erasure_id, outcomes=tuple(outcomes))


def destroy_versions(request: DestructionRequest, deps: EraserDependencies) -> DestructionReport:
    """Destroy each version of an out-of-policy capture the destruction's record lists, through the one
    path, whatever its due date, unless it is not quarantined or a hold or restriction covers it (the
    claim's conditions: deletion/deleting.py); refuse (and audit) the rest."""
    destruction = deps.destructions.destruction(request.destruction_id)
    order: DeletionOrder | None = None
    listed: set[tuple[str, str]] = set()
    if destruction is None:
        refused = f"destruction {request.destruction_id} does not exist"
    elif destruction.status is not DestructionStatus.DESTROYING:
        refused = (
            f"destruction {request.destruction_id} is over ({destruction.status.value}): it destroys "
            "nothing more"
        )
    else:
        listed = {version.key for version in destruction.to_destroy}
        refused = f"the record of destruction {request.destruction_id} does not list these versions"
        order = DeletionOrder(
            because=DeletedBecause.DESTROYED_OUT_OF_POLICY,
            who=destruction.requested_by,
            why={
                "reason": destruction.reason.value,
                "ground": DESTRUCTION_GROUNDS[destruction.reason],
                "destruction_id": destruction.destruction_id,
            },
            deleted_on=deps.deletion.clock().astimezone(LONDON).date(),
        )
    target = destruction_target(request.destruction_id)
    outcomes = _delete_listed(
        request.versions, listed, order, refusal=_Refusal(target, refused, request.requested_by), deps=deps
    )
    return DestructionReport(destruction_id=request.destruction_id, outcomes=tuple(outcomes))


@dataclass(frozen=True)
class _Refusal:
    """What an invocation the record does not bear out is audited under, why, and who it claimed."""

    target: str
    refused: str
    claimed_requested_by: str | None


def _delete_listed(
    versions: tuple[VersionKey, ...],
    listed: set[tuple[str, str]],
    order: DeletionOrder | None,
    *,
    refusal: _Refusal,
    deps: EraserDependencies,
) -> list[VersionDeleted]:
    """The versions the record lists through the one path with ``order``; the others refused (audited),
    each answered ``not-in-erasure``."""
    wanted = list(dict.fromkeys(versions))
    strangers = [version for version in wanted if version.key not in listed]
    if strangers:
        _audit_refusal(refusal, strangers, deps)
    outcomes = [
        VersionDeleted(
            call_id=each.call_id, version_id=each.version_id, outcome=DeletionOutcome.NOT_IN_ERASURE
        )
        for each in strangers
    ]
    deletable = [version for version in wanted if version.key in listed]
    if deletable and order is not None:
        outcomes += delete_recording_versions(deletable, order, deps.deletion)
    return outcomes


def _audit_refusal(refusal: _Refusal, versions: list[VersionKey], deps: EraserDependencies) -> None:
    deps.deletion.audit.record(
        who=ERASER,
        action=AuditAction.ERASER_INVOCATION_REFUSED,
        target=refusal.target,
        at=deps.deletion.clock(),
        why={"refused": f"{refusal.refused}: the eraser acts only on what a request's record lists"},
        details={
            "recordings": [f"{version.call_id}#{version.version_id}" for version in versions],
            "claimed_requested_by": refusal.claimed_requested_by,
        },
    )
