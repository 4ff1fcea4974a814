"""A complaint to the Data Protection Officer, as the requests table keeps it (``kind = "complaint"``).

DPA 2018 s.164A (inserted by s.103 of the Data (Use and Access) Act 2025, in force since 19 June 2026):
the council must make it easy to complain about how it uses personal data, acknowledge a complaint
"within the period of 30 days beginning with the day on which the complaint is received", take
appropriate steps to respond without undue delay (making enquiries, keeping the complainant informed of
progress) and tell the complainant the outcome without undue delay. The ICO's guidance ("How to deal
with data protection complaints", 2026): the 30 days start the day after the complaint arrives, and a
deadline on a weekend or bank holiday moves to the next working day; an answer given within the 30 days
may stand as the acknowledgement.

Complaints received before 19 June 2026 are accepted (the council recorded complaints before the duty)
and held to the same 30 days as good practice; ``under_s164a`` says whether the statutory duty applies.

The record never holds the complainant's identifiers: only the keyed hashes of their caller number or
customer reference (as the registry indexes them, core/subjects.py) and which kinds were given. What
they complained of, the progress notes and the outcome note are the DPO's free text, sealed with KMS
in the table (core/notes.py) and opened only to show one complaint.

Pure domain code: no AWS, no environment; "today" is passed in.
"""

import re
import secrets
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from call_recordings.core.audit_vocabulary import TargetKind, audit_target
from call_recordings.core.identifiers import CALL_ID_PATTERN, RIGHTS_REQUEST_ID_PATTERN, SAR_ID_PATTERN
from call_recordings.core.models import BaseModel
from call_recordings.rights.clock import next_working_day, working_days_left

# CP-<date logged, UTC>-<10 random hex digits>, the shape of hold and SAR ids (K- is a derived call id).
COMPLAINT_ID_PATTERN = r"^CP-[0-9]{8}-[0-9A-F]{10}$"
_COMPLAINT_ID = re.compile(COMPLAINT_ID_PATTERN)
COMPLAINT_KIND = "complaint"  # the requests table's `kind` (the by-kind index)


S164A_IN_FORCE = date(2026, 6, 19)  # DPA 2018 s.164A, commenced for complaints received from this day
ACKNOWLEDGEMENT_DAYS = 30  # "the period of 30 days beginning with the day on which ... received"

IdentifierKind = Literal["caller number", "customer reference"]


def new_complaint_id(logged_at: datetime) -> str:
    """A new complaint id, e.g. ``CP-20261128-3F9A1C2B7D``."""
    return f"CP-{logged_at:%Y%m%d}-{secrets.token_hex(5).upper()}"


def is_complaint_id(text: str) -> bool:
    return bool(_COMPLAINT_ID.fullmatch(text))


def complaint_target(complaint_id: str) -> str:
    """What an audit entry about a complaint is filed under."""
    return audit_target(TargetKind.COMPLAINT, complaint_id)


def acknowledgement_due(received_on: date) -> date:
    """s.164A(3) and the ICO: the 30 days begin the day after receipt, so the last of them is
    ``received_on`` + 30; on a weekend or bank holiday, the next working day."""
    return next_working_day(received_on + timedelta(days=ACKNOWLEDGEMENT_DAYS))


class ComplaintStatus(StrEnum):
    RECEIVED = "received"  # logged, not yet acknowledged: the 30 days run
    ACKNOWLEDGED = "acknowledged"  # acknowledged; enquiries, the complainant kept informed
    ANSWERED = "answered"  # the outcome told to the complainant: closed
    WITHDRAWN = "withdrawn"  # the complainant withdrew it: closed


CLOSED_STATUSES = frozenset({ComplaintStatus.ANSWERED, ComplaintStatus.WITHDRAWN})


class ComplaintOutcome(StrEnum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly-upheld"
    NOT_UPHELD = "not-upheld"


class ComplaintTopic(StrEnum):
    """What the complaint is about: a SAR, a rights request, a recording (by call id), or anything else
    (said in the summary)."""

    SAR = "sar"
    RIGHTS_REQUEST = "rights-request"
    RECORDING = "recording"
    OTHER = "other"


_REFERENCE_PATTERNS = {
    ComplaintTopic.SAR: SAR_ID_PATTERN,
    ComplaintTopic.RIGHTS_REQUEST: RIGHTS_REQUEST_ID_PATTERN,
    ComplaintTopic.RECORDING: CALL_ID_PATTERN,
}


class ComplaintAbout(BaseModel):
    """What the complaint is about; ``reference`` names the SAR (S-…), the rights request (Q-…) or the
    recording (its call id), and is absent for ``other``."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    topic: ComplaintTopic
    reference: str | None = Field(default=None, max_length=128)

    @model_validator(mode="after")
    def _reference_fits_the_topic(self) -> "ComplaintAbout":
        pattern = _REFERENCE_PATTERNS.get(self.topic)
        if pattern is None:
            if self.reference is not None:
                raise ValueError("a complaint about 'other' has no reference: say what in the summary")
        elif self.reference is None or not re.fullmatch(pattern, self.reference):
            raise ValueError(f"a complaint about a {self.topic.value} names it: reference matching {pattern}")
        return self


class ProgressUpdate(BaseModel):
    """s.164A(4)(b): the complainant kept informed of progress; what they were told (sealed)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    on: date
    note: str | None = Field(default=None, description="What they were told; null in lists")
    noted_by: str
    noted_at: datetime


class ComplaintFields(BaseModel):
    """What the requests table keeps of a complaint (its header item), saved only over the revision it
    was read at (``revision``), as SARs are."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    complaint_id: str = Field(pattern=COMPLAINT_ID_PATTERN)
    status: ComplaintStatus
    received_on: date
    about: ComplaintAbout
    complainant_identified_by: tuple[IdentifierKind, ...] = Field(
        default=(), description="Which identifiers of the complainant were given (kept as keyed hashes only)"
    )
    # The keyed hashes of the complainant's identifiers (core/subjects.py): never in an answer.
    complainant_hashes: SkipJsonSchema[frozenset[str]] = Field(default=frozenset(), exclude=True, repr=False)
    summary: str | None = Field(default=None, description="What the complaint says; null in lists")
    logged_by: str
    logged_at: datetime
    acknowledged_on: date | None = None
    acknowledged_by: str | None = None
    acknowledged_by_answer: bool = Field(
        default=False, description="The answer, given within the 30 days, stands as the acknowledgement (ICO)"
    )
    updates: tuple[ProgressUpdate, ...] = ()
    answered_on: date | None = None
    answered_by: str | None = None
    outcome: ComplaintOutcome | None = None
    outcome_note: str | None = None
    told_of_ico_right: bool | None = Field(
        default=None, description="Whether the answer told the complainant of their right to go to the ICO"
    )
    withdrawn_on: date | None = None
    withdrawn_by: str | None = None
    close_note: str | None = None
    revision: int = Field(default=1, ge=1)


class Complaint(ComplaintFields):
    """A complaint, and how its acknowledgement stands (s.164A(3)): the reminders read these."""

    @property
    def under_s164a(self) -> bool:
        """Received on or after 19 June 2026, when DPA 2018 s.164A came into force."""
        return self.received_on >= S164A_IN_FORCE

    @property
    def acknowledgement_due_on(self) -> date:
        return acknowledgement_due(self.received_on)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def awaits_acknowledgement(self) -> bool:
        return self.acknowledged_on is None and self.status is ComplaintStatus.RECEIVED

    def acknowledgement_working_days_left(self, today: date) -> int | None:
        """Working days to the acknowledgement's due date (rights/clock.py ``working_days_left``):
        negative exactly when it is overdue; None once acknowledged or withdrawn."""
        if not self.awaits_acknowledgement:
            return None
        return working_days_left(today, self.acknowledgement_due_on)

    def acknowledgement_overdue(self, today: date) -> bool:
        left = self.acknowledgement_working_days_left(today)
        return left is not None and left < 0

    @property
    def acknowledged_late(self) -> bool:
        return self.acknowledged_on is not None and self.acknowledged_on > self.acknowledgement_due_on
