"""GET /statistics: the published months of a period, each released once and then read as stored
(releases.py): a month asked for the first time since it ended is computed from the registry's
by-month index and stored; every later read returns the stored release."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from call_recordings.core.clock import utc_now
from call_recordings.statistics.releases import (
    RELEASE_VERSION,
    MonthRelease,
    last_ended_month,
    refuse_unended,
)
from call_recordings.statistics.tables import default_period, month_start, month_table, months_between

if TYPE_CHECKING:
    from call_recordings.statistics.adapters.month_releases import MonthReleases
    from call_recordings.statistics.adapters.recordings_by_month import RecordingsByMonth


@dataclass(frozen=True)
class StatisticsDependencies:
    by_month: RecordingsByMonth  # anything with recorded_in(month) -> [{purpose, source, restrictions?}]
    releases: (
        MonthReleases  # published(first, last) -> {month: MonthRelease}; publish(release) -> the stored one
    )
    clock: Callable[[], datetime] = utc_now


def period(first: str | None, last: str | None, *, now: datetime) -> tuple[str, str]:
    """The months asked for; by default the twelve months to the last month that has ended (London),
    a missing end is that month, a missing start eleven months before the end. MonthNotPublished if the
    period reaches the current month or beyond: those months are not published yet."""
    if first is not None and last is None:
        refuse_unended(first, now=now)
    last = last or last_ended_month(now)
    refuse_unended(last, now=now)
    if first is None:
        first = default_period(month_start(last))[0]
    return first, last


def recording_statistics(
    first: str | None, last: str | None, *, deps: StatisticsDependencies
) -> tuple[str, str, list[MonthRelease]]:
    """The period and its months as published (InvalidStatisticsPeriod for a bad period,
    MonthNotPublished for one that reaches the current month): one query for the months already
    published, and for each month not yet published, one query of the registry and one conditional
    write of its release."""
    now = deps.clock()
    first, last = period(first, last, now=now)
    months = months_between(first, last)
    published = deps.releases.published(first, last)
    return first, last, [published.get(month) or _publish(month, now=now, deps=deps) for month in months]


def _publish(month: str, *, now: datetime, deps: StatisticsDependencies) -> MonthRelease:
    """The month computed now and stored, or, if another reader stored it first, theirs."""
    table = month_table(month, deps.by_month.recorded_in(month))
    release = MonthRelease(**dict(table), published_at=now, version=RELEASE_VERSION)
    return deps.releases.publish(release)
