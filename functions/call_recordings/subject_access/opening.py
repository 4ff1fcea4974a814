"""Opening a subject access request: find the person's recordings, preserve them, start the clock.

Matching is the registry's subject lookup (core/selection.py: one index query per identifier, each
version matched by its own subject hash, never through its call id), done once by ``place_hold``,
which preserves what it finds under a hold with reason ``sar`` and the SAR id as its case reference:
the hold worker puts the S3 Object Lock legal hold on each version, so nothing the person asked for
expires while the request is open. A request that matches nothing is still opened, with no hold:
the council must still answer it ("we hold no recordings of you").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.errors import NoRecordingsForSubject
from call_recordings.core.selection import SubjectSelection
from call_recordings.holds.hold import Hold
from call_recordings.holds.placing import place_hold
from call_recordings.holds.selection import HoldRequest
from call_recordings.holds.vocabulary import HoldReason
from call_recordings.rights.clock import RightsClock, check_received_on
from call_recordings.subject_access.errors import DateInFuture
from call_recordings.subject_access.records import SarStatus, SubjectAccessRequest, new_sar_id, sar_target

if TYPE_CHECKING:
    from call_recordings.subject_access.dependencies import SarDependencies


@dataclass(frozen=True)
class SarRequest:
    """What the DPO logs when a request arrives: who it is about (identifiers, never kept), when it came."""

    selection: SubjectSelection
    received_on: date
    identity_verified_on: date | None = None
    note: str | None = None


def open_sar(
    request: SarRequest, *, opened_by: str, deps: SarDependencies
) -> tuple[SubjectAccessRequest, Hold | None]:
    """The SAR as opened, and its preservation hold (None when no recording matched).

    ReceivedInFuture / DateInFuture for dates after today (London), StartedBeforeReceived for an
    identity verified before the request arrived. The hold is ``active`` when placed at once, or
    ``placing`` when a large one fans out through the work queue.
    """
    now = deps.holds.clock()
    today = deps.today()
    check_received_on(request.received_on, today)
    if request.identity_verified_on is not None and request.identity_verified_on > today:
        raise DateInFuture("identity_verified_on", request.identity_verified_on, today)
    clock = RightsClock(received_on=request.received_on, identity_verified_on=request.identity_verified_on)
    sar_id = new_sar_id(now)
    hold = preserve(sar_id, request.selection, opened_by=opened_by, deps=deps)
    versions = deps.holds.casework.all_hold_recordings(hold.hold_id) if hold else []
    sar = SubjectAccessRequest(
        sar_id=sar_id,
        status=SarStatus.OPEN,
        received_on=request.received_on,
        identity_verified_on=request.identity_verified_on,
        due_on=clock.due_on,
        selection=request.selection.described(),
        hold_id=hold.hold_id if hold else None,
        total=len(versions),
        note=request.note,
        opened_by=opened_by,
        opened_at=now,
    )
    deps.sars.create(sar, versions)
    deps.holds.audit.record(
        who=opened_by,
        action=AuditAction.SAR_OPENED,
        target=sar_target(sar_id),
        at=now,
        why={"request": "subject access (UK GDPR Art 15)"},
        details={
            "selection": f"subject ({' and '.join(request.selection.identifiers())})",
            "recorded_from": request.selection.recorded_from and request.selection.recorded_from.isoformat(),
            "recorded_to": request.selection.recorded_to and request.selection.recorded_to.isoformat(),
            "received_on": sar.received_on.isoformat(),
            "identity_verified_on": sar.identity_verified_on and sar.identity_verified_on.isoformat(),
            "due_on": sar.due_on.isoformat(),
            "recordings": sar.total,
            "calls": len({version.call_id for version in versions}),
            "preservation_hold": sar.hold_id or "none: no recording matched",
        },
    )
    return sar, hold


def preserve(
    sar_id: str, selection: SubjectSelection, *, opened_by: str, deps: SarDependencies
) -> Hold | None:
    """Place the SAR's preservation hold over every version the subject lookup finds; None if none."""
    try:
        return place_hold(
            HoldRequest(
                reason=HoldReason.SAR,
                case_reference=sar_id,
                selection=selection,
                note=f"Preserved while subject access request {sar_id} is answered",
            ),
            placed_by=opened_by,
            idempotency_key=None,
            deps=deps.holds,
        )
    except NoRecordingsForSubject:
        return None
