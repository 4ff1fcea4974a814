"""The answer of POST /recordings/search: a page of a person's recordings, found by an identifier."""

from datetime import date, datetime

from pydantic import Field

from call_recordings.core.models import BaseModel
from call_recordings.core.versions import RegisteredVersion
from call_recordings.core.vocabulary import RetentionClass

# What a found recording shows as the registry has it (the sets are shown sorted).
_AS_REGISTERED = {
    "call_id",
    "version_id",
    "recorded_at",
    "purpose",
    "source",
    "retention",
    "expires_on",
    "due_on",
}


class FoundRecording(BaseModel):
    """One live version of a person's recordings, as Find a recording lists it."""

    call_id: str
    version_id: str
    recorded_at: datetime
    purpose: str
    source: str
    retention: RetentionClass
    expires_on: date = Field(description="The end of the recording's own retention period")
    due_on: date | None = Field(default=None, description="When the sweeper deletes it; none while kept")
    holds: list[str] = Field(description="Holds on this version (H-…), GET /holds/{hold_id} for each")
    restrictions: list[str] = Field(description="Art 18 restrictions on this version (R-…)")
    flags: list[str]

    @classmethod
    def of(cls, version: RegisteredVersion) -> "FoundRecording":
        return cls(
            **version.model_dump(include=_AS_REGISTERED),
            holds=sorted(version.holds),
            restrictions=sorted(version.restrictions),
            flags=sorted(version.flags),
        )


class RecordingSearchResult(BaseModel):
    """A page of the person's live recordings, newest first."""

    recordings: list[FoundRecording]
    next_token: str | None = Field(
        default=None, description="Pass as next_token, with the same identifier and dates, for the next page"
    )
