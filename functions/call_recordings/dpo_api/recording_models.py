"""The answers of /recordings: a recording's versions, their retention and the holds on them; the
recordings that need the DPO."""

from datetime import date, datetime

from pydantic import Field

from call_recordings.core.defaults import no_items
from call_recordings.core.models import BaseModel
from call_recordings.core.vocabulary import RetentionClass
from call_recordings.holds.vocabulary import HoldReason, HoldStatus


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
        default_factory=no_items,
        description="Art 18 restrictions on this version (R-…): kept, but out of routine use",
    )


class RecordingView(BaseModel):
    """A recording's versions: purpose, source, when recorded, retention class and dates, holds."""

    call_id: str
    versions: list[RecordingVersionView]


class FlagReason(BaseModel):
    flag: str
    meaning: str


class RecordingNeedingDpo(BaseModel):
    """A live version with a flag that needs the DPO, and why."""

    call_id: str
    version_id: str
    recorded_at: datetime
    purpose: str
    source: str
    retention: RetentionClass = Field(description="quarantine: out of policy, access restricted")
    expires_on: date
    quarantined: bool
    why: list[FlagReason] = Field(description="Each flag that needs the DPO, with what it means")


class RecordingsNeedingDpo(BaseModel):
    """A page of the recordings that need the DPO, newest first."""

    recordings: list[RecordingNeedingDpo]
    next_token: str | None = None
