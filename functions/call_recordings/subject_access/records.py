"""What a subject access request (SAR) is made of, as the requests table keeps it.

The SAR record never holds the subject's identifiers: only which kinds were given ("caller number",
"customer reference") and the dates, as a hold's selection does. Its clock is the statutory one
every rights request keeps (rights/clocked.py), rebuilt from the fields here whenever a figure is needed.
"""

import re
import secrets
from datetime import datetime
from enum import StrEnum

from pydantic import ConfigDict, Field

from call_recordings.core.audit_vocabulary import TargetKind, audit_target
from call_recordings.core.hold_selection import HoldSelection
from call_recordings.core.identifiers import SAR_ID_PATTERN
from call_recordings.rights.clocked import ClockedRequest

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


class SubjectAccessRequest(ClockedRequest):
    """A SAR as the requests table keeps it (header item): the clock's facts, preservation, who and when.

    ``revision`` counts the saved changes: a change is saved only over the revision it was made from,
    so two changes made at once cannot both be saved (one is repeated on the newer SAR, or refused).
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    sar_id: str = Field(pattern=SAR_ID_PATTERN)
    status: SarStatus
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
    def is_closed(self) -> bool:
        return self.status is SarStatus.CLOSED
