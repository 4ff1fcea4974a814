"""What the rights requests' logic is given to act with: the requests store, the audit trail, the subject
key (to keep a subject's identifiers as keyed hashes) and the clock. Carrying a decision out is done with
the erasure's or the restriction's own dependencies, which the route passes alongside."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from call_recordings.core.clock import utc_now
from call_recordings.core.retention import LONDON

if TYPE_CHECKING:
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.rights.adapters.rights_requests import RightsRequests

# Tries to save a change over a request that another request keeps changing at the same moment.
SAVE_ATTEMPTS = 3


@dataclass(frozen=True)
class RightsDependencies:
    requests: RightsRequests
    audit: AuditTrail
    subject_key: Callable[[], bytes]
    clock: Callable[[], datetime] = utc_now
    save_attempts: int = SAVE_ATTEMPTS

    def today(self) -> date:
        """Today in London: the statutory clock counts the council's days."""
        return self.clock().astimezone(LONDON).date()
