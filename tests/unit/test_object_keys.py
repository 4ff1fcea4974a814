"""What may be said of an object key outside the perimeter, and which keys look like they carry a number
(DESIGN section 8: object keys must not carry personal data; ingest flags one that looks like a phone
number)."""

import pytest

from call_recordings.core.object_keys import KEY_REFERENCE_DIGITS, key_reference, looks_like_phone_number

SUBJECT_KEY = b"test-subject-hash-key"


@pytest.mark.parametrize(
    "key",
    [
        "recordings/07700900123.wav",  # a UK mobile, as dialled
        "recordings/caller-07700 900123.wav",
        "recordings/07700-900-123.wav",
        "recordings/07700.900123.wav",
        "recordings/2026/12/03/+447700900123_call.wav",  # E.164, between a date and a word
        "recordings/447700900123.wav",  # the country code without its +
        "recordings/0044 7700 900123.wav",  # the international prefix from the UK
        "recordings/call from 01803 861234.wav",  # a UK landline
        "recordings/(01803) 861 234.wav",
        "recordings/abc_01803861234_x.wav",
        "recordings/+1 415 555 2671.wav",  # the US
        "recordings/+33 1 42 68 53 00.wav",  # France
        "recordings/0033142685300.mp3",
    ],
)
def test_a_key_with_a_phone_number_in_any_written_form_is_found(key):
    assert looks_like_phone_number(key)


@pytest.mark.parametrize(
    "key",
    [
        "recordings/2026/12/03/C-20261203-0001.wav",  # a date and a call id
        "recordings/2026/12/03/C-20261203-000123.wav",
        "recordings/2026/12/03/C-123456.wav",
        "recordings/2026/11/C-2026-000123.wav",
        "recordings/2026-12-03T10-15-00Z.wav",  # a timestamp
        "recordings/20261203101500.wav",
        "recordings/2026/12/03/1764758100.wav",  # epoch seconds, not written as a number is dialled
        "recordings/2026.12.03.wav",
        "recordings/C-PII1.wav",
        "recordings/uuid-3f9a1c2b-7d4e-4a1b-9c2d-123456789012.wav",
        "recordings/",
    ],
)
def test_dates_times_and_call_ids_are_not_taken_for_phone_numbers(key):
    assert not looks_like_phone_number(key)


def test_a_key_reference_is_stable_short_keyed_and_does_not_show_the_key():
    key = "recordings/07700 900123.wav"
    reference = key_reference(SUBJECT_KEY, key)

    assert reference == key_reference(SUBJECT_KEY, key)
    assert reference != key_reference(SUBJECT_KEY, "recordings/07700 900124.wav")
    assert reference != key_reference(b"another-key", key)  # without the subject key, no guessing
    assert reference.startswith("key-") and len(reference) == len("key-") + KEY_REFERENCE_DIGITS
    assert "07700" not in reference and "900123" not in reference


def test_a_key_reference_needs_a_key():
    with pytest.raises(ValueError):
        key_reference(b"", "recordings/C-1.wav")
