"""Starting a job, and the worker's part: one batch at a time, then the finish.

A job is started by the DPO API route that would otherwise have done the work while the DPO waited: it
records the job (each batch's work, then the header) and sends one message per batch to the work queue.
The worker (the disclosure function, the one function with the privilege the work needs: reading
recordings, writing the export bucket, invoking the eraser) takes a message, reads the batch's work from
the job's record, does it through the kind's step, records what came of it and counts the batch on the
job, once: a message delivered twice, or retried after an error, does nothing the first did not. The
worker that counts the last batch finishes the job (the package's manifest and audit entry, the
erasure's report and the decision it carries out), under a short claim so that two deliveries never
finish it twice.

Errors: a step raises JobFailed when the work cannot succeed however often it is tried (a recording
version missing from the bucket, a disclosure closed meanwhile): the job ends ``failed`` with the reason,
audited under the request it was for. Any other error is retried by the queue and, after its last
attempt, kept on the dead-letter queue, whose alarm tells the DPO: never lost silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.clock import utc_now
from call_recordings.jobs.records import FINISH, Job, JobKind, JobMessage, JobStatus, job_target, new_job_id

if TYPE_CHECKING:
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.jobs.adapters.job_records import JobQueue, JobRecords

# Who the worker's own audit entries name.
JOB_WORKER = "system:job-worker"
# A finish claimed this long ago by a delivery that never ended it may be taken over by another.
FINISH_CLAIM = timedelta(minutes=5)


class JobFailed(Exception):
    """The job's work cannot succeed however often it is tried: the job ends ``failed`` with this."""


class JobBeingFinished(Exception):
    """Another delivery claimed the job's finish a moment ago: this message is tried again later (and
    finishes the job itself if that delivery never did), so no job is left unfinished silently."""


class JobStep(Protocol):
    """What one kind of job does with a batch, how it finishes, and what its result is."""

    def work(self, job: Job, batch: int, work: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
        """Do one batch's work; the rows to keep as its result, and how many items it finished."""

    def finish(self, job: Job, rows: list[dict[str, Any]]) -> None:
        """Every batch is done (``rows``: every batch's results, in order): finish the job's work."""

    def result(self, job: Job) -> Any:
        """A finished job's result, as the synchronous answer would have given it (a pydantic model)."""


@dataclass(frozen=True)
class JobsDependencies:
    records: JobRecords
    queue: JobQueue
    audit: AuditTrail
    steps: Mapping[JobKind, Callable[[], JobStep]]  # each made on first use: a step brings its adapters
    clock: Callable[[], datetime] = utc_now

    def step(self, kind: JobKind) -> JobStep:
        return self.steps[kind]()


def start_job(
    kind: JobKind,
    about: str,
    batches: Sequence[Sequence[dict[str, Any]]],
    *,
    total: int,
    plan: Mapping[str, Any],
    requested_by: str,
    deps: JobsDependencies,
    results: Sequence[dict[str, Any]] = (),
    job_id: str | None = None,
) -> Job:
    """Record the job and hand each batch to the worker through the work queue. ``results``: what is
    known before any batch is worked (kept as batch 0's, first among the results the finish reads);
    ``job_id``: the job's id when the kind names its jobs itself (one per package), a new one if not."""
    now = deps.clock()
    job = Job(
        job_id=job_id or new_job_id(now),
        kind=kind,
        about=about,
        status=JobStatus.RUNNING,
        requested_by=requested_by,
        requested_at=now,
        total=total,
        batches=len(batches),
        plan=dict(plan),
    )
    deps.records.create(job, batches)
    if results:
        deps.records.record_result(job.job_id, FINISH, results)
    deps.audit.record(
        who=requested_by,
        action=AuditAction.JOB_STARTED,
        target=job_target(job),
        at=now,
        details={"job_id": job.job_id, "kind": kind.value, "total": total, "batches": len(batches)},
    )
    messages = [JobMessage(job_id=job.job_id, batch=number) for number in range(1, len(batches) + 1)]
    try:
        deps.queue.enqueue(messages or [JobMessage(job_id=job.job_id, batch=FINISH)])
    except Exception:
        # Not left running with nothing to run it: failed, audited, and the request answers an error.
        _fail(job, "its work could not be handed to the work queue: ask again", deps)
        raise
    return job


def work_on(message: JobMessage, deps: JobsDependencies) -> Job | None:
    """Do one message's batch (unless done already), then finish the job if every batch is counted.
    The job afterwards; None if the job's record does not bear the message out (nothing is done)."""
    job = deps.records.job(message.job_id)
    if job is None or message.batch > job.batches:
        return None
    if job.status is not JobStatus.RUNNING:
        return job
    step = deps.step(job.kind)
    if message.batch != FINISH and message.batch not in job.counted:
        work = deps.records.batch(job.job_id, message.batch)
        if work is None:
            return None
        try:
            rows, done = step.work(job, message.batch, work)
        except JobFailed as failure:
            return _fail(job, str(failure), deps)
        deps.records.record_result(job.job_id, message.batch, rows)
        job = deps.records.count(job.job_id, message.batch, done, deps.clock()) or deps.records.job(
            job.job_id
        )
        if job is None:
            return None
    if job.status is JobStatus.RUNNING and job.all_counted:
        return _finish(job, step, deps)
    return job


def _finish(job: Job, step: JobStep, deps: JobsDependencies) -> Job:
    now = deps.clock()
    if not deps.records.claim_finish(job.job_id, now=now, stale_before=now - FINISH_CLAIM):
        raise JobBeingFinished(f"job {job.job_id} is being finished by another delivery")
    try:
        step.finish(job, deps.records.results(job.job_id))
    except JobFailed as failure:
        return _fail(job, str(failure), deps)
    deps.records.end(job.job_id, JobStatus.DONE, deps.clock())
    return deps.records.job(job.job_id) or job


def _fail(job: Job, reason: str, deps: JobsDependencies) -> Job:
    now = deps.clock()
    if deps.records.end(job.job_id, JobStatus.FAILED, now, error=reason):
        deps.audit.record(
            who=JOB_WORKER,
            action=AuditAction.JOB_FAILED,
            target=job_target(job),
            at=now,
            why={"failed": reason},
            details={"job_id": job.job_id, "kind": job.kind.value, "done": job.done, "total": job.total},
        )
    return deps.records.job(job.job_id) or job


def batches_of(items: Sequence[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    """``items`` in batches of at most ``size``, in order."""
    return [list(items[start : start + size]) for start in range(0, len(items), size)]
