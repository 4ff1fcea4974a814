import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from dateutil.relativedelta import relativedelta
from dateutil.zoneinfo import get_zonefile_instance

from call_recordings.core.retention import (
    ARRIVAL_GRACE,
    LIFECYCLE_BACKSTOP_DAYS,
    LONDON,
    POLICY_CHANGE,
    InvalidRecordingTime,
    arrived_late,
    expires_on,
    first_due_on,
    is_due,
    parse_recorded_at,
    recording_date,
    retention_months,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def at(value: str) -> datetime:
    return datetime.fromisoformat(value)


@pytest.mark.parametrize(
    ("recorded_at", "expected"),
    [
        # Month ends clamp to the last day of the month three months on.
        ("2024-01-31T10:00:00+00:00", date(2024, 4, 30)),
        ("2024-03-31T10:00:00+01:00", date(2024, 6, 30)),
        ("2024-05-31T10:00:00+01:00", date(2024, 8, 31)),
        ("2024-08-31T10:00:00+01:00", date(2024, 11, 30)),
        ("2024-12-31T10:00:00+00:00", date(2025, 3, 31)),
        # Leap years.
        ("2023-11-30T10:00:00+00:00", date(2024, 2, 29)),
        ("2024-11-30T10:00:00+00:00", date(2025, 2, 28)),
        ("2023-11-29T10:00:00+00:00", date(2024, 2, 29)),
        ("2024-02-29T10:00:00+00:00", date(2024, 5, 29)),
        ("2024-02-28T10:00:00+00:00", date(2024, 5, 28)),
        # An ordinary day keeps its day of the month.
        ("2024-06-15T10:00:00+01:00", date(2024, 9, 15)),
    ],
)
def test_expires_three_calendar_months_after_the_date_of_recording(recorded_at, expected):
    assert expires_on(at(recorded_at), now=NOW) == expected


@pytest.mark.parametrize(
    ("recorded_at", "london_date", "expected"),
    [
        # BST: 23:30 UTC is 00:30 the next day in London.
        ("2024-06-30T23:30:00+00:00", date(2024, 7, 1), date(2024, 10, 1)),
        ("2024-06-30T22:59:59+00:00", date(2024, 6, 30), date(2024, 9, 30)),
        # GMT: 23:30 UTC is still the same day in London.
        ("2024-01-31T23:30:00+00:00", date(2024, 1, 31), date(2024, 4, 30)),
        # Clocks go forward at 01:00 UTC on 31 March 2024.
        ("2024-03-30T23:30:00+00:00", date(2024, 3, 30), date(2024, 6, 30)),
        ("2024-03-31T00:30:00+00:00", date(2024, 3, 31), date(2024, 6, 30)),
        ("2024-03-31T01:30:00+00:00", date(2024, 3, 31), date(2024, 6, 30)),
        ("2024-03-31T23:30:00+00:00", date(2024, 4, 1), date(2024, 7, 1)),
        # Clocks go back at 01:00 UTC on 27 October 2024.
        ("2024-10-26T22:30:00+00:00", date(2024, 10, 26), date(2025, 1, 26)),
        ("2024-10-26T23:30:00+00:00", date(2024, 10, 27), date(2025, 1, 27)),
        ("2024-10-27T00:30:00+00:00", date(2024, 10, 27), date(2025, 1, 27)),
        ("2024-10-27T23:30:00+00:00", date(2024, 10, 27), date(2025, 1, 27)),
        # The same moments written with London's own offset.
        ("2024-07-01T00:30:00+01:00", date(2024, 7, 1), date(2024, 10, 1)),
        # Offsets other than London's: the London date is what counts, not the writer's.
        ("2024-07-01T03:00:00+05:30", date(2024, 6, 30), date(2024, 9, 30)),
        ("2024-01-31T20:00:00-05:00", date(2024, 2, 1), date(2024, 5, 1)),
        ("2024-02-01T00:30:00+01:00", date(2024, 1, 31), date(2024, 4, 30)),
    ],
)
def test_the_date_of_recording_is_the_london_date(recorded_at, london_date, expected):
    assert recording_date(at(recorded_at)) == london_date
    assert expires_on(at(recorded_at), now=NOW) == expected


def test_london_is_the_uk_time_zone():
    assert LONDON is not None
    assert LONDON.utcoffset(datetime(2024, 1, 15, 12)) == timedelta(0)
    assert LONDON.utcoffset(datetime(2024, 7, 15, 12)) == timedelta(hours=1)


def test_the_bundled_time_zone_data_knows_london_for_a_runtime_without_one():
    bundled = get_zonefile_instance().get("Europe/London")
    assert bundled is not None
    assert bundled.utcoffset(datetime(2024, 7, 15, 12)) == timedelta(hours=1)


@pytest.mark.parametrize(
    ("recorded_on", "months"),
    [
        (date(2019, 1, 1), 1),
        (date(2020, 7, 14), 1),
        (date(2020, 7, 15), 3),
        (date(2020, 7, 16), 3),
        (date(2025, 1, 1), 3),
    ],
)
def test_retention_was_one_month_until_15_july_2020(recorded_on, months):
    assert date(2020, 7, 15) == POLICY_CHANGE
    assert retention_months(recorded_on) == months


@pytest.mark.parametrize(
    ("recorded_at", "expected"),
    [
        ("2020-07-14T10:00:00+01:00", date(2020, 8, 14)),
        ("2020-07-15T10:00:00+01:00", date(2020, 10, 15)),
        # 22:59:59 UTC is 23:59:59 BST on 14 July: still the old policy.
        ("2020-07-14T22:59:59+00:00", date(2020, 8, 14)),
        # 23:30 UTC on 14 July is 00:30 BST on 15 July: the new policy.
        ("2020-07-14T23:30:00+00:00", date(2020, 10, 15)),
        # One calendar month also clamps to the month end, in leap and common years.
        ("2020-01-31T10:00:00+00:00", date(2020, 2, 29)),
        ("2019-01-31T10:00:00+00:00", date(2019, 2, 28)),
        ("2020-05-31T10:00:00+01:00", date(2020, 6, 30)),
    ],
)
def test_the_policy_change_of_15_july_2020(recorded_at, expected):
    assert expires_on(at(recorded_at), now=NOW) == expected


def test_the_lifecycle_backstop_is_the_longest_three_calendar_months():
    first = datetime(2020, 7, 15, 12, tzinfo=LONDON)
    lengths = {
        (expires_on(day, now=NOW) - day.date()).days
        for day in (first + timedelta(days=n) for n in range(365 * 4 + 1))
    }
    assert min(lengths) == 89
    assert max(lengths) == LIFECYCLE_BACKSTOP_DAYS == 92


@pytest.mark.parametrize("function", [expires_on, recording_date])
def test_a_time_without_an_offset_is_refused(function):
    with pytest.raises(
        InvalidRecordingTime, match=r"2024-01-31T10:00:00 has no UTC offset; an offset is required"
    ):
        function(datetime(2024, 1, 31, 10, 0))


@pytest.mark.parametrize(
    "recorded_at",
    [
        NOW + timedelta(days=1, microseconds=1),
        NOW + timedelta(days=2),
        datetime(2025, 6, 2, 13, 30, tzinfo=timezone(timedelta(hours=1))) + timedelta(seconds=1),
    ],
)
def test_a_time_more_than_a_day_ahead_is_refused(recorded_at):
    with pytest.raises(InvalidRecordingTime) as raised:
        expires_on(recorded_at, now=NOW)
    message = str(raised.value)
    assert recorded_at.isoformat() in message
    assert "more than a day after the current time 2025-06-01T12:00:00+00:00" in message


@pytest.mark.parametrize(
    ("recorded_at", "expected"),
    [
        (NOW + timedelta(hours=23, minutes=59, seconds=59), date(2025, 9, 2)),
        (NOW + timedelta(days=1), date(2025, 9, 2)),
        (NOW, date(2025, 9, 1)),
    ],
)
def test_a_time_up_to_a_day_ahead_is_accepted(recorded_at, expected):
    assert expires_on(recorded_at, now=NOW) == expected


def test_now_defaults_to_the_current_time():
    yesterday = datetime.now(UTC) - timedelta(days=1)
    assert expires_on(yesterday) == recording_date(yesterday) + relativedelta(months=3)
    with pytest.raises(InvalidRecordingTime, match="more than a day after"):
        expires_on(datetime.now(UTC) + timedelta(days=2))


def test_now_without_an_offset_is_refused():
    with pytest.raises(ValueError, match=r"current time 2025-06-01T12:00:00 has no UTC offset"):
        expires_on(NOW, now=datetime(2025, 6, 1, 12, 0))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-31T23:30:00Z", datetime(2024, 1, 31, 23, 30, tzinfo=UTC)),
        ("2024-01-31T23:30:00+00:00", datetime(2024, 1, 31, 23, 30, tzinfo=UTC)),
        ("2024-07-01T00:30:00+01:00", datetime(2024, 6, 30, 23, 30, tzinfo=UTC)),
        ("2024-07-01T03:00:00.250+05:30", datetime(2024, 6, 30, 21, 30, 0, 250000, tzinfo=UTC)),
        (" 2024-01-31T10:00:00Z\n", datetime(2024, 1, 31, 10, 0, tzinfo=UTC)),
    ],
)
def test_parse_recorded_at(value, expected):
    parsed = parse_recorded_at(value)
    assert parsed == expected
    assert parsed.utcoffset() is not None


@pytest.mark.parametrize(
    "value", ["", "yesterday", "31/01/2024 10:00", "2024-13-01T10:00:00Z", "2024-02-30T10:00Z"]
)
def test_parse_recorded_at_refuses_what_is_not_iso_8601(value):
    with pytest.raises(
        InvalidRecordingTime, match=re.escape(f"recorded-at {value!r} is not an ISO 8601 time")
    ):
        parse_recorded_at(value)


@pytest.mark.parametrize("value", ["2024-01-31T10:00:00", "2024-01-31", "2024-01-31 10:00"])
def test_parse_recorded_at_refuses_a_time_without_an_offset(value):
    with pytest.raises(InvalidRecordingTime, match=re.escape(f"recorded-at {value!r} has no UTC offset")):
        parse_recorded_at(value)


def test_parse_recorded_at_shows_at_most_64_characters_of_the_value():
    with pytest.raises(InvalidRecordingTime) as raised:
        parse_recorded_at("9" * 500)
    message = str(raised.value)
    assert "9" * 64 in message
    assert "9" * 65 not in message


def test_parse_recorded_at_refuses_what_is_not_text():
    with pytest.raises(InvalidRecordingTime, match="recorded-at None is not text"):
        parse_recorded_at(None)


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2024, 4, 29), False),
        (date(2024, 4, 30), True),
        (date(2024, 5, 1), True),
        (date(2025, 4, 30), True),
    ],
)
def test_a_recording_is_due_on_and_after_its_expiry_date(today, due):
    assert is_due(date(2024, 4, 30), today) is due


def test_design_8_a_recording_more_than_two_days_old_on_arrival_arrived_late():
    uploaded = datetime(2026, 12, 3, 10, 15, tzinfo=UTC)
    assert not arrived_late(uploaded - timedelta(days=2), uploaded)
    assert arrived_late(uploaded - timedelta(days=2, seconds=1), uploaded)
    assert arrived_late(datetime(1, 1, 1, 12, tzinfo=UTC), uploaded)


@pytest.mark.parametrize(
    ("expires", "late", "due"),
    [
        (date(2027, 3, 3), False, date(2027, 3, 3)),  # on time: its expiry date
        (date(2027, 1, 5), True, date(2027, 1, 5)),  # late, but its date is after the grace
        (date(2026, 12, 6), True, date(2026, 12, 10)),  # late, its date within the grace
        (date(2019, 2, 1), True, date(2026, 12, 10)),  # expired on arrival: 7 days from arrival
        (date(2026, 12, 3), False, date(2026, 12, 10)),  # due the day it arrives: the grace too
    ],
)
def test_design_8_a_wrong_clock_does_not_delete_on_arrival_but_7_days_after(expires, late, due):
    assert first_due_on(expires, datetime(2026, 12, 3, 10, 15, tzinfo=UTC), late=late) == due


def test_the_arrival_grace_is_well_inside_the_lifecycle_backstop_which_counts_from_the_upload():
    assert timedelta(days=LIFECYCLE_BACKSTOP_DAYS) > ARRIVAL_GRACE
