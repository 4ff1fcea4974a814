"""The SAR record, as pure domain code (no AWS)."""

from datetime import date

import pytest
from pydantic import ValidationError

from call_recordings.subject_access.records import (
    SarStatus,
    is_sar_id,
    new_sar_id,
    sar_target,
)
from tests.unit.sar_records import OPENED, sar_received_on


def test_sar_ids_have_the_shape_of_hold_ids_with_an_s():
    sar_id = new_sar_id(OPENED)
    assert is_sar_id(sar_id) and sar_id.startswith("S-20261130-") and len(sar_id) == 21
    assert not is_sar_id("H-20261130-3F9A1C2B7D")
    assert sar_target(sar_id) == f"sar#{sar_id}"
    with pytest.raises(ValidationError):
        sar_received_on(date(2026, 11, 2)).model_validate(
            {**sar_received_on(date(2026, 11, 2)).model_dump(), "sar_id": "S-1"}
        )


def test_ico_the_record_rebuilds_its_clock_received_31_march_due_30_april():
    """ICO: received 31 March, no 31 April: due on the last day of April (Thursday 30 April 2026)."""
    sar = sar_received_on(date(2026, 3, 31))
    assert sar.due_on == date(2026, 4, 30)
    assert sar.started_on == date(2026, 3, 31)
    assert not sar.is_overdue(date(2026, 4, 30))  # a response on the due date is on time
    assert sar.is_overdue(date(2026, 5, 1))
    assert sar.working_days_left(date(2026, 4, 29)) == 1


def test_identity_verified_later_starts_the_clock_then():
    sar = sar_received_on(date(2026, 3, 30), identity_verified_on=date(2026, 4, 2))
    assert sar.started_on == date(2026, 4, 2)
    assert sar.due_on == date(2026, 5, 5)  # 2 May is a Saturday, 4 May the early May bank holiday


def test_a_closed_sar_is_never_overdue_and_has_no_days_left():
    closed = sar_received_on(date(2026, 3, 31), SarStatus.CLOSED)
    assert not closed.is_overdue(date(2026, 12, 1))
    assert closed.working_days_left(date(2026, 12, 1)) is None
