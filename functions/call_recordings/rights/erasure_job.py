"""An erasure too large to carry out while the DPO waits, carried out by a job (jobs/running.py).

The route decides as for a small one (deletion/erasing.py): the person's versions found, those a hold
keeps refused with their grounds, the erasure recorded with the others in batches. Each batch invokes the
eraser, which acts only on the batch its record lists, and records what happened to each version; the
last one finishes the erasure (its status, counts and audit entry, as the synchronous erasure does) and
records the decision on the rights request it carries out. The job's result is the erasure's report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from call_recordings.core.audit_vocabulary import TargetKind, audit_target
from call_recordings.deletion.erasing import erase_batch, finish_erasure
from call_recordings.dpo_api.erasure_models import ErasureReport
from call_recordings.jobs.records import Job, JobStatus
from call_recordings.jobs.running import JobFailed
from call_recordings.rights.erasing import record_erasure_decision

if TYPE_CHECKING:
    from call_recordings.deletion.erasure_dependencies import ErasureDependencies
    from call_recordings.rights.dependencies import RightsDependencies


@dataclass(frozen=True)
class ErasureStep:
    """The worker's part of an erasure (jobs/running.py JobStep)."""

    erasure: ErasureDependencies
    rights: RightsDependencies

    def work(self, job: Job, batch: int, work: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
        results = erase_batch(job.plan["erasure_id"], batch, frozenset(job.plan["subject"]), self.erasure)
        return [], len(results)

    def finish(self, job: Job, rows: list[dict[str, Any]]) -> None:
        erasure_id = job.plan["erasure_id"]
        erasure = self.erasure.records.erasure(erasure_id)
        if erasure is None:
            raise JobFailed(f"erasure {erasure_id} has no record")
        finished = finish_erasure(
            erasure, self.erasure.records.erased_versions(erasure_id), self.erasure, recorded=True
        )
        if finished.rights_request_id:
            record_erasure_decision(finished.rights_request_id, finished, job.requested_by, self.rights)

    def result(self, job: Job) -> ErasureReport | None:
        if job.status is not JobStatus.DONE:
            return None
        erasure_id = job.plan["erasure_id"]
        erasure = self.erasure.records.erasure(erasure_id)
        if erasure is None:
            return None
        return ErasureReport.of(
            self.erasure.records.opened(erasure, erasure_id), self.erasure.records.erased_versions(erasure_id)
        )

    def failed_target(self, job: Job) -> str:
        if job.about.startswith("E-"):
            return audit_target(TargetKind.ERASURE, job.about)
        return audit_target(TargetKind.RIGHTS_REQUEST, job.about)
