"""Which recordings are on the DPO's list of those that need them (issue 18, Today: "quarantined and
flagged recordings"), and the one-identifier rule of Find a recording. DESIGN section 1: an out-of-policy
upload is "quarantined, access-restricted and reported to the DPO, never silently kept"; section 8: a
wrong clock, a reused call id and a phone number in a key are told to the DPO."""

from datetime import UTC, datetime

import pytest

from call_recordings.core.errors import EmptySelection
from call_recordings.core.subjects import InvalidSubjectIdentifier
from call_recordings.core.vocabulary import FLAG_MEANINGS, NEEDS_DPO, needs_dpo
from call_recordings.finding.needing_dpo import why_it_needs_the_dpo
from call_recordings.finding.searching import RecordingSearch, search_target
from call_recordings.ingest.assessment import assess_upload
from call_recordings.ingest.logic import registry_item

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "flag",
    [
        "payment-details-recorded",  # DESIGN section 1: quarantined
        "officer-call-leg-recorded",
        "arrived-late",  # DESIGN section 8: the DPO is told
        "expired-on-arrival",
        "call-id-reused",
        "key-has-phone-number",
        "purpose-unknown",  # a correction of purpose or source answers these
        "source-missing",
        "source-unknown",
        "object-missing",  # reconciliation: the recording is gone from the bucket
    ],
)
def test_a_flag_that_asks_the_dpo_to_act_puts_the_recording_on_their_list(flag):
    assert needs_dpo({flag})
    assert list(why_it_needs_the_dpo(frozenset({flag, "caller-number-invalid"}))) == [flag]


@pytest.mark.parametrize("flag", ["caller-number-invalid", "customer-ref-invalid", "agent-id-invalid"])
def test_a_flag_that_only_says_what_was_not_kept_does_not(flag):
    assert flag in FLAG_MEANINGS
    assert not needs_dpo({flag}) and not needs_dpo(set())


def _registered(**metadata) -> dict:
    assessment = assess_upload(
        bucket="b",
        key="recordings/2026/12/C-1.wav",
        version_id="v1",
        size=100,
        uploaded_at=NOW,
        metadata={"call-id": "C-1", "recorded-at": "2026-12-03T09:30:00+00:00", "source": "data-subject"}
        | metadata,
        now=NOW,
    )
    return registry_item(assessment, b"k" * 32, registered_at=NOW)


def test_ingest_marks_an_out_of_policy_upload_for_the_dpos_list_and_a_good_one_not():
    assert _registered(**{"payment-details": "true"})["needs_dpo"] == NEEDS_DPO
    assert _registered(**{"source": ""})["needs_dpo"] == NEEDS_DPO  # source-missing
    assert "needs_dpo" not in _registered()


def test_find_a_recording_searches_by_one_identifier_and_normalises_it_as_ingest_does():
    with pytest.raises(EmptySelection, match="not both"):
        RecordingSearch(caller_number="01803 861234", customer_ref="CR-1").selection()
    with pytest.raises(EmptySelection):
        RecordingSearch().selection()
    with pytest.raises(InvalidSubjectIdentifier) as refused:
        RecordingSearch(caller_number="phone 861234").selection()
    assert "861234" not in str(refused.value)
    assert RecordingSearch(caller_number="(01803) 861 234").selection().caller_number == "+441803861234"
    assert RecordingSearch(customer_ref=" cr-1 ").selection().customer_ref == "CR-1"


def test_searches_are_filed_by_the_day_never_by_the_person():
    assert search_target(NOW.date()) == "search#2026-12-03"
