"""The DPO API functions' environment (infra/dpo_api.py sets it), validated once per container.

Every DPO function reads the three tables. The rest is given only to the function whose routes use
it (the reports function has no subject key, no work queue, no function to invoke, no export
bucket), so those settings are optional here and required where they are used (``required``).
"""

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, Json

from call_recordings.holds.vocabulary import HoldReason


class SettingNotGiven(RuntimeError):
    """A route needs a setting its function was not given: the function lacks that privilege."""


class DpoApiSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    registry_table: str = Field(alias="REGISTRY_TABLE", min_length=1)
    requests_table: str = Field(alias="REQUESTS_TABLE", min_length=1)
    audit_table: str = Field(alias="AUDIT_TABLE", min_length=1)
    # Every DPO function: the call ids table, whose claims list each call's versions (read only).
    call_ids_table: str | None = Field(default=None, alias="CALL_IDS_TABLE", min_length=1)
    # Every DPO function: the key that seals the DPO's notes in the requests table (core/notes.py).
    notes_key_arn: str | None = Field(default=None, alias="NOTES_KEY_ARN", pattern=r"^arn:")
    # Casework (holds, SARs, restrictions) and disclosure (erasures): subject look-ups.
    hmac_secret_arn: str | None = Field(default=None, alias="HMAC_SECRET_ARN", pattern=r"^arn:")
    # Casework: holds placed and released through the hold worker.
    hold_work_queue_url: str | None = Field(default=None, alias="HOLD_WORK_QUEUE_URL", pattern=r"^https?://")
    hold_worker_function: str | None = Field(default=None, alias="HOLD_WORKER_FUNCTION", min_length=1)
    # Casework: months from placing to a hold's first review, by reason (CDK context holdReviewMonths).
    hold_review_months: Json[dict[HoldReason, int]] | None = Field(default=None, alias="HOLD_REVIEW_MONTHS")
    # Disclosure: POST /erasures invokes the eraser; SAR disclosure packages go to the export bucket.
    eraser_function: str | None = Field(default=None, alias="ERASER_FUNCTION", min_length=1)
    export_bucket: str | None = Field(default=None, alias="EXPORT_BUCKET", min_length=3)
    # Disclosure: the work queue of jobs (packages and erasures too large to finish while the DPO waits).
    job_queue_url: str | None = Field(default=None, alias="JOB_QUEUE_URL", pattern=r"^https?://")
    # Disclosure: what a package's manifest says of the deployment (infra/config.py, from CDK context).
    controller: str | None = Field(default=None, alias="DATA_CONTROLLER", min_length=1)
    processors: str | None = Field(default=None, alias="DATA_PROCESSORS", min_length=1)
    storage_location: str | None = Field(default=None, alias="STORAGE_LOCATION", min_length=1)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> "DpoApiSettings":
        return cls.model_validate(dict(os.environ if environ is None else environ))

    def required(self, name: str) -> str:
        """The setting `name` (a field), or SettingNotGiven naming its environment variable."""
        value = getattr(self, name)
        if value is None:
            variable = type(self).model_fields[name].alias
            raise SettingNotGiven(f"{variable} is not set: this function is not given what it names")
        return value
