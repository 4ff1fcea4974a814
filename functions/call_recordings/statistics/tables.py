"""The published statistics: per London month of recording, how many recordings there were by
purpose and source, with totals by purpose, by source and for the month, small numbers suppressed.

What is counted: every registry item recorded in the month (``recorded_month``), including the
tombstones of deleted recordings (they are anonymous and still say a recording was made that month),
except restricted recordings (UK GDPR Art 18: kept, but out of routine use; ``routinely_usable``).
Nothing else of the item is read: the figures hold no personal data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from pydantic import Field

from call_recordings.core.models import BaseModel
from call_recordings.core.vocabulary import Purpose, Source
from call_recordings.restrictions.use import routinely_usable
from call_recordings.statistics.errors import InvalidStatisticsPeriod
from call_recordings.statistics.suppression import SMALLEST_PUBLISHED, SuppressedGrid, suppress

MAX_MONTHS = 24  # months in one request
DEFAULT_MONTHS = 12  # months shown when no start is given
# A month of this century (the API's dates are 2000-01-01 to 2099-12-31: dpo_api/inputs.py).
MONTH_PATTERN = r"^20[0-9]{2}-(0[1-9]|1[0-2])$"

PURPOSES = tuple(purpose.value for purpose in Purpose)
SOURCES = tuple(source.value for source in Source)

SUPPRESSION_RULE = (
    f"Counts from 1 to {SMALLEST_PUBLISHED - 1} are suppressed, cells and totals alike; so is any "
    "further figure that would let a suppressed one be worked out from the published figures "
    "(by subtraction from a total, or by combining rows and columns). A suppressed figure is shown "
    'as {"count": null, "suppressed": true}. Zero is published.'
)
EXCLUSIONS = (
    "Restricted recordings (UK GDPR Art 18) are not counted. Deleted recordings are counted in the "
    "month they were recorded."
)


class Figure(BaseModel):
    """One published count: the number, or null and ``suppressed: true``."""

    count: int | None = Field(description="The count; null when suppressed")
    suppressed: bool

    @classmethod
    def of(cls, grid: SuppressedGrid, row: int, column: int) -> Figure:
        published = grid.published(row, column)
        return cls(count=published, suppressed=published is None)


class MonthTable(BaseModel):
    """One month's counts by purpose x source, with totals by purpose, by source and for the month."""

    month: str = Field(pattern=MONTH_PATTERN, description="London month of recording, YYYY-MM")
    total: Figure
    by_purpose: dict[str, Figure]
    by_source: dict[str, Figure]
    by_purpose_and_source: dict[str, dict[str, Figure]] = Field(
        description="by_purpose_and_source[purpose][source]"
    )


def months_between(first: str, last: str) -> list[str]:
    """The months from ``first`` to ``last`` (``YYYY-MM``), both included; InvalidStatisticsPeriod if
    ``last`` is before ``first`` or the period is over MAX_MONTHS."""
    start, end = month_start(first), month_start(last)
    if end < start:
        raise InvalidStatisticsPeriod(f"to ({last}) is before from ({first})")
    span = (end.year - start.year) * 12 + end.month - start.month + 1
    if span > MAX_MONTHS:
        raise InvalidStatisticsPeriod(f"{span} months asked for; at most {MAX_MONTHS} at a time")
    return [f"{start + relativedelta(months=number):%Y-%m}" for number in range(span)]


def default_period(today: date) -> tuple[str, str]:
    """The last DEFAULT_MONTHS months to the current (London) month, both included."""
    current = today.replace(day=1)
    return f"{current - relativedelta(months=DEFAULT_MONTHS - 1):%Y-%m}", f"{current:%Y-%m}"


def month_table(month: str, versions: Iterable[Mapping[str, Any]]) -> MonthTable:
    """The month's table from its registry items (each with ``purpose``, ``source`` and perhaps
    ``restrictions``); a value outside the notice's vocabulary counts as ``unspecified``."""
    counted: Counter[tuple[str, str]] = Counter(
        (_known(version.get("purpose"), PURPOSES), _known(version.get("source"), SOURCES))
        for version in versions
        if routinely_usable(version)
    )
    grid = suppress([[counted[purpose, source] for source in SOURCES] for purpose in PURPOSES])
    last_row, last_column = len(PURPOSES), len(SOURCES)
    return MonthTable(
        month=month,
        total=Figure.of(grid, last_row, last_column),
        by_purpose={purpose: Figure.of(grid, row, last_column) for row, purpose in enumerate(PURPOSES)},
        by_source={source: Figure.of(grid, last_row, column) for column, source in enumerate(SOURCES)},
        by_purpose_and_source={
            purpose: {source: Figure.of(grid, row, column) for column, source in enumerate(SOURCES)}
            for row, purpose in enumerate(PURPOSES)
        },
    )


def _known(value: Any, vocabulary: tuple[str, ...]) -> str:
    return value if value in vocabulary else "unspecified"


def month_start(month: str) -> date:
    """The first day of a ``YYYY-MM`` month; InvalidStatisticsPeriod for anything else."""
    if not isinstance(month, str) or not re.fullmatch(MONTH_PATTERN, month):
        raise InvalidStatisticsPeriod(f"{str(month)[:16]!r} is not a month (YYYY-MM)")
    return date(int(month[:4]), int(month[5:]), 1)
