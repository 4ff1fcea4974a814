"""Progress bars for long work in the local demo and `make serve`: the numbers the DPO API's job answer
(and a hold report) carries, drawn as a line of text."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

BAR_WIDTH = 30


def progress_line(progress: dict[str, Any], label: str) -> str:
    """``label [██████░░░░]  60.0%  150/250  finish ~10:15:31``: the API's progress, drawn."""
    percent = float(progress.get("percent") or 0)
    filled = round(BAR_WIDTH * percent / 100)
    bar = "█" * filled + "░" * (BAR_WIDTH - filled)
    finish = progress.get("finished_at") or progress.get("estimated_finish_at")
    when = ""
    if finish:
        moment = datetime.fromisoformat(finish).strftime("%H:%M:%S")
        when = f"  finished {moment}" if progress.get("finished_at") else f"  finish ~{moment}"
    return f"{label} [{bar}] {percent:5.1f}%  {progress.get('done', 0)}/{progress.get('total', 0)}{when}"


def follow_job(
    call_api: Callable[[str, str], dict[str, Any]],
    deliver_one_round: Callable[[], int],
    job: dict[str, Any],
    show: Callable[[str], None],
    *,
    rounds: int = 10_000,
) -> dict[str, Any]:
    """Deliver the work queues a round at a time (one batch a message, as Lambda's event source would),
    showing the job's progress after each, until it is done or failed; the job's last answer."""
    label = f"{job['kind']} {job['job_id']}"
    show(progress_line(job["progress"], label))
    for _ in range(rounds):
        if job.get("status") != "running":
            break
        delivered = deliver_one_round()
        job = json.loads(call_api("GET", f"/jobs/{job['job_id']}").get("body") or "{}")
        show(progress_line(job.get("progress", {}), label))
        if not delivered and job.get("status") == "running":
            show(f"{label}: nothing left on the queues, but the job is still running (see the handler log)")
            break
    return job


class JobWatcher:
    """For `make serve`: after each delivery, a progress line for each job that moved, until it ends."""

    def __init__(self, call_api: Callable[[str, str], dict[str, Any]], show: Callable[[str], None]) -> None:
        self._call_api = call_api
        self._show = show
        self._last: dict[str, str] = {}  # job id -> the line last shown

    def look(self) -> None:
        running = self._get("/jobs?status=running").get("jobs", [])
        jobs = {job["job_id"]: job for job in running}
        for job_id in set(self._last) - set(jobs):  # ended since the last look: its final line
            jobs[job_id] = self._get(f"/jobs/{job_id}")
        for job_id, job in sorted(jobs.items()):
            line = progress_line(job.get("progress", {}), f"{job.get('kind')} {job_id} ({job.get('about')})")
            if job.get("status") not in (None, "running"):
                line += f": {job['status']}" + (f" ({job['error']})" if job.get("error") else "")
            if line != self._last.get(job_id):
                self._show(line)
            if job.get("status") == "running":
                self._last[job_id] = line
            else:
                self._last.pop(job_id, None)

    @property
    def following(self) -> bool:
        return bool(self._last)

    def _get(self, path: str) -> dict[str, Any]:
        return json.loads(self._call_api("GET", path).get("body") or "{}")
