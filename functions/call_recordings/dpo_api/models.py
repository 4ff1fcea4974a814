"""The DPO API's request and response bodies (the OpenAPI document is generated from them)."""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from call_recordings.core.errors import EmptySelection
from call_recordings.core.identifiers import CALL_ID_PATTERN
from call_recordings.core.selection import CallSelection, SubjectSelection
from call_recordings.core.vocabulary import RetentionClass
from call_recordings.holds.records import Hold
from call_recordings.holds.selection import HoldRequest
from call_recordings.holds.vocabulary import HOLD_REASON_WORDING, HoldReason, HoldStatus, RecordingHoldStatus

CallId = Annotated[str, Field(pattern=CALL_ID_PATTERN, description="The telephony system's call id")]

# A hold may name this many call ids (the body is limited to 1 MiB anyway).
MAX_CALL_IDS = 20_000

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)


class Subject(BaseModel):
    """A data subject, by caller number and/or customer reference, hashed as at ingest and never kept."""

    model_config = _STRICT

    caller_number: str | None = Field(
        default=None, max_length=40, repr=False, description="Any UK or international format"
    )
    customer_ref: str | None = Field(default=None, max_length=64, repr=False)
    recorded_from: date | None = Field(default=None, description="First London date, inclusive")
    recorded_to: date | None = Field(default=None, description="Last London date, inclusive")

    def selection(self) -> SubjectSelection:
        """The domain's selection (raises EmptySelection, InvalidSubjectIdentifier)."""
        return SubjectSelection(
            caller_number=self.caller_number,
            customer_ref=self.customer_ref,
            recorded_from=self.recorded_from,
            recorded_to=self.recorded_to,
        )


class NamedRecordings(BaseModel):
    """A body that names recordings either by ``call_ids`` or by ``subject`` (every version of each)."""

    model_config = _STRICT

    call_ids: list[CallId] | None = Field(default=None, max_length=MAX_CALL_IDS)
    subject: Subject | None = None

    @model_validator(mode="after")
    def _one_way_of_naming_recordings(self) -> "NamedRecordings":
        if self.call_ids is not None and self.subject is not None:
            raise ValueError("name recordings by call_ids or by subject, not both")
        return self

    def selection(self, verb: str) -> CallSelection | SubjectSelection:
        """The domain's selection; EmptySelection names what the recordings were to be named for
        (``verb``: "hold", "restrict"), InvalidSubjectIdentifier a bad identifier."""
        if self.subject is not None:
            return self.subject.selection()
        if self.call_ids is not None:
            return CallSelection(tuple(self.call_ids))
        raise EmptySelection(f"name the recordings to {verb}: call_ids, or a subject")


class PlaceHoldRequest(NamedRecordings):
    """Name the recordings either by ``call_ids`` or by ``subject`` (every version of each is held)."""

    reason: HoldReason
    case_reference: str = Field(
        min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$", description="The case or claim reference"
    )
    note: str | None = Field(default=None, max_length=2000)

    def hold_request(self) -> HoldRequest:
        """The domain's request (raises EmptySelection, InvalidSubjectIdentifier)."""
        return HoldRequest(
            reason=self.reason,
            case_reference=self.case_reference,
            note=self.note,
            selection=self.selection("hold"),
        )


class ReleaseHoldRequest(BaseModel):
    model_config = _STRICT

    note: str | None = Field(default=None, max_length=2000)


class HoldRecording(BaseModel):
    call_id: str
    version_id: str
    object_key: str
    status: RecordingHoldStatus


class HoldSummary(Hold):
    """A hold: who placed it, when, why, for which case, and how far it has got."""

    reason_wording: str

    @classmethod
    def of(cls, hold: Hold) -> "HoldSummary":
        return cls(**dict(hold), reason_wording=HOLD_REASON_WORDING[hold.reason])


class HoldReport(HoldSummary):
    """A hold and a page of the recording versions it covers, with the hold's status on each."""

    recordings: list[HoldRecording]
    next_token: str | None = Field(default=None, description="Pass as next_token for the next recordings")


class HoldList(BaseModel):
    holds: list[HoldSummary]
    next_token: str | None = None


class HoldOnRecording(BaseModel):
    hold_id: str
    status: HoldStatus
    reason: HoldReason
    reason_wording: str
    case_reference: str
    placed_by: str
    placed_at: datetime


class RecordingVersionView(BaseModel):
    version_id: str
    object_key: str
    recorded_at: datetime
    purpose: str
    source: str
    retention: RetentionClass
    expires_on: date = Field(description="The end of the recording's own retention period")
    due_on: date | None = Field(default=None, description="When the sweeper deletes it; none while held")
    flags: list[str]
    holds: list[HoldOnRecording]
    restrictions: list[str] = Field(
        default_factory=list,
        description="Art 18 restrictions on this version (R-…): kept, but out of routine use",
    )


class RecordingView(BaseModel):
    """A recording's versions: purpose, source, when recorded, retention class and dates, holds."""

    call_id: str
    versions: list[RecordingVersionView]


class AuditEntryView(BaseModel):
    target: str
    entry: str
    at: datetime
    who: str = Field(description="The IAM principal, or system:<function> for a function's own steps")
    action: str
    why: dict[str, Any]
    details: dict[str, Any]


class AuditPage(BaseModel):
    entries: list[AuditEntryView]
    next_token: str | None = None


class ErrorDetail(BaseModel):
    code: str
    message: str
    call_ids: list[str] | None = Field(
        default=None, description="The unknown call ids (recordings-not-found)"
    )


class ErrorBody(BaseModel):
    error: ErrorDetail


def answers(success: dict[int, tuple[str, type[BaseModel]]], *errors: int) -> dict[int, dict[str, Any]]:
    """A route's OpenAPI responses: its successful answers, and the errors it may give, all of which
    share one shape (ErrorBody)."""
    documented = {
        status: {"description": description, "content": {"application/json": {"model": model}}}
        for status, (description, model) in success.items()
    }
    error = {"application/json": {"model": ErrorBody}}
    failed = {status: {"description": _ERROR_DESCRIPTIONS[status], "content": error} for status in errors}
    return documented | failed


_ERROR_DESCRIPTIONS = {
    400: "Invalid request (invalid-request, malformed-json, empty-selection, invalid-subject-identifier, "
    "invalid-page-token, invalid-period, invalid-audit-target, hold-reason-reserved, received-in-future, "
    "date-in-future, identity-verified-before-received, paused-before-start, resumed-before-paused, "
    "extension-needs-reason, invalid-sar-clock-change, erasure-too-large, invalid-link-lifetime, "
    "invalid-statistics-period, subject-told-on-in-future)",
    403: "The request carries no IAM principal (caller-not-identified)",
    404: "Not found (hold-not-found, recording-not-found, recordings-not-found naming the call ids, "
    "subject-has-no-recordings, sar-not-found, erasure-not-found, restriction-not-found)",
    409: "Conflict (hold-already-released, hold-still-placing, idempotency-key-reused, sar-already-extended, "
    "sar-already-paused, sar-not-paused, sar-closed, sar-still-preserving, sar-changed-concurrently, "
    "recording-version-missing, restriction-already-lifted)",
    410: "Every version of the recording has been deleted (recording-deleted): the message says when and "
    "why, and the audit trail (GET /audit?target=recording%23<call_id>) says who",
    413: "The request body is over 1 MiB (request-too-large)",
    415: "The request body is not JSON (unsupported-media-type)",
}
