"""The statutory clock of every rights request (access, erasure, restriction, objection, rectification),
as UK GDPR Art 12 and 12A (as amended by the Data (Use and Access) Act 2025) and the ICO guidance set
it out. See DESIGN.md section 6.

- Art 12(3): a request is answered within one month of receipt. ICO: the month runs from the day of
  receipt (a working day or not) to the corresponding date next month; where there is none, the last
  day of that month (30 January -> 28 February; 31 March -> 30 April), as ``relativedelta`` computes;
  a due date on a weekend or an England & Wales bank holiday moves to the next working day.
- Art 12(3A) and ICO: where the council needs to confirm who is asking, the month starts when proof
  of identity arrives (``identity_verified_on``).
- Art 12A (in force 5 February 2026), stop the clock: "the period beginning with the day on which the
  controller makes the request [for clarification] and ending with the day on which the controller
  receives the information" does not count. Both days are excluded: asked on 5 June and answered on
  12 June, 8 days do not count. There may be several such periods.
- Art 12(3) and DPA 2018 s.54(3B): the month may be extended by two further months, once, for complex
  or numerous requests, with reasons, only if the requester is told within the first month. An
  extension recorded, or told, after the original due date is refused.

Pure domain code: no AWS, no environment. "Today" is always passed in by the caller.
"""

from collections.abc import Container
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from dateutil.relativedelta import relativedelta

RESPONSE_MONTHS = 1
EXTENDED_RESPONSE_MONTHS = 3  # the month, and two further months (Art 12(3))

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


class ClockError(ValueError):
    """A change to a request's clock that the law, or the order of events, does not allow."""


# The SAR clock's name before the clock served every right; the API maps either.
SarClockError = ClockError


class ReceivedInFuture(ClockError):
    def __init__(self, received_on: date, today: date) -> None:
        super().__init__(f"a request cannot be received on {received_on}, after today ({today})")


class StartedBeforeReceived(ClockError):
    def __init__(self, started_on: date, received_on: date) -> None:
        super().__init__(
            f"the clock cannot start on {started_on}, before the request was received on {received_on}"
        )


class AlreadyExtended(ClockError):
    def __init__(self) -> None:
        super().__init__("the time to respond has already been extended; it can be extended only once")


class ExtensionNeedsReason(ClockError):
    def __init__(self) -> None:
        super().__init__("an extension needs a reason, which the requester must be told")


class ExtensionTooLate(ClockError):
    """Art 12(3), DPA 2018 s.54(3B): the requester must be told of an extension within the first month."""

    def __init__(self, original_due_on: date, late_on: date, what: str) -> None:
        self.original_due_on = original_due_on
        super().__init__(
            f"the time to respond can no longer be extended: the requester must be told within the "
            f"original one-month period, which ended on {original_due_on}, and {what} is {late_on}"
        )


class ToldBeforeReceived(ClockError):
    def __init__(self, told_on: date, received_on: date) -> None:
        super().__init__(
            f"the requester cannot have been told of an extension on {told_on}, before the request "
            f"was received on {received_on}"
        )


class AlreadyPaused(ClockError):
    def __init__(self, paused_on: date) -> None:
        super().__init__(f"the clock is already paused, since {paused_on}")


class NotPaused(ClockError):
    def __init__(self) -> None:
        super().__init__("the clock is not paused, so it cannot be resumed")


class PausedBeforeStart(ClockError):
    def __init__(self, on: date, started_on: date) -> None:
        super().__init__(f"the clock cannot be paused on {on}, before it started on {started_on}")


class PausedAfterDue(ClockError):
    """Art 12A stops a clock that is running: a request already overdue cannot be made not overdue by
    asking for clarification or proof of identity after its due date."""

    def __init__(self, on: date, due_on: date) -> None:
        self.due_on = due_on
        super().__init__(
            f"the clock cannot be paused on {on}: the response was due on {due_on}, and asking the "
            "requester for anything after that does not stop a clock that has already run out"
        )


class PausedBeforeLastAnswer(ClockError):
    def __init__(self, on: date, answered_on: date) -> None:
        super().__init__(
            f"the clock cannot be paused on {on}: an earlier pause ended on {answered_on}, and paused "
            "periods cannot overlap"
        )


class ResumedBeforePaused(ClockError):
    def __init__(self, on: date, paused_on: date) -> None:
        super().__init__(f"the clock cannot be resumed on {on}, before it was paused on {paused_on}")


def check_received_on(received_on: date, today: date) -> date:
    """Return ``received_on`` if it is today or earlier; raise ``ReceivedInFuture`` otherwise."""
    if received_on > today:
        raise ReceivedInFuture(received_on, today)
    return received_on


@cache
def _bank_holidays(year: int) -> Container[date]:
    """England & Wales bank holidays of one year (substitute days included). The library is imported on
    first use: its country tables take a tenth of a cold start that most routes do not need."""
    import holidays

    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not an England & Wales bank holiday."""
    return day.weekday() < _SATURDAY and day not in _bank_holidays(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier.

    From Friday to the next Monday is 1; from a day to itself is 0; from Monday back to the Friday
    before is -1 (the Monday is counted as the one working day between them).
    """
    if end < start:
        return -working_days_between(end, start)
    return sum(is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


def working_days_left(today: date, due_on: date) -> int:
    """Working days from ``today`` to ``due_on``, negative exactly when ``today`` is after ``due_on``.

    0 on the due date, 1 on the working day before it (and on the weekend before a Monday due date).
    Once overdue, minus the working days since the due date, and at least 1: the Saturday after a
    Friday due date is -1, so "overdue" and "working days left" never disagree on any day of the week.
    """
    if today <= due_on:
        return working_days_between(today, due_on)
    return -max(1, working_days_between(due_on, today))


def _months_on(start: date, months: int, days_excluded: int = 0) -> date:
    return next_working_day(start + relativedelta(months=months) + timedelta(days=days_excluded))


def due_date(received_on: date) -> date:
    """When a response to a request received (or started) on ``received_on`` is due."""
    return _months_on(received_on, RESPONSE_MONTHS)


def extended_due_date(started_on: date) -> date:
    """When a response is due once extended: three calendar months from the original start."""
    return _months_on(started_on, EXTENDED_RESPONSE_MONTHS)


class PauseReason(StrEnum):
    """Why the council waits for the requester, which decides what resuming does to the clock."""

    IDENTITY = "identity"  # proof of identity asked for: the month starts when it arrives (Art 12(3A))
    CLARIFICATION = "clarification"  # Art 12A: the clock stops, both end days excluded, then goes on


@dataclass(frozen=True)
class Pause:
    """One period the council waited for the requester: from the day it asked to the day it received
    the answer (``answered_on`` None while it still waits)."""

    asked_on: date
    reason: PauseReason = PauseReason.CLARIFICATION
    answered_on: date | None = None

    def days_excluded(self, today: date | None = None) -> int:
        """Art 12A: the days from the day asked to the day answered, both included (to ``today`` while
        waiting); an identity pause excludes nothing (the clock starts afresh when proof arrives)."""
        if self.reason is not PauseReason.CLARIFICATION:
            return 0
        end = self.answered_on or today
        if end is None:
            return 0
        return (end - self.asked_on).days + 1


@dataclass(frozen=True)
class Extension:
    """Art 12(3): two further months, with the reasons the requester was told on ``requester_told_on``."""

    reason: str
    requester_told_on: date


@dataclass(frozen=True)
class RightsClock:
    """The clock of one rights request. Each change returns a new clock; the clock itself never changes.

    ``identity_verified_on`` is the day proof of identity arrived, when it was asked for; the month
    runs from it (or from receipt). ``pauses`` are the periods waited for the requester, the last of
    which may still be open. While paused, the clock reads the day before the pause began (the day the
    council asked does not count, Art 12A), so the days left stay as they were when it stopped.
    """

    received_on: date
    identity_verified_on: date | None = None
    pauses: tuple[Pause, ...] = ()
    extension: Extension | None = None

    def __post_init__(self) -> None:
        if self.identity_verified_on is not None and self.identity_verified_on < self.received_on:
            raise StartedBeforeReceived(self.identity_verified_on, self.received_on)

    @property
    def started_on(self) -> date:
        return self.identity_verified_on or self.received_on

    @property
    def open_pause(self) -> Pause | None:
        if self.pauses and self.pauses[-1].answered_on is None:
            return self.pauses[-1]
        return None

    @property
    def is_paused(self) -> bool:
        return self.open_pause is not None

    @property
    def extended(self) -> bool:
        return self.extension is not None

    @property
    def days_excluded(self) -> int:
        """Calendar days of the finished clarification periods since the clock started (Art 12A)."""
        return sum(pause.days_excluded() for pause in self._counted_pauses() if pause.answered_on)

    @property
    def original_due_on(self) -> date:
        """The end of the one-month period, finished pauses excluded: an extension must be told by then."""
        return _months_on(self.started_on, RESPONSE_MONTHS, self.days_excluded)

    @property
    def due_on(self) -> date:
        """The start plus one month (three if extended), plus the days excluded, on a working day.

        While a clarification pause is open its days are not yet known: the due date moves on when the
        answer arrives (``due_on_if_answered``)."""
        months = EXTENDED_RESPONSE_MONTHS if self.extended else RESPONSE_MONTHS
        return _months_on(self.started_on, months, self.days_excluded)

    def due_on_if_answered(self, on: date) -> date:
        """The due date if the requester's answer to the open pause arrived on ``on``."""
        pause = self.open_pause
        return self.resume(on).due_on if pause is not None and on >= pause.asked_on else self.due_on

    def extend(self, reason: str, *, requester_told_on: date, today: date) -> "RightsClock":
        """Two further months, once, with reasons told to the requester within the first month."""
        if self.extension is not None:
            raise AlreadyExtended()
        if not reason or not reason.strip():
            raise ExtensionNeedsReason()
        if requester_told_on < self.received_on:
            raise ToldBeforeReceived(requester_told_on, self.received_on)
        original_due_on = self.due_on_if_answered(today) if self.is_paused else self.original_due_on
        if today > original_due_on:
            raise ExtensionTooLate(original_due_on, today, "today")
        if requester_told_on > original_due_on:
            raise ExtensionTooLate(original_due_on, requester_told_on, "the day the requester was told")
        return replace(self, extension=Extension(reason.strip(), requester_told_on))

    def pause(self, on: date, reason: PauseReason = PauseReason.CLARIFICATION) -> "RightsClock":
        open_pause = self.open_pause
        if open_pause is not None:
            raise AlreadyPaused(open_pause.asked_on)
        if on < self.started_on:
            raise PausedBeforeStart(on, self.started_on)
        if self.pauses and self.pauses[-1].answered_on is not None and on <= self.pauses[-1].answered_on:
            raise PausedBeforeLastAnswer(on, self.pauses[-1].answered_on)
        if on > self.due_on:
            raise PausedAfterDue(on, self.due_on)
        return replace(self, pauses=(*self.pauses, Pause(asked_on=on, reason=reason)))

    def resume(self, on: date) -> "RightsClock":
        """The answer arrived on ``on``: after a clarification the clock goes on with the period excluded;
        after proof of identity the month starts afresh on ``on`` (ICO) and earlier pauses stop counting."""
        pause = self.open_pause
        if pause is None:
            raise NotPaused()
        if on < pause.asked_on:
            raise ResumedBeforePaused(on, pause.asked_on)
        answered = replace(pause, answered_on=on)
        resumed = replace(self, pauses=(*self.pauses[:-1], answered))
        if pause.reason is PauseReason.IDENTITY:
            return replace(resumed, identity_verified_on=on)
        return resumed

    def reading(self, today: date) -> date:
        """The day the clock reads: today, or while paused the day before the pause began (that day is
        excluded, Art 12A), or today when that is earlier."""
        pause = self.open_pause
        if pause is not None and pause.asked_on <= today:
            return min(today, pause.asked_on - _ONE_DAY)
        return today

    def is_overdue(self, today: date) -> bool:
        """True once the clock reads a day after the due date (a response on the due date is on time)."""
        return self.reading(today) > self.due_on

    def working_days_left(self, today: date) -> int:
        """Working days after the clock's reading up to and including the due date; negative exactly
        when overdue (see ``working_days_left``)."""
        return working_days_left(self.reading(today), self.due_on)

    def _counted_pauses(self) -> tuple[Pause, ...]:
        """Pauses from the start on: those before proof of identity arrived ended before the month began."""
        return tuple(pause for pause in self.pauses if pause.asked_on >= self.started_on)
