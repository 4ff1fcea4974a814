"""/jobs: how far a long package or erasure has got, and its result once done (the disclosure function,
which runs them and signs the packages' links)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from call_recordings.dpo_api.dependencies import jobs_dependencies
from call_recordings.dpo_api.job_models import JobAnswer, JobList
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.routes.parameters import Limit, NextToken
from call_recordings.jobs.errors import JobNotFound
from call_recordings.jobs.records import JOB_ID_PATTERN, Job, JobStatus
from call_recordings.jobs.running import JobsDependencies

router = Router()

Dependencies = Annotated[JobsDependencies, Depends(jobs_dependencies)]
JobId = Annotated[str, Path(pattern=JOB_ID_PATTERN, description="e.g. J-20261203-3F9A1C2B7D")]


def job_answer(job: Job, deps: JobsDependencies) -> JobAnswer:
    """The job, with its result when it is done (the package read back with fresh links, the erasure's
    report)."""
    return JobAnswer.of(job, deps.clock(), deps.step(job.kind).result(job))


def accepted(job: Job, deps: JobsDependencies) -> Response[JobAnswer]:
    """202: the work goes on as a job; its answer and where to follow it."""
    return Response(
        status_code=202,
        content_type="application/json",
        body=JobAnswer.of(job, deps.clock()).model_dump(mode="json"),
        headers={"Location": f"/jobs/{job.job_id}"},
    )


@router.get(
    "/jobs/<job_id>",
    summary="How far a job has got, and its result once done",
    description=(
        "A package or an erasure too large to finish while the DPO waits answers 202 with a job. Its "
        "progress (done of total, percent, started, estimated finish) and, once status is done, its result: "
        "the disclosure package with its links or the erasure's report, as the synchronous answer gives "
        "them. A failed job says why (the failure is audited under its request)."
    ),
    responses=answers({200: ("The job", JobAnswer)}, 400, 403, 404),
    tags=["Jobs"],
)
def get_job(job_id: JobId, deps: Dependencies) -> JobAnswer:
    job = deps.records.job(job_id)
    if job is None:
        raise JobNotFound(job_id)
    return job_answer(job, deps)


@router.get(
    "/jobs",
    summary="List jobs, newest first",
    responses=answers({200: ("Jobs, newest first", JobList)}, 400, 403),
    tags=["Jobs"],
)
def get_jobs(
    deps: Dependencies,
    status: Annotated[JobStatus | None, Query(description="Only jobs in this status")] = None,
    limit: Limit = 50,
    next_token: NextToken = None,
) -> JobList:
    jobs, token = deps.records.jobs(status=status, limit=limit, token=next_token)
    now = deps.clock()
    return JobList(jobs=[JobAnswer.of(job, now) for job in jobs], next_token=token)
