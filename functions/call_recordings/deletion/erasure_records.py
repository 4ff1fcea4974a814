"""An erasure as the requests table keeps it (UK GDPR Art 17) and what it did to each recording version:
what the erasure report reads, without the deletion path's own records (deletion/records.py), which
build on the registry's key defined here (VersionKey)."""

from collections.abc import Iterable
from datetime import datetime

from pydantic import ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from call_recordings.core.hold_selection import HoldSelection
from call_recordings.core.identifiers import CALL_ID_PATTERN
from call_recordings.core.models import BaseModel
from call_recordings.deletion.vocabulary import ErasureStatus, VersionErasure
from call_recordings.holds.vocabulary import HoldReason
from call_recordings.restrictions.vocabulary import RestrictionGround

ERASURE_ID_PATTERN = r"^E-[0-9]{8}-[0-9A-F]{10}$"


class VersionKey(BaseModel):
    """A recording version: the registry's key."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    call_id: str = Field(pattern=CALL_ID_PATTERN)
    version_id: str = Field(min_length=1, max_length=1024)

    @property
    def key(self) -> tuple[str, str]:
        return (self.call_id, self.version_id)


class RefusingHold(BaseModel):
    """A hold that keeps a version the subject asked to have erased, and the ground for keeping it."""

    model_config = ConfigDict(frozen=True)

    hold_id: str | None = Field(default=None, description="None when S3 Object Lock refused on its own")
    reason: HoldReason | None = None
    case_reference: str | None = None
    restriction_id: str | None = Field(
        default=None, description="For a restriction's hold (reason restriction): the restriction"
    )
    restriction_grounds: RestrictionGround | None = Field(
        default=None, description="For a restriction's hold: its Art 18(1) ground"
    )
    ground: str = Field(description="The legal ground on which erasure is refused")


class ErasedVersion(VersionKey):
    """One version an erasure covered, and what happened to it."""

    outcome: VersionErasure
    refused_because: tuple[RefusingHold, ...] = ()


class Erasure(BaseModel):
    """An erasure request as the requests table keeps it (header item): never the identifiers."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    erasure_id: str = Field(pattern=ERASURE_ID_PATTERN)
    status: ErasureStatus
    requested_by: str
    requested_at: datetime
    selection: HoldSelection = Field(description="Which identifiers and dates named the subject")
    note: str | None = None
    rights_request_id: str | None = Field(default=None, description="The rights request it carries out")
    total: int = Field(ge=0, description="Recording versions of the subject found")
    erased: int = Field(default=0, ge=0)
    refused: int = Field(default=0, ge=0)
    failed: int = Field(default=0, ge=0)
    finished_at: datetime | None = None
    # The versions the DPO API asked the eraser to erase, as the record keeps them before invoking it:
    # the eraser acts on these only (never on what its invocation says), and never shows them.
    to_erase: SkipJsonSchema[tuple[VersionKey, ...]] = Field(default=(), exclude=True, repr=False)
    # An erasure carried out by a job keeps them in batches of its own (``to-erase#00001`` ...), as many as
    # this says, one per work message: the eraser then reads the batch its invocation names.
    to_erase_batches: SkipJsonSchema[int] = Field(default=0, ge=0, exclude=True, repr=False)


def erasure_status(outcomes: Iterable[VersionErasure]) -> ErasureStatus:
    """An erasure's status from what happened to its versions."""
    outcomes = list(outcomes)
    if VersionErasure.FAILED in outcomes:
        return ErasureStatus.INCOMPLETE
    if VersionErasure.REFUSED not in outcomes:
        return ErasureStatus.ERASED
    if VersionErasure.ERASED in outcomes:
        return ErasureStatus.PARTLY_REFUSED
    return ErasureStatus.REFUSED
