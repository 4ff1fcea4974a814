"""Reviewing a hold: the notice promises recordings are kept three months, and a hold keeps one longer
only while its reason lasts. So every hold the DPO places (a legal claim, a threat, a complaint) has a
date by which it must be looked at again (``review_on``); the daily reminder lists those due, an alarm
fires once one is past, and the DPO records each review: keep it until a new date, or release it.

Holds the system places for a request (a SAR's preservation, a restriction) have no review date: they
end when their request does. Pure domain code: "today" is passed in.
"""

from datetime import date, datetime
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from pydantic import ConfigDict, Field

from call_recordings.core.models import BaseModel
from call_recordings.holds.vocabulary import RESERVED_REASONS, HoldReason

# How long after it is placed a hold is first reviewed, by reason, unless CDK context
# `holdReviewMonths` says otherwise: a claim or a threat moves slowly; a complaint is answered sooner.
DEFAULT_REVIEW_MONTHS: dict[HoldReason, int] = {
    HoldReason.LEGAL_CLAIM: 6,
    HoldReason.THREAT: 6,
    HoldReason.COMPLAINT: 3,
}
# A review date is never further off than this: a hold is looked at again at least once a year.
LONGEST_REVIEW_MONTHS = 12


class ReviewDecision(StrEnum):
    KEEP = "keep"  # the reason still stands: keep until the new review date
    RELEASE = "release"  # the reason is over: release the hold


class HoldReviewError(ValueError):
    """A review date or a review the rules do not allow."""


class ReviewDateNotAhead(HoldReviewError):
    def __init__(self, review_on: date, today: date) -> None:
        super().__init__(f"a hold's review date must be after today ({today}), not {review_on}")


class ReviewDateTooFar(HoldReviewError):
    def __init__(self, review_on: date, latest: date) -> None:
        super().__init__(
            f"a hold must be reviewed at least every {LONGEST_REVIEW_MONTHS} months: review_on {review_on} "
            f"is after {latest}"
        )


class KeepNeedsReviewDate(HoldReviewError):
    def __init__(self) -> None:
        super().__init__("a hold kept after review needs the next review date (review_on)")


class ReleaseTakesNoReviewDate(HoldReviewError):
    def __init__(self) -> None:
        super().__init__("a hold released after review has no next review date: leave review_on out")


class HoldNotReviewable(HoldReviewError):
    """A hold the system placed for a request, or one no longer in force, has no review."""

    def __init__(self, hold_id: str, why: str) -> None:
        self.hold_id = hold_id
        super().__init__(f"hold {hold_id} cannot be reviewed: {why}")


def is_reviewable(reason: HoldReason) -> bool:
    """Only the holds the DPO places are reviewed; a request's own hold ends with the request."""
    return reason not in RESERVED_REASONS


def default_review_on(
    reason: HoldReason, placed_on: date, months: dict[HoldReason, int] | None = None
) -> date | None:
    """The first review date of a hold placed on ``placed_on``; None for a request's own hold."""
    if not is_reviewable(reason):
        return None
    return placed_on + relativedelta(months=(months or DEFAULT_REVIEW_MONTHS)[reason])


def check_review_on(review_on: date, today: date) -> date:
    """A review date the DPO gives: after today, and within twelve months of it."""
    if review_on <= today:
        raise ReviewDateNotAhead(review_on, today)
    latest = today + relativedelta(months=LONGEST_REVIEW_MONTHS)
    if review_on > latest:
        raise ReviewDateTooFar(review_on, latest)
    return review_on


class HoldReviewEntry(BaseModel):
    """One review, as the hold keeps it (its reason is the hold's sealed ``review_note``; the audit trail
    keeps every review)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    reviewed_on: date = Field(description="The day of the review (London)")
    reviewed_at: datetime
    reviewed_by: str
    decision: ReviewDecision
    review_on_before: date | None = Field(default=None, description="The review date the hold had")
    review_on: date | None = Field(default=None, description="The next review date; none once released")
