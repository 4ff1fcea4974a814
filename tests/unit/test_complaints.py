"""Complaints to the DPO against DPA 2018 s.164A (inserted by s.103 of the Data (Use and Access) Act
2025, in force 19 June 2026) and the ICO's guidance "How to deal with data protection complaints"
(2026): acknowledge "within the period of 30 days beginning with the day on which the complaint is
received" (the ICO: the 30 days start the day after; a deadline on a weekend or bank holiday moves to
the next working day), keep the complainant informed, tell them the outcome; an answer within the 30
days may stand as the acknowledgement (ICO).

Bank holidays are England & Wales (``holidays``, GB/ENG); each one a test relies on is asserted in it.
"""

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from call_recordings.complaints import rules
from call_recordings.complaints.errors import (
    ComplaintAlreadyAcknowledged,
    ComplaintClosed,
    ComplaintDateBeforeReceipt,
    ComplaintDateInFuture,
    ComplaintNotAcknowledged,
    IcoRightNotStated,
)
from call_recordings.complaints.records import (
    Complaint,
    ComplaintAbout,
    ComplaintOutcome,
    ComplaintStatus,
    ComplaintTopic,
    acknowledgement_due,
    is_complaint_id,
    new_complaint_id,
)
from call_recordings.core import notice
from call_recordings.rights.clock import is_working_day

NOTICE = Path(__file__).resolve().parents[2] / "docs" / "privacy-notice.txt"
DPO = "arn:aws:sts::123456789012:assumed-role/DpoRole/jane.smith"
LOGGED_AT = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def complaint(received_on: date = date(2026, 11, 25), **fields) -> Complaint:
    return Complaint(
        complaint_id="CP-20261125-0123456789",
        status=ComplaintStatus.RECEIVED,
        received_on=received_on,
        about=ComplaintAbout(topic=ComplaintTopic.OTHER),
        summary="unhappy with how the SAR was handled",
        logged_by=DPO,
        logged_at=LOGGED_AT,
        **fields,
    )


def updated(record: Complaint, fields: dict) -> Complaint:
    return Complaint.model_validate(record.model_dump() | fields)


# The 30 days ----------------------------------------------------------------------------------------


def test_s164a_received_on_commencement_day_acknowledgement_due_sunday_moves_to_monday_ico():
    """Received 19 June 2026: day 30 after it is Sunday 19 July, so the ICO's next working day, 20 July."""
    assert date(2026, 7, 19).weekday() == 6
    assert acknowledgement_due(date(2026, 6, 19)) == date(2026, 7, 20)


def test_s164a_thirty_days_begin_the_day_after_receipt_on_a_weekday_ico():
    """Received Tuesday 1 September 2026: the 30th day after it, Thursday 1 October, is the last."""
    assert is_working_day(date(2026, 10, 1))
    assert acknowledgement_due(date(2026, 9, 1)) == date(2026, 10, 1)


def test_s164a_due_on_christmas_moves_past_the_substitute_boxing_day_to_tuesday_ico():
    """Received 25 November 2026: 25 December (Friday, Christmas), 26 (Saturday, Boxing Day), 27
    (Sunday) and 28 December (Monday, substitute Boxing Day) are not working days: due Tuesday 29."""
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))  # the substitute bank holiday for Boxing Day
    assert acknowledgement_due(date(2026, 11, 25)) == date(2026, 12, 29)


def test_s164a_due_on_a_sunday_before_the_summer_bank_holiday_moves_two_days_ico():
    """Received 31 July 2026: 30 August is a Sunday and 31 August the summer bank holiday: due 1 September."""
    assert not is_working_day(date(2026, 8, 31))
    assert acknowledgement_due(date(2026, 7, 31)) == date(2026, 9, 1)


def test_s164a_duty_applies_from_19_june_2026_and_earlier_complaints_keep_the_same_30_days():
    before, on = complaint(date(2026, 6, 18)), complaint(date(2026, 6, 19))
    assert (before.under_s164a, on.under_s164a) == (False, True)
    assert before.acknowledgement_due_on == date(2026, 7, 20)  # 18 July is a Saturday


def test_s164a_acknowledgement_overdue_exactly_when_working_days_left_is_negative_on_every_day():
    """As rights/clock.py working_days_left: 0 on the due date, negative from the day after, whatever the
    day of the week; none once acknowledged."""
    record = complaint(date(2026, 11, 25))  # due Tuesday 29 December
    assert record.acknowledgement_working_days_left(date(2026, 12, 29)) == 0
    assert record.acknowledgement_working_days_left(date(2026, 12, 24)) == 1  # Christmas to 28th are not
    assert record.acknowledgement_working_days_left(date(2026, 12, 30)) == -1
    for offset in range(-10, 20):
        today = date(2026, 12, 29) + timedelta(days=offset)
        left = record.acknowledgement_working_days_left(today)
        assert record.acknowledgement_overdue(today) is (left < 0) is (today > date(2026, 12, 29))
    acknowledged = updated(record, {"status": "acknowledged", "acknowledged_on": date(2027, 1, 4)})
    assert acknowledged.acknowledgement_working_days_left(date(2027, 1, 5)) is None
    assert acknowledged.acknowledgement_overdue(date(2027, 1, 5)) is False
    assert acknowledged.acknowledged_late is True


def test_a_withdrawn_complaint_is_never_overdue_for_acknowledgement():
    record = updated(complaint(), {"status": "withdrawn", "withdrawn_on": date(2026, 11, 26)})
    assert record.acknowledgement_overdue(date(2027, 2, 1)) is False


# The steps ------------------------------------------------------------------------------------------


def test_s164a_acknowledged_once_on_a_day_between_receipt_and_today():
    record = complaint()
    fields = rules.acknowledged(record, on=date(2026, 11, 27), today=date(2026, 12, 3), by=DPO)
    assert fields == {"status": "acknowledged", "acknowledged_on": date(2026, 11, 27), "acknowledged_by": DPO}
    with pytest.raises(ComplaintDateInFuture):
        rules.acknowledged(record, on=date(2026, 12, 4), today=date(2026, 12, 3), by=DPO)
    with pytest.raises(ComplaintDateBeforeReceipt):
        rules.acknowledged(record, on=date(2026, 11, 24), today=date(2026, 12, 3), by=DPO)
    with pytest.raises(ComplaintAlreadyAcknowledged):
        rules.acknowledged(updated(record, fields), on=date(2026, 12, 1), today=date(2026, 12, 3), by=DPO)


def test_ico_an_answer_within_the_30_days_stands_as_the_acknowledgement():
    fields = rules.answered(
        complaint(),
        on=date(2026, 12, 2),
        outcome=ComplaintOutcome.NOT_UPHELD,
        note="explained the retention period",
        told_of_ico_right=True,
        today=date(2026, 12, 3),
        by=DPO,
    )
    assert fields["status"] is ComplaintStatus.ANSWERED
    assert (fields["acknowledged_on"], fields["acknowledged_by_answer"]) == (date(2026, 12, 2), True)


def test_s164a_an_answer_after_the_30_days_needs_the_acknowledgement_recorded_first():
    record = complaint(date(2026, 10, 1))  # due 2 November (31 October is a Saturday)
    answer = {
        "outcome": ComplaintOutcome.UPHELD,
        "note": None,
        "told_of_ico_right": True,
        "today": date(2026, 12, 3),
        "by": DPO,
    }
    with pytest.raises(ComplaintNotAcknowledged, match="2026-11-02"):
        rules.answered(record, on=date(2026, 11, 3), **answer)
    assert rules.answered(record, on=date(2026, 11, 2), **answer)["acknowledged_by_answer"] is True
    acknowledged = updated(record, {"status": "acknowledged", "acknowledged_on": date(2026, 11, 10)})
    assert "acknowledged_on" not in rules.answered(acknowledged, on=date(2026, 11, 20), **answer)
    with pytest.raises(ComplaintDateBeforeReceipt, match="acknowledged"):
        rules.answered(acknowledged, on=date(2026, 11, 9), **answer)


def test_s164a_the_answer_says_whether_the_person_was_told_of_their_right_to_go_to_the_ico():
    with pytest.raises(IcoRightNotStated):
        rules.answered(
            complaint(),
            on=date(2026, 12, 1),
            outcome=ComplaintOutcome.UPHELD,
            note=None,
            told_of_ico_right=None,
            today=date(2026, 12, 3),
            by=DPO,
        )


def test_s164a_progress_updates_are_dated_and_kept_in_order_until_the_complaint_is_closed():
    record = complaint()
    first = rules.progress_noted(
        record, on=date(2026, 11, 30), note="enquiries made", today=date(2026, 12, 3), by=DPO, at=LOGGED_AT
    )
    record = updated(record, first)
    second = rules.progress_noted(
        record, on=date(2026, 12, 2), note="call found", today=date(2026, 12, 3), by=DPO, at=LOGGED_AT
    )
    assert [(each.on, each.note) for each in second["updates"]] == [
        (date(2026, 11, 30), "enquiries made"),
        (date(2026, 12, 2), "call found"),
    ]
    with pytest.raises(ComplaintDateInFuture):
        rules.progress_noted(
            record, on=date(2026, 12, 4), note="x", today=date(2026, 12, 3), by=DPO, at=LOGGED_AT
        )
    closed = updated(record, {"status": "withdrawn", "withdrawn_on": date(2026, 12, 1)})
    with pytest.raises(ComplaintClosed):
        rules.progress_noted(
            closed, on=date(2026, 12, 2), note="x", today=date(2026, 12, 3), by=DPO, at=LOGGED_AT
        )
    with pytest.raises(ComplaintClosed):
        rules.withdrawn(closed, on=date(2026, 12, 2), note=None, today=date(2026, 12, 3), by=DPO)


def test_an_answered_complaint_is_not_answered_again():
    answered = updated(complaint(), {"status": "answered", "answered_on": date(2026, 12, 1)})
    with pytest.raises(ComplaintClosed, match="answered"):
        rules.answered(
            answered,
            on=date(2026, 12, 2),
            outcome=ComplaintOutcome.UPHELD,
            note=None,
            told_of_ico_right=True,
            today=date(2026, 12, 3),
            by=DPO,
        )


# What a complaint is about, and its id ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("topic", "reference"),
    [("sar", "S-20261128-3F9A1C2B7D"), ("rights-request", "Q-20261128-3F9A1C2B7D"), ("recording", "C-1001")],
)
def test_a_complaint_about_a_request_or_recording_names_it(topic, reference):
    assert ComplaintAbout(topic=topic, reference=reference).reference == reference
    with pytest.raises(ValidationError):
        ComplaintAbout(topic=topic)


@pytest.mark.parametrize(
    ("topic", "reference"),
    [
        ("sar", "R-20261128-3F9A1C2B7D"),
        ("rights-request", "S-20261128-3F9A1C2B7D"),
        ("other", "C-1"),
        ("recording", "a b"),
    ],
)
def test_a_reference_of_the_wrong_shape_is_refused(topic, reference):
    with pytest.raises(ValidationError):
        ComplaintAbout(topic=topic, reference=reference)


def test_complaint_ids_are_cp_date_and_ten_hex_digits_never_a_derived_call_ids_k():
    complaint_id = new_complaint_id(LOGGED_AT)
    assert re.fullmatch(r"CP-20261125-[0-9A-F]{10}", complaint_id)
    assert is_complaint_id(complaint_id) and not is_complaint_id("K-20261125-0123456789")


def test_the_complainants_hashes_are_never_dumped():
    record = complaint(complainant_hashes=frozenset({"ab" * 32}))
    assert "complainant_hashes" not in record.model_dump()
    assert "ab" * 32 not in repr(record)


# The ICO's details, as the notice gives them -------------------------------------------------------------


def test_the_ico_contact_details_are_the_notices_lines_word_for_word():
    """Lines 80-90 of the notice, white space read as one space (the notice has a no-break space and a
    space between "at" and the website)."""
    lines = [re.sub(r"\s+", " ", line).strip(" •") for line in NOTICE.read_text().splitlines()]
    assert notice.NOTICE_COMPLAINT + ":" in lines
    assert f"Telephone them on {notice.ICO_TELEPHONE}" in lines
    assert f"Visit their website at {notice.ICO_WEBSITE}" in lines
    start = lines.index("Write to them at:") + 1
    assert tuple(lines[start : start + len(notice.ICO_ADDRESS)]) == notice.ICO_ADDRESS
