"""The answers of /sars: a subject access request's report (its clock, its preservation hold and the
recordings it matched) and the list of requests. Their request bodies are in ``sar_requests``."""

from datetime import date, datetime

from pydantic import Field

from call_recordings.core.defaults import no_items
from call_recordings.core.hold_selection import HoldSelection
from call_recordings.core.models import BaseModel
from call_recordings.core.notes import concealed
from call_recordings.core.versions import RecordingVersion, RegisteredVersion
from call_recordings.core.vocabulary import PURPOSE_WORDING, SOURCE_WORDING, Purpose, RetentionClass, Source
from call_recordings.holds.hold import Hold
from call_recordings.holds.vocabulary import HOLD_REASON_WORDING, HoldReason, HoldStatus
from call_recordings.rights.clock import PauseReason
from call_recordings.rights.clocked import PAUSE_REASON_WORDING, PausedPeriod
from call_recordings.subject_access.decisions import RecordingDecision
from call_recordings.subject_access.records import SarStatus, SubjectAccessRequest


class SarRecording(BaseModel):
    """One recording version the request matched, with what Art 15 asks the council to say about it."""

    call_id: str
    version_id: str
    registered: bool = Field(description="False once the version is no longer in the registry (deleted)")
    recorded_at: datetime | None = None
    purpose: str | None = None
    purpose_wording: str | None = None
    source: str | None = None
    source_wording: str | None = None
    retention: RetentionClass | None = None
    expires_on: date | None = Field(
        default=None, description="The end of the recording's own retention period"
    )
    held_by: list[HoldReason] = Field(
        default_factory=no_items, description="Why it is kept now, hold by hold"
    )

    @classmethod
    def of(
        cls, version: RecordingVersion, registered: RegisteredVersion | None, reasons: dict[str, HoldReason]
    ) -> "SarRecording":
        if registered is None:
            return cls(call_id=version.call_id, version_id=version.version_id, registered=False)
        return cls(
            call_id=version.call_id,
            version_id=version.version_id,
            registered=True,
            recorded_at=registered.recorded_at,
            purpose=registered.purpose,
            purpose_wording=_wording(PURPOSE_WORDING, Purpose, registered.purpose),
            source=registered.source,
            source_wording=_wording(SOURCE_WORDING, Source, registered.source),
            retention=registered.retention,
            expires_on=registered.expires_on,
            held_by=sorted({reasons[hold_id] for hold_id in registered.holds if hold_id in reasons}),
        )


class Preservation(BaseModel):
    """The hold that keeps the matched recordings while the request is open."""

    hold_id: str
    status: HoldStatus
    reason_wording: str
    held: int
    total: int

    @classmethod
    def of(cls, hold: Hold) -> "Preservation":
        return cls(
            hold_id=hold.hold_id,
            status=hold.status,
            reason_wording=HOLD_REASON_WORDING[hold.reason],
            held=hold.held,
            total=hold.total,
        )


class SarSummary(BaseModel):
    """A subject access request: its clock, where it stands, and how its recordings were found."""

    sar_id: str
    status: SarStatus
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
    requester_told_on: date | None = Field(
        description="The day the requester was told of the extension (within the original month)"
    )
    paused_on: date | None
    pause_reason: PauseReason | None
    pause_reason_wording: str | None
    pause_note: str | None
    paused_periods: list[PausedPeriod] = Field(
        description="Each finished wait for the requester: asked on, answered on, days excluded (Art 12A)"
    )
    days_paused: int = Field(description="Calendar days excluded by finished clarification periods")
    selection: HoldSelection
    hold_id: str | None = Field(description="The preservation hold; none when no recording matched")
    total: int = Field(description="Recording versions matched")
    note: str | None
    opened_by: str
    opened_at: datetime
    closed_by: str | None
    closed_at: datetime | None
    close_note: str | None
    exports: int
    last_exported_at: datetime | None

    @classmethod
    def of(cls, sar: SubjectAccessRequest, today: date) -> "SarSummary":
        """A note still sealed is not shown (a list); sar_answer opens them for one SAR."""
        fields = concealed(sar).model_dump(
            exclude={"revision", "extended_by", "extended_at", "last_exported_by"}
        )
        return cls(
            **fields,
            started_on=sar.started_on,
            overdue=sar.is_overdue(today),
            working_days_left=sar.working_days_left(today),
            pause_reason_wording=PAUSE_REASON_WORDING[sar.pause_reason] if sar.pause_reason else None,
        )


class SarReport(SarSummary):
    """A SAR, its preservation hold and a page of the recordings it matched."""

    preservation: Preservation | None = Field(description="None when no recording matched")
    recordings: list[SarRecording]
    next_token: str | None = Field(default=None, description="Pass as next_token for the next recordings")


class SarList(BaseModel):
    sars: list[SarSummary]
    next_token: str | None = None


def _wording(wording: dict, vocabulary: type, value: str) -> str | None:
    try:
        return wording[vocabulary(value)]
    except ValueError:
        return None


class SarDecisions(BaseModel):
    """The DPO's decision on each recording version the SAR matched, and how many are still undecided."""

    sar_id: str
    decisions: list[RecordingDecision]
    undecided: list[RecordingVersion] = Field(
        description="Versions with no decision yet: no package until none"
    )
