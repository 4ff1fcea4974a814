"""The month tables GET /statistics publishes, the period it covers, and what is left out."""

from datetime import UTC, date, datetime

import pytest

from call_recordings.core.versions import RegisteredVersion
from call_recordings.ingest.assessment import assess_upload
from call_recordings.ingest.logic import registry_item
from call_recordings.restrictions.use import routinely_usable
from call_recordings.statistics.errors import InvalidStatisticsPeriod, MonthNotPublished
from call_recordings.statistics.report import period
from call_recordings.statistics.tables import (
    default_period,
    month_table,
    months_between,
)


def test_months_run_across_a_year_end_both_ends_included():
    assert months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert months_between("2026-05", "2026-05") == ["2026-05"]


@pytest.mark.parametrize(
    ("first", "last", "problem"),
    [
        ("2026-05", "2026-04", "before"),
        ("2024-01", "2026-01", "at most 24"),
        ("2026-1", "2026-02", "not a month"),
    ],
)
def test_a_period_back_to_front_or_over_24_months_is_refused(first, last, problem):
    with pytest.raises(InvalidStatisticsPeriod, match=problem):
        months_between(first, last)


def test_the_default_period_is_the_twelve_months_to_the_last_london_month_that_has_ended():
    """DESIGN section 10: only ended months are published, so the default stops at the last one."""
    assert default_period(date(2026, 1, 15)) == ("2025-02", "2026-01")
    # 23:30 UTC on 31 March 2026 is already 1 April in London (BST): March has ended.
    assert period(None, None, now=datetime(2026, 3, 31, 23, 30, tzinfo=UTC)) == ("2025-04", "2026-03")
    # 22:59 UTC on 31 March is still March in London: February is the last ended month.
    assert period(None, None, now=datetime(2026, 3, 31, 22, 59, tzinfo=UTC)) == ("2025-03", "2026-02")
    assert period("2026-01", None, now=datetime(2026, 3, 1, tzinfo=UTC)) == ("2026-01", "2026-02")


@pytest.mark.parametrize(
    ("first", "last", "refused", "published_from"),
    [
        (None, "2026-03", "2026-03", "2026-04-01"),  # the current month
        ("2026-01", "2026-05", "2026-05", "2026-06-01"),  # a period reaching past it
        ("2026-03", None, "2026-03", "2026-04-01"),  # a start in it, no end
        ("2027-01", None, "2027-01", "2027-02-01"),  # a future month
    ],
)
def test_the_current_month_and_later_ones_are_refused_naming_when_they_will_be_published(
    first, last, refused, published_from
):
    """DESIGN section 10: a month is published only after it has ended (London)."""
    with pytest.raises(MonthNotPublished) as raised:
        period(first, last, now=datetime(2026, 3, 15, 12, 0, tzinfo=UTC))
    assert (raised.value.month, raised.value.published_from) == (refused, published_from)
    assert f"published from {published_from}" in str(raised.value)


def test_restricted_versions_are_not_routinely_usable_whatever_form_they_come_in():
    assert routinely_usable({"purpose": "quality-training"})
    assert not routinely_usable({"restrictions": {"R-20261128-0123456789"}})
    live = {
        "call_id": "C-1",
        "version_id": "v1",
        "bucket": "b",
        "object_key": "recordings/C-1.wav",
        "recorded_at": "2026-10-01T10:00:00+00:00",
        "expires_on": "2027-01-01",
        "purpose": "quality-training",
        "source": "data-subject",
        "retention": "standard",
    }
    assert routinely_usable(RegisteredVersion.model_validate(live))
    assert not routinely_usable(RegisteredVersion.model_validate(live | {"restrictions": {"R-20261128-01"}}))


def test_a_month_table_counts_the_usable_versions_and_files_unknown_words_as_unspecified():
    versions = (
        [{"purpose": "legal-claims", "source": "organisation"}] * 6
        + [{"purpose": "legal-claims", "source": "organisation", "restrictions": {"R-1"}}] * 3
        + [{"purpose": "something-else", "source": None}] * 7
    )
    table = month_table("2026-10", versions)
    assert table.by_purpose_and_source["legal-claims"]["organisation"].count == 6
    assert table.by_purpose_and_source["unspecified"]["unspecified"].count == 7
    assert table.total.count == 13
    assert table.by_source["data-subject"].count == 0


def test_ingest_files_a_recording_under_its_london_month():
    now = datetime(2026, 4, 2, 12, 0, tzinfo=UTC)
    assessment = assess_upload(
        bucket="b",
        key="recordings/2026/04/C-1.wav",
        version_id="v1",
        size=100,
        uploaded_at=now,
        metadata={"call-id": "C-1", "recorded-at": "2026-03-31T23:30:00+00:00", "source": "data-subject"},
        now=now,
    )
    item = registry_item(assessment, b"k" * 32, registered_at=now)
    assert item["recorded_month"] == "2026-04"  # 00:30 BST on 1 April
