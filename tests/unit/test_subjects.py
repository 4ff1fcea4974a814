import hashlib
import hmac
import traceback

import pytest

from call_recordings.core.subjects import (
    InvalidSubjectIdentifier,
    normalise_caller_number,
    normalise_customer_ref,
    subject_hash,
)

KEY = b"a-test-key-of-some-length-0123456789"


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("01803 861234", "+441803861234"),
        ("+44 1803 861234", "+441803861234"),
        ("(01803) 861 234", "+441803861234"),
        ("01803-861234", "+441803861234"),
        ("+44 (0)1803 861234", "+441803861234"),
        ("  01803861234  ", "+441803861234"),
        ("07700 900123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("+447700900123", "+447700900123"),
        ("020 7946 0000", "+442079460000"),
        ("0800 123 4567", "+448001234567"),
        ("+353 1 234 5678", "+35312345678"),
    ],
)
def test_a_caller_number_in_any_written_form_is_normalised_to_e164(written, e164):
    assert normalise_caller_number(written) == e164


def test_every_form_of_one_number_has_one_normal_form():
    forms = ["01803 861234", "+44 1803 861234", "(01803) 861 234", "0044 1803 861234", "01803861234"]
    assert {normalise_caller_number(form) for form in forms} == {"+441803861234"}


@pytest.mark.parametrize(
    "withheld", [None, "", "   ", "withheld", "Withheld", "ANONYMOUS", "unavailable", " Private "]
)
def test_a_withheld_or_absent_number_is_none(withheld):
    assert normalise_caller_number(withheld) is None


@pytest.mark.parametrize(
    "not_a_number",
    [
        "hello",
        "12345",
        "999",
        "+44",
        "861234",  # a local number without its area code
        "07700 9001234",  # one digit too many
        "not a number 123",
        "+999 123456789",  # no such country code
        "1" * 300,
    ],
)
def test_what_is_not_a_phone_number_is_refused_without_repeating_it(not_a_number):
    with pytest.raises(InvalidSubjectIdentifier) as raised:
        normalise_caller_number(not_a_number)
    assert str(raised.value) == "caller number is not a valid phone number"
    assert isinstance(raised.value, ValueError)
    shown = "".join(traceback.format_exception(raised.value)) + repr(raised.value)
    assert not_a_number.strip() not in shown


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("SH-100001", "SH-100001"),
        (" sh-100001 ", "SH-100001"),
        ("sh/2024/77", "SH/2024/77"),
        ("12345", "12345"),
        ("A" * 64, "A" * 64),
    ],
)
def test_a_customer_reference_is_trimmed_and_upper_cased(written, normal):
    assert normalise_customer_ref(written) == normal


@pytest.mark.parametrize("absent", [None, "", "   "])
def test_an_absent_customer_reference_is_none(absent):
    assert normalise_customer_ref(absent) is None


@pytest.mark.parametrize(
    "bad", ["SH 100001", "SH_100001", "SH-1;DROP", "ÉMILE-1", "A" * 65, "SH-1\nSH-2", "SH.1"]
)
def test_a_malformed_customer_reference_is_refused_without_repeating_it(bad):
    with pytest.raises(InvalidSubjectIdentifier) as raised:
        normalise_customer_ref(bad)
    assert str(raised.value) == "customer reference is not 1 to 64 letters, digits, '/' or '-'"
    shown = "".join(traceback.format_exception(raised.value))
    assert bad.strip() not in shown
    assert bad.strip().upper() not in shown


def test_the_subject_hash_is_the_hex_hmac_sha256_of_kind_and_value():
    expected = hmac.new(KEY, b"caller:+441803861234", hashlib.sha256).hexdigest()
    assert subject_hash(KEY, "caller", "+441803861234") == expected
    assert len(expected) == 64
    int(expected, 16)


def test_the_subject_hash_is_stable():
    # A known answer: a change here would orphan every hash already stored in the registry.
    assert (
        subject_hash(b"key", "customer", "SH-100001")
        == hmac.new(b"key", b"customer:SH-100001", hashlib.sha256).hexdigest()
    )
    assert subject_hash(KEY, "caller", "+441803861234") == subject_hash(KEY, "caller", "+441803861234")


def test_a_different_key_gives_a_different_hash():
    assert subject_hash(KEY, "caller", "+441803861234") != subject_hash(KEY + b"x", "caller", "+441803861234")


def test_a_caller_number_and_a_customer_reference_written_alike_never_share_a_hash():
    assert subject_hash(KEY, "caller", "12345") != subject_hash(KEY, "customer", "12345")


def test_the_hash_does_not_contain_the_value():
    assert "441803861234" not in subject_hash(KEY, "caller", "+441803861234")


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="subject kind must be one of caller, customer"):
        subject_hash(KEY, "agent", "A-1")


def test_an_empty_key_is_refused():
    with pytest.raises(ValueError, match="key is empty"):
        subject_hash(b"", "caller", "+441803861234")
