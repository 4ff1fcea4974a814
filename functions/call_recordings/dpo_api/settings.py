"""The DPO API function's environment (infra/dpo_api.py sets it), validated once."""

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field


class DpoApiSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    registry_table: str = Field(alias="REGISTRY_TABLE", min_length=1)
    requests_table: str = Field(alias="REQUESTS_TABLE", min_length=1)
    audit_table: str = Field(alias="AUDIT_TABLE", min_length=1)
    hmac_secret_arn: str = Field(alias="HMAC_SECRET_ARN", pattern=r"^arn:")
    recordings_bucket: str = Field(alias="RECORDINGS_BUCKET", min_length=3)
    hold_work_queue_url: str = Field(alias="HOLD_WORK_QUEUE_URL", pattern=r"^https?://")
    hold_worker_function: str = Field(alias="HOLD_WORKER_FUNCTION", min_length=1)
    eraser_function: str = Field(alias="ERASER_FUNCTION", min_length=1)  # POST /erasures invokes it
    export_bucket: str = Field(alias="EXPORT_BUCKET", min_length=3)  # SAR disclosure packages

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> "DpoApiSettings":
        return cls.model_validate(dict(os.environ if environ is None else environ))
