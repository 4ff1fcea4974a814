"""Restriction ids, and a restriction as the requests table keeps it."""

import re
import secrets
from datetime import date, datetime
from typing import Literal

from pydantic import ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from call_recordings.core.audit_vocabulary import TargetKind, audit_target
from call_recordings.core.hold_selection import HoldSelection
from call_recordings.core.models import BaseModel
from call_recordings.restrictions.vocabulary import RestrictionGround, RestrictionStatus

# R-<date made, UTC>-<10 random hex digits>, as hold ids (holds/identifiers.py).
RESTRICTION_ID_PATTERN = r"^R-[0-9]{8}-[0-9A-F]{10}$"
_RESTRICTION_ID = re.compile(RESTRICTION_ID_PATTERN)
RESTRICTION_KIND = "restriction"  # the requests table's `kind`


# Who asked for a restriction: the data subject named by their identifiers, or someone unknown (the
# recordings were named by call ids, which say nothing of whose request it was).
Requester = Literal["data-subject", "unknown"]


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
    rights_request_id: str | None = Field(default=None, description="The rights request it carries out")
    restricted_by: str
    restricted_at: datetime
    selection: HoldSelection = Field(description="How the recordings were named (never the identifiers)")
    hold_id: str | None = Field(
        default=None,
        description="The hold (reason restriction) that keeps its recordings: Object Lock legal hold ON, "
        "tagged retention=restricted; released when the restriction is lifted",
    )
    requester: Requester = Field(
        default="unknown",
        description="Who asked for it: the data subject whose identifiers named the recordings, or "
        "unknown (named by call ids): an erasure by anyone is then another person's",
    )
    # The keyed hashes (as the registry's subject indexes keep them) of the identifiers that named the
    # data subject who asked: never the identifiers, never in an answer. Erasure compares its own
    # subject's hashes with them to tell the person's own request from another person's.
    requester_hashes: SkipJsonSchema[frozenset[str]] = Field(default=frozenset(), exclude=True, repr=False)
    total: int = Field(ge=0, description="Recording versions the restriction covers")
    gone: int = Field(default=0, ge=0, description="Of those, deleted before they could be marked")
    lifted_by: str | None = None
    lifted_at: datetime | None = None
    subject_told_on: date | None = Field(
        default=None, description="When the person was told the restriction would be lifted (Art 18(3))"
    )
    lift_note: str | None = None
