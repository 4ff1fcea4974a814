"""What the DPO API's hold logic is given to act with (adapters, clock); the hold worker's is in
holds/worker_dependencies.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from call_recordings.core.clock import utc_now
from call_recordings.core.retention import LONDON
from call_recordings.holds.review import DEFAULT_REVIEW_MONTHS
from call_recordings.holds.vocabulary import HoldReason

if TYPE_CHECKING:
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.holds.adapters.casework import Casework
    from call_recordings.holds.adapters.hold_work import HoldWorkerFunction, HoldWorkQueue
    from call_recordings.holds.adapters.recording_holds import RecordingHolds

# Holds over at most this many recording versions are placed (and released) while the API waits,
# by invoking the hold worker; larger ones fan out through the work queue and the API answers 202.
SYNC_LIMIT = 100
# Recording versions in one work message, at most (a message also stays inside SQS's 256 KiB: about
# 1,800 versions of the usual length, fewer of long object keys; holds/records.py work_messages).
# The worker's time decides: 3 AWS calls a version, 16 versions at once (holds/worker_dependencies.py);
# at 20 to 50 ms a call, 1,000 versions take 4 to 10 s, well inside the worker's 120 s (infra/holds.py)
# even when throttling slows every call several times over. Per message the worker also makes four
# calls of its own (start, the members' query, the count, the audit entry): 0.004 a recording.
BATCH_SIZE = 1000


@dataclass(frozen=True)
class HoldsDependencies:
    """The DPO API's: it reads the registry, keeps casework and audit, and hands work to the worker."""

    registry: RecordingHolds
    casework: Casework
    audit: AuditTrail
    work_queue: HoldWorkQueue
    worker: HoldWorkerFunction  # anything with apply(WorkMessage) -> WorkReport
    subject_key: Callable[[], bytes]  # the HMAC key of subject hashes, read on first use
    sync_limit: int = SYNC_LIMIT
    batch_size: int = BATCH_SIZE
    clock: Callable[[], datetime] = utc_now
    review_months: dict[HoldReason, int] = field(default_factory=lambda: dict(DEFAULT_REVIEW_MONTHS))

    def today(self) -> date:
        """Today in London: review dates are the council's days."""
        return self.clock().astimezone(LONDON).date()
