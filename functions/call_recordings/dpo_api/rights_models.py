"""The answers of /requests: an erasure, restriction, objection or rectification request (its clock, the
decision and what carrying it out did), as the rights function's changes answer and a list shows it; the
report that adds the erasure's versions is in ``rights_report_models`` (the rights function never imports
the erasure's models)."""

from datetime import date, datetime

from pydantic import Field

from call_recordings.core.hold_selection import HoldSelection
from call_recordings.core.models import BaseModel
from call_recordings.core.notes import concealed
from call_recordings.deletion.vocabulary import ErasureStatus
from call_recordings.restrictions.vocabulary import GROUND_WORDING, RestrictionGround
from call_recordings.rights.clock import PauseReason
from call_recordings.rights.clocked import PAUSE_REASON_WORDING, PausedPeriod
from call_recordings.rights.records import (
    REFUSAL_WORDING,
    RIGHT_WORDING,
    Decision,
    RefusalGround,
    RightsKind,
    RightsRequest,
    RightsRequestStatus,
)


class RightsDecision(BaseModel):
    """What the DPO decided, on which ground, who and when."""

    decision: Decision
    objection: str | None = Field(description="For an objection: upheld (erase, restrict) or rejected")
    refusal_ground: RefusalGround | None
    refusal_ground_wording: str | None
    restriction_grounds: RestrictionGround | None
    restriction_grounds_wording: str | None
    decided_by: str
    decided_on: date
    decided_at: datetime
    note: str | None = Field(description="The reasons")

    @classmethod
    def of(cls, request: RightsRequest) -> "RightsDecision | None":
        if request.decision is None or request.decided_by is None:
            return None
        objection = None
        if request.right is RightsKind.OBJECTION:
            objection = "rejected" if request.decision is Decision.REFUSE else "upheld"
        return cls(
            decision=request.decision,
            objection=objection,
            refusal_ground=request.refusal_ground,
            refusal_ground_wording=request.refusal_ground and REFUSAL_WORDING[request.refusal_ground],
            restriction_grounds=request.restriction_grounds,
            restriction_grounds_wording=request.restriction_grounds
            and GROUND_WORDING[request.restriction_grounds],
            decided_by=request.decided_by,
            decided_on=request.decided_on,  # type: ignore[arg-type]
            decided_at=request.decided_at,  # type: ignore[arg-type]
            note=request.decision_note,
        )


class ErasureDone(BaseModel):
    erasure_id: str | None = Field(description="None when the person had no recording to erase")
    status: ErasureStatus | None
    erased: int
    refused: int
    failed: int


class RestrictionDone(BaseModel):
    restriction_id: str
    recordings: int


class StatementDone(BaseModel):
    statement: str | None = Field(description="The supplementary statement (Art 16)")
    call_ids: list[str] = Field(description="The calls it is attached to, shown in their SAR exports")


class CarriedOut(BaseModel):
    erasure: ErasureDone | None = None
    restriction: RestrictionDone | None = None
    rectification: StatementDone | None = None

    @classmethod
    def of(cls, request: RightsRequest) -> "CarriedOut | None":
        done = cls(
            erasure=ErasureDone(
                erasure_id=request.erasure_id,
                status=request.erasure_status,
                erased=request.erased,
                refused=request.erasure_refused or 0,
                failed=request.erasure_failed or 0,
            )
            if request.erased is not None
            else None,
            restriction=RestrictionDone(
                restriction_id=request.restriction_id, recordings=request.restricted or 0
            )
            if request.restriction_id
            else None,
            rectification=StatementDone(
                statement=request.statement, call_ids=list(request.statement_call_ids)
            )
            if request.decision is Decision.RECTIFY
            else None,
        )
        return done if done.erasure or done.restriction or done.rectification else None


class RightsRequestSummary(BaseModel):
    """An erasure, restriction, objection or rectification request: its clock, who or what it is about,
    the decision and what was done."""

    request_id: str
    kind: RightsKind
    kind_wording: str
    status: RightsRequestStatus
    received_on: date
    identity_verified_on: date | None
    started_on: date = Field(description="When the clock started: identity verified, or received")
    due_on: date
    overdue: bool = Field(description="Outstanding after its due date (London today)")
    working_days_left: int | None = Field(
        description="Working days to the due date: 0 on it, negative once overdue; none once closed"
    )
    extended: bool
    extension_reason: str | None
    requester_told_on: date | None
    paused_on: date | None
    pause_reason: PauseReason | None
    pause_reason_wording: str | None
    pause_note: str | None
    paused_periods: list[PausedPeriod]
    days_paused: int
    selection: HoldSelection = Field(
        description="How the person or recordings were named: never the identifiers"
    )
    call_ids: list[str]
    note: str | None
    disputed: str | None
    objection: str | None
    opened_by: str
    opened_at: datetime
    decision: RightsDecision | None
    carried_out: CarriedOut | None
    closed_by: str | None
    closed_at: datetime | None
    close_note: str | None

    @classmethod
    def of(cls, request: RightsRequest, today: date) -> "RightsRequestSummary":
        """A note still sealed is not shown (a list); the report opens them for one request."""
        shown = concealed(request)
        fields = shown.model_dump(
            include={
                "request_id", "status", "received_on", "identity_verified_on", "due_on", "extended",
                "extension_reason", "requester_told_on", "paused_on", "pause_reason", "pause_note",
                "paused_periods", "days_paused", "selection", "call_ids", "note", "disputed", "objection",
                "opened_by", "opened_at", "closed_by", "closed_at", "close_note",
            }
        )  # fmt: skip
        return cls(
            **fields,
            kind=request.right,
            kind_wording=RIGHT_WORDING[request.right],
            started_on=request.started_on,
            overdue=request.is_overdue(today),
            working_days_left=request.working_days_left(today),
            pause_reason_wording=PAUSE_REASON_WORDING[request.pause_reason] if request.pause_reason else None,
            decision=RightsDecision.of(shown),
            carried_out=CarriedOut.of(shown),
        )


class RightsRequestList(BaseModel):
    requests: list[RightsRequestSummary]
    next_token: str | None = None
