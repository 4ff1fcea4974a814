"""Erasure, restriction, objection and rectification requests as records (rights/records.py) and the rules
of deciding them (rights/deciding.py), without AWS. Each test names the provision it applies."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from call_recordings.core.hold_selection import HoldSelection
from call_recordings.core.selection import CallSelection, KeptSubject, SubjectSelection
from call_recordings.rights.clock import PauseReason
from call_recordings.rights.deciding import check_decidable
from call_recordings.rights.errors import (
    AlreadyDecided,
    DecisionNotForKind,
    DecisionWhilePaused,
    RequestIncomplete,
    RequestNeedsSubject,
    RightsRequestClosed,
)
from call_recordings.rights.opening import NewRightsRequest, open_rights_request
from call_recordings.rights.records import (
    DECISIONS,
    REFUSAL_GROUNDS,
    TABLE_KINDS,
    Decision,
    RefusalGround,
    RightsKind,
    RightsRequest,
    RightsRequestStatus,
)

KEY = b"k" * 32
OPENED_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _request(**changes) -> RightsRequest:
    subject = SubjectSelection(caller_number="01803 861234")
    fields = {
        "request_id": "Q-20261102-3F9A1C2B7D",
        "right": RightsKind.ERASURE,
        "status": RightsRequestStatus.OPEN,
        "received_on": date(2026, 11, 2),
        "due_on": date(2026, 12, 2),
        "selection": subject.described(),
        "subject_hashes": dict(subject.kept(KEY).hashes),
        "opened_by": "arn:aws:iam::1:role/dpo",
        "opened_at": OPENED_AT,
    }
    return RightsRequest(**(fields | changes))


def test_art_12_6_no_decision_while_the_clock_waits_for_proof_of_identity_or_a_clarification():
    for reason in PauseReason:
        waiting = _request(
            status=RightsRequestStatus.PAUSED, paused_on=date(2026, 11, 3), pause_reason=reason
        )
        with pytest.raises(DecisionWhilePaused):
            check_decidable(waiting, Decision.ERASE)
    check_decidable(_request(), Decision.ERASE)  # once resumed (not paused), it may be decided


def test_a_request_is_decided_once_and_not_once_closed_but_an_unfinished_erasure_may_be_asked_again():
    with pytest.raises(AlreadyDecided):
        check_decidable(_request(decision=Decision.REFUSE), Decision.ERASE)
    with pytest.raises(AlreadyDecided):
        check_decidable(_request(decision=Decision.ERASE, erased=3), Decision.ERASE)
    check_decidable(_request(decision=Decision.ERASE), Decision.ERASE)  # claimed, nothing recorded as done
    with pytest.raises(RightsRequestClosed):
        check_decidable(_request(status=RightsRequestStatus.CLOSED), Decision.REFUSE)


def test_art_21_1_an_objection_upheld_erases_or_restricts_and_is_rejected_only_on_its_own_grounds():
    assert DECISIONS[RightsKind.OBJECTION] == {Decision.ERASE, Decision.RESTRICT}
    assert REFUSAL_GROUNDS[RightsKind.OBJECTION] >= {
        RefusalGround.COMPELLING_LEGITIMATE_GROUNDS,
        RefusalGround.LEGAL_CLAIMS,
    }
    assert RefusalGround.COMPELLING_LEGITIMATE_GROUNDS not in REFUSAL_GROUNDS[RightsKind.ERASURE]
    # Art 17(3)(b) and (e): an erasure is refused for a legal obligation or legal claims.
    assert REFUSAL_GROUNDS[RightsKind.ERASURE] >= {RefusalGround.LEGAL_OBLIGATION, RefusalGround.LEGAL_CLAIMS}
    with pytest.raises(DecisionNotForKind):
        check_decidable(_request(right=RightsKind.RECTIFICATION), Decision.ERASE)
    with pytest.raises(DecisionNotForKind):
        check_decidable(_request(right=RightsKind.RESTRICTION), Decision.RECTIFY)


def test_art_17_erasure_needs_the_person_a_call_id_does_not_say_whose_voice_it_is():
    by_calls = _request(
        right=RightsKind.OBJECTION,
        subject_hashes={},
        call_ids=("C-1",),
        selection=HoldSelection(by="call-ids"),
    )
    with pytest.raises(RequestNeedsSubject):
        check_decidable(by_calls, Decision.ERASE)
    check_decidable(by_calls, Decision.RESTRICT)
    assert by_calls.recordings() == CallSelection(("C-1",))


def test_a_kept_subject_finds_exactly_what_the_identifiers_find_without_keeping_them():
    subject = SubjectSelection(
        caller_number="01803 861234",
        customer_ref="cust-77",
        recorded_from=date(2026, 8, 1),
        recorded_to=date(2026, 8, 31),
    )
    kept = subject.kept(KEY)
    assert kept.lookups(b"") == subject.lookups(KEY)
    assert kept.described() == subject.described()
    assert "861234" not in repr(kept) and "CUST-77" not in str(kept.canonical())
    assert _request(subject_hashes=dict(kept.hashes), selection=subject.described()).subject() == kept
    assert isinstance(_request().recordings(), KeptSubject)


def test_art_12_3_overdue_exactly_after_the_due_date_and_never_once_closed():
    """Received 2 November 2026, due Wednesday 2 December (one calendar month, ICO)."""
    request = _request()
    assert (request.is_overdue(date(2026, 12, 2)), request.working_days_left(date(2026, 12, 2))) == (False, 0)
    assert (request.is_overdue(date(2026, 12, 3)), request.working_days_left(date(2026, 12, 3))) == (True, -1)
    closed = _request(status=RightsRequestStatus.CLOSED)
    assert (closed.is_overdue(date(2027, 1, 4)), closed.working_days_left(date(2027, 1, 4))) == (False, None)


def test_each_kind_has_its_own_kind_in_the_requests_table_none_an_existing_records():
    assert sorted(TABLE_KINDS.values()) == [
        "erasure-request",
        "objection-request",
        "rectification-request",
        "restriction-request",
    ]
    assert not set(TABLE_KINDS.values()) & {"sar", "erasure", "restriction", "hold"}


@pytest.mark.parametrize(
    ("right", "recordings", "extra"),
    [
        (RightsKind.ERASURE, CallSelection(("C-1",)), {}),  # Art 17: the person, not a call id
        (RightsKind.RECTIFICATION, SubjectSelection(caller_number="01803 861234"), {"disputed": "x"}),
        (RightsKind.RECTIFICATION, CallSelection(("C-1",)), {}),  # Art 16: say what is wrong
        (RightsKind.OBJECTION, CallSelection(("C-1",)), {}),  # Art 21: say which processing
        (RightsKind.RESTRICTION, CallSelection(("C-1",)), {"objection": "x"}),
    ],
)
def test_a_request_opened_without_what_its_kind_needs_is_refused_before_anything_is_written(
    right, recordings, extra
):
    written = []
    deps = SimpleNamespace(
        clock=lambda: OPENED_AT,
        today=lambda: date(2026, 11, 2),
        subject_key=lambda: KEY,
        requests=SimpleNamespace(create=written.append),
        audit=SimpleNamespace(record=lambda **entry: written.append(entry)),
    )
    request = NewRightsRequest(right=right, recordings=recordings, received_on=date(2026, 11, 2), **extra)
    with pytest.raises(RequestIncomplete):
        open_rights_request(request, opened_by="dpo", deps=deps)
    assert written == []
