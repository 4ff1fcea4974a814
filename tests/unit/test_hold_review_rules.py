"""The rules of hold reviews (holds/review.py), the context that changes their defaults
(infra/config.py holdReviewMonths) and the setting that carries it to the casework function."""

import json
from datetime import date

import pytest

from call_recordings.dpo_api.settings import DpoApiSettings
from call_recordings.holds.review import (
    DEFAULT_REVIEW_MONTHS,
    ReviewDateNotAhead,
    ReviewDateTooFar,
    check_review_on,
    default_review_on,
    is_reviewable,
)
from call_recordings.holds.vocabulary import HoldReason
from infra.config import CONTEXT_HOLD_REVIEW_MONTHS, ContextError, StackSettings, hold_review_months


@pytest.mark.parametrize(
    ("reason", "review_on"),
    [
        (HoldReason.LEGAL_CLAIM, date(2027, 6, 3)),
        (HoldReason.THREAT, date(2027, 6, 3)),
        (HoldReason.COMPLAINT, date(2027, 3, 3)),
        (HoldReason.SAR, None),
        (HoldReason.RESTRICTION, None),
    ],
)
def test_the_first_review_is_by_reason_and_a_requests_own_hold_has_none(reason, review_on):
    assert default_review_on(reason, date(2026, 12, 3)) == review_on
    assert is_reviewable(reason) == (review_on is not None)


def test_a_review_date_is_in_calendar_months_with_the_month_end_rule():
    """Placed 31 August: six months on is the last day of February (dateutil's calendar months)."""
    assert default_review_on(HoldReason.THREAT, date(2026, 8, 31)) == date(2027, 2, 28)
    assert default_review_on(HoldReason.THREAT, date(2026, 8, 31), {HoldReason.THREAT: 1}) == date(
        2026, 9, 30
    )


def test_a_review_date_the_dpo_gives_is_after_today_and_within_twelve_months():
    today = date(2026, 12, 3)
    assert check_review_on(date(2026, 12, 4), today) == date(2026, 12, 4)
    assert check_review_on(date(2027, 12, 3), today) == date(2027, 12, 3)
    with pytest.raises(ReviewDateNotAhead):
        check_review_on(today, today)
    with pytest.raises(ReviewDateTooFar, match="2027-12-03"):
        check_review_on(date(2027, 12, 4), today)


def test_context_changes_some_defaults_and_refuses_what_is_not_a_month_count():
    assert hold_review_months(None) == {}
    assert hold_review_months('{"complaint": 2}') == {"complaint": 2}
    assert hold_review_months({"legal-claim": 12, "threat": 1}) == {"legal-claim": 12, "threat": 1}
    for wrong in ('{"sar": 3}', '{"complaint": 0}', '{"threat": 13}', '{"threat": true}', "[3]", "six"):
        with pytest.raises(ContextError, match=CONTEXT_HOLD_REVIEW_MONTHS):
            hold_review_months(wrong)
    settings = StackSettings.from_context({CONTEXT_HOLD_REVIEW_MONTHS: '{"complaint": 2}'}.get)
    assert settings.hold_review_months == {"complaint": 2}


def test_the_casework_function_reads_the_months_from_its_environment():
    environment = {"REGISTRY_TABLE": "r", "REQUESTS_TABLE": "q", "AUDIT_TABLE": "a"}
    assert DpoApiSettings.from_environment(environment).hold_review_months is None
    given = DpoApiSettings.from_environment(
        environment | {"HOLD_REVIEW_MONTHS": json.dumps({"complaint": 2})}
    )
    assert given.hold_review_months == {HoldReason.COMPLAINT: 2}
    assert DEFAULT_REVIEW_MONTHS | given.hold_review_months == {
        HoldReason.LEGAL_CLAIM: 6,
        HoldReason.THREAT: 6,
        HoldReason.COMPLAINT: 2,
    }
