"""What every input of the DPO API must be, beyond its type: a date written as a date and within a
sane range, and free text without control characters or bidirectional overrides.

Dates. The API reads a date only as ``YYYY-MM-DD`` (pydantic would otherwise take ``0`` as 1 January
1970 and ``true`` as 1970-01-02), between 1 January 2000 and 31 December 2099. Nothing the council
keeps or is asked about lies outside: the recordings it keeps were made this century, a request was
received this century, and the calendar arithmetic (a month's end, the SAR clock, a day after
``recorded_to``) then never leaves the years Python's dates can hold.

Free text (notes, reasons, case references). Tab, line feed and carriage return are kept; other C0/C1
controls (NUL among them) and the Unicode bidirectional controls (U+200E, U+200F, U+202A-U+202E,
U+2066-U+2069, which can make a reference read differently from what it is: CVE-2021-42574) are
refused, so what the DPO typed is what every report and export shows.

Case references. A hold's case reference is kept in clear, unlike notes (core/notes.py): it is the
council's own case or claim number, searched for and shown in every list, the audit trail and a
recording's trail. So that it never carries a caller's number, one that looks like a phone number
(core.object_keys.looks_like_phone_number) is refused.
"""

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from call_recordings.core.object_keys import looks_like_phone_number

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# One or more characters, none a control (but tab, line feed, carriage return) or a bidirectional one:
# in the OpenAPI document as the fields' pattern, so that clients (and fuzzers) know it.
FREE_TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]+$"
NOTE_LENGTH = 2000
REASON_LENGTH = 500


def _written_as_a_date(value: object) -> object:
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


def _in_range(value: date) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(f"must be between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}")
    return value


def _not_a_phone_number(value: str) -> str:
    if looks_like_phone_number(value):
        raise ValueError("must be the council's case reference, not a phone number: it is kept in clear")
    return value


def _carries_no_phone_number(value: str) -> str:
    if looks_like_phone_number(value):
        raise ValueError("must not contain a phone number: the reason is kept in clear in the audit trail")
    return value


ApiDate = Annotated[date, BeforeValidator(_written_as_a_date), AfterValidator(_in_range)]
FreeText = Annotated[str, Field(pattern=FREE_TEXT_PATTERN)]
CaseReference = Annotated[str, AfterValidator(_not_a_phone_number)]
Note = Annotated[str, Field(max_length=NOTE_LENGTH, pattern=FREE_TEXT_PATTERN)]

# Why the DPO corrected a recording's purpose or source: kept in clear in the audit trail (it says why
# the record changed, and is shown with it), so, like a case reference, never a phone number.
Reason = Annotated[
    str,
    Field(min_length=1, max_length=REASON_LENGTH, pattern=FREE_TEXT_PATTERN),
    AfterValidator(_carries_no_phone_number),
]
