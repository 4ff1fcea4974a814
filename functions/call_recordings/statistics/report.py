"""GET /statistics: the month tables of a period, read from the registry one month at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from call_recordings.core.clock import utc_now
from call_recordings.core.retention import LONDON
from call_recordings.statistics.tables import (
    MonthTable,
    default_period,
    month_start,
    month_table,
    months_between,
)

if TYPE_CHECKING:
    from call_recordings.statistics.adapters.recordings_by_month import RecordingsByMonth


@dataclass(frozen=True)
class StatisticsDependencies:
    by_month: RecordingsByMonth  # anything with recorded_in(month) -> [{purpose, source, restrictions?}]
    clock: Callable[[], datetime] = utc_now


def period(first: str | None, last: str | None, *, now: datetime) -> tuple[str, str]:
    """The months asked for; by default the twelve months to the current London month, and a
    missing end is the current month, a missing start twelve months before the end."""
    _, default_last = default_period(now.astimezone(LONDON).date())
    last = last or default_last
    if first is None:
        first = default_period(month_start(last))[0]
    return first, last


def recording_statistics(
    first: str | None, last: str | None, *, deps: StatisticsDependencies
) -> tuple[str, str, list[MonthTable]]:
    """The period and its month tables (InvalidStatisticsPeriod for a bad one); one query per month."""
    first, last = period(first, last, now=deps.clock())
    return (
        first,
        last,
        [month_table(month, deps.by_month.recorded_in(month)) for month in months_between(first, last)],
    )
