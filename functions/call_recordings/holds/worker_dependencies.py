"""What the hold worker's logic (holds/applying.py) is given to act with (adapters, clock, pauses)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from call_recordings.core.clock import utc_now

if TYPE_CHECKING:
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.holds.adapters.casework import Casework
    from call_recordings.holds.adapters.legal_holds import LegalHolds
    from call_recordings.holds.adapters.recording_holds import RecordingHolds


@dataclass(frozen=True)
class WorkerDependencies:
    """The hold worker's: the registry's conditional updates, the bucket, progress and audit."""

    registry: RecordingHolds
    legal_holds: LegalHolds
    casework: Casework
    audit: AuditTrail
    recordings_bucket: str
    threads: int = 16  # recording versions worked on at once within one message (its client pools 16)
    place_attempts: int = 6  # tries when placing meets a release in progress (about 1.5 s in all)
    retry_pause: float = 0.05  # seconds before the second try; doubles each time
    clock: Callable[[], datetime] = utc_now
    sleep: Callable[[float], None] = field(default=time.sleep)
