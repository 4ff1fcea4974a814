"""How a request's record keeps the recordings it covers (HoldSelection): how many call ids, or which
subject identifiers and dates, never the identifiers themselves. Holds, SARs, erasures and restrictions
keep one; finding the recordings is core/selection.py's."""

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from call_recordings.core.models import BaseModel


class HoldSelection(BaseModel):
    """How the DPO chose a hold's recordings, as the hold record keeps it: never the identifiers."""

    model_config = ConfigDict(frozen=True)

    by: Literal["call-ids", "subject"]
    call_ids: int | None = Field(default=None, description="How many call ids were named")
    identifiers: tuple[str, ...] = Field(
        default=(), description="Which subject identifiers were given, e.g. 'caller number'"
    )
    recorded_from: date | None = None
    recorded_to: date | None = None
