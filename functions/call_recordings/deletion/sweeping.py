"""The daily retention sweep: delete every recording version due on or before today, unless held or
restricted (UK GDPR Art 18).

Due versions are found through the registry's ``by-due-date`` index, one partition per day, from the
last date swept completely (the checkpoint) to today: never by listing the bucket. The checkpoint
moves to today only when every due version was dealt with (deleted, held, restricted, already
deleted, or no longer due), so a sweep that failed part way is finished by the next run, and a sweep run twice
changes nothing the first did not. The checkpoint's own day is looked up again: a version whose last
hold was released after that day's sweep falls due that same day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from call_recordings.deletion.deleting import delete_recording_versions
from call_recordings.deletion.errors import SweepDateBeforeCheckpoint
from call_recordings.deletion.records import DeletionOrder, DueVersion, SweepReport
from call_recordings.deletion.vocabulary import RETENTION_RULE, RETENTION_SWEEPER, DeletedBecause

if TYPE_CHECKING:
    from call_recordings.deletion.dependencies import SweeperDependencies

# With no checkpoint yet (the stack's first sweep, or a first sweep well after deployment), versions
# may have fallen due on any day since the stack began registering recordings: look back a year,
# one index query a day, once. Every later sweep starts from its checkpoint.
FIRST_SWEEP_LOOKBACK = timedelta(days=366)


def days_to_sweep(today: date, checkpoint: date | None) -> list[date]:
    """From the checkpoint (or, on the very first sweep, ``FIRST_SWEEP_LOOKBACK`` before today) to
    today, both included. A date before the checkpoint is refused: it would leave recordings due
    between them unswept and say it had not."""
    if checkpoint is not None and today < checkpoint:
        raise SweepDateBeforeCheckpoint(today, checkpoint)
    first = checkpoint or today - FIRST_SWEEP_LOOKBACK
    return [first + timedelta(days=offset) for offset in range((today - first).days + 1)]


def sweep_order(today: date) -> DeletionOrder:
    return DeletionOrder(
        because=DeletedBecause.RETENTION_PERIOD_ENDED,
        who=RETENTION_SWEEPER,
        why={"rule": RETENTION_RULE},
        deleted_on=today,
        due_by=today,
    )


def sweep_due_recordings(today: date, deps: SweeperDependencies) -> SweepReport:
    """Delete what is due by ``today``; the checkpoint moves to ``today`` only if the sweep completed."""
    days = days_to_sweep(today, deps.checkpoint.last_swept())
    due = list(_distinct(version for day in days for version in deps.deletion.registry.due_on(day)))
    outcomes = delete_recording_versions(due, sweep_order(today), deps.deletion)
    report = SweepReport(swept_on=today, first_day=days[0], outcomes=tuple(outcomes))
    if report.completed:
        deps.checkpoint.advance(today, at=deps.deletion.clock())
    return report


def _distinct(versions: Iterator[DueVersion]) -> Iterator[DueVersion]:
    seen: set[tuple[str, str]] = set()
    for version in versions:
        if version.key not in seen:
            seen.add(version.key)
            yield version
