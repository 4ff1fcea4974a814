"""Restricting processing of a person's recordings, and lifting the restriction (UK GDPR Art 18).

Restricting: find the recordings (every version of each named call, or each version the subject's
identifiers match, as holds do), record the restriction and its versions in the requests table, mark each
version's registry item (its ``restrictions`` set gains the id; a version deleted meanwhile is
skipped and counted as gone), then audit. A restricted version is kept: the retention sweeper does
not delete it (adapters/registry_restrictions.py). Lifting: the person must have been told (Art
18(3)); the id leaves every version's ``restrictions`` first (a version left with no restriction and
no hold falls due again, on its expiry date or the day of the lift if that has passed), then the
restriction is marked lifted (so a lift that fails half way is simply asked for again), then
audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.retention import LONDON
from call_recordings.core.selection import Selection, SubjectSelection
from call_recordings.core.versions import RecordingVersion
from call_recordings.holds.placing import find_recordings
from call_recordings.restrictions.errors import (
    RestrictionAlreadyLifted,
    RestrictionNotFound,
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


def restrict_processing(
    request: RestrictionRequest, *, restricted_by: str, deps: RestrictionsDependencies
) -> tuple[Restriction, list[RecordingVersion]]:
    """The restriction made and the versions it marked. RecordingsNotFound / NoRecordingsForSubject
    when nothing matches. The restriction is recorded before any item is marked, so that no item
    ever carries an id the requests table does not know."""
    now = deps.clock()
    found = find_recordings(request.selection, deps)  # type: ignore[arg-type]  # registry + subject_key
    restriction = Restriction(
        restriction_id=new_restriction_id(now),
        status=RestrictionStatus.ACTIVE,
        grounds=request.grounds,
        note=request.note,
        restricted_by=restricted_by,
        restricted_at=now,
        selection=request.selection.described(),
        total=len(found),
    )
    deps.records.create(restriction, found)
    restriction_id = restriction.restriction_id
    marked = [version for version in found if deps.marks.add_restriction(version, restriction_id)]
    if len(marked) < len(found):  # deleted between the look-up and the mark: nothing left to restrict
        restriction = deps.records.note_gone(restriction_id, len(found) - len(marked)) or restriction
    deps.audit.record(
        who=restricted_by,
        action=AuditAction.RESTRICTION_PLACED,
        target=restriction_target(restriction_id),
        at=now,
        why={"grounds": request.grounds.value},
        details={
            "selection": _selection_words(request.selection),
            "recordings": len(marked),
            "calls": len({version.call_id for version in marked}),
            "deleted_before_marking": len(found) - len(marked) or None,
            "effect": "kept, and excluded from routine use (statistics, quality and training)",
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
    """The restriction, lifted. RestrictionNotFound, RestrictionAlreadyLifted, or SubjectNotYetTold
    when the date the person was told is after today (London)."""
    now = deps.clock()
    today = now.astimezone(LONDON).date()
    if subject_told_on > today:
        raise SubjectNotYetTold(subject_told_on.isoformat(), today.isoformat())
    restriction = deps.records.restriction(restriction_id)
    if restriction is None:
        raise RestrictionNotFound(restriction_id)
    if restriction.status is RestrictionStatus.LIFTED:
        raise RestrictionAlreadyLifted(restriction_id)
    versions = deps.records.versions(restriction_id)
    for version in versions:
        deps.marks.remove_restriction(version, restriction_id, lifted_at=now)
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
        details={"recordings": len(versions)},
    )
    return lifted


def _selection_words(selection: Selection) -> str:
    if isinstance(selection, SubjectSelection):
        return f"subject ({' and '.join(selection.identifiers())})"
    return f"{len(selection.distinct())} call id(s)"
