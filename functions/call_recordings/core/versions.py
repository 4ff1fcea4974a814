"""Recording versions as every feature sees them: the registry's key and object (RecordingVersion),
and a registry item as the DPO's features read it (RegisteredVersion), subject hashes left out."""

from collections.abc import Iterable
from datetime import date, datetime

from pydantic import ConfigDict, Field

from call_recordings.core.identifiers import CALL_ID_PATTERN
from call_recordings.core.models import BaseModel
from call_recordings.core.vocabulary import RetentionClass


class RecordingVersion(BaseModel):
    """One recording version a hold covers: the registry's key and where the object is."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    call_id: str = Field(pattern=CALL_ID_PATTERN)
    version_id: str = Field(min_length=1, max_length=1024)
    object_key: str = Field(min_length=1, max_length=1024)

    @property
    def key(self) -> tuple[str, str]:
        return (self.call_id, self.version_id)


class RegisteredVersion(BaseModel):
    """A registry item as holds read it (docs/registry.md); subject hashes are left out on purpose."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    call_id: str
    version_id: str
    bucket: str
    object_key: str
    recorded_at: datetime
    expires_on: date
    due_on: date | None = None
    not_due_before: date | None = None  # a late arrival's grace (core.retention.first_due_on)
    purpose: str
    source: str
    retention: RetentionClass
    flags: frozenset[str] = frozenset()
    holds: frozenset[str] = frozenset()
    # Of ``holds``, those placed by restrictions (reason ``restriction``): they make the class ``restricted``.
    restriction_holds: frozenset[str] = frozenset()
    restrictions: frozenset[str] = frozenset()  # Art 18 restriction ids: kept, out of routine use
    size: int | None = Field(default=None, ge=0, description="Bytes, as S3 told ingest")

    @property
    def key(self) -> tuple[str, str]:
        return (self.call_id, self.version_id)

    def version(self) -> RecordingVersion:
        return RecordingVersion(call_id=self.call_id, version_id=self.version_id, object_key=self.object_key)


class FlaggedVersion(BaseModel):
    """A live version on the DPO's list of recordings that need them, as the by-needs-dpo index projects it
    (core/tables.py NEEDS_DPO_INDEX): no subject hash, no object key."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    call_id: str
    version_id: str
    recorded_at: datetime
    purpose: str
    source: str
    retention: RetentionClass
    expires_on: date
    flags: frozenset[str] = frozenset()


def in_order(versions: Iterable[RecordingVersion]) -> list[RecordingVersion]:
    """Distinct versions, ordered by call id and version id (a hold's members and messages use this order)."""
    unique = {version.key: version for version in versions}
    return [unique[key] for key in sorted(unique)]
