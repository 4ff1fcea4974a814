"""The whole subject access package as one zip, made by a job once the package is made (issue 18).

The DPO sends the data subject one link for the package, as well as the link per file. The zip is made
from the copies already in the export bucket, after the disclosure (the package is disclosed and audited
whether or not its zip is ever made: the files' links are the disclosure). Every package gets one zip
job, named after its export (``zip_job_id``: a redelivered finish of the export finds the job it
started, never starts a second). Its batches are planned by bytes (subject_access/package_zip.py): each
is one part of the multipart upload of ``<package prefix>package.zip``, the recordings' entries streamed
from their copies into a part spooled to temporary storage, never memory; the finish writes the last
part (both manifests and the central directory) and completes the upload, or, for a package under 5 MiB
in all, writes the whole zip in one request. The upload's id is on the job's record; a job that fails
aborts it (no orphan parts; the bucket's lifecycle rule aborts any upload still incomplete after a day).

The zip's making is audited under the SAR (``sar-package-zipped``): the export, its entries and bytes,
no personal data. The job's result is the package, as the export answers it, with ``package_zip_url``.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.observability import logger
from call_recordings.jobs.records import Job, JobKind, JobStatus
from call_recordings.jobs.running import JobFailed, JobsDependencies, start_job
from call_recordings.subject_access.adapters.package_zips import PackageFileGone
from call_recordings.subject_access.disclosure import (
    MANIFEST_CSV,
    MANIFEST_JSON,
    DisclosureManifest,
    package_prefix,
)
from call_recordings.subject_access.exporting import (
    DisclosurePackage,
    ExportDependencies,
    PackageStart,
    package_read_back,
)
from call_recordings.subject_access.package_zip import (
    MIN_PART_BYTES,
    PART_TARGET_BYTES,
    ZIP_NAME,
    EntrySizeChanged,
    ZipEntry,
    central_directory,
    plan_parts,
    write_entry,
)
from call_recordings.subject_access.records import sar_target

if TYPE_CHECKING:
    from call_recordings.subject_access.adapters.package_zips import PackageZips


MANIFESTS = (MANIFEST_JSON, MANIFEST_CSV)  # the last entries, in this order


def zip_job_id(export_id: str) -> str:
    """The one zip job of an export: ``J-<the export's date>-<10 hex digits of its id's SHA-256>``."""
    digest = hashlib.sha256(export_id.encode()).hexdigest()[:10].upper()
    return f"J-{export_id[2:10]}-{digest}"


def zip_file_name(export_id: str) -> str:
    """The name the subject's browser saves the zip as."""
    return f"{export_id}.zip"


def _spool() -> Any:
    """Where a part is assembled: memory up to S3's smallest part, the function's /tmp beyond."""
    return tempfile.SpooledTemporaryFile(max_size=MIN_PART_BYTES)


def zip_package(
    package: DisclosurePackage, *, requested_by: str, export: ExportDependencies, jobs: JobsDependencies
) -> DisclosurePackage:
    """Start the package's zip job (or find it started); the package naming it. A zip that cannot be
    started is logged and the package answered without it: the package is disclosed already, and its
    files' links are the disclosure."""
    if export.zips is None:
        return package
    try:
        job = start_package_zip(package, requested_by=requested_by, zips=export.zips, jobs=jobs)
    except Exception:
        logger.exception("The package's zip could not be started", extra={"export_id": package.export_id})
        return package
    return package.model_copy(update={"zip_job_id": job.job_id})


def started_zip_job(export_id: str, jobs: JobsDependencies) -> str | None:
    """The export's zip job, if it was started."""
    job_id = zip_job_id(export_id)
    return job_id if jobs.records.job(job_id) is not None else None


def start_package_zip(
    package: DisclosurePackage, *, requested_by: str, zips: PackageZips, jobs: JobsDependencies
) -> Job:
    """Plan the zip's parts from the copies' sizes, start its upload when it has parts, and hand the
    parts to the worker; the job (the one already started for this export, if any)."""
    job_id = zip_job_id(package.export_id)
    if (started := jobs.records.job(job_id)) is not None:
        return started
    link_days = round((package.links_expire_at - package.created_at).total_seconds() / 86400)
    start = PackageStart(
        package.export_id, package.created_at, package_prefix(package.sar_id, package.export_id), link_days
    )
    entries = [{"name": each.file_name, "size": each.size_bytes} for each in package.recordings]
    # Under 5 MiB in all, no parts: the finish writes every entry (the manifest lists them).
    parts, tail = plan_parts([(each["name"], each["size"]) for each in entries], target=PART_TARGET_BYTES)
    key = f"{start.prefix}{ZIP_NAME}"
    upload_id = zips.begin(key, zip_file_name(package.export_id)) if parts else None
    try:
        return start_job(
            JobKind.PACKAGE_ZIP,
            package.sar_id,
            [[entries[index] for index in part] for part in parts],
            total=len(entries) - len(tail),
            plan=start.as_plan() | {"upload_id": upload_id},
            requested_by=requested_by,
            deps=jobs,
            job_id=job_id,
        )
    except Exception:
        if upload_id:
            zips.abort(key, upload_id)
        raise


@dataclass(frozen=True)
class PackageZipStep:
    """The worker's part of a package's zip (jobs/running.py JobStep): a part per batch, then the end."""

    export: ExportDependencies

    @property
    def zips(self) -> PackageZips:
        if self.export.zips is None:
            raise JobFailed("this function makes no zips: the export bucket's zips are not configured")
        return self.export.zips

    def work(self, job: Job, batch: int, work: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
        start = PackageStart.from_plan(job.plan)
        with _spool() as part:
            written = self._write(part, work, start, job)
            length = part.tell()
            self._failing_on_gone(
                job, lambda: self.zips.upload_part(_key(start), job.plan["upload_id"], batch, part)
            )
        return [{"part": batch, "length": length, "entries": written}], len(work)

    def finish(self, job: Job, rows: list[dict[str, Any]]) -> None:
        start = PackageStart.from_plan(job.plan)
        key, upload_id = _key(start), job.plan.get("upload_id")
        parts = sorted(rows, key=lambda row: row["part"])
        entries: list[ZipEntry] = []
        offset = 0
        for part in parts:
            entries += _placed(part["entries"], offset)
            offset += part["length"]
        # Made by a delivery that died before ending the job: the same bytes again, not uploaded again.
        made = self.export.disclosures.exists(key)
        manifests = {name: self.export.disclosures.read_file(f"{start.prefix}{name}") for name in MANIFESTS}
        # No parts (under 5 MiB in all): every recording the manifest lists is in the last part.
        rest = (
            []
            if parts
            else [
                {"name": each.file_name, "size": each.size_bytes}
                for each in DisclosureManifest.model_validate_json(manifests[MANIFEST_JSON]).recordings
            ]
        )
        with _spool() as last:
            written = self._write(last, rest, start, job)
            for name, body in manifests.items():
                at = last.tell()
                crc = write_entry(last, name, len(body), [body], start.created_at)
                written.append({"name": name, "size": len(body), "crc": crc, "offset": at})
            entries += _placed(written, offset)
            last.write(central_directory(entries, offset=offset + last.tell(), when=start.created_at))
            size = offset + last.tell()
            if upload_id and not made:
                self._failing_on_gone(
                    job, lambda: self.zips.upload_part(key, upload_id, len(parts) + 1, last)
                )
                self._failing_on_gone(job, lambda: self.zips.complete(key, upload_id, len(parts) + 1))
            elif not made:
                self.zips.put(key, last, zip_file_name(start.export_id))
        self.export.audit.record(
            who=job.requested_by,
            action=AuditAction.SAR_PACKAGE_ZIPPED,
            target=sar_target(job.about),
            at=self.export.clock(),
            details={
                "export_id": start.export_id,
                "job_id": job.job_id,
                "entries": len(entries),
                "bytes": size,
                "export_bucket": self.export.export_bucket,
                "location": _key(start),
            },
        )

    def result(self, job: Job) -> DisclosurePackage | None:
        if job.status is not JobStatus.DONE:
            return None
        return package_read_back(PackageStart.from_plan(job.plan), self.export, zip_job_id=job.job_id)

    def _write(
        self, out: Any, work: Sequence[dict[str, Any]], start: PackageStart, job: Job
    ) -> list[dict[str, Any]]:
        """Stream each recording's copy into ``out`` as an entry; each entry's name, size, CRC, offset."""
        written = []
        for each in work:
            at = out.tell()
            crc = self._failing_on_gone(
                job,
                lambda each=each: write_entry(
                    out,
                    each["name"],
                    each["size"],
                    self.zips.stream(f"{start.prefix}{each['name']}"),
                    start.created_at,
                ),
            )
            written.append({"name": each["name"], "size": each["size"], "crc": crc, "offset": at})
        return written

    def _failing_on_gone(self, job: Job, action: Callable[[], Any]) -> Any:
        """Do ``action``; a file or upload gone, or a copy not the size recorded, can never succeed: the
        upload is aborted and the job fails."""
        try:
            return action()
        except (PackageFileGone, EntrySizeChanged) as gone:
            if upload_id := job.plan.get("upload_id"):
                self.zips.abort(_key(PackageStart.from_plan(job.plan)), upload_id)
            raise JobFailed(f"the package's zip could not be made: {gone}") from gone


def _key(start: PackageStart) -> str:
    return f"{start.prefix}{ZIP_NAME}"


def _placed(written: Sequence[dict[str, Any]], part_offset: int) -> list[ZipEntry]:
    """The entries a part holds, placed in the whole zip (the part starts at ``part_offset``)."""
    return [
        ZipEntry(each["name"], each["size"], each["crc"], part_offset + each["offset"]) for each in written
    ]
