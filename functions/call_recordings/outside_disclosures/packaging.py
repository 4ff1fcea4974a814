"""The package for the outside body: copies of the recordings the disclosure covers, links, and a
manifest naming the council, the recipient, its request and the lawful basis; one audit entry.

Made by the disclosure function, the only one that reads recordings and signs links (infra/dpo_api.py),
as a subject access package is (subject_access/exporting.py, whose copying it shares), under
``exports/<disclosure_id>/<export_id>/`` in the export bucket, where the copies expire after 30 days.
The first package is the moment the recordings are disclosed: the register then records, under each
recording, that this recipient received it on that day and on that basis (adapters/register.py), which
every later subject access package lists. The audit entry names the recipient and the basis, never a
data subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from pydantic import ConfigDict, Field

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.models import BaseModel
from call_recordings.core.retention import LONDON
from call_recordings.core.versions import RegisteredVersion
from call_recordings.outside_disclosures.errors import DisclosureClosed
from call_recordings.outside_disclosures.records import OutsideDisclosure, disclosure_target
from call_recordings.outside_disclosures.vocabulary import LAWFUL_BASIS_WORDING, LawfulBasis
from call_recordings.subject_access.disclosure import EXPORT_ID_PATTERN, MANIFEST_JSON
from call_recordings.subject_access.exporting import PackageFile, PackageStart, copy_into_package

if TYPE_CHECKING:
    from call_recordings.subject_access.adapters.disclosures import DisclosureStore
    from call_recordings.subject_access.exporting import ExportDependencies


class PackagedRecording(BaseModel):
    """One recording version in the recipient's package, and its link."""

    model_config = ConfigDict(frozen=True)

    file_name: str
    call_id: str
    version_id: str
    recorded_at: datetime = Field(description="When the call was recorded, London time")
    size_bytes: int = Field(ge=0)
    sha256: str = Field(description="SHA-256 of the copy's bytes (hex), equal to the original's")
    url: str = Field(description="A time-limited link to the copy")


class RecipientPackage(BaseModel):
    """What the DPO sends the outside body, and its manifest.json: who discloses what to whom, and why."""

    model_config = ConfigDict(frozen=True)

    export_id: str = Field(pattern=EXPORT_ID_PATTERN)
    disclosure_id: str
    created_at: datetime
    links_expire_at: datetime
    disclosed_by: str = Field(description="The controller, from the deployment")
    recipient: str
    request_reference: str
    lawful_basis: LawfulBasis
    lawful_basis_wording: str
    approved_by: str
    manifest_json_url: str | None = Field(default=None, description="Absent from the manifest itself")
    recordings: tuple[PackagedRecording, ...]


def package_for_recipient(
    disclosure: OutsideDisclosure,
    versions: list[RegisteredVersion],
    *,
    requested_by: str,
    link_days: int,
    deps: ExportDependencies,
) -> RecipientPackage:
    """Copy, describe and link the disclosure's recording versions; note the package and its recipients
    in the register; audit. DisclosureClosed for a closed disclosure (its preservation is released),
    InvalidLinkLifetime, RecordingVersionMissing (nothing noted, nothing audited)."""
    check_packageable(disclosure)
    start = PackageStart.new(disclosure.disclosure_id, link_days=link_days, now=deps.clock())
    files = copy_into_package(
        versions, start.prefix, expires_in=start.link_seconds(start.created_at), store=deps.disclosures
    )
    return describe_recipient_package(disclosure, start, files, requested_by=requested_by, deps=deps)


def check_packageable(disclosure: OutsideDisclosure) -> None:
    if disclosure.is_closed:
        raise DisclosureClosed(disclosure.disclosure_id, "be packaged: its preservation is released")


def describe_recipient_package(
    disclosure: OutsideDisclosure,
    start: PackageStart,
    files: Sequence[PackageFile],
    *,
    requested_by: str,
    deps: ExportDependencies,
) -> RecipientPackage:
    """The package's copies made: its manifest, the package and its recipients noted in the register (the
    moment the recordings are disclosed), and the audit entry. DisclosureClosed when it was closed
    meanwhile (nothing noted, nothing audited)."""
    created_at, prefix = start.created_at, start.prefix
    package = RecipientPackage(
        export_id=start.export_id,
        disclosure_id=disclosure.disclosure_id,
        created_at=created_at,
        links_expire_at=start.links_expire_at,
        disclosed_by=deps.facts.controller,
        recipient=disclosure.recipient,
        request_reference=disclosure.request_reference,
        lawful_basis=disclosure.lawful_basis,
        lawful_basis_wording=LAWFUL_BASIS_WORDING[disclosure.lawful_basis],
        approved_by=disclosure.approved_by,
        recordings=tuple(
            PackagedRecording(
                file_name=each.file_name,
                call_id=each.version.call_id,
                version_id=each.version.version_id,
                recorded_at=each.version.recorded_at.astimezone(LONDON),
                size_bytes=each.copy.size_bytes,
                sha256=each.copy.sha256,
                url=each.url,
            )
            for each in files
        ),
    )
    deps.disclosures.put_file(
        f"{prefix}{MANIFEST_JSON}", package.model_dump_json(indent=2).encode(), "application/json"
    )
    noted = deps.register.note_package(disclosure.disclosure_id, by=requested_by, at=created_at)
    if noted is None:  # closed while the package was being made
        raise DisclosureClosed(disclosure.disclosure_id, "be packaged: it was closed meanwhile")
    disclosed_on = _london_day(noted.disclosed_at or created_at)
    deps.register.record_recipients(noted, [each.version.version() for each in files], disclosed_on)
    deps.audit.record(
        who=requested_by,
        action=AuditAction.DISCLOSURE_PACKAGED,
        target=disclosure_target(disclosure.disclosure_id),
        at=deps.clock(),
        why={
            "lawful_basis": disclosure.lawful_basis.value,
            "recipient": disclosure.recipient,
            "request_reference": disclosure.request_reference,
            "approved_by": disclosure.approved_by,
        },
        details={
            "export_id": start.export_id,
            "recordings": len(files),
            "links_expire_at": start.links_expire_at.isoformat(),
            "export_bucket": deps.export_bucket,
            "location": prefix,
        },
    )
    return recipient_answer(package, start, deps.disclosures, now=deps.clock())


def recipient_answer(
    package: RecipientPackage, start: PackageStart, store: DisclosureStore, *, now: datetime
) -> RecipientPackage:
    """The package as the DPO is given it: with a link to its manifest."""
    link = store.link(f"{start.prefix}{MANIFEST_JSON}", expires_in=start.link_seconds(now))
    return package.model_copy(update={"manifest_json_url": link})


def _london_day(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()
