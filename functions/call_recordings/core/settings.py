"""What every function's settings share: read once from the environment Lambda gives it, validated,
and frozen; the metrics namespace; and, for the daily jobs, the day they run as of."""

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Self

from pydantic import BaseModel, ConfigDict, Field

from call_recordings.core.observability import METRICS_NAMESPACE
from call_recordings.core.retention import LONDON


class HandlerSettings(BaseModel):
    """A function's environment, validated once (on its first invocation)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    metrics_namespace: str = Field(default=METRICS_NAMESPACE, alias="POWERTOOLS_METRICS_NAMESPACE")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Self:
        return cls.model_validate(dict(os.environ if environ is None else environ))


class DailyJobSettings(HandlerSettings):
    """A daily job's environment: ``AS_OF`` (the local run only; the template never sets it) is the day
    it runs as of, else the date in London."""

    as_of: date | None = Field(default=None, alias="AS_OF", description="Run as of this date (local run)")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Self:
        values = dict(os.environ if environ is None else environ)
        if not values.get("AS_OF"):  # set but empty: not set
            values.pop("AS_OF", None)
        return cls.model_validate(values)

    def today(self, now: datetime | None = None) -> date:
        return self.as_of or (now or datetime.now(UTC)).astimezone(LONDON).date()
