"""An audit entry as the trail keeps it (adapters/audit.py writes and reads them)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class AuditEntry:
    target: str  # what it concerns, "<kind>#<id>" (audit_trail.vocabulary)
    entry: str  # "<ISO time, UTC>#<uuid4>": sorts as the entries were written
    at: datetime
    who: str  # the IAM principal's ARN, or "system:<function>" for a function's own steps
    action: str  # an AuditAction's value
    why: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
