"""Identifying the data subject of a recording: caller numbers, customer references, keyed hashes.

The registry never holds a caller number or customer reference in clear, only a keyed hash
(HMAC-SHA256) of its normal form, so ingest and the DPO's lookups must normalise and hash alike.
An identifier is personal data: no error raised here repeats it.
"""

import hashlib
import hmac
import re
from typing import Literal

# The region a number written without an international prefix is read in.
DEFAULT_REGION = "GB"

# What telephony systems write instead of a number when the caller withheld it.
WITHHELD_MARKERS = frozenset({"withheld", "anonymous", "unavailable", "private"})

_CUSTOMER_REF = re.compile(r"[A-Z0-9/-]{1,64}")

SubjectKind = Literal["caller", "customer"]
SUBJECT_KINDS: tuple[SubjectKind, ...] = ("caller", "customer")


class InvalidSubjectIdentifier(ValueError):
    """A caller number or customer reference that cannot be normalised (the value is not shown)."""


def normalise_caller_number(raw: str | None, region: str = DEFAULT_REGION) -> str | None:
    """The caller's number in E.164 (``+441803861234``), or None when it was withheld or not given.

    Any written form is accepted (``01803 861234``, ``(01803) 861 234``, ``0044 1803 861234``).
    A number is accepted when it has the right length for its country ("possible"), not only when
    it is in a range the library knows to be allocated ("valid"): ranges are allocated over time,
    and a real caller's number must not lose its hash because the library's data lags behind.
    """
    if raw is None or not raw.strip() or raw.strip().lower() in WITHHELD_MARKERS:
        return None
    # Imported on first use: its metadata takes a tenth of a cold start, and most DPO routes and the
    # daily jobs never read a caller number.
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise InvalidSubjectIdentifier("caller number is not a valid phone number") from None
    if phonenumbers.is_possible_number_with_reason(number) != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise InvalidSubjectIdentifier("caller number is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_customer_ref(raw: str | None) -> str | None:
    """A council customer reference in upper case (1-64 of A-Z, 0-9, ``/``, ``-``), or None if not given."""
    if raw is None or not raw.strip():
        return None
    reference = raw.strip().upper()
    if not _CUSTOMER_REF.fullmatch(reference):
        raise InvalidSubjectIdentifier("customer reference is not 1 to 64 letters, digits, '/' or '-'")
    return reference


def subject_hash(key: bytes, kind: SubjectKind, value: str) -> str:
    """The keyed hash (hex HMAC-SHA256) under which the registry indexes a normalised identifier.

    The kind is hashed with the value, so a caller number and a customer reference that happen
    to be written alike never share a hash.
    """
    if kind not in SUBJECT_KINDS:
        raise ValueError(f"subject kind must be one of {', '.join(SUBJECT_KINDS)}, not {kind!r}")
    if not key:
        raise ValueError("the subject hash key is empty")
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
