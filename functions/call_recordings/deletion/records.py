"""What deletion is made of: the versions it finds and claims, what it did to each, the sweep's and
the eraser's reports. An erasure request as the requests table keeps it, and what it did to each
version, are in erasure_records."""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ConfigDict, Field, model_validator

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.models import BaseModel
from call_recordings.deletion.erasure_records import ERASURE_ID_PATTERN, VersionKey

# Re-exported: the erasure adapter names these from records.
from call_recordings.deletion.erasure_records import ErasedVersion as ErasedVersion
from call_recordings.deletion.erasure_records import Erasure as Erasure
from call_recordings.deletion.vocabulary import DEALT_WITH, DeletedBecause, DeletionOutcome


class DueVersion(VersionKey):
    """A version the ``by-due-date`` index lists as due (its projection: keys, where, when, class)."""

    due_on: date
    expires_on: date
    bucket: str | None = None
    object_key: str | None = None
    retention: str | None = None


class ClaimedVersion(VersionKey):
    """A version the deletion path has claimed (the registry item as it stood once claimed)."""

    bucket: str
    object_key: str
    expires_on: date
    retention: str
    registered_at: datetime | None = None  # removed by the tombstone, with the personal data
    # The names of the item's attributes once claimed: the tombstone removes those it must of them
    # (the adapter's claim fills it in; empty: every attribute it might hold is removed).
    attributes: frozenset[str] = frozenset()

    @property
    def registered_on(self) -> date | None:
        """The UTC day it was registered: all that the deletion's audit entry keeps of that time (a
        day, as ``expires_on`` already tells), so the recording's trail can still show when it came."""
        return self.registered_at and self.registered_at.astimezone(UTC).date()


class Tombstone(VersionKey):
    """What stays of a deleted version in the registry: that it existed, when and why it went."""

    deleted_on: date
    deleted_because: DeletedBecause
    expires_on: date | None = None


class DeletionOrder(BaseModel):
    """Why a version is being deleted and by whom: the sweeper's rule or a DPO's erasure."""

    model_config = ConfigDict(frozen=True)

    because: DeletedBecause
    who: str
    why: dict[str, Any]
    deleted_on: date = Field(description="The London date the tombstone records")
    due_by: date | None = Field(
        default=None, description="Sweeper only: delete only if due on or before this date"
    )

    @property
    def action(self) -> AuditAction:
        if self.because is DeletedBecause.ERASED:
            return AuditAction.RECORDING_ERASED
        if self.because is DeletedBecause.DESTROYED_OUT_OF_POLICY:
            return AuditAction.RECORDING_DESTROYED
        return AuditAction.RECORDING_DELETED

    @property
    def destroys_capture(self) -> bool:
        """The destruction of an out-of-policy capture: only a quarantined version that no hold or
        restriction keeps is claimed, and its key's delete markers go too (nothing of it left in S3)."""
        return self.because is DeletedBecause.DESTROYED_OUT_OF_POLICY


class VersionDeleted(VersionKey):
    """What the deletion path did with one version."""

    outcome: DeletionOutcome
    object_found: bool | None = Field(
        default=None, description="Whether S3 still had the version when it was deleted"
    )
    hold_ids: tuple[str, ...] = Field(default=(), description="The holds that keep it (outcome held)")
    restriction_ids: tuple[str, ...] = Field(
        default=(), description="The restrictions that keep it (outcome restricted)"
    )
    object_lock: bool = Field(
        default=False, description="Held because S3 Object Lock refused, not because of a registry hold"
    )
    retention: str | None = None
    error: str | None = Field(default=None, description="The kind of error (outcome failed), never data")


def eraser_failed(versions: Iterable[VersionKey]) -> list[VersionDeleted]:
    """Each version ``failed``: the eraser, invoked synchronously, gave no report."""
    return [
        VersionDeleted(
            call_id=each.call_id,
            version_id=each.version_id,
            outcome=DeletionOutcome.FAILED,
            error="EraserFailed",
        )
        for each in versions
    ]


def count(outcomes: Iterable[VersionDeleted], outcome: DeletionOutcome) -> int:
    return sum(1 for each in outcomes if each.outcome is outcome)


class SweepReport(BaseModel):
    """One run of the retention sweeper."""

    model_config = ConfigDict(frozen=True)

    swept_on: date = Field(description="The sweep's 'today' (London, or the AS_OF date)")
    first_day: date = Field(
        description="The first due date looked up (the checkpoint, or a year back on the first sweep)"
    )
    outcomes: tuple[VersionDeleted, ...] = ()

    @property
    def completed(self) -> bool:
        """Every due version dealt with: the checkpoint may move to ``swept_on``."""
        return all(each.outcome in DEALT_WITH for each in self.outcomes)

    def count(self, outcome: DeletionOutcome) -> int:
        return count(self.outcomes, outcome)

    def counts(self) -> dict[str, int]:
        return {outcome.value: self.count(outcome) for outcome in DeletionOutcome}


class EraserRequest(BaseModel):
    """What the DPO API gives the eraser: an erasure's id and the versions of it to erase. Ids, not
    instructions: the eraser acts only on versions the erasure's record lists, and names the requester
    the record names (deletion/eraser.py)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    erasure_id: str = Field(pattern=ERASURE_ID_PATTERN)
    versions: tuple[VersionKey, ...] = Field(
        default=(), description="None with a batch: every version that batch of the record lists"
    )
    batch: int | None = Field(
        default=None,
        ge=1,
        description="For an erasure carried out by a job: the batch of its record the versions are in",
    )
    requested_by: str | None = Field(
        default=None,
        description="Never believed: the requester is the erasure record's. One an invocation claims "
        "is kept in the audit entry of a refused invocation",
    )

    @model_validator(mode="after")
    def _names_something(self) -> "EraserRequest":
        if not self.versions and self.batch is None:
            raise ValueError("an eraser request names versions, or a batch of the erasure's record")
        return self


class EraserReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    erasure_id: str
    outcomes: tuple[VersionDeleted, ...]


class DestructionReport(BaseModel):
    """What the eraser did with each version of an out-of-policy capture it was asked to destroy."""

    model_config = ConfigDict(frozen=True)

    destruction_id: str
    outcomes: tuple[VersionDeleted, ...]
