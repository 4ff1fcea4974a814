"""The answers of /holds: a hold, its report (the recording versions it covers) and the list of holds."""

from datetime import date, datetime

from pydantic import Field

from call_recordings.core.clock import utc_now
from call_recordings.core.models import BaseModel
from call_recordings.core.notes import concealed
from call_recordings.core.progress import Progress
from call_recordings.holds.hold import Hold
from call_recordings.holds.vocabulary import HOLD_REASON_WORDING, RecordingHoldStatus


class HoldRecording(BaseModel):
    call_id: str
    version_id: str
    object_key: str
    status: RecordingHoldStatus


class HoldSummary(Hold):
    """A hold: who placed it, when, why, for which case, how far it has got, and its review."""

    reason_wording: str
    review_overdue: bool = Field(description="In force and past its review date (London today)")
    progress: Progress = Field(
        description="Placing (or, once release is asked for, releasing): done of total, percent, started, "
        "estimated finish; the same shape as a job's (GET /jobs/{job_id})"
    )

    @classmethod
    def of(cls, hold: Hold, today: date, now: datetime | None = None) -> "HoldSummary":
        """A note still sealed is not shown (a list); hold_report_view opens them for one hold."""
        return cls(
            **dict(concealed(hold)),
            reason_wording=HOLD_REASON_WORDING[hold.reason],
            review_overdue=hold.is_review_overdue(today),
            progress=hold.progress_at(now or utc_now()),
        )


class HoldReport(HoldSummary):
    """A hold and a page of the recording versions it covers, with the hold's status on each."""

    recordings: list[HoldRecording]
    next_token: str | None = Field(default=None, description="Pass as next_token for the next recordings")


class HoldList(BaseModel):
    holds: list[HoldSummary]
    next_token: str | None = None
