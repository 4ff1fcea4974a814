"""The daily comparison of the audit table with its archive.

Window, so that a run's cost does not grow with the trail: the entries of the last ``recent_days`` UTC
days (today included) are compared one by one, both ways: every entry in the table is archived with
the same attributes, and every archived entry is in the table with the same attributes. The
``counted_days`` days before those are compared by count (a Query with Select=COUNT on ``by-day``
against a listing of the day's prefix). Older entries are covered by the stream itself: a change or
removal of any entry, however old, is a MODIFY or REMOVE that the archiver archives and alarms on.

An entry younger than ``settling_time`` may not have travelled through the stream yet (nor an archived
one reached the table's day index); such an entry is counted as settling, not as a difference, and
tomorrow's run compares it. What a run found is logged (target, entry key, kind: no personal data), is
published as AuditArchiveDifferences (alarmed above 0), and is written to the trail as an entry of its
own (``audit-archive#<day>``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from call_recordings.audit_archive.entries import (
    EntryKey,
    archived_item,
    day_prefix,
    entry_key_of_object,
    same_item,
)
from call_recordings.core.audit_vocabulary import AuditAction, TargetKind, audit_target
from call_recordings.core.clock import utc_now

if TYPE_CHECKING:
    from call_recordings.audit_archive.adapters.archive_bucket import AuditArchiveBucket
    from call_recordings.audit_archive.adapters.audit_days import AuditDays
    from call_recordings.core.adapters.audit_trail import AuditTrail

WHO = "system:audit-verification"
RECENT_DAYS = 3
COUNTED_DAYS = 35
SETTLING_TIME = timedelta(minutes=15)
_LONG_AGO = datetime.min.replace(tzinfo=UTC)


class DifferenceKind(StrEnum):
    NOT_ARCHIVED = "not-archived"  # in the table, not in the archive
    NOT_IN_TABLE = "not-in-table"  # archived, no longer in the table (removed, or its day changed)
    CHANGED = "changed"  # in both, with different attributes
    COUNTS_DIFFER = "counts-differ"  # an older day holds more or fewer entries in one than the other


class Difference(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: DifferenceKind
    day: date
    target: str | None = None
    entry: str | None = None
    in_table: int | None = None  # for counts-differ
    in_archive: int | None = None


class VerificationReport(BaseModel):
    """What one run compared and found; no personal data (entry keys and counts only)."""

    model_config = ConfigDict(frozen=True)

    compared_from: date
    compared_to: date
    counted_from: date | None
    entries_compared: int
    entries_settling: int
    days_counted: int
    differences: list[Difference]


@dataclass(frozen=True)
class VerificationDependencies:
    table: AuditDays
    archive: AuditArchiveBucket
    audit: AuditTrail
    recent_days: int = RECENT_DAYS
    counted_days: int = COUNTED_DAYS
    settling_time: timedelta = SETTLING_TIME
    clock: Callable[[], datetime] = utc_now


def verification_target(day: date) -> str:
    """What a day's verification run is filed under in the trail: ``audit-archive#<day>``."""
    return audit_target(TargetKind.AUDIT_ARCHIVE, day.isoformat())


def verify_archive(deps: VerificationDependencies) -> VerificationReport:
    """One run, by the real clock (entries are stamped with it); its own audit entry written last."""
    now = deps.clock()
    today = now.date()
    settled_before = now - deps.settling_time
    recent = [today - timedelta(days=back) for back in range(deps.recent_days)]
    differences: list[Difference] = []
    compared = settling = 0
    for day in recent:
        found, day_compared, day_settling = _compare_day(deps, day, settled_before)
        differences += found
        compared += day_compared
        settling += day_settling
    counted = [
        today - timedelta(days=back) for back in range(deps.recent_days, deps.recent_days + deps.counted_days)
    ]
    for day in counted:
        in_table, in_archive = (
            deps.table.count_of(day),
            sum(1 for _ in deps.archive.keys_under(day_prefix(day))),
        )
        if in_table != in_archive:
            differences.append(
                Difference(
                    kind=DifferenceKind.COUNTS_DIFFER, day=day, in_table=in_table, in_archive=in_archive
                )
            )
    report = VerificationReport(
        compared_from=recent[-1],
        compared_to=today,
        counted_from=counted[-1] if counted else None,
        entries_compared=compared,
        entries_settling=settling,
        days_counted=len(counted),
        differences=differences,
    )
    deps.audit.record(
        who=WHO,
        action=AuditAction.AUDIT_ARCHIVE_VERIFIED,
        target=verification_target(today),
        at=now,
        why={"finding": "the audit trail matches its archive" if not differences else "differences found"},
        details={
            "compared_from": report.compared_from.isoformat(),
            "compared_to": report.compared_to.isoformat(),
            "entries_compared": compared,
            "entries_settling": settling,
            "days_counted": len(counted),
            "differences": len(differences),
        },
    )
    return report


def _compare_day(
    deps: VerificationDependencies, day: date, settled_before: datetime
) -> tuple[list[Difference], int, int]:
    """One day's entries both ways: its differences, how many entries were compared, how many settle."""
    in_table = {EntryKey.of(item): item for item in deps.table.items_of(day)}
    archived = {entry_key_of_object(key): key for key in deps.archive.keys_under(day_prefix(day))}
    differences, compared, settling = [], 0, 0
    for key in sorted(in_table.keys() | archived.keys(), key=lambda each: (each.entry, each.target)):
        if key not in archived or key not in in_table:
            if _written_at(key) >= settled_before:
                settling += 1
                continue
            kind = DifferenceKind.NOT_ARCHIVED if key not in archived else DifferenceKind.NOT_IN_TABLE
            differences.append(Difference(kind=kind, day=day, target=key.target, entry=key.entry))
            continue
        compared += 1
        if not same_item(archived_item(deps.archive.read(archived[key])), in_table[key]):
            differences.append(
                Difference(kind=DifferenceKind.CHANGED, day=day, target=key.target, entry=key.entry)
            )
    return differences, compared, settling


def _written_at(key: EntryKey) -> datetime:
    """When an entry was written, from its key ("<ISO time, UTC>#<uuid4>"); a key that is not one of
    ours is taken as old, so it is reported rather than left to settle."""
    try:
        written = datetime.fromisoformat(key.entry.split("#", 1)[0])
    except ValueError:
        written = None
    return written if written is not None and written.tzinfo is not None else _LONG_AGO
