"""The SAR record and the daily reminder, as pure domain code (no AWS)."""

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from call_recordings.core.hold_selection import HoldSelection
from call_recordings.subject_access.records import (
    SarStatus,
    SubjectAccessRequest,
    is_sar_id,
    new_sar_id,
    sar_target,
)
from call_recordings.subject_access.reminders import sar_reminder

OPENED = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def _sar(received_on: date, status: SarStatus = SarStatus.OPEN, **fields) -> SubjectAccessRequest:
    sar = SubjectAccessRequest(
        sar_id=new_sar_id(OPENED),
        status=status,
        received_on=received_on,
        due_on=date(2000, 1, 1),
        selection=HoldSelection(by="subject", identifiers=("caller number",)),
        total=0,
        opened_by="arn:aws:sts::123456789012:assumed-role/DpoRole/jane.smith",
        opened_at=OPENED,
        **fields,
    )
    return sar.model_copy(update={"due_on": sar.clock().due_on})


def test_sar_ids_have_the_shape_of_hold_ids_with_an_s():
    sar_id = new_sar_id(OPENED)
    assert is_sar_id(sar_id) and sar_id.startswith("S-20261130-") and len(sar_id) == 21
    assert not is_sar_id("H-20261130-3F9A1C2B7D")
    assert sar_target(sar_id) == f"sar#{sar_id}"
    with pytest.raises(ValidationError):
        _sar(date(2026, 11, 2)).model_validate({**_sar(date(2026, 11, 2)).model_dump(), "sar_id": "S-1"})


def test_ico_the_record_rebuilds_its_clock_received_31_march_due_30_april():
    """ICO: received 31 March, no 31 April: due on the last day of April (Thursday 30 April 2026)."""
    sar = _sar(date(2026, 3, 31))
    assert sar.due_on == date(2026, 4, 30)
    assert sar.started_on == date(2026, 3, 31)
    assert not sar.is_overdue(date(2026, 4, 30))  # a response on the due date is on time
    assert sar.is_overdue(date(2026, 5, 1))
    assert sar.working_days_left(date(2026, 4, 29)) == 1


def test_identity_verified_later_starts_the_clock_then():
    sar = _sar(date(2026, 3, 30), identity_verified_on=date(2026, 4, 2))
    assert sar.started_on == date(2026, 4, 2)
    assert sar.due_on == date(2026, 5, 5)  # 2 May is a Saturday, 4 May the early May bank holiday


def test_a_closed_sar_is_never_overdue_and_has_no_days_left():
    closed = _sar(date(2026, 3, 31), SarStatus.CLOSED)
    assert not closed.is_overdue(date(2026, 12, 1))
    assert closed.working_days_left(date(2026, 12, 1)) is None


def test_the_reminder_sorts_overdue_and_due_soon_and_leaves_out_the_rest():
    """As of Monday 30 November 2026: due 2 November (overdue), 2 December (2 working days left),
    7 December (5 left: within five), 8 December (6 left: not yet), closed (answered)."""
    today = date(2026, 11, 30)
    overdue = _sar(date(2026, 10, 1))
    soon = _sar(date(2026, 11, 2))
    fifth = _sar(date(2026, 11, 7))  # 7 December, a Monday
    sixth = _sar(date(2026, 11, 8))  # 8 December
    closed = _sar(date(2026, 9, 1), SarStatus.CLOSED)

    reminder = sar_reminder([sixth, soon, closed, fifth, overdue], today)

    assert [line.sar_id for line in reminder.overdue] == [overdue.sar_id]
    assert [line.sar_id for line in reminder.due_soon] == [soon.sar_id, fifth.sar_id]
    assert [line.working_days_left for line in reminder.due_soon] == [2, 5]
    assert reminder.outstanding == 4
    assert reminder.needed
    assert len(reminder.subject()) <= 100 and reminder.subject().isascii()
    assert sixth.sar_id not in reminder.body() and closed.sar_id not in reminder.body()


def test_no_reminder_is_needed_when_nothing_is_due_soon():
    reminder = sar_reminder([_sar(date(2026, 11, 27))], date(2026, 11, 30))
    assert not reminder.needed
    assert (reminder.overdue, reminder.due_soon, reminder.outstanding) == ((), (), 1)


def test_a_line_says_due_today_and_marks_extended_requests():
    sar = _sar(date(2026, 9, 1)).model_copy(update={"extended": True, "extension_reason": "complex"})
    sar = sar.model_copy(update={"due_on": sar.clock().due_on})  # 1 December 2026
    [line] = sar_reminder([sar], date(2026, 12, 1)).due_soon
    assert line.text().endswith("due 2026-12-01, due today (extended)")
