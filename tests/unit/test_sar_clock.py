"""The SAR clock against the ICO's guidance "Right of access: how long do we have to comply?".

Bank holidays are England & Wales, as the ``holidays`` package (GB, subdivision ENG) lists them;
the holidays each test relies on are asserted in the test so a wrong calendar fails loudly.
"""

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from call_recordings.subject_access.clock import (
    AlreadyExtended,
    AlreadyPaused,
    ExtensionNeedsReason,
    NotPaused,
    PausedBeforeStart,
    ReceivedInFuture,
    ResumedBeforePaused,
    SarClock,
    SarClockError,
    StartedBeforeReceived,
    check_received_on,
    due_date,
    extended_due_date,
    is_working_day,
    working_days_between,
)

# --- ICO worked examples: the corresponding date next month, or its last day -------------------


def test_ico_request_received_on_3_september_is_due_3_october():
    """ICO: "an organisation receives a request on 3 September. The time limit will start from
    the same day. This gives the organisation until 3 October to comply" (3 October 2025 is a Friday)."""
    assert due_date(date(2025, 9, 3)) == date(2025, 10, 3)


def test_ico_received_30_march_due_30_april():
    """ICO: received 30 March, due 30 April (Thursday in 2026)."""
    assert due_date(date(2026, 3, 30)) == date(2026, 4, 30)


def test_ico_received_31_march_due_30_april_because_april_has_no_31st():
    """ICO: where there is no corresponding date, the last day of the following month."""
    assert due_date(date(2026, 3, 31)) == date(2026, 4, 30)


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        pytest.param(date(2025, 1, 31), date(2025, 2, 28), id="2025-not-a-leap-year"),
        pytest.param(date(2024, 1, 31), date(2024, 2, 29), id="2024-leap-year"),
        pytest.param(date(2028, 1, 31), date(2028, 2, 29), id="2028-leap-year"),
        pytest.param(date(2025, 1, 30), date(2025, 2, 28), id="30-january-also-to-28-february"),
    ],
)
def test_ico_received_31_january_due_28_february_or_29_february_in_a_leap_year(received_on, expected):
    """ICO: received 31 January -> 28 February, or 29 February in a leap year (all weekdays here)."""
    assert due_date(received_on) == expected


def test_received_29_february_is_due_29_march():
    assert due_date(date(2028, 2, 29)) == date(2028, 3, 29)


def test_received_29_february_2024_due_on_good_friday_moves_past_easter_monday():
    """29 March 2024 was Good Friday and 1 April 2024 Easter Monday: due Tuesday 2 April."""
    assert not is_working_day(date(2024, 3, 29))
    assert not is_working_day(date(2024, 4, 1))
    assert due_date(date(2024, 2, 29)) == date(2024, 4, 2)


def test_the_day_of_receipt_counts_even_when_it_is_not_a_working_day():
    """ICO: the time limit runs from the day of receipt "whether it is a working day or not"."""
    received_on = date(2026, 7, 4)
    assert received_on.weekday() == 5  # a Saturday
    assert due_date(received_on) == date(2026, 8, 4)


# --- Weekends and bank holidays: the next working day ------------------------------------------


def test_due_date_on_a_saturday_moves_to_monday():
    assert date(2025, 10, 4).weekday() == 5
    assert due_date(date(2025, 9, 4)) == date(2025, 10, 6)


def test_due_date_on_a_sunday_moves_to_monday():
    assert date(2025, 10, 5).weekday() == 6
    assert due_date(date(2025, 9, 5)) == date(2025, 10, 6)


def test_due_on_christmas_day_2026_moves_past_the_substitute_boxing_day_to_29_december():
    """25 Dec 2026 is a Friday (Christmas), 26-27 the weekend, Monday 28 the substitute Boxing Day."""
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))
    assert due_date(date(2026, 11, 25)) == date(2026, 12, 29)


def test_due_on_christmas_day_2027_a_saturday_moves_past_both_substitute_days():
    """2027: Christmas Saturday, Boxing Day Sunday, substitutes Monday 27 and Tuesday 28 December."""
    assert not is_working_day(date(2027, 12, 27))
    assert not is_working_day(date(2027, 12, 28))
    assert due_date(date(2027, 11, 25)) == date(2027, 12, 29)


def test_due_on_good_friday_2027_moves_past_easter_monday():
    """Good Friday 26 March 2027, Easter Monday 29 March 2027: due Tuesday 30 March."""
    assert not is_working_day(date(2027, 3, 26))
    assert not is_working_day(date(2027, 3, 29))
    assert due_date(date(2027, 2, 26)) == date(2027, 3, 30)


def test_due_on_easter_monday_2026_moves_to_tuesday():
    assert not is_working_day(date(2026, 4, 6))
    assert due_date(date(2026, 3, 6)) == date(2026, 4, 7)


def test_due_on_the_early_may_bank_holiday_moves_to_tuesday():
    """Early May bank holiday: Monday 4 May 2026."""
    assert not is_working_day(date(2026, 5, 4))
    assert due_date(date(2026, 4, 4)) == date(2026, 5, 5)


def test_due_on_new_years_day_substitute_2028_moves_to_tuesday():
    """1 January 2028 is a Saturday; Monday 3 January 2028 is the substitute bank holiday."""
    assert not is_working_day(date(2028, 1, 3))
    assert due_date(date(2027, 12, 1)) == date(2028, 1, 4)


def test_scottish_only_bank_holidays_do_not_move_the_due_date():
    """2 January is a bank holiday in Scotland, not in England & Wales (2026-01-02 is a Friday)."""
    assert is_working_day(date(2026, 1, 2))
    assert due_date(date(2025, 12, 2)) == date(2026, 1, 2)


# --- Extension to three months from the start ---------------------------------------------------


def test_extended_due_date_is_three_months_from_the_start_with_the_month_end_rule():
    assert extended_due_date(date(2025, 1, 31)) == date(2025, 4, 30)
    assert extended_due_date(date(2023, 11, 30)) == date(2024, 2, 29)


def test_extended_due_date_moves_to_the_next_working_day():
    """25 December 2026 (Friday) -> Tuesday 29 December, past the substitute Boxing Day."""
    assert extended_due_date(date(2026, 9, 25)) == date(2026, 12, 29)


def test_extending_a_clock_makes_it_due_three_months_from_the_original_start():
    """ICO: "calculate the extension as three months from the original start date"."""
    clock = SarClock(received_on=date(2026, 3, 10), started_on=date(2026, 3, 16))
    assert clock.due_on == date(2026, 4, 16)

    extended = clock.extend("Recordings held across three call centres")

    assert extended.due_on == date(2026, 6, 16)
    assert extended.extended
    assert extended.extension_reason == "Recordings held across three call centres"
    assert clock.due_on == date(2026, 4, 16)  # the original clock is unchanged


def test_extending_twice_is_refused():
    clock = SarClock(received_on=date(2026, 3, 10)).extend("complex")
    with pytest.raises(AlreadyExtended, match="only once"):
        clock.extend("still complex")


@pytest.mark.parametrize("reason", ["", "   "])
def test_extending_without_a_reason_is_refused(reason):
    with pytest.raises(ExtensionNeedsReason, match="reason"):
        SarClock(received_on=date(2026, 3, 10)).extend(reason)


# --- The start: identity verified ---------------------------------------------------------------


def test_the_clock_starts_on_receipt_unless_identity_is_verified_later():
    assert SarClock(received_on=date(2025, 9, 3)).started_on == date(2025, 9, 3)
    assert SarClock(received_on=date(2025, 9, 3)).due_on == date(2025, 10, 3)
    later = SarClock(received_on=date(2025, 9, 3), started_on=date(2025, 9, 8))
    assert later.due_on == date(2025, 10, 8)


def test_a_clock_cannot_start_before_the_request_was_received():
    with pytest.raises(StartedBeforeReceived):
        SarClock(received_on=date(2025, 9, 3), started_on=date(2025, 9, 2))


def test_a_request_received_in_the_future_is_refused():
    today = date(2026, 5, 1)
    assert check_received_on(today, today) == today
    assert check_received_on(date(2026, 4, 30), today) == date(2026, 4, 30)
    with pytest.raises(ReceivedInFuture, match="2026-05-02"):
        check_received_on(date(2026, 5, 2), today)


def test_every_clock_error_is_a_sar_clock_error_and_a_value_error():
    for error in (
        ReceivedInFuture(date(2026, 5, 2), date(2026, 5, 1)),
        StartedBeforeReceived(date(2025, 9, 2), date(2025, 9, 3)),
        AlreadyExtended(),
        ExtensionNeedsReason(),
        AlreadyPaused(date(2026, 5, 1)),
        NotPaused(),
        PausedBeforeStart(date(2026, 5, 1), date(2026, 5, 2)),
        ResumedBeforePaused(date(2026, 5, 1), date(2026, 5, 2)),
    ):
        assert isinstance(error, SarClockError)
        assert isinstance(error, ValueError)
        assert str(error)


def test_a_clock_cannot_be_changed_in_place():
    clock = SarClock(received_on=date(2025, 9, 3))
    with pytest.raises(FrozenInstanceError):
        clock.extended = True  # type: ignore[misc]


# --- Pause and resume for clarification ---------------------------------------------------------


def test_resuming_moves_the_due_date_by_the_calendar_days_paused():
    clock = SarClock(received_on=date(2025, 9, 3))
    paused = clock.pause(date(2025, 9, 10))
    assert paused.is_paused

    resumed = paused.resume(date(2025, 9, 17))

    assert not resumed.is_paused
    assert resumed.days_paused == 7
    assert resumed.due_on == date(2025, 10, 10)


def test_a_pause_across_easter_counts_calendar_days_not_working_days():
    """Paused Thursday 2 April 2026, resumed Tuesday 7 April, over Good Friday and Easter Monday."""
    clock = SarClock(received_on=date(2026, 4, 1))
    assert clock.due_on == date(2026, 5, 1)

    resumed = clock.pause(date(2026, 4, 2)).resume(date(2026, 4, 7))

    assert resumed.days_paused == 5
    assert resumed.due_on == date(2026, 5, 6)


def test_a_pause_that_moves_the_due_date_onto_a_bank_holiday_moves_it_again():
    """Due Wednesday 20 May 2026; paused 5 days -> Monday 25 May, the Spring bank holiday -> 26 May."""
    clock = SarClock(received_on=date(2026, 4, 20))
    assert clock.due_on == date(2026, 5, 20)
    assert not is_working_day(date(2026, 5, 25))

    resumed = clock.pause(date(2026, 4, 27)).resume(date(2026, 5, 2))

    assert resumed.due_on == date(2026, 5, 26)


def test_a_pause_is_counted_from_the_unmoved_due_date():
    """Due 4 October 2025 (Saturday) shown as Monday 6; a 1-day pause makes it Sunday 5 -> Monday 6."""
    clock = SarClock(received_on=date(2025, 9, 4))
    resumed = clock.pause(date(2025, 9, 5)).resume(date(2025, 9, 6))
    assert resumed.due_on == date(2025, 10, 6)


def test_pauses_add_up_and_work_with_an_extension():
    clock = SarClock(received_on=date(2025, 1, 31))
    clock = clock.pause(date(2025, 2, 3)).resume(date(2025, 2, 5))
    clock = clock.pause(date(2025, 2, 10)).resume(date(2025, 2, 11))
    assert clock.days_paused == 3
    assert clock.due_on == date(2025, 3, 3)  # 28 Feb + 3 = Monday 3 March

    assert clock.extend("complex").due_on == date(2025, 5, 6)  # 30 Apr + 3 = 3 May (Sat); 5 May bank holiday


def test_resuming_on_the_day_of_the_pause_does_not_move_the_due_date():
    clock = SarClock(received_on=date(2025, 9, 3))
    assert clock.pause(date(2025, 9, 10)).resume(date(2025, 9, 10)).due_on == date(2025, 10, 3)


def test_resuming_a_clock_that_is_not_paused_is_refused():
    with pytest.raises(NotPaused, match="not paused"):
        SarClock(received_on=date(2025, 9, 3)).resume(date(2025, 9, 10))


def test_pausing_a_paused_clock_is_refused():
    paused = SarClock(received_on=date(2025, 9, 3)).pause(date(2025, 9, 10))
    with pytest.raises(AlreadyPaused, match="2025-09-10"):
        paused.pause(date(2025, 9, 12))


def test_pausing_before_the_start_or_resuming_before_the_pause_is_refused():
    clock = SarClock(received_on=date(2025, 9, 3), started_on=date(2025, 9, 8))
    with pytest.raises(PausedBeforeStart):
        clock.pause(date(2025, 9, 5))
    with pytest.raises(ResumedBeforePaused):
        clock.pause(date(2025, 9, 10)).resume(date(2025, 9, 9))


# --- Overdue and working days left ---------------------------------------------------------------


def test_a_response_on_the_due_date_is_on_time_and_the_day_after_is_overdue():
    clock = SarClock(received_on=date(2025, 9, 3))  # due Friday 3 October 2025
    assert not clock.is_overdue(date(2025, 10, 2))
    assert not clock.is_overdue(date(2025, 10, 3))
    assert clock.is_overdue(date(2025, 10, 4))


@pytest.mark.parametrize(
    ("today", "left"),
    [
        pytest.param(date(2025, 9, 26), 5, id="friday-a-week-before"),
        pytest.param(date(2025, 9, 29), 4, id="monday-before"),
        pytest.param(date(2025, 10, 2), 1, id="day-before"),
        pytest.param(date(2025, 10, 3), 0, id="due-date"),
        pytest.param(date(2025, 10, 4), 0, id="saturday-after-overdue-but-no-working-day-lost"),
        pytest.param(date(2025, 10, 6), -1, id="monday-after"),
        pytest.param(date(2025, 10, 10), -5, id="a-week-late"),
    ],
)
def test_working_days_left_counts_working_days_after_today_up_to_the_due_date(today, left):
    clock = SarClock(received_on=date(2025, 9, 3))
    assert clock.working_days_left(today) == left


def test_working_days_left_skip_christmas_bank_holidays():
    """Due Tuesday 29 December 2026; from Tuesday 22: 23, 24 and 29 (25, 28 bank holidays)."""
    clock = SarClock(received_on=date(2026, 11, 25))
    assert clock.working_days_left(date(2026, 12, 22)) == 3


def test_a_paused_clock_stands_still():
    """While paused, the days left stay as they were on the pause date and it does not go overdue."""
    paused = SarClock(received_on=date(2025, 9, 3)).pause(date(2025, 9, 29))
    assert paused.working_days_left(date(2025, 10, 10)) == 4
    assert not paused.is_overdue(date(2025, 10, 10))

    resumed = paused.resume(date(2025, 10, 13))  # 14 days paused: due Friday 17 October
    assert resumed.due_on == date(2025, 10, 17)
    assert resumed.working_days_left(date(2025, 10, 13)) == 4


def test_working_days_between_is_antisymmetric_and_excludes_the_start():
    friday, monday = date(2025, 10, 3), date(2025, 10, 6)
    assert working_days_between(friday, monday) == 1
    assert working_days_between(monday, friday) == -1
    assert working_days_between(friday, friday) == 0
