"""What the complaint logic acts with: the complaint records, the audit trail, the subject key (to hash
the complainant's identifiers) and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from call_recordings.core.clock import utc_now
from call_recordings.core.retention import LONDON

if TYPE_CHECKING:
    from call_recordings.complaints.adapters.complaint_records import ComplaintRecords
    from call_recordings.core.adapters.audit_trail import AuditTrail

# Tries to save a change over a complaint that another request keeps changing at the same moment.
SAVE_ATTEMPTS = 3


@dataclass(frozen=True)
class ComplaintsDependencies:
    records: ComplaintRecords
    audit: AuditTrail
    subject_key: Callable[[], bytes]
    clock: Callable[[], datetime] = utc_now
    save_attempts: int = SAVE_ATTEMPTS

    def today(self) -> date:
        """Today in London: the 30 days count the council's days."""
        return self.clock().astimezone(LONDON).date()
