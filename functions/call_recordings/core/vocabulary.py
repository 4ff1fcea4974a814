"""The purposes, sources and retention classes of a call recording, in the privacy notice's words.

The values are what the telephony system sends as S3 user metadata (``purpose``, ``source``) and
what the recording is tagged with; the wording is the notice's own, for reports and for the
manifest of a Subject Access Request (UK GDPR Art 15 asks for the purposes and the source).
"""

from enum import StrEnum

# Where recordings are uploaded, in the recordings bucket: the one definition, which the stack
# (notification filter, grants, bucket policy) and the functions (ingest, reconciliation) share.
RECORDINGS_PREFIX = "recordings/"


class Purpose(StrEnum):
    """Why the council may use a recording (the notice's four purposes, and one for review)."""

    QUALITY_TRAINING = "quality-training"
    COMPLAINTS_DISPUTES = "complaints-disputes"
    LEGAL_CLAIMS = "legal-claims"
    EMPLOYEE_SAFETY = "employee-safety"
    # Assigned by the system when an upload names a purpose the council does not recognise; such
    # recordings are kept and flagged for review. An upload may not declare it (see parse_purpose).
    UNSPECIFIED = "unspecified"


class Source(StrEnum):
    """Where the personal information in a recording came from (the notice's four sources)."""

    DATA_SUBJECT = "data-subject"
    MEMBER_OF_PUBLIC = "member-of-public"
    COUNCILLOR = "councillor"
    ORGANISATION = "organisation"
    # Assigned by the system when an upload does not say; such recordings are flagged for review.
    # An upload may not declare it (see parse_source).
    UNSPECIFIED = "unspecified"


class RetentionClass(StrEnum):
    """How a recording is being kept: the value of its ``retention`` tag."""

    STANDARD = "standard"  # kept until its expiry date, then deleted
    HOLD = "hold"  # kept under one or more legal holds, whatever its expiry date
    # Kept under a restriction of processing (UK GDPR Art 18), whatever its expiry date. A version that
    # a restriction and another hold both cover is tagged ``restricted`` (holds/release.py, kept_class).
    RESTRICTED = "restricted"
    QUARANTINE = "quarantine"  # out of policy (card details, officer call leg): access restricted


PURPOSE_WORDING: dict[Purpose, str] = {
    Purpose.QUALITY_TRAINING: "Quality and Training Purposes",
    Purpose.COMPLAINTS_DISPUTES: "Complaints and Disputes",
    Purpose.LEGAL_CLAIMS: "Legal Claims",
    Purpose.EMPLOYEE_SAFETY: "Employee Safety and Wellbeing",
    Purpose.UNSPECIFIED: "Not stated in a form the council recognises (flagged for review)",
}

SOURCE_WORDING: dict[Source, str] = {
    Source.DATA_SUBJECT: "Information provided directly by you",
    Source.MEMBER_OF_PUBLIC: (
        "Information provided by another member of the public (e.g. complaint or concern)"
    ),
    Source.COUNCILLOR: "Information provided by an elected Councillor on behalf of you",
    Source.ORGANISATION: (
        "Information provided by other organisations (e.g. Emergency Services, Landlords) "
        "regarding an individual"
    ),
    Source.UNSPECIFIED: "Not stated by the telephony system (flagged for review)",
}

# The purpose of a recording whose upload does not state one.
DEFAULT_PURPOSE = Purpose.QUALITY_TRAINING

_SHOWN_VALUE_LENGTH = 64


class UnknownVocabulary(ValueError):
    """A purpose or source that is not one of the notice's (or that an upload may not declare)."""

    def __init__(self, kind: str, value: object, allowed: list[str], problem: str = "is unknown") -> None:
        self.kind = kind
        self.value = value
        self.allowed = allowed
        shown = value[:_SHOWN_VALUE_LENGTH] if isinstance(value, str) else value
        super().__init__(f"{kind} {shown!r} {problem}; allowed values: {', '.join(allowed)}")


def _normalised(value: object) -> str | None:
    return value.strip().lower() if isinstance(value, str) else None


def parse_purpose(value: str) -> Purpose:
    """The purpose named by an upload's ``purpose`` metadata (case and surrounding spaces ignored).

    An absent purpose is the caller's to default (``DEFAULT_PURPOSE``); anything given must be one
    of the four. ``unspecified`` is the system's to assign, so an upload declaring it is refused.
    """
    allowed = [purpose.value for purpose in Purpose if purpose is not Purpose.UNSPECIFIED]
    word = _normalised(value)
    if word in allowed:
        return Purpose(word)
    if word == Purpose.UNSPECIFIED:
        raise UnknownVocabulary(
            "purpose",
            value,
            allowed,
            "may not be declared by an upload (the system assigns it to a purpose it does not recognise)",
        )
    raise UnknownVocabulary("purpose", value, allowed)


def parse_source(value: str) -> Source:
    """The source named by an upload's ``source`` metadata (case and surrounding spaces ignored).

    An absent source is the caller's to mark ``Source.UNSPECIFIED``; an upload may not declare
    ``unspecified`` itself, so it is refused with the four sources it may declare.
    """
    allowed = [source.value for source in Source if source is not Source.UNSPECIFIED]
    word = _normalised(value)
    if word in allowed:
        return Source(word)
    if word == Source.UNSPECIFIED:
        raise UnknownVocabulary(
            "source",
            value,
            allowed,
            "may not be declared by an upload (the system assigns it when none is given)",
        )
    raise UnknownVocabulary("source", value, allowed)


# Flags that make a recording out of policy: quarantined (access restricted) and reported.
QUARANTINE_FLAGS = frozenset({"payment-details-recorded", "officer-call-leg-recorded"})

# Flags of a recording that may be the telephony system's fault rather than the call's (DESIGN section
# 8): kept as usual, not quarantined, but the DPO is told at ingest, as for a quarantined one.
ARRIVED_LATE = "arrived-late"  # more than 2 days after its recorded-at: kept 7 days from arrival
EXPIRED_ON_ARRIVAL = "expired-on-arrival"  # already past its date: kept 7 days from arrival
CALL_ID_REUSED = "call-id-reused"  # another version was registered under its call id first
KEY_HAS_PHONE_NUMBER = "key-has-phone-number"  # its object key looks like it carries a phone number
DPO_ALERT_FLAGS = QUARANTINE_FLAGS | {ARRIVED_LATE, EXPIRED_ON_ARRIVAL, CALL_ID_REUSED, KEY_HAS_PHONE_NUMBER}

# The flag the daily reconciliation sets on a live registry item whose object version is gone from the
# bucket (reconciliation.differences); the recording's audit trail shows it as an entry of its own.
OBJECT_MISSING = "object-missing"

# Flags a correction of purpose or source answers (corrections/correcting.py CLEARED_FLAGS clears them).
REVIEW_FLAGS = frozenset({"purpose-unknown", "source-missing", "source-unknown"})

# Flags that put a recording on the DPO's list of recordings that need them (GET /recordings/flagged, the
# console's Today page) while the version carries one: quarantined or alerted at ingest, a purpose or source
# to correct, an object reconciliation found gone. The registry marks such a version `needs_dpo` (its
# by-needs-dpo index, core/tables.py) with the value NEEDS_DPO.
NEEDS_DPO_FLAGS = DPO_ALERT_FLAGS | REVIEW_FLAGS | {OBJECT_MISSING}
NEEDS_DPO = "yes"


def needs_dpo(flags: "frozenset[str] | set[str]") -> bool:
    """Whether a version with these flags is on the DPO's list of recordings that need them."""
    return bool(NEEDS_DPO_FLAGS & set(flags))


# What each flag tells the DPO, in the words every alert, report and list uses (ingest sets them).
FLAG_MEANINGS: dict[str, str] = {
    "recorded-at-missing": "The upload did not say when the call was recorded; "
    "the upload time is used, so retention runs from then.",
    "recorded-at-invalid": "The recording time was not an ISO 8601 time with a UTC offset; "
    "the upload time is used, so retention runs from then.",
    "recorded-at-in-future": "The recording time was more than a day in the future; "
    "the upload time is used, so retention runs from then.",
    EXPIRED_ON_ARRIVAL: "The recording's retention period had already ended when it arrived (is the "
    "telephony system's clock wrong?): it is kept 7 days from arrival, then deleted unless held; DPO told.",
    ARRIVED_LATE: "The recording arrived more than 2 days after its recorded-at (a wrong clock, or a "
    "stalled upload?): it is kept at least 7 days from arrival, whatever its expiry date; DPO told.",
    "call-id-missing": "The upload had no call id; the recording's id was derived from where it is stored.",
    "call-id-invalid": "The call id was not 1 to 128 letters, digits, '.', '_', ':' or '-'; "
    "the recording's id was derived from where it is stored.",
    CALL_ID_REUSED: "Another recording version was registered under this call id first: a request "
    "about a person finds this version only by its own caller number or customer reference, never "
    "through the call id; check whether the telephony system reused the id. DPO told.",
    KEY_HAS_PHONE_NUMBER: "The recording's object key looks like it contains a phone number, which "
    "keys must never carry (logs and alerts name the key only by a keyed hash, the registry keeps it): "
    "ask the telephony supplier to name recordings by call id alone. The recording is kept as usual. "
    "DPO told.",
    "purpose-unknown": "The purpose was not one of the four in the privacy notice; "
    "the recording is kept with purpose 'unspecified'.",
    "source-missing": "The upload did not say where the information came from; "
    "the recording is kept with source 'unspecified'.",
    "source-unknown": "The source was not one of the four in the privacy notice; "
    "the recording is kept with source 'unspecified'.",
    "caller-number-invalid": "The caller number was not a phone number; it was not kept, "
    "so the recording cannot be found by caller number.",
    "customer-ref-invalid": "The customer reference was not 1 to 64 letters, digits, '/' or '-'; it was "
    "not kept, so the recording cannot be found by customer reference.",
    "agent-id-invalid": "The agent id was not 1 to 64 letters, digits, '.', '_', '@' or '-'; "
    "it was not kept.",
    "empty-recording": "The recording is empty (0 bytes).",
    "payment-details-recorded": "The upload says card or bank details were recorded, which the privacy "
    "notice says never happens: the recording is quarantined and the DPO alerted.",
    "payment-details-unclear": "The payment-details value was neither true nor false; "
    "check whether card or bank details were recorded.",
    "object-missing": "Daily reconciliation found no object for this version in the bucket; DPO told.",
    "officer-call-leg-recorded": "The recording is of the officer's leg of a transferred call, which the "
    "privacy notice says is not recorded: the recording is quarantined and the DPO alerted.",
}
