"""Published months: a month's statistics are released once, after the month has ended, and never
change (DESIGN section 10).

Why frozen: the figures are computed from the registry, which keeps changing after a month ends: a
recording is restricted (Art 18) and leaves the counts, one is re-purposed, one arrives late. If each
read computed the month again, two releases of November could read 9 and 8 in one cell, and the
difference would single out one restricted recording; and the current month, read every day, would
grow call by call. So a month is computed the first time it is asked for after it has ended (London
months), stored as it is published (suppressed figures only: never a count from 1 to 4), and every
later read returns that release. There is no second release of a month: a later change to a recording
of that month is simply not in the published figures.

Whoever stores a release first wins: the store is a write on the condition that the month has none
(``adapters/month_releases.py``), so two readers at once return the same release.
"""

from __future__ import annotations

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from pydantic import Field

from call_recordings.core.retention import LONDON
from call_recordings.statistics.errors import MonthNotPublished
from call_recordings.statistics.tables import MonthTable, month_start

# The method a release was computed by (what is counted, how small numbers are suppressed). A change of
# method takes a new number; months already published keep theirs, and their figures.
RELEASE_VERSION = 1

PUBLICATION = (
    "A month is published once it has ended (London time): its figures are computed the first time it "
    "is asked for after that and frozen. Later restrictions, erasures, re-purposing or late uploads do "
    "not change a published month; there is no second release of it. The current month is not published."
)


class MonthRelease(MonthTable):
    """One month's published table, as it was stored when first published."""

    published_at: datetime = Field(description="When the month's figures were computed and frozen (UTC)")
    version: int = Field(description="The method the figures were computed by (RELEASE_VERSION)")


def current_month(now: datetime) -> str:
    """The London month ``now`` falls in (``YYYY-MM``): the first month not yet published."""
    return f"{now.astimezone(LONDON):%Y-%m}"


def last_ended_month(now: datetime) -> str:
    """The latest London month that has ended: the latest one that can be published."""
    return f"{month_start(current_month(now)) - relativedelta(months=1):%Y-%m}"


def published_from(month: str) -> date:
    """The first day (London) a month's statistics can be published: the day after it ends."""
    return month_start(month) + relativedelta(months=1)


def refuse_unended(month: str, *, now: datetime) -> None:
    """MonthNotPublished for the current month or a later one, naming the day it will be published."""
    if month_start(month) >= month_start(current_month(now)):
        raise MonthNotPublished(month, published_from(month).isoformat())
