"""What a subject access request (SAR) is made of, as the requests table keeps it.

The SAR record never holds the subject's identifiers: only which kinds were given ("caller number",
"customer reference") and the dates, as a hold's selection does. Its clock is the statutory one
(subject_access/clock.py), rebuilt from the fields here whenever a figure is needed.
"""

import re
import secrets
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from call_recordings.core.audit_vocabulary import TargetKind, audit_target
from call_recordings.core.hold_selection import HoldSelection
from call_recordings.subject_access.clock import SarClock

# S-<date opened, UTC>-<10 random hex digits>, the shape of hold ids.
SAR_ID_PATTERN = r"^S-[0-9]{8}-[0-9A-F]{10}$"
_SAR_ID = re.compile(SAR_ID_PATTERN)

SAR_KIND = "sar"  # the requests table's kind of a SAR's header item


def new_sar_id(opened_at: datetime) -> str:
    """A new SAR id, e.g. ``S-20261128-3F9A1C2B7D``."""
    return f"S-{opened_at:%Y%m%d}-{secrets.token_hex(5).upper()}"


def is_sar_id(text: str) -> bool:
    return bool(_SAR_ID.fullmatch(text))


def sar_target(sar_id: str) -> str:
    """What an audit entry about a SAR is filed under."""
    return audit_target(TargetKind.SAR, sar_id)


class SarStatus(StrEnum):
    OPEN = "open"  # the clock runs
    PAUSED = "paused"  # the clock is stopped, waiting for the requester (identity or clarification)
    CLOSED = "closed"  # answered (or withdrawn): preservation released


class PauseReason(StrEnum):
    """Why the council waits for the requester, which decides what resuming does to the clock."""

    IDENTITY = "identity"  # proof of identity asked for: the clock starts again when it arrives
    CLARIFICATION = "clarification"  # clarification asked for: the clock stops, then goes on


PAUSE_REASON_WORDING = {
    PauseReason.IDENTITY: "Waiting for proof of identity: the time limit starts when it is received",
    PauseReason.CLARIFICATION: "Waiting for clarification: the time limit is paused until it is received",
}


class SubjectAccessRequest(BaseModel):
    """A SAR as the requests table keeps it (header item): the clock's facts, preservation, who and when.

    ``revision`` counts the saved changes: a change is saved only over the revision it was made from,
    so two changes made at once cannot both be saved (one is repeated on the newer SAR, or refused).
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    sar_id: str = Field(pattern=SAR_ID_PATTERN)
    status: SarStatus
    received_on: date = Field(description="The day the request reached the council (any day of the week)")
    identity_verified_on: date | None = Field(
        default=None, description="The day proof of identity arrived, when the clock started then"
    )
    due_on: date = Field(
        description="When the response is due (ICO: one calendar month, or three if extended)"
    )
    extended: bool = False
    extension_reason: str | None = None
    extended_by: str | None = None
    extended_at: datetime | None = None
    paused_on: date | None = None
    pause_reason: PauseReason | None = None
    pause_note: str | None = None
    days_paused: int = Field(
        default=0, ge=0, description="Calendar days the clock stood still for clarification"
    )
    selection: HoldSelection = Field(description="How the recordings were found: never the identifiers")
    hold_id: str | None = Field(default=None, description="The preservation hold; none when nothing matched")
    total: int = Field(ge=0, description="Recording versions matched")
    note: str | None = None
    opened_by: str
    opened_at: datetime
    closed_by: str | None = None
    closed_at: datetime | None = None
    close_note: str | None = None
    exports: int = Field(default=0, ge=0, description="Disclosure packages made for it")
    last_exported_by: str | None = None
    last_exported_at: datetime | None = None
    revision: int = Field(default=1, ge=1)

    @property
    def started_on(self) -> date:
        return self.identity_verified_on or self.received_on

    def clock(self) -> SarClock:
        return SarClock(
            received_on=self.received_on,
            started_on=self.identity_verified_on,
            extended=self.extended,
            extension_reason=self.extension_reason,
            paused_on=self.paused_on,
            days_paused=self.days_paused,
        )

    def is_overdue(self, today: date) -> bool:
        """Outstanding past its due date; a closed SAR is answered, so never overdue."""
        return self.status is not SarStatus.CLOSED and self.clock().is_overdue(today)

    def working_days_left(self, today: date) -> int | None:
        """Working days to the due date (0 on it, negative once overdue); None once closed."""
        return None if self.status is SarStatus.CLOSED else self.clock().working_days_left(today)
