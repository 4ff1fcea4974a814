"""A job as the requests table keeps it, and the message that hands one of its batches to the worker.

A job is one partition of the requests table (``J-YYYYMMDD-<10 hex>``): its header (kind ``job``, for
the ``by-kind`` index), one item per batch listing what that batch works on (``batch#0001`` ...), and
one item per batch with what came of it (``result#0001`` ...). The work message names the job and a
batch, nothing else: the worker reads what to do from the job's record (ids, not instructions, DESIGN
section 8), so a message it cannot bear out changes nothing.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from call_recordings.core.audit_vocabulary import TargetKind, audit_target
from call_recordings.core.progress import Progress

JOB_ID_PATTERN = r"^J-[0-9]{8}-[0-9A-F]{10}$"
JOB_KIND = "job"
BATCH_ITEM_PREFIX = "batch#"
RESULT_ITEM_PREFIX = "result#"


class JobKind(StrEnum):
    SAR_EXPORT = "sar-export"  # a subject access request's disclosure package (Art 15)
    DISCLOSURE_PACKAGE = "disclosure-package"  # an outside body's package (the register)
    ERASURE = "erasure"  # an erasure request decided by erasing (Art 17)
    PACKAGE_ZIP = "package-zip"  # a subject access package as one zip (subject_access/zip_job.py)


class JobStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def new_job_id(requested_at: datetime) -> str:
    """J-<date requested, UTC>-<10 random hex digits>, the shape of hold ids."""
    return f"J-{requested_at:%Y%m%d}-{secrets.token_hex(5).upper()}"


def batch_item(batch: int) -> str:
    return f"{BATCH_ITEM_PREFIX}{batch:05d}"


def result_item(batch: int) -> str:
    return f"{RESULT_ITEM_PREFIX}{batch:05d}"


class Job(BaseModel):
    """A job's header: what it is about, who asked, how far it has got and how it ended."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    job_id: str = Field(pattern=JOB_ID_PATTERN)
    kind: JobKind
    about: str = Field(
        description="The request the work is for: a SAR (S-...), a rights request (Q-...) "
        "or an outside disclosure (OD-...)"
    )
    status: JobStatus
    requested_by: str
    requested_at: datetime
    total: int = Field(ge=0, description="Items (recording versions) the job works on")
    batches: int = Field(ge=0, description="Work messages the job was split into")
    done: int = Field(default=0, ge=0, description="Items of the batches finished so far")
    finished_at: datetime | None = None
    error: str | None = Field(default=None, description="Why a failed job failed")
    # What the job's kind needs to finish (the package's export id, the erasure's id ...): the worker's,
    # never shown.
    plan: SkipJsonSchema[dict[str, Any]] = Field(default_factory=dict, exclude=True, repr=False)
    counted: SkipJsonSchema[frozenset[int]] = Field(default=frozenset(), exclude=True, repr=False)

    @property
    def all_counted(self) -> bool:
        return len(self.counted) >= self.batches

    def progress(self, now: datetime) -> Progress:
        return Progress.of(
            self.done, self.total, started_at=self.requested_at, now=now, finished_at=self.finished_at
        )


class JobMessage(BaseModel):
    """What the work queue carries: a job and one of its batches (0 asks the worker to finish it)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    job_id: str = Field(pattern=JOB_ID_PATTERN)
    batch: int = Field(ge=0)


FINISH = 0  # the batch number of the message that only finishes a job whose batches are all counted


# What a job's start and failure are audited under: the request the work is for.
_ABOUT = {
    JobKind.SAR_EXPORT: TargetKind.SAR,
    JobKind.DISCLOSURE_PACKAGE: TargetKind.DISCLOSURE,
    JobKind.ERASURE: TargetKind.RIGHTS_REQUEST,
    JobKind.PACKAGE_ZIP: TargetKind.SAR,
}


def job_target(job: Job) -> str:
    """``sar#S-...``, ``disclosure#OD-...`` or ``request#Q-...`` (``erasure#E-...`` for an erasure that
    carries out no rights request)."""
    if job.kind is JobKind.ERASURE and job.about.startswith("E-"):
        return audit_target(TargetKind.ERASURE, job.about)
    return audit_target(_ABOUT[job.kind], job.about)
