"""Disclose a subject access request's recordings: copies, manifests, links, and one audit entry.

``export_disclosure`` is what ``POST /sars/{sar_id}/export`` calls once the SAR's recordings and the
DPO's decision on each are known (subject_access/decisions.py: only those decided ``disclose`` go out;
the manifest counts the withheld by exemption). It copies each disclosed recording version into the
export bucket under
``exports/<sar_id>/<export_id>/`` (S3 copies the exact version server-side), writes the manifest as
``manifest.json`` and ``manifest.csv`` beside the copies, links every file for ``link_days`` days,
and records the disclosure in the audit trail with its lawful basis. The copies expire from the
export bucket after 30 days (its lifecycle rule).

The audit entry names the export, not the person: no caller number, customer reference or call id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, Field

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.clock import utc_now
from call_recordings.core.defaults import no_items
from call_recordings.core.models import BaseModel
from call_recordings.core.versions import RegisteredVersion
from call_recordings.outside_disclosures.records import Recipient
from call_recordings.subject_access.decisions import WithheldRecordings
from call_recordings.subject_access.disclosure import (
    EXPORT_ID_PATTERN,
    LAWFUL_BASIS,
    MANIFEST_CSV,
    MANIFEST_JSON,
    RECIPIENTS_OF_THE_DISCLOSURE,
    CopiedFile,
    DisclosedRecording,
    DisclosureManifest,
    ProcessingFacts,
    VersionCopy,
    check_link_days,
    disclosed_recording,
    file_names,
    new_export_id,
    package_prefix,
    with_supplementary_statements,
)
from call_recordings.subject_access.errors import RecordingVersionMissing
from call_recordings.subject_access.package_zip import ZIP_NAME
from call_recordings.subject_access.records import sar_target

if TYPE_CHECKING:
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.outside_disclosures.adapters.register import DisclosureRegister
    from call_recordings.subject_access.adapters.disclosures import DisclosureStore
    from call_recordings.subject_access.adapters.package_zips import PackageZips


@dataclass(frozen=True)
class ExportDependencies:
    """What a disclosure is made with: the export bucket's adapter, the audit trail, the facts of the
    deployment the manifest states (controller, processors, location), the outside-disclosure register
    (each recording's recipients; the packages for outside bodies), the clock, and the adapter that makes
    a package into one zip."""

    disclosures: DisclosureStore
    audit: AuditTrail
    export_bucket: str
    facts: ProcessingFacts
    register: DisclosureRegister
    clock: Callable[[], datetime] = field(default=utc_now)
    zips: PackageZips | None = None  # the package as one zip (subject_access/zip_job.py), where it is made


@dataclass(frozen=True)
class PackageFile:
    """One recording version copied into a package: its name there, the copy and a link to it."""

    version: RegisteredVersion
    file_name: str
    copy: CopiedFile
    url: str


def copy_into_package(
    versions: Sequence[RegisteredVersion], prefix: str, *, expires_in: int, store: DisclosureStore
) -> list[PackageFile]:
    """Copy each distinct version under ``prefix`` (S3 copies the exact version) and link to it for
    ``expires_in`` seconds; RecordingVersionMissing when one is no longer in the bucket."""
    unique = list({version.key: version for version in versions}.values())
    names = file_names(unique)
    copies = store.copy_versions(
        [
            VersionCopy(
                source_bucket=version.bucket,
                source_key=version.object_key,
                version_id=version.version_id,
                destination_key=f"{prefix}{names[version.key]}",
                file_name=names[version.key],
                size_bytes=version.size,
            )
            for version in unique
        ]
    )
    files = []
    for version, copy in zip(unique, copies, strict=True):
        if copy is None:
            raise RecordingVersionMissing(version.call_id, version.version_id)
        url = store.link(f"{prefix}{names[version.key]}", expires_in=expires_in)
        files.append(PackageFile(version=version, file_name=names[version.key], copy=copy, url=url))
    return sorted(files, key=lambda each: each.file_name)


class DisclosurePackage(BaseModel):
    """What the DPO is given to send to the data subject: the links and what each file is."""

    model_config = ConfigDict(frozen=True)

    export_id: str = Field(pattern=EXPORT_ID_PATTERN)
    sar_id: str
    created_at: datetime
    links_expire_at: datetime = Field(
        description="When the links stop working, as asked (at most 7 days); re-issue them if the "
        "subject finds one dead sooner"
    )
    lawful_basis: str
    manifest_json_url: str
    manifest_csv_url: str
    recordings: list[DisclosedRecording]
    withheld: list[WithheldRecordings] = Field(
        default_factory=no_items, description="For each exemption relied on, how many recordings it withheld"
    )
    package_zip_url: str | None = Field(
        default=None,
        description="A time-limited link to the whole package as one zip (every recording and both "
        "manifests), ending with the other links; null until the zip is made",
    )
    zip_job_id: str | None = Field(
        default=None,
        description="The job making the zip: GET /jobs/{zip_job_id} follows it, and its result, once done, "
        "is this package with package_zip_url. Null if the zip could not be started (the files' links work)",
    )


@dataclass(frozen=True)
class PackageStart:
    """A package being made: its id, when, where in the export bucket, and how long its links last."""

    export_id: str
    created_at: datetime
    prefix: str
    link_days: int

    @classmethod
    def new(cls, owner_id: str, *, link_days: int, now: datetime) -> PackageStart:
        """A new package of a SAR's or an outside disclosure's (``owner_id``); InvalidLinkLifetime for
        ``link_days`` outside 1..7."""
        check_link_days(link_days)
        created_at = now.astimezone(UTC)
        export_id = new_export_id(created_at)
        return cls(export_id, created_at, package_prefix(owner_id, export_id), link_days)

    @property
    def links_expire_at(self) -> datetime:
        return self.created_at + timedelta(days=self.link_days)

    def link_seconds(self, now: datetime) -> int:
        """How long a link signed ``now`` must last to end when the package's links do (a package made
        by a job signs its links when the last copy is made, not when it was asked for)."""
        return max(1, int((self.links_expire_at - now).total_seconds()))

    def as_plan(self) -> dict[str, Any]:
        return {
            "export_id": self.export_id,
            "created_at": self.created_at.isoformat(),
            "prefix": self.prefix,
            "link_days": self.link_days,
        }

    @classmethod
    def from_plan(cls, plan: Mapping[str, Any]) -> PackageStart:
        return cls(
            plan["export_id"],
            datetime.fromisoformat(plan["created_at"]),
            plan["prefix"],
            int(plan["link_days"]),
        )


def export_disclosure(
    sar_id: str,
    versions: Sequence[RegisteredVersion],
    own_hold_id: str | None,
    *,
    withheld: Sequence[WithheldRecordings] = (),
    requested_by: str,
    link_days: int,
    deps: ExportDependencies,
    statements: Mapping[str, Sequence[str]] | None = None,
) -> DisclosurePackage:
    """Copy, describe and link the SAR's recording versions decided ``disclose``, and audit the disclosure.

    ``own_hold_id`` is the SAR's preservation hold (the one hold the manifest may name); ``withheld``
    counts what the DPO withheld, by exemption. Raises InvalidLinkLifetime for ``link_days`` outside
    1..7, and RecordingVersionMissing (nothing disclosed, no audit entry) when a version is no longer in
    the bucket; copies already made then simply expire with the bucket's rule.
    """
    start = PackageStart.new(sar_id, link_days=link_days, now=deps.clock())
    files = copy_into_package(
        versions, start.prefix, expires_in=start.link_seconds(start.created_at), store=deps.disclosures
    )
    return disclose_package(
        sar_id,
        start,
        files,
        own_hold_id,
        withheld=withheld,
        requested_by=requested_by,
        deps=deps,
        statements=statements,
    )


def disclose_package(
    sar_id: str,
    start: PackageStart,
    files: Sequence[PackageFile],
    own_hold_id: str | None,
    *,
    withheld: Sequence[WithheldRecordings],
    requested_by: str,
    deps: ExportDependencies,
    statements: Mapping[str, Sequence[str]] | None,
) -> DisclosurePackage:
    """The package's copies made: describe each (recipients from the register, supplementary
    statements), write the manifests, audit the disclosure and answer with the links."""
    created_at, prefix, links_expire_at = start.created_at, start.prefix, start.links_expire_at
    expires_in = start.link_seconds(deps.clock())
    recipients: Mapping[tuple[str, str], list[Recipient]] = deps.register.recipients_of(
        {each.version.call_id for each in files}
    )
    recordings = [
        disclosed_recording(
            each.version,
            own_hold_id,
            recipients.get(each.version.key, []),
            file_name=each.file_name,
            copy=each.copy,
            url=each.url,
            link_expires_at=links_expire_at,
        )
        for each in files
    ]
    recordings = with_supplementary_statements(recordings, statements or {})

    manifest = DisclosureManifest(
        export_id=start.export_id,
        sar_id=sar_id,
        created_at=created_at,
        links_expire_at=links_expire_at,
        about_the_processing=deps.facts,
        recordings=tuple(recordings),
        withheld=tuple(withheld),
    )
    deps.disclosures.put_file(f"{prefix}{MANIFEST_JSON}", manifest.as_json(), "application/json")
    deps.disclosures.put_file(f"{prefix}{MANIFEST_CSV}", manifest.as_csv(), "text/csv; charset=utf-8")

    deps.audit.record(
        who=requested_by,
        action=AuditAction.SAR_DISCLOSED,
        target=sar_target(sar_id),
        at=deps.clock(),
        why={"lawful_basis": LAWFUL_BASIS, "sar_id": sar_id},
        details={
            "export_id": start.export_id,
            "recordings": len(recordings),
            "withheld": {each.exemption.value: each.recordings for each in withheld} or None,
            "recipients": RECIPIENTS_OF_THE_DISCLOSURE,
            "links_expire_at": links_expire_at.isoformat(),
            "export_bucket": deps.export_bucket,
            "location": prefix,
        },
    )
    return package_answer(manifest, prefix, expires_in, deps.disclosures)


def package_answer(
    manifest: DisclosureManifest,
    prefix: str,
    expires_in: int,
    store: DisclosureStore,
    *,
    zip_job_id: str | None = None,
) -> DisclosurePackage:
    """What the DPO is given for a package whose manifest is ``manifest``: its links and what each is,
    and the link to the whole package as one zip once its job (``zip_job_id``) has made it."""
    zip_key = f"{prefix}{ZIP_NAME}"
    return DisclosurePackage(
        export_id=manifest.export_id,
        sar_id=manifest.sar_id,
        created_at=manifest.created_at,
        links_expire_at=manifest.links_expire_at,
        lawful_basis=LAWFUL_BASIS,
        manifest_json_url=store.link(f"{prefix}{MANIFEST_JSON}", expires_in=expires_in),
        manifest_csv_url=store.link(f"{prefix}{MANIFEST_CSV}", expires_in=expires_in),
        recordings=list(manifest.recordings),
        withheld=list(manifest.withheld),
        package_zip_url=store.link(zip_key, expires_in=expires_in)
        if zip_job_id and store.exists(zip_key)
        else None,
        zip_job_id=zip_job_id,
    )


def package_read_back(
    start: PackageStart, deps: ExportDependencies, *, zip_job_id: str | None
) -> DisclosurePackage:
    """A package made earlier (by a job), read back from its manifest with fresh links that end when
    its links do."""
    manifest = DisclosureManifest.model_validate_json(
        deps.disclosures.read_file(f"{start.prefix}{MANIFEST_JSON}")
    )
    return package_answer(
        manifest,
        start.prefix,
        start.link_seconds(deps.clock()),
        deps.disclosures,
        zip_job_id=zip_job_id,
    )
