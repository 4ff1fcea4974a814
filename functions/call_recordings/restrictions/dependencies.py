"""What restricting processing, lifting a restriction and the restriction reports act with (adapters,
clock)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from call_recordings.core.clock import utc_now

if TYPE_CHECKING:
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.holds.adapters.recording_holds import RecordingHolds
    from call_recordings.holds.dependencies import HoldsDependencies
    from call_recordings.restrictions.adapters.registry_restrictions import RegistryRestrictions
    from call_recordings.restrictions.adapters.restriction_records import RestrictionRecords


@dataclass(frozen=True)
class RestrictionsDependencies:
    holds: HoldsDependencies  # a restriction keeps its recordings under a hold (reason restriction)
    registry: RecordingHolds  # the lookups holds use (find_recordings)
    marks: RegistryRestrictions  # ADD/DELETE of ids in a version's `restrictions`
    records: RestrictionRecords
    audit: AuditTrail
    subject_key: Callable[[], bytes]
    clock: Callable[[], datetime] = utc_now
