"""The daily casework reminder (rights/deadlines.py), as pure domain code: which deadlines are overdue
(Art 12(3) for rights requests; DPA 2018 s.164A and the ICO's complaints guidance for acknowledgements)
or due within five working days, the open casework by kind and its age, and the one message."""

from datetime import date

from call_recordings.rights.deadlines import (
    CaseworkKind,
    Deadline,
    casework_reminder,
)
from call_recordings.subject_access.records import SarStatus, SubjectAccessRequest
from tests.unit.sar_records import sar_received_on

TODAY = date(2026, 11, 30)  # a Monday


def _deadline(sar: SubjectAccessRequest, today: date = TODAY) -> Deadline:
    return sar.deadline(CaseworkKind.ACCESS, sar.sar_id, today)


def test_art_12_3_the_reminder_sorts_overdue_and_due_soon_and_leaves_out_the_rest():
    """As of Monday 30 November 2026: due 2 November (overdue), 2 December (2 working days left),
    7 December (5 left: within five), 8 December (6 left: not yet)."""
    overdue = sar_received_on(date(2026, 10, 1))
    soon = sar_received_on(date(2026, 11, 2))
    fifth = sar_received_on(date(2026, 11, 7))  # 7 December, a Monday
    sixth = sar_received_on(date(2026, 11, 8))  # 8 December

    reminder = casework_reminder([_deadline(sar) for sar in (sixth, soon, fifth, overdue)], TODAY)

    assert [d.reference for d in reminder.overdue] == [overdue.sar_id]
    assert [d.reference for d in reminder.due_soon] == [soon.sar_id, fifth.sar_id]
    assert [d.working_days_left for d in reminder.due_soon] == [2, 5]
    assert reminder.outstanding == 4
    assert reminder.needed
    assert len(reminder.subject()) <= 100 and reminder.subject().isascii()
    assert sixth.sar_id not in reminder.body().split("Open, by kind")[0]


def test_no_reminder_is_needed_when_nothing_is_due_soon():
    reminder = casework_reminder([_deadline(sar_received_on(date(2026, 11, 27)))], TODAY)
    assert not reminder.needed
    assert (reminder.overdue, reminder.due_soon, reminder.outstanding) == ((), (), 1)


def test_a_line_says_due_today_and_marks_extended_requests():
    sar = sar_received_on(date(2026, 9, 1)).model_copy(
        update={"extended": True, "extension_reason": "complex", "requester_told_on": date(2026, 9, 20)}
    )
    [line] = casework_reminder([_deadline(sar, date(2026, 12, 1))], date(2026, 12, 1)).due_soon
    assert (
        line.text() == f"- {sar.sar_id}: received 2026-09-01, response due 2026-12-01, due today (extended)"
    )


def test_art_12a_a_paused_request_keeps_the_days_it_had_the_day_before_it_was_paused():
    """Due Wednesday 2 December; clarification asked on Friday 27 November: the clock reads Thursday
    26 November (the day asked does not count), so 4 working days stay left whatever today is."""
    sar = sar_received_on(date(2026, 11, 2)).model_copy(
        update={"paused_on": date(2026, 11, 27), "pause_reason": "clarification", "status": SarStatus.PAUSED}
    )
    for today in (date(2026, 11, 30), date(2026, 12, 10)):
        [line] = casework_reminder([_deadline(sar, today)], today).due_soon
        assert line.working_days_left == 4
        assert line.text().endswith("4 working day(s) left (paused)")


def test_issue_15_a_request_due_on_friday_is_overdue_on_saturday_not_zero_days_left():
    """Issue 15: on a Saturday a request due the day before showed overdue with 0 working days left."""
    sar = sar_received_on(date(2026, 10, 6))
    friday, saturday = sar.due_on, date(2026, 11, 7)
    assert (friday, friday.weekday()) == (date(2026, 11, 6), 4)
    [line] = casework_reminder([_deadline(sar, saturday)], saturday).overdue
    assert line.working_days_left == -1
    assert line.text().endswith("1 working day(s) overdue")


def test_the_open_casework_is_counted_by_kind_with_the_age_of_the_oldest():
    """The dashboard's figures: how many of each kind are open and how old the oldest is (days since
    it was received: a complaint received 1 November is 29 days old on 30 November)."""
    deadlines = [
        _deadline(sar_received_on(date(2026, 11, 20))),
        _deadline(sar_received_on(date(2026, 10, 1))),
        Deadline(
            CaseworkKind.COMPLAINT, "CP-1", since=date(2026, 11, 1), due_on=date(2026, 12, 1), today=TODAY
        ),
        Deadline(
            CaseworkKind.ERASURE, "R-1", since=date(2026, 11, 25), due_on=date(2026, 12, 29), today=TODAY
        ),
    ]

    reminder = casework_reminder(deadlines, TODAY)

    assert [(each.kind, each.count, each.oldest_age_days) for each in reminder.open] == [
        (CaseworkKind.ACCESS, 2, 60),
        (CaseworkKind.ERASURE, 1, 5),
        (CaseworkKind.COMPLAINT, 1, 29),
    ]
    body = reminder.body()
    assert "Subject access requests (Art 15): 2 (60)" in body
    assert "Complaints (DPA 2018 s.164A): 1 (29)" in body
    assert "- CP-1: received 2026-11-01, acknowledgement due 2026-12-01, 1 working day(s) left" in body
    assert reminder.overdue_of(CaseworkKind.ACCESS, CaseworkKind.ERASURE) == 1
    assert reminder.due_soon_of(CaseworkKind.COMPLAINT) == 1


def test_overdue_and_due_soon_are_grouped_by_kind_in_the_message():
    deadlines = [
        Deadline(
            CaseworkKind.HOLD_REVIEW, "H-1", since=date(2026, 5, 1), due_on=date(2026, 11, 2), today=TODAY
        ),
        Deadline(CaseworkKind.ERASURE, "R-2", since=date(2026, 10, 1), due_on=date(2026, 11, 2), today=TODAY),
    ]
    body = casework_reminder(deadlines, TODAY).body()
    overdue = body.split("Overdue:")[1]
    assert (
        overdue.index("Erasure requests (Art 17)") < overdue.index("R-2") < overdue.index("Holds to review")
    )
    assert "- H-1: placed 2026-05-01, review due 2026-11-02, 20 working day(s) overdue" in overdue


def test_open_casework_with_no_date_is_counted_but_never_due_or_overdue():
    """s.164A(4)(c): an acknowledged complaint is answered "without undue delay", with no fixed date:
    it counts as open (and its age shows) but is never listed as due or overdue."""
    acknowledged = Deadline(CaseworkKind.COMPLAINT, "CP-2", since=date(2026, 9, 1), due_on=None, today=TODAY)
    reminder = casework_reminder([acknowledged], TODAY)
    assert (reminder.overdue, reminder.due_soon, reminder.needed) == ((), (), False)
    assert [(each.kind, each.count, each.oldest_age_days) for each in reminder.open] == [
        (CaseworkKind.COMPLAINT, 1, 90)
    ]
