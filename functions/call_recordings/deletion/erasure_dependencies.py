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
    from call_recordings.jobs.running import JobsDependencies
    from call_recordings.restrictions.adapters.restriction_records import RestrictionRecords

# An erasure of at most this many versions is done while the DPO waits (API Gateway allows 29 s; the
# eraser makes about five AWS calls a version, eight at a time, so 200 take a few seconds in AWS); a larger
# one is carried out by a job (jobs/running.py) and the API answers 202.
SYNC_ERASURE_LIMIT = 200


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
    jobs: JobsDependencies | None = None  # none: every erasure is done while the DPO waits
    sync_limit: int = SYNC_ERASURE_LIMIT
    clock: Callable[[], datetime] = utc_now
