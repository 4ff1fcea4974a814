"""Recording a disclosure outside the council, and closing it.

Recording: the recordings are found as a hold finds them (every version of each named call, or every
version carrying the data subject's own identifiers, by the registry's subject indexes: the identifiers
are hashed and never kept) and preserved by a hold with reason ``disclosure`` and the disclosure id as
its case reference (holds/placing.py), so that nothing the outside body asked for expires while its
request is dealt with; then the register's record is written with the hold's versions, and audited
under ``disclosure#<id>`` with the recipient, the basis and who approved it. Nothing is disclosed yet:
the package for the recipient is made by the disclosure function (outside_disclosures/packaging.py).

Closing: the recipient's request is dealt with: the preservation hold is released, so each recording
returns to its own retention unless another hold keeps it. The register keeps the record, and the
recipients of each recording it reached, for every later subject access package to list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.selection import Selection
from call_recordings.holds.errors import HoldAlreadyReleased, HoldStillPlacing
from call_recordings.holds.placing import place_hold, selection_words
from call_recordings.holds.releasing import release_hold
from call_recordings.holds.selection import HoldRequest
from call_recordings.holds.vocabulary import HoldReason, HoldStatus
from call_recordings.outside_disclosures.errors import (
    DisclosureClosed,
    DisclosureStillPreserving,
)
from call_recordings.outside_disclosures.records import (
    OutsideDisclosure,
    disclosure_target,
    new_disclosure_id,
)
from call_recordings.outside_disclosures.reporting import get_disclosure
from call_recordings.outside_disclosures.vocabulary import LAWFUL_BASIS_WORDING, DisclosureStatus, LawfulBasis

if TYPE_CHECKING:
    from call_recordings.outside_disclosures.dependencies import DisclosuresDependencies


@dataclass(frozen=True)
class DisclosureRequest:
    """What the DPO records: to whom, on which basis, at whose request, approved by whom, which recordings."""

    recipient: str
    lawful_basis: LawfulBasis
    request_reference: str
    approved_by: str
    selection: Selection
    note: str | None = None


def record_disclosure(
    request: DisclosureRequest, *, recorded_by: str, deps: DisclosuresDependencies
) -> OutsideDisclosure:
    """The disclosure as recorded, its recordings preserved. RecordingsNotFound / NoRecordingsForSubject
    when nothing matches (nothing is held or recorded)."""
    now = deps.clock()
    disclosure_id = new_disclosure_id(now)
    hold = place_hold(
        HoldRequest(
            reason=HoldReason.DISCLOSURE,
            case_reference=disclosure_id,
            selection=request.selection,
            note=f"Preserved while disclosure {disclosure_id} to {request.recipient} is open",
        ),
        placed_by=recorded_by,
        idempotency_key=None,
        deps=deps.holds,
    )
    versions = deps.holds.casework.all_hold_recordings(hold.hold_id)
    disclosure = OutsideDisclosure(
        disclosure_id=disclosure_id,
        status=DisclosureStatus.OPEN,
        recipient=request.recipient,
        lawful_basis=request.lawful_basis,
        request_reference=request.request_reference,
        approved_by=request.approved_by,
        note=request.note,
        recorded_by=recorded_by,
        recorded_at=now,
        selection=request.selection.described(),
        hold_id=hold.hold_id,
        total=len(versions),
    )
    deps.register.create(disclosure, versions)
    deps.audit.record(
        who=recorded_by,
        action=AuditAction.DISCLOSURE_RECORDED,
        target=disclosure_target(disclosure_id),
        at=now,
        why={
            "lawful_basis": request.lawful_basis.value,
            "lawful_basis_wording": LAWFUL_BASIS_WORDING[request.lawful_basis],
            "recipient": request.recipient,
            "request_reference": request.request_reference,
            "approved_by": request.approved_by,
        },
        details={
            "selection": selection_words(request.selection),
            "recordings": len(versions),
            "calls": len({version.call_id for version in versions}),
            "preservation_hold": hold.hold_id,
        },
    )
    return disclosure


def close_disclosure(
    disclosure_id: str, *, note: str | None, closed_by: str, deps: DisclosuresDependencies
) -> OutsideDisclosure:
    """The disclosure, closed and its preservation released. DisclosureNotFound, DisclosureClosed,
    DisclosureStillPreserving while a large preservation hold is still being placed."""
    now = deps.clock()
    disclosure = get_disclosure(disclosure_id, deps)
    if disclosure.is_closed:
        raise DisclosureClosed(disclosure_id, "be closed again")
    hold = deps.holds.casework.hold(disclosure.hold_id)
    if hold is not None and hold.status is HoldStatus.PLACING:
        raise DisclosureStillPreserving(disclosure_id, hold.hold_id, hold.held, hold.total)
    if hold is not None:
        try:
            release_hold(
                hold.hold_id,
                released_by=closed_by,
                note=f"disclosure {disclosure_id} closed",
                deps=deps.holds,
            )
        except HoldAlreadyReleased:
            pass  # a close asked for again after failing half way
        except HoldStillPlacing:
            raise DisclosureStillPreserving(disclosure_id, hold.hold_id, hold.held, hold.total) from None
    closed = deps.register.mark_closed(disclosure_id, by=closed_by, at=now, note=note)
    if closed is None:  # a concurrent close got there first
        raise DisclosureClosed(disclosure_id, "be closed again")
    deps.audit.record(
        who=closed_by,
        action=AuditAction.DISCLOSURE_CLOSED,
        target=disclosure_target(disclosure_id),
        at=now,
        why={"lawful_basis": closed.lawful_basis.value, "recipient": closed.recipient},
        details={"recordings": closed.total, "packages": closed.exports, "preservation_hold": closed.hold_id},
    )
    return closed
