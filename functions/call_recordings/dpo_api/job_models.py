"""The answer about a job: what it is for, how far it has got, and its result once done."""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field

from call_recordings.core.models import BaseModel
from call_recordings.core.progress import Progress
from call_recordings.dpo_api.erasure_models import ErasureReport
from call_recordings.jobs.records import JOB_ID_PATTERN, Job, JobKind, JobStatus
from call_recordings.outside_disclosures.packaging import RecipientPackage
from call_recordings.subject_access.exporting import DisclosurePackage


class JobAnswer(BaseModel):
    """A job, as ``GET /jobs/{job_id}`` and a 202 answer give it."""

    model_config = ConfigDict(frozen=True)

    job_id: str = Field(pattern=JOB_ID_PATTERN)
    kind: JobKind
    about: str = Field(description="The request the work is for (S-..., Q-..., OD-...)")
    status: JobStatus
    requested_by: str
    requested_at: datetime
    progress: Progress
    result: DisclosurePackage | RecipientPackage | ErasureReport | None = Field(
        default=None,
        description="Once done: what the synchronous answer would have been (the package with its links, "
        "or the erasure's report)",
    )
    error: str | None = Field(default=None, description="Why a failed job failed")

    @classmethod
    def of(
        cls,
        job: Job,
        now: datetime,
        result: DisclosurePackage | RecipientPackage | ErasureReport | None = None,
    ) -> JobAnswer:
        return cls(
            job_id=job.job_id,
            kind=job.kind,
            about=job.about,
            status=job.status,
            requested_by=job.requested_by,
            requested_at=job.requested_at,
            progress=job.progress(now),
            result=result,
            error=job.error,
        )


class JobList(BaseModel):
    jobs: list[JobAnswer] = Field(description="Newest first; results are given by GET /jobs/{job_id}")
    next_token: str | None = None
