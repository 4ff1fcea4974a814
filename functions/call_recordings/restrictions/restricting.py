"""Restricting processing of a person's recordings, and lifting the restriction (UK GDPR Art 18).

A restricted recording is kept through the same reference-counted machinery as a legal hold (DESIGN
section 8): restricting places a hold with reason ``restriction`` and the restriction id as its case
reference (holds/placing.py, as opening a SAR preserves its recordings), so the hold worker puts each
version's S3 Object Lock legal hold ON and tags it ``retention=restricted``: no lifecycle rule matches
it, and nothing but the hold's release lets S3 delete it. The registry keeps what a hold cannot say:
each version's ``restrictions`` set (routine use leaves it out, restrictions/use.py; statistics count
it; the retention sweeper refuses it) and the restriction's record keeps who asked (the keyed hashes of
the data subject's identifiers, or ``unknown`` for recordings named by call ids), which erasure reads
to refuse another person's request (deletion/erasing.py).

Restricting: place the hold (it finds the recordings: every version of each named call, or each version
the subject's identifiers match; RecordingsNotFound / NoRecordingsForSubject when nothing matches), record
the restriction with the hold's versions and the hold's id, mark each version's registry item (its
``restrictions`` set gains the id; a version deleted meanwhile is skipped and counted as gone), then
audit. The restriction's record comes before any item is marked, so that no item ever carries a
restriction id the requests table does not know.

Lifting: the person must have been told (Art 18(3)); a restriction whose hold is still being placed
(a large one, through the work queue) cannot be lifted yet. The id leaves every version's
``restrictions`` first, then the restriction's hold is released (a version no other hold keeps goes
back to its own retention class, legal hold OFF, due on its expiry date or the day of the lift if that
has passed), then the restriction is marked lifted (so a lift that fails half way is simply asked for
again), then audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.retention import LONDON
from call_recordings.core.selection import Selection, Subject
from call_recordings.core.versions import RecordingVersion
from call_recordings.holds.errors import HoldAlreadyReleased, HoldStillPlacing
from call_recordings.holds.placing import place_hold, selection_words
from call_recordings.holds.releasing import release_hold
from call_recordings.holds.selection import HoldRequest
from call_recordings.holds.vocabulary import HoldReason, HoldStatus
from call_recordings.restrictions.errors import (
    RestrictionAlreadyLifted,
    RestrictionNotFound,
    RestrictionStillPlacing,
    SubjectNotYetTold,
)
from call_recordings.restrictions.records import Restriction, new_restriction_id, restriction_target
from call_recordings.restrictions.vocabulary import RestrictionGround, RestrictionStatus

if TYPE_CHECKING:
    from call_recordings.restrictions.dependencies import RestrictionsDependencies


@dataclass(frozen=True)
class RestrictionRequest:
    grounds: RestrictionGround
    selection: Selection
    note: str | None = None
    request_id: str | None = None  # the rights request whose decision this carries out


def restrict_processing(
    request: RestrictionRequest, *, restricted_by: str, deps: RestrictionsDependencies
) -> tuple[Restriction, list[RecordingVersion]]:
    """The restriction made and the versions it marked. RecordingsNotFound / NoRecordingsForSubject
    when nothing matches (nothing is held, recorded or marked)."""
    now = deps.clock()
    restriction_id = new_restriction_id(now)
    hold = place_hold(
        HoldRequest(
            reason=HoldReason.RESTRICTION,
            case_reference=restriction_id,
            selection=request.selection,
            note=f"Kept while processing is restricted ({restriction_id}, UK GDPR Art 18)",
        ),
        placed_by=restricted_by,
        idempotency_key=None,
        deps=deps.holds,
    )
    found = deps.holds.casework.all_hold_recordings(hold.hold_id)
    by_subject = isinstance(request.selection, Subject)
    restriction = Restriction(
        restriction_id=restriction_id,
        status=RestrictionStatus.ACTIVE,
        grounds=request.grounds,
        note=request.note,
        rights_request_id=request.request_id,
        restricted_by=restricted_by,
        restricted_at=now,
        selection=request.selection.described(),
        hold_id=hold.hold_id,
        requester="data-subject" if by_subject else "unknown",
        requester_hashes=frozenset(
            lookup.subject_hash for lookup in request.selection.lookups(deps.subject_key())
        )
        if isinstance(request.selection, Subject)
        else frozenset(),
        total=len(found),
    )
    deps.records.create(restriction, found)
    marked = [version for version in found if deps.marks.add_restriction(version, restriction_id)]
    if len(marked) < len(found):  # deleted between the look-up and the mark: nothing left to restrict
        restriction = deps.records.note_gone(restriction_id, len(found) - len(marked)) or restriction
    deps.audit.record(
        who=restricted_by,
        action=AuditAction.RESTRICTION_PLACED,
        target=restriction_target(restriction_id),
        at=now,
        why={"grounds": request.grounds.value, "rights_request": request.request_id},
        details={
            "selection": selection_words(request.selection),
            "requester": restriction.requester,
            "recordings": len(marked),
            "calls": len({version.call_id for version in marked}),
            "deleted_before_marking": len(found) - len(marked) or None,
            "hold": hold.hold_id,
            "effect": "kept (Object Lock legal hold, retention=restricted), and excluded from routine "
            "use (statistics, quality and training)",
        },
    )
    return restriction, marked


def lift_restriction(
    restriction_id: str,
    *,
    subject_told_on: date,
    note: str | None,
    lifted_by: str,
    deps: RestrictionsDependencies,
) -> Restriction:
    """The restriction, lifted. RestrictionNotFound, RestrictionAlreadyLifted, SubjectNotYetTold when
    the date the person was told is after today (London), RestrictionStillPlacing while its hold is
    still being placed."""
    now = deps.clock()
    today = now.astimezone(LONDON).date()
    if subject_told_on > today:
        raise SubjectNotYetTold(subject_told_on.isoformat(), today.isoformat())
    restriction = deps.records.restriction(restriction_id)
    if restriction is None:
        raise RestrictionNotFound(restriction_id)
    if restriction.status is RestrictionStatus.LIFTED:
        raise RestrictionAlreadyLifted(restriction_id)
    hold = deps.holds.casework.hold(restriction.hold_id) if restriction.hold_id else None
    if hold is not None and hold.status is HoldStatus.PLACING:
        raise RestrictionStillPlacing(restriction_id, hold.held, hold.total)
    versions = deps.records.versions(restriction_id)
    for version in versions:
        deps.marks.remove_restriction(version, restriction_id, lifted_at=now)
    if hold is not None:
        _release(restriction, lifted_by, deps)
    lifted = deps.records.mark_lifted(
        restriction_id, by=lifted_by, at=now, subject_told_on=subject_told_on, note=note
    )
    if lifted is None:  # a concurrent lift got there first
        raise RestrictionAlreadyLifted(restriction_id)
    deps.audit.record(
        who=lifted_by,
        action=AuditAction.RESTRICTION_LIFTED,
        target=restriction_target(restriction_id),
        at=now,
        why={
            "grounds": restriction.grounds.value,
            "subject_told_on": subject_told_on.isoformat(),
            "subject_told": f"the person was told on {subject_told_on.isoformat()}, before the "
            "restriction was lifted (UK GDPR Art 18(3))",
        },
        details={"recordings": len(versions), "hold_released": restriction.hold_id},
    )
    return lifted


def _release(restriction: Restriction, by: str, deps: RestrictionsDependencies) -> None:
    """Release the restriction's hold (a lift asked for again after failing half way finds it released)."""
    try:
        release_hold(
            restriction.hold_id,  # type: ignore[arg-type]  # checked by the caller
            released_by=by,
            note=f"restriction {restriction.restriction_id} lifted",
            deps=deps.holds,
        )
    except HoldAlreadyReleased:
        return
    except HoldStillPlacing as placing:  # placed since it was read: a race with the hold worker
        raise RestrictionStillPlacing(restriction.restriction_id, 0, 0) from placing
