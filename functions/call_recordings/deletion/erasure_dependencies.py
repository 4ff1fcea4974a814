"""What the DPO API's erasure route (deletion/erasing.py) is given to act with: it finds the subject's
versions, keeps the erasure's record and invokes the eraser."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from call_recordings.core.clock import utc_now

if TYPE_CHECKING:
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.deletion.adapters.erasures import EraserFunction, ErasureRecords
    from call_recordings.holds.adapters.casework import Casework
    from call_recordings.holds.adapters.recording_holds import RecordingHolds
    from call_recordings.restrictions.adapters.restriction_records import RestrictionRecords

# An erasure is done while the DPO waits (API Gateway allows 29 s): at most this many versions.
MAX_ERASURE_VERSIONS = 500


@dataclass(frozen=True)
class ErasureDependencies:
    """The DPO API's, for POST /erasures: finds the subject's versions, keeps the record, invokes the
    eraser."""

    registry: RecordingHolds
    casework: Casework
    records: ErasureRecords
    audit: AuditTrail
    eraser: EraserFunction  # anything with erase(EraserRequest) -> EraserReport
    subject_key: Callable[[], bytes]
    restrictions: RestrictionRecords  # whose request a restriction keeping a version was
    max_versions: int = MAX_ERASURE_VERSIONS
    clock: Callable[[], datetime] = utc_now
