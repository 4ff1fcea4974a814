"""Reviewing a hold (holds/review.py says why): the DPO decides that its reason still stands and sets
the next review date, or that it is over and releases it. Each review is kept on the hold (its reason
sealed as the hold's ``review_note``) and audited under ``hold#<id>``; a release then goes through
``release_hold`` as any other release does.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.identifiers import hold_target
from call_recordings.holds.errors import HoldAlreadyReleased, HoldNotFound, HoldStillPlacing
from call_recordings.holds.hold import Hold
from call_recordings.holds.releasing import release_hold
from call_recordings.holds.review import (
    HoldNotReviewable,
    HoldReviewEntry,
    KeepNeedsReviewDate,
    ReleaseTakesNoReviewDate,
    ReviewDecision,
    check_review_on,
    is_reviewable,
)
from call_recordings.holds.vocabulary import HoldStatus

if TYPE_CHECKING:
    from call_recordings.holds.dependencies import HoldsDependencies


def review_hold(
    hold_id: str,
    *,
    decision: ReviewDecision,
    review_on: date | None,
    note: str,
    reviewed_by: str,
    deps: HoldsDependencies,
) -> Hold:
    """The hold after its review: kept until ``review_on``, or released (``released``, or ``releasing``
    while a large one goes through the work queue).

    Refused, changing nothing: a request's own hold or one no longer in force (HoldNotReviewable,
    HoldAlreadyReleased); keeping without a next date, or a date not after today or more than twelve
    months off; releasing with a date, or while the hold is still being placed (HoldStillPlacing).
    """
    now, today = deps.clock(), deps.today()
    hold = deps.casework.hold(hold_id)
    if hold is None:
        raise HoldNotFound(hold_id)
    _check_reviewable(hold, decision)
    if decision is ReviewDecision.KEEP:
        if review_on is None:
            raise KeepNeedsReviewDate()
        check_review_on(review_on, today)
    elif review_on is not None:
        raise ReleaseTakesNoReviewDate()
    entry = HoldReviewEntry(
        reviewed_on=today,
        reviewed_at=now,
        reviewed_by=reviewed_by,
        decision=decision,
        review_on_before=hold.review_on,
        review_on=review_on,
    )
    reviewed = deps.casework.record_review(hold_id, entry, note=note, review_on_before=hold.review_on)
    if reviewed is None:  # another request changed it since it was read: refuse on what it is now
        _check_reviewable(deps.casework.hold(hold_id) or hold, decision)
        raise HoldAlreadyReleased(hold_id, "reviewed by another request at the same time")
    deps.audit.record(
        who=reviewed_by,
        action=AuditAction.HOLD_REVIEWED,
        target=hold_target(hold_id),
        at=now,
        why={"reason": hold.reason.value, "case_reference": hold.case_reference},
        details={
            "decision": decision.value,
            "review_on_before": hold.review_on and hold.review_on.isoformat(),
            "review_on": review_on and review_on.isoformat(),
        },
    )
    if decision is ReviewDecision.RELEASE:
        return release_hold(hold_id, released_by=reviewed_by, note=note, deps=deps)
    return reviewed


def _check_reviewable(hold: Hold, decision: ReviewDecision) -> None:
    if not is_reviewable(hold.reason):
        raise HoldNotReviewable(
            hold.hold_id, f"it keeps recordings for a {hold.reason.value} request and ends when that does"
        )
    if hold.status in (HoldStatus.RELEASING, HoldStatus.RELEASED):
        raise HoldAlreadyReleased(hold.hold_id, hold.status.value)
    if decision is ReviewDecision.RELEASE and hold.status is HoldStatus.PLACING:
        raise HoldStillPlacing(hold.hold_id, hold.held, hold.total)
