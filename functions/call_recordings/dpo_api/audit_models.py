"""The answer of /audit: a page of audit entries."""

from datetime import datetime
from typing import Any

from pydantic import Field

from call_recordings.core.models import BaseModel


class AuditEntryView(BaseModel):
    target: str
    entry: str
    at: datetime
    who: str = Field(description="The IAM principal, or system:<function> for a function's own steps")
    action: str
    why: dict[str, Any]
    details: dict[str, Any]


class AuditPage(BaseModel):
    entries: list[AuditEntryView]
    next_token: str | None = None
