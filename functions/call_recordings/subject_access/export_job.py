"""A subject access package too large to make while the DPO waits, made by a job (jobs/running.py).

The route decides as for a small package (subject_access/exporting.py): the versions decided
``disclose``, the withheld counted by exemption. It then names the package (its export id, where it goes
in the export bucket, how long its links last) and each version's file name, and hands the copies to the
worker in batches. Each batch copies its versions server-side and keeps each copy's size and SHA-256;
the last one to finish describes the package exactly as the synchronous export does (``disclose_package``:
the manifests, the audit entry with its lawful basis), counts the export on the SAR and starts the
package's zip (subject_access/zip_job.py). The job's result is the package as the synchronous export
answers it, read back from its manifest with fresh links (and the zip's once it is made).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from call_recordings.core.versions import RegisteredVersion
from call_recordings.jobs.records import Job, JobKind, JobStatus
from call_recordings.jobs.running import JobFailed, JobsDependencies, batches_of, start_job
from call_recordings.subject_access.decisions import WithheldRecordings
from call_recordings.subject_access.disclosure import (
    CopiedFile,
    VersionCopy,
    file_names,
)
from call_recordings.subject_access.exporting import (
    DisclosurePackage,
    ExportDependencies,
    PackageFile,
    PackageStart,
    disclose_package,
    package_read_back,
)
from call_recordings.subject_access.zip_job import started_zip_job, zip_package

if TYPE_CHECKING:
    from call_recordings.subject_access.dependencies import SarDependencies

# Recording versions a package is made of while the DPO waits: each is one server-side copy (about 0.1
# to 0.3 s in S3 for a call recording of a few MB), eight at a time, well inside API Gateway's 29 s.
# Larger packages are jobs.
SYNC_EXPORT_LIMIT = 100
# Copies in one work message: the same 100, a few seconds of the worker's 29.
EXPORT_BATCH = 100


def package_work(versions: Sequence[RegisteredVersion]) -> list[dict[str, Any]]:
    """What the worker copies: each distinct version, as the registry had it when the package was asked
    for (where it is, and what the manifest says of it), and its file name in the package."""
    unique = list({version.key: version for version in versions}.values())
    names = file_names(unique)
    return [
        {"version": version.model_dump(mode="json"), "file_name": names[version.key]}
        for version in sorted(unique, key=lambda each: names[each.key])
    ]


def start_sar_export(
    sar_id: str,
    versions: Sequence[RegisteredVersion],
    own_hold_id: str | None,
    *,
    withheld: Sequence[WithheldRecordings],
    requested_by: str,
    link_days: int,
    deps: ExportDependencies,
    jobs: JobsDependencies,
) -> Job:
    """Name the package and hand its copies to the worker; the job (InvalidLinkLifetime first)."""
    start = PackageStart.new(sar_id, link_days=link_days, now=deps.clock())
    work = package_work(versions)
    return start_job(
        JobKind.SAR_EXPORT,
        sar_id,
        batches_of(work, EXPORT_BATCH),
        total=len(work),
        plan=start.as_plan()
        | {"own_hold_id": own_hold_id, "withheld": [each.model_dump(mode="json") for each in withheld]},
        requested_by=requested_by,
        deps=jobs,
    )


def copy_batch(work: list[dict[str, Any]], prefix: str, deps: ExportDependencies) -> list[dict[str, Any]]:
    """Copy one batch's versions into the package; each copy's size and SHA-256. JobFailed when a version
    is no longer in the bucket (nothing is disclosed: the package is never described)."""
    versions = [RegisteredVersion.model_validate(each["version"]) for each in work]
    copies = deps.disclosures.copy_versions(
        [
            VersionCopy(
                source_bucket=version.bucket,
                source_key=version.object_key,
                version_id=version.version_id,
                destination_key=f"{prefix}{each['file_name']}",
                file_name=each["file_name"],
                size_bytes=version.size,
            )
            for each, version in zip(work, versions, strict=True)
        ]
    )
    rows = []
    for each, version, copy in zip(work, versions, copies, strict=True):
        if copy is None:
            raise JobFailed(
                f"recording {version.call_id} version {version.version_id} is no longer in the bucket: "
                "nothing was disclosed"
            )
        rows.append(each | {"size_bytes": copy.size_bytes, "sha256": copy.sha256})
    return rows


def package_files(
    rows: Sequence[dict[str, Any]], start: PackageStart, deps: ExportDependencies
) -> list[PackageFile]:
    """The copies a job made, each with its version as the registry had it when the package was asked
    for, and a link that ends when the package's links do. The registry is not read again: a version
    copied cannot be deleted meanwhile (the request's preservation hold keeps it; a copy of a version no
    longer in the bucket fails the job), and the package says what was true when the DPO asked."""
    expires_in = start.link_seconds(deps.clock())
    return [
        PackageFile(
            version=RegisteredVersion.model_validate(row["version"]),
            file_name=row["file_name"],
            copy=CopiedFile(size_bytes=row["size_bytes"], sha256=row["sha256"]),
            url=deps.disclosures.link(f"{start.prefix}{row['file_name']}", expires_in=expires_in),
        )
        for row in rows
    ]


def is_exportable(sar_id: str, deps: SarDependencies) -> bool:
    """The SAR exists and is not closed (its preservation holds its recordings)."""
    sar = deps.sars.sar(sar_id)
    return sar is not None and not sar.is_closed


@dataclass(frozen=True)
class SarExportStep:
    """The worker's part of a subject access package (jobs/running.py JobStep)."""

    export: ExportDependencies
    statements: Callable[[Iterable[str]], Mapping[str, Sequence[str]]]  # each call's statements (Art 16)
    note_export: Callable[[str, str], Any]  # count the export on the SAR: (sar_id, exported_by)
    still_exportable: Callable[[str], bool]  # the SAR is not closed
    jobs: Callable[[], JobsDependencies] | None = None  # to start the package's zip (zip_job.py)

    def work(self, job: Job, batch: int, work: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
        rows = copy_batch(work, PackageStart.from_plan(job.plan).prefix, self.export)
        return rows, len(rows)

    def finish(self, job: Job, rows: list[dict[str, Any]]) -> None:
        if not self.still_exportable(job.about):
            raise JobFailed(f"{job.about} was closed while its package was made: nothing was disclosed")
        start = PackageStart.from_plan(job.plan)
        files = package_files(rows, start, self.export)
        package = disclose_package(
            job.about,
            start,
            files,
            job.plan.get("own_hold_id"),
            withheld=[WithheldRecordings.model_validate(each) for each in job.plan.get("withheld", [])],
            requested_by=job.requested_by,
            deps=self.export,
            statements=self.statements(each.version.call_id for each in files),
        )
        self.note_export(job.about, job.requested_by)
        if self.jobs is not None:
            zip_package(package, requested_by=job.requested_by, export=self.export, jobs=self.jobs())

    def result(self, job: Job) -> DisclosurePackage | None:
        if job.status is not JobStatus.DONE:
            return None
        return package_read_back(
            PackageStart.from_plan(job.plan),
            self.export,
            zip_job_id=started_zip_job(job.plan["export_id"], self.jobs()) if self.jobs is not None else None,
        )
