"""Restriction ids, and a restriction as the requests table keeps it."""

import re
import secrets
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from call_recordings.core.audit_vocabulary import TargetKind, audit_target
from call_recordings.core.hold_selection import HoldSelection
from call_recordings.restrictions.vocabulary import RestrictionGround, RestrictionStatus

# R-<date made, UTC>-<10 random hex digits>, as hold ids (holds/identifiers.py).
RESTRICTION_ID_PATTERN = r"^R-[0-9]{8}-[0-9A-F]{10}$"
_RESTRICTION_ID = re.compile(RESTRICTION_ID_PATTERN)
RESTRICTION_KIND = "restriction"  # the requests table's `kind`


def new_restriction_id(made_at: datetime) -> str:
    """A new restriction id, e.g. ``R-20261128-3F9A1C2B7D``."""
    return f"R-{made_at:%Y%m%d}-{secrets.token_hex(5).upper()}"


def is_restriction_id(text: str) -> bool:
    return bool(_RESTRICTION_ID.fullmatch(text))


def restriction_target(restriction_id: str) -> str:
    """What an audit entry about a restriction is filed under."""
    return audit_target(TargetKind.RESTRICTION, restriction_id)


class Restriction(BaseModel):
    """Who restricted which recordings, when and on which Art 18(1) ground; and its lifting."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    restriction_id: str = Field(pattern=RESTRICTION_ID_PATTERN)
    status: RestrictionStatus
    grounds: RestrictionGround
    note: str | None = None
    restricted_by: str
    restricted_at: datetime
    selection: HoldSelection = Field(description="How the recordings were named (never the identifiers)")
    total: int = Field(ge=0, description="Recording versions the restriction covers")
    gone: int = Field(default=0, ge=0, description="Of those, deleted before they could be marked")
    lifted_by: str | None = None
    lifted_at: datetime | None = None
    subject_told_on: date | None = Field(
        default=None, description="When the person was told the restriction would be lifted (Art 18(3))"
    )
    lift_note: str | None = None
