"""The statutory clock of every rights request against UK GDPR Art 12 and 12A (as amended in 2026), DPA
2018 s.54(3B) and the ICO's guidance "Right of access: how long do we have to comply?".

Bank holidays are England & Wales, as the ``holidays`` package (GB, subdivision ENG) lists them;
the holidays each test relies on are asserted in the test so a wrong calendar fails loudly.
"""

from dataclasses import FrozenInstanceError
from datetime import date, timedelta

import pytest

from call_recordings.rights.clock import (
    AlreadyExtended,
    AlreadyPaused,
    ClockError,
    ExtensionNeedsReason,
    ExtensionTooLate,
    NotPaused,
    PausedAfterDue,
    PausedBeforeLastAnswer,
    PausedBeforeStart,
    PauseReason,
    ReceivedInFuture,
    ResumedBeforePaused,
    RightsClock,
    StartedBeforeReceived,
    ToldBeforeReceived,
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


def test_ico_extending_makes_it_due_three_months_from_the_original_start():
    """Art 12(3): "extended by two further months"; ICO: "calculate the extension as three months from
    the original start date"."""
    clock = RightsClock(received_on=date(2026, 3, 10), identity_verified_on=date(2026, 3, 16))
    assert clock.due_on == date(2026, 4, 16)

    extended = clock.extend(
        "Recordings held across three call centres",
        requester_told_on=date(2026, 3, 20),
        today=date(2026, 3, 20),
    )

    assert extended.due_on == date(2026, 6, 16)
    assert extended.extended
    assert extended.extension is not None
    assert extended.extension.reason == "Recordings held across three call centres"
    assert extended.extension.requester_told_on == date(2026, 3, 20)
    assert clock.due_on == date(2026, 4, 16)  # the original clock is unchanged


def test_art_12_3_extending_twice_is_refused():
    today = date(2026, 3, 12)
    clock = RightsClock(received_on=date(2026, 3, 10)).extend("complex", requester_told_on=today, today=today)
    with pytest.raises(AlreadyExtended, match="only once"):
        clock.extend("still complex", requester_told_on=today, today=today)


@pytest.mark.parametrize("reason", ["", "   "])
def test_art_12_3_extending_without_reasons_is_refused(reason):
    today = date(2026, 3, 12)
    with pytest.raises(ExtensionNeedsReason, match="reason"):
        RightsClock(received_on=date(2026, 3, 10)).extend(reason, requester_told_on=today, today=today)


def test_art_12_3_an_extension_after_the_original_due_date_is_refused_naming_it():
    """Issue 15: received 2026-01-01, due 2026-02-02 (1 February is a Sunday); extended on 2026-03-01 it
    would have become due 2026-04-01. The requester must be told within the first month (Art 12(3);
    DPA 2018 s.54(3B)): refused, naming the original due date, and the clock stays overdue."""
    clock = RightsClock(received_on=date(2026, 1, 1))
    assert clock.due_on == date(2026, 2, 2)

    with pytest.raises(ExtensionTooLate, match="2026-02-02") as refused:
        clock.extend("complex", requester_told_on=date(2026, 1, 20), today=date(2026, 3, 1))

    assert refused.value.original_due_on == date(2026, 2, 2)
    assert clock.is_overdue(date(2026, 3, 1))


def test_art_12_3_the_requester_told_after_the_original_due_date_is_refused():
    """Recorded in time, but the requester was told only after the month ended: too late all the same."""
    clock = RightsClock(received_on=date(2026, 1, 1))
    with pytest.raises(ExtensionTooLate, match="the day the requester was told is 2026-02-03"):
        clock.extend("complex", requester_told_on=date(2026, 2, 3), today=date(2026, 2, 2))


def test_art_12_3_an_extension_told_and_recorded_on_the_original_due_date_is_in_time():
    clock = RightsClock(received_on=date(2026, 1, 1))
    extended = clock.extend("complex", requester_told_on=date(2026, 2, 2), today=date(2026, 2, 2))
    assert extended.due_on == date(2026, 4, 1)


def test_the_requester_cannot_be_told_of_an_extension_before_the_request_arrived():
    with pytest.raises(ToldBeforeReceived):
        RightsClock(received_on=date(2026, 1, 5)).extend(
            "complex", requester_told_on=date(2026, 1, 4), today=date(2026, 1, 6)
        )


def test_art_12a_the_original_period_for_an_extension_counts_the_pauses():
    """A clarification pause moves the end of the first month, and so the last day to extend."""
    clock = RightsClock(received_on=date(2026, 6, 1)).pause(date(2026, 6, 5)).resume(date(2026, 6, 12))
    assert clock.original_due_on == date(2026, 7, 9)
    extended = clock.extend("complex", requester_told_on=date(2026, 7, 9), today=date(2026, 7, 9))
    assert extended.due_on == date(2026, 9, 9)  # 1 September + 8 days


# --- The start: identity verified ---------------------------------------------------------------


def test_ico_the_clock_starts_on_receipt_unless_identity_is_verified_later():
    assert RightsClock(received_on=date(2025, 9, 3)).started_on == date(2025, 9, 3)
    assert RightsClock(received_on=date(2025, 9, 3)).due_on == date(2025, 10, 3)
    later = RightsClock(received_on=date(2025, 9, 3), identity_verified_on=date(2025, 9, 8))
    assert later.due_on == date(2025, 10, 8)


def test_a_clock_cannot_start_before_the_request_was_received():
    with pytest.raises(StartedBeforeReceived):
        RightsClock(received_on=date(2025, 9, 3), identity_verified_on=date(2025, 9, 2))


def test_ico_waiting_for_proof_of_identity_restarts_the_month_when_it_arrives():
    """ICO: "the period for responding to the request begins when you receive the additional
    information". Pauses before the proof arrived no longer count."""
    clock = RightsClock(received_on=date(2026, 6, 1))
    waiting = clock.pause(date(2026, 6, 2), PauseReason.IDENTITY)
    assert waiting.is_paused
    assert not waiting.is_overdue(date(2026, 8, 1))  # nothing runs while the council waits

    verified = waiting.resume(date(2026, 6, 15))

    assert verified.identity_verified_on == date(2026, 6, 15)
    assert verified.days_excluded == 0
    assert verified.due_on == date(2026, 7, 15)


def test_a_request_received_in_the_future_is_refused():
    today = date(2026, 5, 1)
    assert check_received_on(today, today) == today
    assert check_received_on(date(2026, 4, 30), today) == date(2026, 4, 30)
    with pytest.raises(ReceivedInFuture, match="2026-05-02"):
        check_received_on(date(2026, 5, 2), today)


def test_every_clock_error_is_a_clock_error_and_a_value_error():
    for error in (
        ReceivedInFuture(date(2026, 5, 2), date(2026, 5, 1)),
        StartedBeforeReceived(date(2025, 9, 2), date(2025, 9, 3)),
        AlreadyExtended(),
        ExtensionNeedsReason(),
        ExtensionTooLate(date(2026, 2, 2), date(2026, 3, 1), "today"),
        ToldBeforeReceived(date(2026, 1, 4), date(2026, 1, 5)),
        AlreadyPaused(date(2026, 5, 1)),
        NotPaused(),
        PausedBeforeStart(date(2026, 5, 1), date(2026, 5, 2)),
        PausedAfterDue(date(2026, 5, 3), date(2026, 5, 2)),
        PausedBeforeLastAnswer(date(2026, 5, 3), date(2026, 5, 4)),
        ResumedBeforePaused(date(2026, 5, 1), date(2026, 5, 2)),
    ):
        assert isinstance(error, ClockError)
        assert isinstance(error, ValueError)
        assert str(error)


def test_a_clock_cannot_be_changed_in_place():
    clock = RightsClock(received_on=date(2025, 9, 3))
    with pytest.raises(FrozenInstanceError):
        clock.received_on = date(2025, 9, 4)  # type: ignore[misc]


# --- Stop the clock (Art 12A) ----------------------------------------------------------------------


def test_art_12a_stop_the_clock_excludes_the_day_asked_and_the_day_answered():
    """Issue 15's example: received 2026-06-01, clarification asked 2026-06-05 and answered 2026-06-12.
    Art 12A: "the period beginning with the day on which the controller makes the request and ending
    with the day on which the controller receives the information" does not count: 8 days, not 7."""
    clock = RightsClock(received_on=date(2026, 6, 1))
    assert clock.due_on == date(2026, 7, 1)

    resumed = clock.pause(date(2026, 6, 5)).resume(date(2026, 6, 12))

    assert resumed.pauses[-1].days_excluded() == 8
    assert resumed.days_excluded == 8
    assert resumed.due_on == date(2026, 7, 9)


def test_art_12a_an_answer_on_the_day_asked_still_excludes_that_day():
    clock = RightsClock(received_on=date(2025, 9, 3))
    assert clock.pause(date(2025, 9, 10)).resume(date(2025, 9, 10)).due_on == date(2025, 10, 6)  # 4 Oct Sat


def test_art_12a_a_pause_across_easter_counts_calendar_days_not_working_days():
    """Asked Thursday 2 April 2026, answered Tuesday 7 April, over Good Friday and Easter Monday: 6 days."""
    clock = RightsClock(received_on=date(2026, 4, 1))
    assert clock.due_on == date(2026, 5, 1)

    resumed = clock.pause(date(2026, 4, 2)).resume(date(2026, 4, 7))

    assert resumed.days_excluded == 6
    assert resumed.due_on == date(2026, 5, 7)


def test_art_12a_a_pause_that_moves_the_due_date_onto_a_bank_holiday_moves_it_again():
    """Due Wednesday 20 May 2026; 4 days excluded -> Sunday 24 May, then the Spring bank holiday -> 26."""
    clock = RightsClock(received_on=date(2026, 4, 20))
    assert clock.due_on == date(2026, 5, 20)
    assert not is_working_day(date(2026, 5, 25))

    resumed = clock.pause(date(2026, 4, 27)).resume(date(2026, 4, 30))

    assert resumed.due_on == date(2026, 5, 26)


def test_art_12a_pauses_add_up_and_work_with_an_extension():
    clock = RightsClock(received_on=date(2025, 1, 31))
    clock = clock.pause(date(2025, 2, 3)).resume(date(2025, 2, 5))  # 3 days
    clock = clock.pause(date(2025, 2, 10)).resume(date(2025, 2, 11))  # 2 days
    assert clock.days_excluded == 5
    assert clock.due_on == date(2025, 3, 5)  # 28 Feb + 5

    extended = clock.extend("complex", requester_told_on=date(2025, 2, 20), today=date(2025, 2, 20))
    assert extended.due_on == date(2025, 5, 6)  # 30 Apr + 5 = 5 May, the Early May bank holiday


def test_resuming_a_clock_that_is_not_paused_is_refused():
    with pytest.raises(NotPaused, match="not paused"):
        RightsClock(received_on=date(2025, 9, 3)).resume(date(2025, 9, 10))


def test_pausing_a_paused_clock_is_refused():
    paused = RightsClock(received_on=date(2025, 9, 3)).pause(date(2025, 9, 10))
    with pytest.raises(AlreadyPaused, match="2025-09-10"):
        paused.pause(date(2025, 9, 12))


def test_pausing_before_the_start_or_resuming_before_the_pause_is_refused():
    clock = RightsClock(received_on=date(2025, 9, 3), identity_verified_on=date(2025, 9, 8))
    with pytest.raises(PausedBeforeStart):
        clock.pause(date(2025, 9, 5))
    with pytest.raises(ResumedBeforePaused):
        clock.pause(date(2025, 9, 10)).resume(date(2025, 9, 9))


def test_art_12a_paused_periods_cannot_overlap():
    """The day an answer arrived is already excluded: a new pause starts on a later day."""
    clock = RightsClock(received_on=date(2025, 9, 3)).pause(date(2025, 9, 10)).resume(date(2025, 9, 12))
    with pytest.raises(PausedBeforeLastAnswer):
        clock.pause(date(2025, 9, 12))
    assert clock.pause(date(2025, 9, 13)).resume(date(2025, 9, 13)).days_excluded == 4


def test_art_12a_a_clock_that_has_run_out_cannot_be_stopped():
    """Stopping the clock after the due date would make an overdue request not overdue."""
    clock = RightsClock(received_on=date(2025, 9, 3))  # due Friday 3 October 2025
    assert clock.pause(date(2025, 10, 3)).is_paused
    with pytest.raises(PausedAfterDue, match="2025-10-03"):
        clock.pause(date(2025, 10, 4))
    with pytest.raises(PausedAfterDue):
        clock.pause(date(2025, 10, 6), PauseReason.IDENTITY)


# --- Overdue and working days left ---------------------------------------------------------------


def test_art_12_3_a_response_on_the_due_date_is_on_time_and_the_day_after_is_overdue():
    clock = RightsClock(received_on=date(2025, 9, 3))  # due Friday 3 October 2025
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
        pytest.param(date(2025, 10, 4), -1, id="saturday-after-is-overdue"),
        pytest.param(date(2025, 10, 5), -1, id="sunday-after-is-overdue"),
        pytest.param(date(2025, 10, 6), -1, id="monday-after"),
        pytest.param(date(2025, 10, 7), -2, id="tuesday-after"),
        pytest.param(date(2025, 10, 10), -5, id="a-week-late"),
    ],
)
def test_working_days_left_counts_working_days_after_today_up_to_the_due_date(today, left):
    clock = RightsClock(received_on=date(2025, 9, 3))
    assert clock.working_days_left(today) == left


def test_issue_15_overdue_and_working_days_left_agree_on_every_day_of_the_week():
    """Issue 15: on a Saturday a request due the Friday before showed overdue with 0 days left. For due
    dates on each working day of a year, every day from a month before to a month after: overdue
    exactly when the days left are negative, and 0 days left only on the due date."""
    for received_on in (date(2026, 1, 1) + timedelta(days=n) for n in range(0, 365, 3)):
        clock = RightsClock(received_on=received_on)
        for offset in range(-31, 32):
            today = clock.due_on + timedelta(days=offset)
            left = clock.working_days_left(today)
            assert clock.is_overdue(today) == (left < 0), (received_on, today, left)
            assert (left == 0) == (today == clock.due_on), (received_on, today, left)


def test_working_days_left_skip_christmas_bank_holidays():
    """Due Tuesday 29 December 2026; from Tuesday 22: 23, 24 and 29 (25, 28 bank holidays)."""
    clock = RightsClock(received_on=date(2026, 11, 25))
    assert clock.working_days_left(date(2026, 12, 22)) == 3


def test_art_12a_a_paused_clock_stands_still_from_the_day_before_it_was_asked():
    """While paused the clock reads the day before the council asked (that day does not count), so it
    does not go overdue and its days left stay as they were."""
    paused = RightsClock(received_on=date(2025, 9, 3)).pause(date(2025, 9, 29))  # due Friday 3 October
    assert paused.working_days_left(date(2025, 10, 10)) == 5  # as on Friday 26 September
    assert not paused.is_overdue(date(2025, 10, 10))
    assert paused.due_on_if_answered(date(2025, 10, 13)) == date(2025, 10, 20)  # 15 days: 18 Oct, Sat

    resumed = paused.resume(date(2025, 10, 13))
    assert resumed.due_on == date(2025, 10, 20)
    assert resumed.working_days_left(date(2025, 10, 14)) == 4


def test_working_days_between_is_antisymmetric_and_excludes_the_start():
    friday, monday = date(2025, 10, 3), date(2025, 10, 6)
    assert working_days_between(friday, monday) == 1
    assert working_days_between(monday, friday) == -1
    assert working_days_between(friday, friday) == 0
