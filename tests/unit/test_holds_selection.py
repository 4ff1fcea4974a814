"""Which recordings a hold request names: call ids, or a subject hashed as ingest hashes it."""

from datetime import UTC, date, datetime

import pytest

from call_recordings.core.errors import EmptySelection
from call_recordings.core.selection import (
    CallSelection,
    SubjectLookup,
    SubjectSelection,
    recorded_at_bounds,
    subject_versions,
)
from call_recordings.core.subjects import InvalidSubjectIdentifier, subject_hash
from call_recordings.core.versions import RegisteredVersion
from call_recordings.core.vocabulary import RetentionClass
from call_recordings.holds.selection import HoldRequest
from call_recordings.holds.vocabulary import HoldReason

KEY = b"a-test-key-of-some-length-0123456789"


def test_call_ids_are_taken_once_each_in_the_order_given():
    selection = CallSelection(("C-2", "C-1", "C-2"))
    assert selection.distinct() == ["C-2", "C-1"]
    assert selection.described().model_dump() == {
        "by": "call-ids",
        "call_ids": 2,
        "identifiers": (),
        "recorded_from": None,
        "recorded_to": None,
    }


def test_an_empty_list_of_call_ids_is_an_empty_selection():
    with pytest.raises(EmptySelection, match="call_ids is empty"):
        CallSelection(())


def test_a_subject_is_hashed_exactly_as_ingest_hashes_it():
    selection = SubjectSelection(caller_number="(01803) 861 234", customer_ref=" ab-123 ")
    lookups = selection.lookups(KEY)
    assert [(lookup.index.name, lookup.kind) for lookup in lookups] == [
        ("by-caller", "caller"),
        ("by-customer", "customer"),
    ]
    assert lookups[0].subject_hash == subject_hash(KEY, "caller", "+441803861234")
    assert lookups[1].subject_hash == subject_hash(KEY, "customer", "AB-123")


def test_one_lookup_per_identifier_given():
    assert [lookup.index.name for lookup in SubjectSelection(customer_ref="AB-1").lookups(KEY)] == [
        "by-customer"
    ]
    assert [lookup.index.name for lookup in SubjectSelection(caller_number="01803861234").lookups(KEY)] == [
        "by-caller"
    ]


@pytest.mark.parametrize(
    "subject", [{}, {"caller_number": "withheld"}, {"caller_number": " ", "customer_ref": ""}]
)
def test_a_subject_without_an_identifier_is_an_empty_selection(subject):
    with pytest.raises(EmptySelection, match="neither a caller_number nor a customer_ref"):
        SubjectSelection(**subject)


def test_an_invalid_caller_number_is_refused_without_repeating_it():
    with pytest.raises(InvalidSubjectIdentifier) as raised:
        SubjectSelection(caller_number="0180386123456789")
    assert "0180386123456789" not in str(raised.value)


def test_a_date_range_back_to_front_is_refused():
    with pytest.raises(EmptySelection, match="recorded_from is after recorded_to"):
        SubjectSelection(customer_ref="AB-1", recorded_from=date(2026, 3, 2), recorded_to=date(2026, 3, 1))


def test_the_subject_is_never_shown_in_its_repr_or_description():
    selection = SubjectSelection(caller_number="01803 861234", recorded_from=date(2026, 1, 1))
    assert "861234" not in repr(selection)
    assert "861234" not in selection.described().model_dump_json()
    assert selection.described().identifiers == ("caller number",)
    assert "861234" not in repr(selection.lookups(KEY)[0])


@pytest.mark.parametrize(
    ("first", "last", "bounds"),
    [
        # GMT: London days are UTC days.
        (date(2026, 1, 15), date(2026, 1, 15), ("2026-01-15T00:00:00+00:00", "2026-01-15T23:59:59+00:00")),
        # BST: a London day starts at 23:00 UTC the day before.
        (date(2026, 7, 1), date(2026, 7, 2), ("2026-06-30T23:00:00+00:00", "2026-07-02T22:59:59+00:00")),
        # The clocks go forward on 29 March 2026: the day starts in GMT and ends in BST.
        (date(2026, 3, 29), date(2026, 3, 29), ("2026-03-29T00:00:00+00:00", "2026-03-29T22:59:59+00:00")),
        (date(2026, 1, 15), None, ("2026-01-15T00:00:00+00:00", None)),
        (None, date(2026, 10, 25), (None, "2026-10-25T23:59:59+00:00")),
        (None, None, (None, None)),
    ],
)
def test_london_dates_become_the_registrys_recorded_at_bounds(first, last, bounds):
    assert recorded_at_bounds(first, last) == bounds


def test_the_bounds_compare_as_the_registry_writes_recorded_at():
    first, last = recorded_at_bounds(date(2026, 7, 1), date(2026, 7, 1))
    inside = "2026-06-30T23:30:00+00:00"  # 00:30 BST on 1 July
    outside = "2026-06-30T22:59:59+00:00"  # 23:59:59 BST on 30 June
    assert first <= inside <= last
    assert not first <= outside <= last


def _request(**changes):
    fields = {
        "reason": HoldReason.LEGAL_CLAIM,
        "case_reference": "LC-2026-014",
        "selection": SubjectSelection(caller_number="01803 861234"),
    } | changes
    return HoldRequest(**fields)


def test_the_same_request_written_differently_has_the_same_fingerprint():
    assert _request().fingerprint(KEY) == _request(
        selection=SubjectSelection(caller_number="+44 1803 861234")
    ).fingerprint(KEY)
    assert _request(selection=CallSelection(("C-1", "C-2"))).fingerprint(KEY) == _request(
        selection=CallSelection(("C-2", "C-1", "C-1"))
    ).fingerprint(KEY)


@pytest.mark.parametrize(
    "changes",
    [
        {"reason": HoldReason.THREAT},
        {"case_reference": "LC-2026-015"},
        {"note": "solicitor's letter"},
        {"selection": SubjectSelection(caller_number="01803 861235")},
        {"selection": SubjectSelection(caller_number="01803 861234", recorded_to=date(2026, 1, 1))},
        {"selection": CallSelection(("C-1",))},
    ],
)
def test_a_different_request_has_a_different_fingerprint(changes):
    assert _request(**changes).fingerprint(KEY) != _request().fingerprint(KEY)


def test_the_fingerprint_is_keyed_and_holds_no_identifier():
    fingerprint = _request().fingerprint(KEY)
    assert fingerprint != _request().fingerprint(b"another-key-of-some-length-000000")
    assert "861234" not in fingerprint
    assert len(fingerprint) == 64


class FakeSubjectIndex:
    """The registry's subject indexes, in memory: versions listed under their own hashes only. It has no
    look-up by call id, so a selection that widened through call ids would fail here."""

    def __init__(self, versions: dict[str, list[RegisteredVersion]]) -> None:
        self.versions = versions
        self.lookups: list[str] = []

    def versions_of_subject(self, lookup: SubjectLookup) -> list[RegisteredVersion]:
        self.lookups.append(lookup.kind)
        return list(self.versions.get(lookup.subject_hash, []))


def registered(call_id: str, version_id: str) -> RegisteredVersion:
    return RegisteredVersion(
        call_id=call_id,
        version_id=version_id,
        bucket="b",
        object_key=f"recordings/{call_id}-{version_id}.wav",
        recorded_at=datetime(2026, 11, 20, 10, 15, tzinfo=UTC),
        expires_on=date(2027, 2, 20),
        purpose="quality-training",
        source="data-subject",
        retention=RetentionClass.STANDARD,
    )


def test_a_subject_matches_versions_by_their_own_hash_never_through_a_shared_call_id():
    """DESIGN section 8: C-PII1's second version (a reused call id, no caller number) is not the caller's."""
    caller = subject_hash(KEY, "caller", "+441803861234")
    customer = subject_hash(KEY, "customer", "SH-100001")
    index = FakeSubjectIndex(
        {
            caller: [registered("C-PII1", "v1"), registered("C-2", "v1")],
            customer: [registered("C-2", "v1"), registered("C-3", "v2")],  # C-2 found twice: once
        }
    )
    selection = SubjectSelection(caller_number="01803 861234", customer_ref="sh-100001")

    found = subject_versions(selection, KEY, index)

    assert [version.key for version in found] == [("C-2", "v1"), ("C-3", "v2"), ("C-PII1", "v1")]
    assert index.lookups == ["caller", "customer"]
    assert subject_versions(SubjectSelection(caller_number="07700 900123"), KEY, index) == []
