"""A hold as the requests table keeps it: what every reader of holds needs (the hold report, a SAR's
preservation, a recording's holds). What the hold worker is sent and reports is in holds/records.py."""

from datetime import date, datetime

from pydantic import ConfigDict, Field

from call_recordings.core.defaults import no_items
from call_recordings.core.hold_selection import HoldSelection
from call_recordings.core.identifiers import HOLD_ID_PATTERN
from call_recordings.core.models import BaseModel
from call_recordings.core.progress import Progress
from call_recordings.holds.review import HoldReviewEntry
from call_recordings.holds.vocabulary import HoldReason, HoldStatus


class Hold(BaseModel):
    """A hold as the requests table keeps it (header item): who, when, why, and how far it has got."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    hold_id: str = Field(pattern=HOLD_ID_PATTERN)
    status: HoldStatus
    reason: HoldReason
    case_reference: str
    note: str | None = None
    placed_by: str
    placed_at: datetime
    selection: HoldSelection
    total: int = Field(ge=0, description="Recording versions the hold covers")
    batches: int = Field(ge=1, description="Work messages the hold was split into")
    held: int = Field(default=0, ge=0, description="Versions held so far")
    gone: int = Field(default=0, ge=0, description="Versions deleted before the hold reached them")
    released: int = Field(default=0, ge=0, description="Versions this hold has been released from")
    returned: int = Field(
        default=0, ge=0, description="Released versions that no other hold covered (back to retention)"
    )
    handed_over_at: datetime | None = Field(default=None, description="When its work went to the worker")
    active_at: datetime | None = None
    release_requested_by: str | None = None
    release_requested_at: datetime | None = None
    release_note: str | None = None
    release_handed_over_at: datetime | None = None
    released_at: datetime | None = None
    review_on: date | None = Field(
        default=None,
        description="When the DPO must next decide whether the hold still stands (none for a request's "
        "own hold: a SAR's, a restriction's)",
    )
    reviews: list[HoldReviewEntry] = Field(default_factory=no_items, description="Every review, oldest first")
    review_note: str | None = Field(default=None, description="The reason given at the last review")

    def progress_at(self, now: datetime) -> Progress:
        """How far placing (or releasing) has got, in the shape every long piece of work reports."""
        if self.status in (HoldStatus.RELEASING, HoldStatus.RELEASED):
            return Progress.of(
                self.released,
                self.total,
                started_at=self.release_handed_over_at or self.release_requested_at,
                now=now,
                finished_at=self.released_at,
            )
        return Progress.of(
            self.held + self.gone,
            self.total,
            started_at=self.handed_over_at or self.placed_at,
            now=now,
            finished_at=self.active_at,
        )

    def is_review_overdue(self, today: date) -> bool:
        """In force (placing or active) and past its review date."""
        in_force = self.status in (HoldStatus.PLACING, HoldStatus.ACTIVE)
        return in_force and self.review_on is not None and self.review_on < today
