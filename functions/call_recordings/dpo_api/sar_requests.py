"""The request bodies of /sars: open a subject access request, extend, pause, resume and close it, and
record the DPO's decision on each of its recordings before the package is made."""

from pydantic import Field, model_validator

from call_recordings.core.models import BaseModel
from call_recordings.dpo_api.inputs import FREE_TEXT_PATTERN, ApiDate, Note
from call_recordings.dpo_api.request_models import STRICT, CallId, Subject
from call_recordings.rights.clock import PauseReason
from call_recordings.subject_access.deciding import DecisionRequest
from call_recordings.subject_access.decisions import Decision, Exemption
from call_recordings.subject_access.opening import SarRequest


class OpenSarRequest(BaseModel):
    """A subject access request as it arrived: about whom, when received, when identity was verified."""

    model_config = STRICT

    subject: Subject = Field(
        description="caller_number and/or customer_ref (hashed as at ingest and never kept), and optional "
        "recorded_from/recorded_to London dates when the request is limited to a period"
    )
    received_on: ApiDate = Field(description="The day the request was received (today or earlier)")
    identity_verified_on: ApiDate | None = Field(
        default=None,
        description="The day proof of identity arrived, if it was asked for: the clock starts then (ICO)",
    )
    note: Note | None = None

    def sar_request(self) -> SarRequest:
        """The domain's request (raises EmptySelection, InvalidSubjectIdentifier)."""
        return SarRequest(
            selection=self.subject.selection(),
            received_on=self.received_on,
            identity_verified_on=self.identity_verified_on,
            note=self.note,
        )


class ExtendSarRequest(BaseModel):
    model_config = STRICT

    reason: str = Field(
        min_length=1,
        max_length=2000,
        pattern=FREE_TEXT_PATTERN,
        description="Why the request is complex: the requester must be told within the first month",
    )
    requester_told_on: ApiDate | None = Field(
        default=None,
        description="The day the requester was told of the extension and its reasons (default today; "
        "not in the future, and no later than the original due date: Art 12(3), DPA 2018 s.54(3B))",
    )


class PauseSarRequest(BaseModel):
    model_config = STRICT

    reason: PauseReason = Field(
        description="identity: proof of identity asked for; clarification: what is asked"
    )
    on: ApiDate | None = Field(
        default=None, description="The day the council asked (default today; not in the future)"
    )
    note: Note | None = None


class ResumeSarRequest(BaseModel):
    model_config = STRICT

    on: ApiDate | None = Field(
        default=None, description="The day the requester's answer arrived (default today; not in the future)"
    )


class CloseSarRequest(BaseModel):
    model_config = STRICT

    note: Note | None = None


class RecordingDecisionInput(BaseModel):
    """The DPO's decision on one call of the SAR (every version it matched), or on one version of it."""

    model_config = STRICT

    call_id: CallId
    version_id: str | None = Field(
        default=None, min_length=1, max_length=1024, description="Only this version (default: every one)"
    )
    decision: Decision = Field(description="disclose: in the package as it is; withhold: left out")
    exemption: Exemption | None = Field(
        default=None,
        description="Required to withhold, refused to disclose: other-people (DPA 2018 Sch 2 para 16), "
        "crime (Sch 2 para 2), legal-privilege (Sch 2 para 19)",
    )

    @model_validator(mode="after")
    def _exemption_only_when_withheld(self) -> "RecordingDecisionInput":
        if (self.decision is Decision.WITHHOLD) != (self.exemption is not None):
            raise ValueError("withhold names its exemption; disclose names none")
        return self

    def decision_request(self) -> DecisionRequest:
        return DecisionRequest(
            call_id=self.call_id, version_id=self.version_id, decision=self.decision, exemption=self.exemption
        )


# Decisions in one request: each names a whole call, so a SAR of more calls than this is decided in
# several requests; more would not fit the 1 MiB a body may be.
MAX_DECISIONS = 1000


class DecideRecordingsRequest(BaseModel):
    model_config = STRICT

    decisions: list[RecordingDecisionInput] = Field(
        min_length=1, max_length=MAX_DECISIONS, description="At most 1000: decide a larger SAR in parts"
    )
