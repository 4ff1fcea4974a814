"""Object keys outside the perimeter: what a log line or an alert may say of one, and whether one
looks like it carries a phone number (DESIGN section 8: object keys must not carry personal data).

A key is chosen by the telephony system, and an audit found one holding the caller's number. The key
is kept where it is needed to act on the object (the registry item, encrypted at rest with the data
key, inside the perimeter), and nowhere else in clear: log lines and alerts name a version by its call
id and version id and, where they need to tell keys apart, by ``key_reference``, a short keyed hash
that cannot be reversed by trying every phone number without the subject hash key.

The look-alike test is deliberately conservative: ``phonenumbers`` finds the candidates (any written
form, UK or international), and one counts only when it is written as a number is dialled (a leading
``+``, ``0`` or ``00``, or the country code itself, ``44…``) and is long enough to be one (9 or more
digits after the country code). A date (``2026/12/03``), a time, an epoch second count or a call id
such as ``C-20261203-0001`` is not flagged.
"""

import hashlib
import hmac
import re

from call_recordings.core.subjects import DEFAULT_REGION

# Hex digits of the keyed hash shown for a key: 48 bits, unique among any bucket's keys in practice.
KEY_REFERENCE_DIGITS = 12
# The shortest national significant number counted as a phone number (UK numbers have 9 or 10).
_SHORTEST_NUMBER = 9
# Characters that separate words in a key but that phonenumbers does not read as separators.
_KEY_SEPARATORS = re.compile(r"[/_.]")


def key_reference(key: bytes, object_key: str) -> str:
    """``key-`` and a short keyed hash (HMAC-SHA256) of an object key: the same key always gives the
    same reference, so a log line can be matched to the registry item, but it cannot be read back."""
    if not key:
        raise ValueError("the subject hash key is empty")
    digest = hmac.new(key, f"object-key:{object_key}".encode(), hashlib.sha256).hexdigest()
    return f"key-{digest[:KEY_REFERENCE_DIGITS]}"


def looks_like_phone_number(text: str, region: str = DEFAULT_REGION) -> bool:
    """Whether any part of a key (or of a case reference, dpo_api.inputs) is written like a phone
    number (see the module's docstring)."""
    # Imported on first use, as core.subjects does: ingest's cold start stays short.
    import phonenumbers

    text = _KEY_SEPARATORS.sub(" ", text)
    for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
        number = match.number
        significant = phonenumbers.national_significant_number(number)
        digits = re.sub(r"\D", "", match.raw_string)
        dialled = (
            match.raw_string.lstrip("(").startswith(("+", "0"))
            or digits == f"{number.country_code}{significant}"
        )
        if dialled and len(significant) >= _SHORTEST_NUMBER:
            return True
    return False
