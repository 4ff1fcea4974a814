"""What an uploaded recording is, judged from its S3 user metadata (DESIGN section 4): no AWS.

Bad metadata never stops a recording being kept and expiring on time: the recording gets the
nearest safe value and a flag that tells the DPO what was wrong (``FLAG_MEANINGS``).
"""

import hashlib
import re
from collections.abc import Mapping
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from call_recordings.core.object_keys import looks_like_phone_number
from call_recordings.core.retention import (
    LONDON,
    InvalidRecordingTime,
    arrived_late,
    expires_on,
    first_due_on,
    is_due,
    parse_recorded_at,
)
from call_recordings.core.subjects import (
    InvalidSubjectIdentifier,
    normalise_caller_number,
    normalise_customer_ref,
)
from call_recordings.core.vocabulary import (
    ARRIVED_LATE,
    CALL_ID_REUSED,
    DEFAULT_PURPOSE,
    DPO_ALERT_FLAGS,
    EXPIRED_ON_ARRIVAL,
    KEY_HAS_PHONE_NUMBER,
    QUARANTINE_FLAGS,
    Purpose,
    RetentionClass,
    Source,
    UnknownVocabulary,
    parse_purpose,
    parse_source,
)

_CALL_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_AGENT_ID = re.compile(r"[A-Za-z0-9._@-]{1,64}")
_YES = frozenset({"true", "yes", "1"})
_NO = frozenset({"false", "no", "0"})


class UploadMetadata(BaseModel):
    """The S3 user metadata the telephony system sends with a recording, as text (blank is absent)."""

    model_config = ConfigDict(
        frozen=True, extra="ignore", str_strip_whitespace=True, hide_input_in_errors=True
    )

    call_id: str | None = Field(default=None, alias="call-id")
    recorded_at: str | None = Field(default=None, alias="recorded-at")
    caller_number: str | None = Field(default=None, alias="caller-number", repr=False)
    customer_ref: str | None = Field(default=None, alias="customer-ref", repr=False)
    agent_id: str | None = Field(default=None, alias="agent-id")
    source: str | None = None
    purpose: str | None = None
    payment_details: str | None = Field(default=None, alias="payment-details")
    call_leg: str | None = Field(default=None, alias="call-leg")

    @field_validator("*")
    @classmethod
    def _blank_is_absent(cls, value: str | None) -> str | None:
        return value or None

    @classmethod
    def from_s3(cls, metadata: Mapping[str, object]) -> "UploadMetadata":
        """From S3's user metadata (keys without ``x-amz-meta-``; their case is ignored)."""
        return cls.model_validate({str(key).lower(): str(value) for key, value in metadata.items()})


class Assessment(BaseModel):
    """One uploaded recording version as the council will keep it: its id, dates, tags and flags."""

    model_config = ConfigDict(frozen=True)

    bucket: str
    object_key: str
    version_id: str
    size: int
    uploaded_at: datetime
    call_id: str
    recorded_at: datetime
    expires_on: date
    due_on: date  # the expiry date, or later for one that arrived late (core.retention.first_due_on)
    purpose: Purpose
    source: Source
    retention: RetentionClass
    flags: frozenset[str]
    caller_number: str | None = Field(default=None, repr=False)  # E.164
    customer_ref: str | None = Field(default=None, repr=False)
    agent_id: str | None = None

    @property
    def quarantined(self) -> bool:
        return self.retention is RetentionClass.QUARANTINE

    @property
    def tells_dpo(self) -> bool:
        """Whether the DPO is alerted at ingest: quarantined, arrived late, or a reused call id."""
        return bool(self.flags & DPO_ALERT_FLAGS)

    def with_call_id_reused(self) -> "Assessment":
        """The same version, found to be the second under its call id (by the registry, at ingest)."""
        return self.model_copy(update={"flags": self.flags | {CALL_ID_REUSED}})

    def tags(self) -> dict[str, str]:
        """The object's tags: what lifecycle rules and the DPO read from the bucket."""
        return {
            "purpose": self.purpose.value,
            "source": self.source.value,
            "retention": self.retention.value,
            "expires-on": self.expires_on.isoformat(),
        }


def assess_upload(
    *,
    bucket: str,
    key: str,
    version_id: str,
    size: int,
    uploaded_at: datetime,
    metadata: Mapping[str, str],
    now: datetime,
) -> Assessment:
    """Judge an upload by its metadata. Never raises for bad metadata: it is flagged, never dropped."""
    upload = UploadMetadata.from_s3(metadata)
    flags: set[str | None] = set()

    recorded_at, expires, flag = _recording_time(upload.recorded_at, uploaded_at, now)
    flags.add(flag)
    late = arrived_late(recorded_at, uploaded_at)
    if late:
        flags.add(ARRIVED_LATE)
    if is_due(expires, uploaded_at.astimezone(LONDON).date()):
        flags.add(EXPIRED_ON_ARRIVAL)
    call_id, flag = _call_id(upload.call_id, bucket, key)
    flags.add(flag)
    purpose, flag = _purpose(upload.purpose)
    flags.add(flag)
    source, flag = _source(upload.source)
    flags.add(flag)
    caller_number, flag = _identifier(normalise_caller_number, upload.caller_number, "caller-number-invalid")
    flags.add(flag)
    customer_ref, flag = _identifier(normalise_customer_ref, upload.customer_ref, "customer-ref-invalid")
    flags.add(flag)
    agent_id, flag = _agent_id(upload.agent_id)
    flags.add(flag)
    if size == 0:
        flags.add("empty-recording")
    flags.add(_payment_details(upload.payment_details))
    if upload.call_leg is not None and upload.call_leg.lower() == "officer":
        flags.add("officer-call-leg-recorded")
    if looks_like_phone_number(key):
        flags.add(KEY_HAS_PHONE_NUMBER)

    found = frozenset(flag for flag in flags if flag is not None)
    return Assessment(
        bucket=bucket,
        object_key=key,
        version_id=version_id,
        size=size,
        uploaded_at=uploaded_at,
        call_id=call_id,
        recorded_at=recorded_at,
        expires_on=expires,
        due_on=first_due_on(expires, uploaded_at, late=late),
        purpose=purpose,
        source=source,
        retention=RetentionClass.QUARANTINE if found & QUARANTINE_FLAGS else RetentionClass.STANDARD,
        flags=found,
        caller_number=caller_number,
        customer_ref=customer_ref,
        agent_id=agent_id,
    )


def derived_call_id(bucket: str, key: str) -> str:
    """The id of a recording whose upload gave no usable call id: the same for every version of a key."""
    return "K-" + hashlib.sha256(f"{bucket}/{key}".encode()).hexdigest()[:20]


def _recording_time(
    text: str | None, uploaded_at: datetime, now: datetime
) -> tuple[datetime, date, str | None]:
    """When the call was recorded and when it expires; the upload time stands in for a bad value."""
    if text is None:
        return uploaded_at, expires_on(uploaded_at, now=now), "recorded-at-missing"
    try:
        recorded_at = parse_recorded_at(text)
    except InvalidRecordingTime:
        return uploaded_at, expires_on(uploaded_at, now=now), "recorded-at-invalid"
    try:
        return recorded_at, expires_on(recorded_at, now=now), None
    except InvalidRecordingTime:
        flag = "recorded-at-in-future" if _after(recorded_at, now) else "recorded-at-invalid"
        return uploaded_at, expires_on(uploaded_at, now=now), flag


def _after(moment: datetime, now: datetime) -> bool:
    try:
        return moment > now
    except OverflowError:  # at the very edge of the calendar, where UTC cannot be computed
        return moment.year > now.year


def _call_id(text: str | None, bucket: str, key: str) -> tuple[str, str | None]:
    if text is None:
        return derived_call_id(bucket, key), "call-id-missing"
    if not _CALL_ID.fullmatch(text):
        return derived_call_id(bucket, key), "call-id-invalid"
    return text, None


def _purpose(text: str | None) -> tuple[Purpose, str | None]:
    if text is None:
        return DEFAULT_PURPOSE, None
    try:
        return parse_purpose(text), None
    except UnknownVocabulary:
        return Purpose.UNSPECIFIED, "purpose-unknown"


def _source(text: str | None) -> tuple[Source, str | None]:
    if text is None:
        return Source.UNSPECIFIED, "source-missing"
    try:
        return parse_source(text), None
    except UnknownVocabulary:
        return Source.UNSPECIFIED, "source-unknown"


def _identifier(normalise, text: str | None, invalid_flag: str) -> tuple[str | None, str | None]:
    try:
        return normalise(text), None
    except InvalidSubjectIdentifier:
        return None, invalid_flag


def _agent_id(text: str | None) -> tuple[str | None, str | None]:
    if text is None or _AGENT_ID.fullmatch(text):
        return text, None
    return None, "agent-id-invalid"


def _payment_details(text: str | None) -> str | None:
    if text is None or text.lower() in _NO:
        return None
    return "payment-details-recorded" if text.lower() in _YES else "payment-details-unclear"
