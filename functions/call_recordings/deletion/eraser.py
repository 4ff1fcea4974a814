"""Erasure (UK GDPR Art 17), the eraser's part (the DPO API's is deletion/erasing.py): each version the
DPO API sends is deleted through the one deletion path (deletion/deleting.py), whatever its due date,
unless a hold reached it meanwhile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from call_recordings.core.retention import LONDON
from call_recordings.deletion.deleting import delete_recording_versions
from call_recordings.deletion.records import DeletionOrder, EraserReport, EraserRequest
from call_recordings.deletion.vocabulary import ERASURE_LAW, DeletedBecause

if TYPE_CHECKING:
    from call_recordings.deletion.dependencies import DeletionDependencies


def erase_versions(request: EraserRequest, deps: DeletionDependencies) -> EraserReport:
    """Delete each version through the one path, whatever its due date, unless a hold covers it."""
    order = DeletionOrder(
        because=DeletedBecause.ERASED,
        who=request.requested_by,
        why={"law": ERASURE_LAW, "erasure_id": request.erasure_id},
        deleted_on=deps.clock().astimezone(LONDON).date(),
    )
    outcomes = delete_recording_versions(list(request.versions), order, deps)
    return EraserReport(erasure_id=request.erasure_id, outcomes=tuple(outcomes))
