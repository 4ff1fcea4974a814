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

from call_recordings.deletion.erasing import erase_batch, finish_erasure
from call_recordings.deletion.erasure_records import ErasedVersion
from call_recordings.deletion.vocabulary import VersionErasure
from call_recordings.dpo_api.erasure_models import ErasureReport
from call_recordings.jobs.records import Job, JobStatus
from call_recordings.jobs.running import JobFailed
from call_recordings.rights.erasing import record_erasure_decision

ERASED_COUNT = "erased"  # a batch's result row counting the versions it erased

if TYPE_CHECKING:
    from call_recordings.deletion.erasure_dependencies import ErasureDependencies
    from call_recordings.rights.dependencies import RightsDependencies


@dataclass(frozen=True)
class ErasureStep:
    """The worker's part of an erasure (jobs/running.py JobStep)."""

    erasure: ErasureDependencies
    rights: RightsDependencies

    def work(self, job: Job, batch: int, work: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
        """The batch through the eraser; as the batch's results, the versions not erased (with why) and
        a count of those erased: what the finish needs, without reading every version back."""
        results = erase_batch(job.plan["erasure_id"], batch, frozenset(job.plan["subject"]), self.erasure)
        erased = sum(1 for each in results if each.outcome is VersionErasure.ERASED)
        others = [
            each.model_dump(mode="json", exclude_none=True)
            for each in results
            if each.outcome is not VersionErasure.ERASED
        ]
        return [*others, {ERASED_COUNT: erased}], len(results)

    def finish(self, job: Job, rows: list[dict[str, Any]]) -> None:
        erasure_id = job.plan["erasure_id"]
        erasure = self.erasure.records.erasure(erasure_id)
        if erasure is None:
            raise JobFailed(f"erasure {erasure_id} has no record")
        finished = finish_erasure(
            erasure,
            [ErasedVersion.model_validate(row) for row in rows if ERASED_COUNT not in row],
            self.erasure,
            recorded=True,
            erased_besides=sum(row.get(ERASED_COUNT, 0) for row in rows),
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
