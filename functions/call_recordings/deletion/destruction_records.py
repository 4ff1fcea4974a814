"""The destruction of an out-of-policy capture as the requests table keeps it, and what the DPO API gives
the eraser for it (ids, not instructions), beside an erasure's (erasure_records.py).

A recording that declares card or bank details, or the officer's leg of a transferred call, breaks a
promise of the privacy notice and is quarantined at ingest (ingest/assessment.py). The DPO destroys it
by call id at once, through the one deletion path (deletion/destroying.py says how)."""

from datetime import datetime

from pydantic import ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from call_recordings.core.audit_vocabulary import TargetKind, audit_target
from call_recordings.core.identifiers import CALL_ID_PATTERN
from call_recordings.core.models import BaseModel
from call_recordings.deletion.erasure_records import VersionKey
from call_recordings.deletion.vocabulary import DestructionReason, DestructionStatus

DESTRUCTION_ID_PATTERN = r"^D-[0-9]{8}-[0-9A-F]{10}$"


def destruction_target(destruction_id: str) -> str:
    """What an audit entry about a destruction is filed under (only the eraser's refusals: each version
    destroyed is audited under its recording)."""
    return audit_target(TargetKind.DESTRUCTION, destruction_id)


class Destruction(BaseModel):
    """A destruction as the requests table keeps it (header item)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    destruction_id: str = Field(pattern=DESTRUCTION_ID_PATTERN)
    call_id: str = Field(pattern=CALL_ID_PATTERN)
    status: DestructionStatus
    reason: DestructionReason
    requested_by: str
    requested_at: datetime
    note: str | None = None
    total: int = Field(ge=0, description="Versions of the call id found to destroy")
    destroyed: int = Field(default=0, ge=0)
    refused: int = Field(default=0, ge=0, description="Versions a hold reached before the eraser did")
    failed: int = Field(default=0, ge=0)
    finished_at: datetime | None = None
    # The versions the DPO API asked the eraser to destroy, written before it is invoked: the eraser
    # acts on these only (never on what its invocation says).
    to_destroy: SkipJsonSchema[tuple[VersionKey, ...]] = Field(default=(), exclude=True, repr=False)


class DestructionRequest(BaseModel):
    """What the DPO API gives the eraser to destroy a capture: the destruction's id and its versions.
    The eraser acts only on versions the destruction's record lists while it is ``destroying``, and
    names the requester the record names (deletion/eraser.py)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    destruction_id: str = Field(pattern=DESTRUCTION_ID_PATTERN)
    versions: tuple[VersionKey, ...] = Field(min_length=1)
    requested_by: str | None = Field(
        default=None,
        description="Never believed: the requester is the destruction record's. One an invocation "
        "claims is kept in the audit entry of a refused invocation",
    )
