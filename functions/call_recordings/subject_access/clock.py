"""The statutory clock for a subject access request (SAR), as the ICO guidance sets it out.

ICO, "Right of access: how long do we have to comply?":

- the time limit runs from the day the request (or the proof of identity asked for) is received,
  whether a working day or not, to the corresponding calendar date in the next month;
- where the next month has no corresponding date, the response is due on its last day
  (30 January -> 28 or 29 February; 31 March -> 30 April), as ``dateutil.relativedelta`` computes;
- where that date is a weekend or a bank holiday (England & Wales), it is due the next working day;
- a complex request may be extended, once and with a reason the requester is told, to three
  calendar months from the original start date;
- asking for clarification stops the clock: the due date moves by the calendar days the request
  waited for the requester's answer.

Pure domain code: no AWS, no environment. "Today" is always passed in by the caller.
"""

from collections.abc import Container
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from dateutil.relativedelta import relativedelta

RESPONSE_MONTHS = 1
EXTENDED_RESPONSE_MONTHS = 3

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


class SarClockError(ValueError):
    """A change to a SAR's clock that the ICO guidance, or the order of events, does not allow."""


class ReceivedInFuture(SarClockError):
    def __init__(self, received_on: date, today: date) -> None:
        super().__init__(f"a request cannot be received on {received_on}, after today ({today})")


class StartedBeforeReceived(SarClockError):
    def __init__(self, started_on: date, received_on: date) -> None:
        super().__init__(
            f"the clock cannot start on {started_on}, before the request was received on {received_on}"
        )


class AlreadyExtended(SarClockError):
    def __init__(self) -> None:
        super().__init__("the time to respond has already been extended; it can be extended only once")


class ExtensionNeedsReason(SarClockError):
    def __init__(self) -> None:
        super().__init__("an extension needs a reason, which the requester must be told")


class AlreadyPaused(SarClockError):
    def __init__(self, paused_on: date) -> None:
        super().__init__(f"the clock is already paused, since {paused_on}")


class NotPaused(SarClockError):
    def __init__(self) -> None:
        super().__init__("the clock is not paused, so it cannot be resumed")


class PausedBeforeStart(SarClockError):
    def __init__(self, on: date, started_on: date) -> None:
        super().__init__(f"the clock cannot be paused on {on}, before it started on {started_on}")


class ResumedBeforePaused(SarClockError):
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


def _months_on(start: date, months: int, days_paused: int = 0) -> date:
    return next_working_day(start + relativedelta(months=months) + timedelta(days=days_paused))


def due_date(received_on: date) -> date:
    """When a response to a request received (or started) on ``received_on`` is due."""
    return _months_on(received_on, RESPONSE_MONTHS)


def extended_due_date(started_on: date) -> date:
    """When a response is due once extended: three calendar months from the original start."""
    return _months_on(started_on, EXTENDED_RESPONSE_MONTHS)


@dataclass(frozen=True)
class SarClock:
    """The clock of one SAR. Each change returns a new clock; the clock itself never changes.

    ``started_on`` is the day identity was verified (or the request received, if no proof of
    identity was needed). While the clock is paused (``paused_on`` set) it reads the pause date
    rather than today, so the days left stay as they were when it stopped.
    """

    received_on: date
    started_on: date | None = None
    extended: bool = False
    extension_reason: str | None = None
    paused_on: date | None = None
    days_paused: int = 0

    def __post_init__(self) -> None:
        if self.started_on is None:
            object.__setattr__(self, "started_on", self.received_on)
        elif self.started_on < self.received_on:
            raise StartedBeforeReceived(self.started_on, self.received_on)

    @property
    def is_paused(self) -> bool:
        return self.paused_on is not None

    @property
    def due_on(self) -> date:
        """The start plus one month (three if extended), plus the days paused, on a working day."""
        months = EXTENDED_RESPONSE_MONTHS if self.extended else RESPONSE_MONTHS
        return _months_on(self._start, months, self.days_paused)

    def extend(self, reason: str) -> "SarClock":
        if self.extended:
            raise AlreadyExtended()
        if not reason or not reason.strip():
            raise ExtensionNeedsReason()
        return replace(self, extended=True, extension_reason=reason.strip())

    def pause(self, on: date) -> "SarClock":
        if self.paused_on is not None:
            raise AlreadyPaused(self.paused_on)
        if on < self._start:
            raise PausedBeforeStart(on, self._start)
        return replace(self, paused_on=on)

    def resume(self, on: date) -> "SarClock":
        if self.paused_on is None:
            raise NotPaused()
        if on < self.paused_on:
            raise ResumedBeforePaused(on, self.paused_on)
        return replace(self, paused_on=None, days_paused=self.days_paused + (on - self.paused_on).days)

    def is_overdue(self, today: date) -> bool:
        """True once the clock reads a day after the due date (a response on the due date is on time)."""
        return self._reading(today) > self.due_on

    def working_days_left(self, today: date) -> int:
        """Working days after the clock's reading up to and including the due date.

        1 on the working day before the due date, 0 on the due date itself, negative once overdue
        (-1 on the first working day after the due date).
        """
        return working_days_between(self._reading(today), self.due_on)

    @property
    def _start(self) -> date:
        assert self.started_on is not None  # set in __post_init__
        return self.started_on

    def _reading(self, today: date) -> date:
        if self.paused_on is not None and self.paused_on < today:
            return self.paused_on
        return today
