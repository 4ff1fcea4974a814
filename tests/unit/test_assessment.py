import re
from datetime import UTC, date, datetime, timedelta

import pytest

from call_recordings.core.vocabulary import FLAG_MEANINGS, QUARANTINE_FLAGS, Purpose, RetentionClass, Source
from call_recordings.ingest.assessment import (
    Assessment,
    UploadMetadata,
    assess_upload,
    derived_call_id,
)

NOW = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
UPLOADED_AT = datetime(2026, 2, 1, 11, 58, 30, tzinfo=UTC)  # a day after GOOD's recorded-at: on time
BUCKET = "callrecordings-test"
KEY = "recordings/2026/01/C-2026-000123.wav"
GOOD = {
    "call-id": "C-2026-000123",
    "recorded-at": "2026-01-31T10:15:00+00:00",
    "caller-number": "01803 861234",
    "customer-ref": "sh-100001",
    "agent-id": "agent-7",
    "source": "data-subject",
    "purpose": "complaints-disputes",
}
# S3's rule for a tag value: at most 256 letters, digits, spaces and + - = . _ : / @
S3_TAG_VALUE = re.compile(r"[\w .:/=+\-@]{0,256}")


def assess(metadata=None, *, size=48_000, key=KEY, uploaded_at=UPLOADED_AT, now=NOW, **changes):
    given = dict(GOOD if metadata is None else metadata)
    for name, value in changes.items():
        name = name.replace("_", "-")
        if value is None:
            given.pop(name, None)
        else:
            given[name] = value
    return assess_upload(
        bucket=BUCKET,
        key=key,
        version_id="v1",
        size=size,
        uploaded_at=uploaded_at,
        metadata=given,
        now=now,
    )


def test_good_metadata_gives_a_standard_recording_with_no_flags():
    assessment = assess()
    assert assessment == Assessment(
        bucket=BUCKET,
        object_key=KEY,
        version_id="v1",
        size=48_000,
        uploaded_at=UPLOADED_AT,
        call_id="C-2026-000123",
        recorded_at=datetime(2026, 1, 31, 10, 15, tzinfo=UTC),
        expires_on=date(2026, 4, 30),
        due_on=date(2026, 4, 30),
        purpose=Purpose.COMPLAINTS_DISPUTES,
        source=Source.DATA_SUBJECT,
        retention=RetentionClass.STANDARD,
        flags=frozenset(),
        caller_number="+441803861234",
        customer_ref="SH-100001",
        agent_id="agent-7",
    )


def test_the_four_tags():
    assert assess().tags() == {
        "purpose": "complaints-disputes",
        "source": "data-subject",
        "retention": "standard",
        "expires-on": "2026-04-30",
    }


def test_metadata_keys_are_read_whatever_their_case_and_values_are_trimmed():
    assessment = assess({"Call-ID": " C-1 ", "RECORDED-AT": " 2026-01-31T10:15:00Z ", "Source": "councillor"})
    assert (assessment.call_id, assessment.source) == ("C-1", Source.COUNCILLOR)
    assert assessment.flags == frozenset()
    assert assessment.recorded_at == datetime(2026, 1, 31, 10, 15, tzinfo=UTC)


def test_a_recording_made_in_summer_expires_by_the_london_date():
    # 23:30 UTC on 30 June is 00:30 BST on 1 July.
    assessment = assess(recorded_at="2025-06-30T23:30:00Z", now=datetime(2025, 7, 1, tzinfo=UTC))
    assert assessment.expires_on == date(2025, 10, 1)


# recorded-at


@pytest.mark.parametrize("absent", [None, "", "   "])
def test_a_missing_recording_time_is_the_upload_time_flagged(absent):
    assessment = assess(recorded_at=absent)
    assert assessment.recorded_at == UPLOADED_AT
    assert assessment.expires_on == date(2026, 5, 1)
    assert assessment.flags == {"recorded-at-missing"}
    assert assessment.tags()["expires-on"] == "2026-05-01"


@pytest.mark.parametrize(
    "unparseable",
    [
        "yesterday",
        "31/01/2026 10:15",
        "2026-13-01T10:15:00Z",
        "2026-01-31T10:15:00",  # no offset
        "2026-01-31",
        "0001-01-01T00:00:00+14:00",  # before the calendar begins, in UTC
        "x" * 500,
    ],
)
def test_an_unparseable_recording_time_is_the_upload_time_flagged(unparseable):
    assessment = assess(recorded_at=unparseable)
    assert assessment.recorded_at == UPLOADED_AT
    assert assessment.expires_on == date(2026, 5, 1)
    assert assessment.flags == {"recorded-at-invalid"}


@pytest.mark.parametrize(
    "future", [(NOW + timedelta(days=3)).isoformat(), "2099-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00"]
)
def test_a_recording_time_more_than_a_day_ahead_is_the_upload_time_flagged(future):
    assessment = assess(recorded_at=future)
    assert assessment.recorded_at == UPLOADED_AT
    assert assessment.expires_on == date(2026, 5, 1)
    assert assessment.flags == {"recorded-at-in-future"}


def test_a_recording_time_a_little_ahead_of_the_clock_is_accepted():
    assessment = assess(recorded_at=(NOW + timedelta(hours=3)).isoformat())
    assert assessment.recorded_at == NOW + timedelta(hours=3)
    assert assessment.flags == frozenset()


def test_a_recording_whose_retention_had_ended_on_arrival_is_flagged_told_and_kept_seven_days():
    """DESIGN section 8: a wrong clock does not delete on arrival."""
    assessment = assess(recorded_at="2025-10-01T09:00:00+01:00")
    assert assessment.expires_on == date(2026, 1, 1)
    assert assessment.flags == {"expired-on-arrival", "arrived-late"}
    assert assessment.due_on == date(2026, 2, 8)  # arrived 1 February (London)
    assert assessment.retention is RetentionClass.STANDARD
    assert assessment.tells_dpo


@pytest.mark.parametrize(
    ("recorded_at", "flags"),
    [
        ("2019-01-01T10:00:00Z", {"expired-on-arrival", "arrived-late"}),
        ("0001-01-01T12:00:00Z", {"expired-on-arrival", "arrived-late"}),
        ("2026-01-29T11:58:29Z", {"arrived-late"}),  # two days and a second before the upload
    ],
)
def test_a_recording_that_arrives_late_is_not_due_before_seven_days_after_arrival(recorded_at, flags):
    assessment = assess(recorded_at=recorded_at)
    assert assessment.flags == flags
    assert assessment.due_on >= date(2026, 2, 8)
    assert assessment.due_on == max(assessment.expires_on, date(2026, 2, 8))
    assert assessment.tells_dpo and not assessment.quarantined


def test_a_recording_two_days_old_on_arrival_is_on_time():
    assessment = assess(recorded_at="2026-01-30T11:58:30Z")
    assert assessment.flags == frozenset()
    assert assessment.due_on == assessment.expires_on == date(2026, 4, 30)
    assert not assessment.tells_dpo


def test_arrival_is_the_london_date_of_the_upload():
    # 23:30 UTC on 31 March 2026 is 00:30 BST on 1 April: seven days from 1 April.
    assessment = assess(
        recorded_at="2020-01-01T10:00:00Z", uploaded_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    )
    assert assessment.due_on == date(2026, 4, 8)


def test_a_reused_call_id_is_flagged_for_the_dpo_without_quarantine():
    reused = assess().with_call_id_reused()
    assert reused.flags == {"call-id-reused"}
    assert reused.tells_dpo and reused.retention is RetentionClass.STANDARD


def test_a_key_that_looks_like_it_holds_a_phone_number_is_flagged_for_the_dpo_without_quarantine():
    """DESIGN section 8: object keys must not carry personal data; ingest flags one that seems to."""
    flagged = assess(key="recordings/2026/01/caller-07700 900123.wav")
    assert flagged.flags == {"key-has-phone-number"}
    assert flagged.tells_dpo and flagged.retention is RetentionClass.STANDARD
    assert not assess().flags


def test_a_recording_made_before_15_july_2020_keeps_one_month():
    assessment = assess(recorded_at="2020-07-14T10:00:00+01:00")
    assert assessment.expires_on == date(2020, 8, 14)
    assert "expired-on-arrival" in assessment.flags


# call-id


def test_a_missing_call_id_is_derived_from_bucket_and_key_and_flagged():
    assessment = assess(call_id=None)
    assert assessment.call_id == derived_call_id(BUCKET, KEY)
    assert re.fullmatch(r"K-[0-9a-f]{20}", assessment.call_id)
    assert assessment.flags == {"call-id-missing"}


def test_the_derived_call_id_is_stable_for_a_key_and_differs_between_keys():
    assert assess(call_id=None).call_id == assess(call_id=None, now=NOW + timedelta(hours=1)).call_id
    assert derived_call_id(BUCKET, KEY) == derived_call_id(BUCKET, KEY)
    assert derived_call_id(BUCKET, KEY) != derived_call_id(BUCKET, KEY + "x")
    assert derived_call_id(BUCKET, KEY) != derived_call_id(BUCKET + "x", KEY)


@pytest.mark.parametrize("bad", ["C 2026 1", "C-1/2", "C-1;DROP", "x" * 129, "ÇALL-1", "C-1#"])
def test_a_call_id_outside_1_to_128_safe_characters_is_replaced_and_flagged(bad):
    assessment = assess(call_id=bad)
    assert assessment.call_id == derived_call_id(BUCKET, KEY)
    assert assessment.flags == {"call-id-invalid"}


@pytest.mark.parametrize("good", ["x" * 128, "C-2026.000:1_a", "1"])
def test_a_call_id_of_safe_characters_is_kept(good):
    assert assess(call_id=good).call_id == good


# purpose and source


@pytest.mark.parametrize("absent", [None, "", "  "])
def test_a_missing_purpose_is_quality_and_training_unflagged(absent):
    assessment = assess(purpose=absent)
    assert assessment.purpose is Purpose.QUALITY_TRAINING
    assert assessment.flags == frozenset()


@pytest.mark.parametrize("unknown", ["marketing", "unspecified", "Quality and Training Purposes", "x" * 300])
def test_an_unknown_purpose_is_kept_as_unspecified_and_flagged(unknown):
    assessment = assess(purpose=unknown)
    assert assessment.purpose is Purpose.UNSPECIFIED
    assert assessment.tags()["purpose"] == "unspecified"
    assert assessment.flags == {"purpose-unknown"}


def test_a_missing_source_is_unspecified_and_flagged():
    assessment = assess(source=None)
    assert assessment.source is Source.UNSPECIFIED
    assert assessment.tags()["source"] == "unspecified"
    assert assessment.flags == {"source-missing"}


@pytest.mark.parametrize("unknown", ["caller", "unspecified", "<councillor>", "x" * 300])
def test_an_unknown_source_is_kept_as_unspecified_and_flagged(unknown):
    assessment = assess(source=unknown)
    assert assessment.source is Source.UNSPECIFIED
    assert assessment.flags == {"source-unknown"}


@pytest.mark.parametrize(
    "metadata",
    [
        {"purpose": "q" * 300, "source": "s" * 300},
        {"purpose": "quality-training&<script>", "source": "member-of-public!*"},
        {"purpose": "complaints\u00a0disputes", "source": "councillor\tor not"},
        {"call-id": "=?UTF-8?B?w4lNSUxF?=", "recorded-at": "\x00"},
    ],
)
def test_tags_satisfy_s3_tag_rules_whatever_the_metadata(metadata):
    tags = assess(metadata).tags()
    assert set(tags) == {"purpose", "source", "retention", "expires-on"}
    assert all(S3_TAG_VALUE.fullmatch(value) for value in tags.values())


# subject identifiers and agent


def test_a_caller_number_that_is_not_a_phone_number_is_dropped_and_flagged():
    assessment = assess(caller_number="call me back")
    assert assessment.caller_number is None
    assert assessment.flags == {"caller-number-invalid"}


@pytest.mark.parametrize("withheld", [None, "", "withheld", "Anonymous"])
def test_a_withheld_caller_number_is_none_and_unflagged(withheld):
    assessment = assess(caller_number=withheld)
    assert assessment.caller_number is None
    assert assessment.flags == frozenset()


def test_a_malformed_customer_reference_is_dropped_and_flagged():
    assessment = assess(customer_ref="SH 100001 (Mrs Smith)")
    assert assessment.customer_ref is None
    assert assessment.flags == {"customer-ref-invalid"}


def test_a_malformed_agent_id_is_dropped_and_flagged():
    assessment = assess(agent_id="agent 7 <x>")
    assert assessment.agent_id is None
    assert assessment.flags == {"agent-id-invalid"}


def test_neither_the_assessment_nor_the_metadata_model_shows_the_caller_or_customer():
    assessment = assess()
    upload = UploadMetadata.from_s3(GOOD)
    shown = repr(assessment) + str(assessment) + repr(upload) + str(upload)
    assert "861234" not in shown
    assert "100001" not in shown
    assert (assessment.caller_number, upload.caller_number) == ("+441803861234", "01803 861234")


# empty and out-of-policy recordings


def test_an_empty_recording_is_kept_and_flagged():
    assessment = assess(size=0)
    assert assessment.flags == {"empty-recording"}
    assert assessment.retention is RetentionClass.STANDARD


@pytest.mark.parametrize("true", ["true", "TRUE", "yes", " Yes ", "1"])
def test_recorded_payment_details_quarantine_the_recording_which_still_expires(true):
    assessment = assess(payment_details=true)
    assert assessment.retention is RetentionClass.QUARANTINE
    assert assessment.quarantined
    assert assessment.flags == {"payment-details-recorded"}
    assert assessment.tags() == {
        "purpose": "complaints-disputes",
        "source": "data-subject",
        "retention": "quarantine",
        "expires-on": "2026-04-30",
    }


@pytest.mark.parametrize("false", ["false", "No", "0", ""])
def test_payment_details_declared_false_are_ordinary(false):
    assessment = assess(payment_details=false)
    assert (assessment.retention, assessment.flags) == (RetentionClass.STANDARD, frozenset())


@pytest.mark.parametrize("unclear", ["maybe", "y", "card"])
def test_an_unclear_payment_details_value_is_flagged_for_review_not_quarantined(unclear):
    assessment = assess(payment_details=unclear)
    assert (assessment.retention, assessment.flags) == (RetentionClass.STANDARD, {"payment-details-unclear"})


@pytest.mark.parametrize("officer", ["officer", "Officer", " OFFICER "])
def test_the_officer_leg_of_a_transferred_call_is_quarantined(officer):
    assessment = assess(call_leg=officer)
    assert assessment.retention is RetentionClass.QUARANTINE
    assert assessment.flags == {"officer-call-leg-recorded"}
    assert assessment.expires_on == date(2026, 4, 30)


def test_the_customer_leg_is_ordinary():
    assert assess(call_leg="customer").retention is RetentionClass.STANDARD


def test_a_quarantined_recording_with_a_bad_time_still_expires_from_its_upload():
    assessment = assess(payment_details="true", recorded_at="soon")
    assert assessment.retention is RetentionClass.QUARANTINE
    assert assessment.expires_on == date(2026, 5, 1)
    assert assessment.flags == {"payment-details-recorded", "recorded-at-invalid"}


# never raises, and every flag is explained


def test_everything_wrong_at_once_is_all_flagged_and_the_recording_kept():
    assessment = assess(
        {
            "caller-number": "nope",
            "customer-ref": "?",
            "agent-id": " ",
            "purpose": "marketing",
            "source": "gossip",
            "payment-details": "true",
            "call-leg": "officer",
            "recorded-at": "later",
        },
        size=0,
    )
    assert assessment.flags == {
        "recorded-at-invalid",
        "call-id-missing",
        "purpose-unknown",
        "source-unknown",
        "caller-number-invalid",
        "customer-ref-invalid",
        "empty-recording",
        "payment-details-recorded",
        "officer-call-leg-recorded",
    }
    assert assessment.retention is RetentionClass.QUARANTINE
    assert assessment.expires_on == date(2026, 5, 1)


@pytest.mark.parametrize("value", ["", " ", "\x00", "é" * 50, "=?UTF-8?B?w6k=?=", "0" * 2048, "null", "[]"])
def test_no_metadata_value_makes_the_assessment_raise(value):
    metadata = {field.alias or name: value for name, field in UploadMetadata.model_fields.items()}
    assessment = assess(metadata)
    assert assessment.tags()["expires-on"]
    assert assessment.flags <= set(FLAG_MEANINGS)


def test_every_flag_has_a_meaning_for_the_dpo():
    assert set(FLAG_MEANINGS) == {
        "recorded-at-missing",
        "recorded-at-invalid",
        "recorded-at-in-future",
        "expired-on-arrival",
        "arrived-late",
        "call-id-missing",
        "call-id-reused",  # set when the registry says another version claimed the call id
        "key-has-phone-number",
        "call-id-invalid",
        "purpose-unknown",
        "source-missing",
        "source-unknown",
        "caller-number-invalid",
        "customer-ref-invalid",
        "agent-id-invalid",
        "empty-recording",
        "payment-details-recorded",
        "payment-details-unclear",
        "officer-call-leg-recorded",
        "object-missing",  # set by the daily reconciliation, not by ingest
    }
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)+", flag) for flag in FLAG_MEANINGS)
    assert all(meaning[0].isupper() and meaning.endswith(".") for meaning in FLAG_MEANINGS.values())
    assert set(QUARANTINE_FLAGS) <= set(FLAG_MEANINGS)
    assert all("quarantined" in FLAG_MEANINGS[flag] for flag in QUARANTINE_FLAGS)


def test_an_assessment_is_frozen():
    assessment = assess()
    with pytest.raises(ValueError, match="frozen"):
        assessment.call_id = "other"
