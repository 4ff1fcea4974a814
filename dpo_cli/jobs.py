"""`dpo jobs`: long work the API does in the background (a large export or erasure answers 202 with a
job), and following it, or a large hold, to its end with a progress bar fed by its `progress`.

A job is `{"job_id", "kind", "about", "status": running|done|failed, "progress": {"done", "total",
"percent", ...}, "result", "error"}` (issue 17); its `result`, once done, is what the synchronous
answer would have been, so a command that got a job goes on with that result as if it had waited.
"""

import time
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from dpo_cli.api import Answer, Api, ApiError, Operation
from dpo_cli.commands import answer_of, api, command
from dpo_cli.options import Limit, NextToken
from dpo_cli.output import notes

GET_JOB = Operation("GET", "/jobs/{job_id}")
LIST_JOBS = Operation("GET", "/jobs")
GET_HOLD = Operation("GET", "/holds/{hold_id}")
POLL_SECONDS = 1.0
pause: Callable[[float], None] = time.sleep  # between two fetches of a job (a test delivers its queues)
FINISHED = {"done", "failed"}
HOLD_AT_WORK = {"placing", "releasing"}

jobs = typer.Typer(name="jobs", help="Long work in the background: see it, wait for it", no_args_is_help=True)


def followed(
    fetch: Callable[[], Answer], description: str, finished: Callable[[dict[str, Any]], bool]
) -> Answer:
    """Fetch until `finished`, showing the answer's `progress` (done of total) as a bar on stderr."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=notes,
    ) as bar:
        task = bar.add_task(description, total=None)
        while True:
            answer = fetch()
            state = answer.json()
            progress = state.get("progress") or {}
            if progress.get("total"):
                bar.update(task, total=progress["total"], completed=progress.get("done", 0))
            if finished(state):
                return answer
            pause(POLL_SECONDS)


def job_result(client: Api, job_id: str) -> Answer:
    """Wait for the job; its result as the answer, or ApiError when it failed."""
    answer = followed(
        lambda: client.call(GET_JOB, {"job_id": job_id}),
        f"job {job_id}",
        lambda job: job["status"] in FINISHED,
    )
    job = answer.json()
    if job["status"] == "failed":
        raise ApiError(
            500, "job-failed", job.get("error") or "the job failed", {"job_id": job_id}, answer.text
        )
    return answer_of(answer, job.get("result"))


def finished_work(client: Api, answer: Answer) -> Answer:
    """The synchronous answer: `answer` itself, or, for a 202 job, its result once it is done."""
    if answer.status == 202 and isinstance(answer.json(), dict) and "job_id" in answer.json():
        notes.print(
            f"The API took this as job {answer.json()['job_id']}: following it (Ctrl-C leaves it running)."
        )
        return job_result(client, answer.json()["job_id"])
    return answer


def zipped_package(client: Api, answer: Answer) -> Answer:
    """A package whose zip is being made by its job (`zip_job_id`), once the zip is made: the package
    with `package_zip_url`. If the zip job failed, the package as it was (its files' links still work)."""
    package = answer.json()
    if not isinstance(package, dict) or not package.get("zip_job_id") or package.get("package_zip_url"):
        return answer
    notes.print(f"Making the package's zip (job {package['zip_job_id']}).")
    try:
        return job_result(client, package["zip_job_id"])
    except ApiError as error:
        notes.print(f"The zip could not be made ({error}): fetching the files one by one instead.")
        return answer


def hold_finished(client: Api, answer: Answer) -> Answer:
    """A hold placed or released in the background (202), followed until the worker is done."""
    hold = answer.json()
    if hold.get("status") not in HOLD_AT_WORK:
        return answer
    return followed(
        lambda: client.call(GET_HOLD, {"hold_id": hold["hold_id"]}),
        f"hold {hold['hold_id']} {hold['status']}",
        lambda report: report.get("status") not in HOLD_AT_WORK,
    )


@command(jobs, "show", GET_JOB)
def show_job(job_id: Annotated[str, typer.Argument(help="J-...")]) -> Answer:
    """A job: what it is about, how far it has got, its result or error."""
    return api().call(GET_JOB, {"job_id": job_id})


@command(jobs, "list", LIST_JOBS)
def list_jobs(
    status: Annotated[str | None, typer.Option(help="running, done or failed")] = None,
    limit: Limit = None,
    next_token: NextToken = None,
) -> Answer:
    """Jobs, newest first."""
    return api().call(LIST_JOBS, query={"status": status, "limit": limit, "next_token": next_token})


@command(jobs, "wait", GET_JOB)
def wait_for_job(job_id: Annotated[str, typer.Argument(help="J-...")]) -> Answer:
    """Wait for a job with a progress bar, then show its result."""
    return job_result(api(), job_id)
