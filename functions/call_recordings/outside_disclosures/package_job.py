"""An outside body's package too large to make while the DPO waits, made by a job (jobs/running.py), as
a subject access package is (subject_access/export_job.py, whose copying it shares): the copies in
batches, then the last batch describes the package exactly as the synchronous one does (its manifest, the
register's note of the recipient for each recording, the audit entry). The result is the package, read
back from its manifest with a fresh link."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from call_recordings.jobs.records import Job, JobKind, JobStatus
from call_recordings.jobs.running import JobFailed, JobsDependencies, batches_of, start_job
from call_recordings.outside_disclosures.errors import DisclosureClosed
from call_recordings.outside_disclosures.packaging import (
    RecipientPackage,
    check_packageable,
    describe_recipient_package,
    recipient_answer,
)
from call_recordings.outside_disclosures.records import OutsideDisclosure
from call_recordings.subject_access.disclosure import MANIFEST_JSON
from call_recordings.subject_access.export_job import EXPORT_BATCH, copy_batch, package_files, package_work
from call_recordings.subject_access.exporting import ExportDependencies, PackageStart

if TYPE_CHECKING:
    from call_recordings.core.versions import RegisteredVersion


def start_recipient_package(
    disclosure: OutsideDisclosure,
    versions: Sequence[RegisteredVersion],
    *,
    requested_by: str,
    link_days: int,
    deps: ExportDependencies,
    jobs: JobsDependencies,
) -> Job:
    """Name the package and hand its copies to the worker (DisclosureClosed, InvalidLinkLifetime first)."""
    check_packageable(disclosure)
    start = PackageStart.new(disclosure.disclosure_id, link_days=link_days, now=deps.clock())
    work = package_work(versions)
    return start_job(
        JobKind.DISCLOSURE_PACKAGE,
        disclosure.disclosure_id,
        batches_of(work, EXPORT_BATCH),
        total=len(work),
        plan=start.as_plan(),
        requested_by=requested_by,
        deps=jobs,
    )


@dataclass(frozen=True)
class RecipientPackageStep:
    """The worker's part of an outside body's package (jobs/running.py JobStep)."""

    export: ExportDependencies

    def work(self, job: Job, batch: int, work: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
        rows = copy_batch(work, PackageStart.from_plan(job.plan).prefix, self.export)
        return rows, len(rows)

    def finish(self, job: Job, rows: list[dict[str, Any]]) -> None:
        disclosure = self.export.register.disclosure(job.about)
        if disclosure is None:
            raise JobFailed(f"disclosure {job.about} has no record")
        start = PackageStart.from_plan(job.plan)
        files = package_files(rows, start, self.export)
        try:
            describe_recipient_package(
                disclosure, start, files, requested_by=job.requested_by, deps=self.export
            )
        except DisclosureClosed as closed:
            raise JobFailed(str(closed)) from None

    def result(self, job: Job) -> RecipientPackage | None:
        if job.status is not JobStatus.DONE:
            return None
        start = PackageStart.from_plan(job.plan)
        package = RecipientPackage.model_validate_json(
            self.export.disclosures.read_file(f"{start.prefix}{MANIFEST_JSON}")
        )
        return recipient_answer(package, start, self.export.disclosures, now=self.export.clock())
