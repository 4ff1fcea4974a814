"""The request body of /sars/{sar_id}/export: how long the disclosure package's links work."""

from pydantic import Field

from call_recordings.core.models import BaseModel
from call_recordings.dpo_api.request_models import STRICT

MAX_LINK_DAYS = 7


class ExportSarRequest(BaseModel):
    model_config = STRICT

    link_days: int = Field(
        default=MAX_LINK_DAYS,
        strict=True,  # `true` is not a day
        ge=1,
        le=MAX_LINK_DAYS,
        description="How long the download links work, in days",
    )
