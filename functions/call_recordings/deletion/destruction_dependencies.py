"""What the DPO API's destruction route (deletion/destroying.py) is given to act with: it reads the call
id's versions, keeps the destruction's record and invokes the eraser."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from call_recordings.core.clock import utc_now

if TYPE_CHECKING:
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.deletion.adapters.destructions import DestructionRecords
    from call_recordings.deletion.adapters.erasures import EraserFunction
    from call_recordings.holds.adapters.recording_holds import RecordingHolds


@dataclass(frozen=True)
class DestructionDependencies:
    """The DPO API's, for POST /recordings/{call_id}/destroy."""

    registry: RecordingHolds
    records: DestructionRecords
    eraser: EraserFunction  # anything with destroy(DestructionRequest) -> DestructionReport
    audit: AuditTrail  # an unfinished destruction is audited here (a finished one by the eraser)
    clock: Callable[[], datetime] = utc_now
