"""What recording, closing and reporting outside disclosures act with: the holds machinery (a disclosure
preserves its recordings with a hold), the register and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from call_recordings.core.clock import utc_now

if TYPE_CHECKING:
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.holds.dependencies import HoldsDependencies
    from call_recordings.outside_disclosures.adapters.register import DisclosureRegister


@dataclass(frozen=True)
class DisclosuresDependencies:
    holds: HoldsDependencies
    register: DisclosureRegister
    audit: AuditTrail
    clock: Callable[[], datetime] = utc_now
