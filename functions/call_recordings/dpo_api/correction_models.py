"""The answer of POST /recordings/{call_id}/purpose and /source: what was corrected, by whom and why."""

from datetime import datetime

from pydantic import Field

from call_recordings.core.defaults import no_items
from call_recordings.core.models import BaseModel
from call_recordings.corrections.correcting import RETENTION_UNCHANGED, CorrectedField, Correction


class VersionCorrectionView(BaseModel):
    version_id: str
    was: str = Field(description="The value before the correction")
    now: str = Field(description="The value after it")
    flags_cleared: list[str] = Field(
        default_factory=no_items, description="Review flags the correction answered, taken off the version"
    )


class CorrectionReport(BaseModel):
    """A correction of a recording's purpose or source, as audited under recording#<call_id>."""

    call_id: str
    field: CorrectedField
    value: str
    reason: str
    corrected_by: str
    corrected_at: datetime
    versions: list[VersionCorrectionView]
    retention: str = Field(default=RETENTION_UNCHANGED, description="What the correction does not change")

    @classmethod
    def of(cls, correction: Correction) -> "CorrectionReport":
        return cls(
            call_id=correction.call_id,
            field=correction.field,
            value=correction.value,
            reason=correction.reason,
            corrected_by=correction.corrected_by,
            corrected_at=correction.corrected_at,
            versions=[
                VersionCorrectionView(
                    version_id=each.version_id,
                    was=each.was,
                    now=each.now,
                    flags_cleared=sorted(each.flags_cleared),
                )
                for each in correction.versions
            ],
        )
