"""Erasure (UK GDPR Art 17), the eraser's part (the DPO API's is deletion/erasing.py).

The eraser takes ids, not instructions (DESIGN section 8): its invocation names an erasure and the
versions of it to erase, and it loads the erasure's record from the requests table (one read), acts
only on the versions that record lists to erase while the erasure is ``erasing``, and names the
requester the record names. Each such version is deleted through the one deletion path
(deletion/deleting.py), whatever its due date, unless a hold reached it meanwhile. An invocation the
record does not bear out (no such erasure, an erasure that is over, versions it does not list) changes
nothing for those versions: each is answered ``not-in-erasure`` and the refusal is audited
(``eraser-invocation-refused``), with the requester the invocation claimed, under the erasure it named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction, TargetKind, audit_target
from call_recordings.core.retention import LONDON
from call_recordings.deletion.deleting import delete_recording_versions
from call_recordings.deletion.records import (
    DeletionOrder,
    EraserReport,
    EraserRequest,
    VersionDeleted,
    VersionKey,
)
from call_recordings.deletion.vocabulary import (
    ERASER,
    ERASURE_LAW,
    DeletedBecause,
    DeletionOutcome,
    ErasureStatus,
)

if TYPE_CHECKING:
    from call_recordings.deletion.adapters.erasures import ErasureRecords
    from call_recordings.deletion.dependencies import DeletionDependencies


@dataclass(frozen=True)
class EraserDependencies:
    """The eraser's: the one deletion path, and the erasure records it reads its work from."""

    deletion: DeletionDependencies
    erasures: ErasureRecords


def erase_versions(request: EraserRequest, deps: EraserDependencies) -> EraserReport:
    """Delete each version the erasure's record lists, through the one path, whatever its due date,
    unless a hold covers it; refuse (and audit) the rest."""
    erasure = deps.erasures.erasure(request.erasure_id)
    listed: set[tuple[str, str]] = set()
    if erasure is None:
        refused = f"erasure {request.erasure_id} does not exist"
    elif erasure.status is not ErasureStatus.ERASING:
        refused = f"erasure {request.erasure_id} is over ({erasure.status.value}): it erases nothing more"
    else:
        listed = {version.key for version in erasure.to_erase}
        refused = f"the record of erasure {request.erasure_id} does not list these versions to erase"
    wanted = list(dict.fromkeys(request.versions))
    strangers = [version for version in wanted if version.key not in listed]
    if strangers:
        _audit_refusal(request, refused, strangers, deps)
    outcomes = [
        VersionDeleted(
            call_id=each.call_id, version_id=each.version_id, outcome=DeletionOutcome.NOT_IN_ERASURE
        )
        for each in strangers
    ]
    erasable = [version for version in wanted if version.key in listed]
    if erasable and erasure is not None:
        order = DeletionOrder(
            because=DeletedBecause.ERASED,
            who=erasure.requested_by,
            why={"law": ERASURE_LAW, "erasure_id": erasure.erasure_id},
            deleted_on=deps.deletion.clock().astimezone(LONDON).date(),
        )
        outcomes += delete_recording_versions(erasable, order, deps.deletion)
    return EraserReport(erasure_id=request.erasure_id, outcomes=tuple(outcomes))


def _audit_refusal(
    request: EraserRequest, refused: str, versions: list[VersionKey], deps: EraserDependencies
) -> None:
    deps.deletion.audit.record(
        who=ERASER,
        action=AuditAction.ERASER_INVOCATION_REFUSED,
        target=audit_target(TargetKind.ERASURE, request.erasure_id),
        at=deps.deletion.clock(),
        why={"refused": f"{refused}: the eraser acts only on what an erasure's record lists"},
        details={
            "recordings": [f"{version.call_id}#{version.version_id}" for version in versions],
            "claimed_requested_by": request.requested_by,
        },
    )
