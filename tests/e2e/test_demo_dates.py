"""Issue 11: `make demo` tells the same story, and checks itself, whatever day it is run on.

The demo dates its samples from "now" and runs the daily jobs as of a later day, so each date below
is one the calendar makes hard: a month that has just begun, the year's last minute, a leap day,
the days the clocks change (at 01:00 UTC), and an evening when London is already on the next day.
Each run is the whole demo (every chapter checks itself and reports into `story.problems`)."""

import io
from datetime import UTC, datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta

from call_recordings.core.retention import LONDON, expires_on, parse_recorded_at
from infra.local.demo import CHAPTERS, default_as_of, run_demo
from infra.local.demo_jobs import large_case
from infra.local.samples import sample_month
from tests.e2e.conftest import free_port

HARD_DAYS = {
    "the 1st of a month, just after midnight": datetime(2027, 3, 1, 0, 5, tzinfo=UTC),
    "the 2nd of a month": datetime(2027, 3, 2, 9, 0, tzinfo=UTC),
    "31 December, a minute before midnight": datetime(2026, 12, 31, 23, 59, tzinfo=UTC),
    "29 February 2028, late evening": datetime(2028, 2, 29, 23, 30, tzinfo=UTC),
    "the clocks go forward (28 March 2027, 02:30 BST)": datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
    "the clocks go back (31 October 2027, the first 01:30 BST)": datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
    "1 June in UTC, already 2 June in London": datetime(2027, 6, 1, 23, 30, tzinfo=UTC),
}
# The large case (hundreds of uploads, two jobs) dates its recordings over the two days before now,
# whatever the day: it runs in `make demo` and in tests/e2e/test_local_stack.py, not on each of these days.
DATED_CHAPTERS = tuple(chapter for chapter in CHAPTERS if chapter is not large_case)


@pytest.mark.parametrize("now", HARD_DAYS.values(), ids=HARD_DAYS.keys())
def test_the_demo_passes_its_own_checks_on_a_hard_day(now, template_path, tmp_path, cold_ingest_function):
    out = io.StringIO()
    with time_machine.travel(now, tick=True):
        story = run_demo(
            free_port(), template_path, out, handler_log=tmp_path / "handlers.log", chapters=DATED_CHAPTERS
        )
    printed = out.getvalue()

    assert story.problems == [], printed
    assert story.as_of == default_as_of(now)
    # Every sample lies in last month (London), none had expired when it arrived, all have by AS_OF.
    month = sample_month(now)
    assert month == now.astimezone(LONDON).date().replace(day=1) - relativedelta(months=1)
    dated = [upload for upload in story.uploads if "recorded-at" in upload.metadata]
    assert len(dated) >= 12
    for upload in dated:
        recorded = parse_recorded_at(upload.metadata["recorded-at"]).astimezone(LONDON)
        assert (recorded.year, recorded.month) == (month.year, month.month), upload.description
        expiry = expires_on(recorded, now=now)
        assert now.astimezone(LONDON).date() < expiry < story.as_of, upload.description
    # The statistics chapter read that month, and it changed when a recording was restricted.
    assert f"GET /statistics for {month:%Y-%m}" in printed
    assert "7. The daily jobs run as of" in printed
