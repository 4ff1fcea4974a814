"""Disclose a subject access request's recordings: copies, manifests, links, and one audit entry.

``export_disclosure`` is what ``POST /sars/{sar_id}/export`` calls once the SAR's recordings are
known. It copies each matched recording version into the export bucket under
``exports/<sar_id>/<export_id>/`` (S3 copies the exact version server-side), writes the manifest as
``manifest.json`` and ``manifest.csv`` beside the copies, links every file for ``link_days`` days,
and records the disclosure in the audit trail with its lawful basis. The copies expire from the
export bucket after 30 days (its lifecycle rule).

The audit entry names the export, not the person: no caller number, customer reference or call id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.clock import utc_now
from call_recordings.core.versions import RegisteredVersion
from call_recordings.holds.vocabulary import HoldReason
from call_recordings.subject_access.disclosure import (
    EXPORT_ID_PATTERN,
    LAWFUL_BASIS,
    MANIFEST_CSV,
    MANIFEST_JSON,
    RECIPIENTS_OF_THE_DISCLOSURE,
    DisclosedRecording,
    DisclosureManifest,
    VersionCopy,
    check_link_days,
    disclosed_recording,
    file_names,
    new_export_id,
    package_prefix,
    with_supplementary_statements,
)
from call_recordings.subject_access.errors import RecordingVersionMissing
from call_recordings.subject_access.records import sar_target

if TYPE_CHECKING:
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.subject_access.adapters.disclosures import DisclosureStore


@dataclass(frozen=True)
class ExportDependencies:
    """What a disclosure is made with: the export bucket's adapter, the audit trail and the clock."""

    disclosures: DisclosureStore
    audit: AuditTrail
    export_bucket: str
    clock: Callable[[], datetime] = utc_now


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


def export_disclosure(
    sar_id: str,
    versions: Sequence[RegisteredVersion],
    hold_reasons: Mapping[str, HoldReason],
    *,
    requested_by: str,
    link_days: int,
    deps: ExportDependencies,
    statements: Mapping[str, Sequence[str]] | None = None,
) -> DisclosurePackage:
    """Copy, describe and link the SAR's recording versions, and audit the disclosure.

    ``hold_reasons`` maps each hold id that may appear in a version's ``holds`` to its reason (the
    manifest says why a held recording is kept beyond its date). Raises InvalidLinkLifetime for
    ``link_days`` outside 1..7, and RecordingVersionMissing (nothing disclosed, no audit entry) when a
    version is no longer in the bucket; copies already made then simply expire with the bucket's rule.
    """
    check_link_days(link_days)
    created_at = deps.clock().astimezone(UTC)
    export_id = new_export_id(created_at)
    prefix = package_prefix(sar_id, export_id)
    links_expire_at = created_at + timedelta(days=link_days)
    expires_in = int(timedelta(days=link_days).total_seconds())

    unique = list({version.key: version for version in versions}.values())
    names = file_names(unique)
    copies = deps.disclosures.copy_versions(
        [
            VersionCopy(
                source_bucket=version.bucket,
                source_key=version.object_key,
                version_id=version.version_id,
                destination_key=f"{prefix}{names[version.key]}",
                file_name=names[version.key],
            )
            for version in unique
        ]
    )
    recordings = []
    for version, copy in zip(unique, copies, strict=True):
        if copy is None:
            raise RecordingVersionMissing(version.call_id, version.version_id)
        recordings.append(
            disclosed_recording(
                version,
                hold_reasons,
                file_name=names[version.key],
                copy=copy,
                url=deps.disclosures.link(f"{prefix}{names[version.key]}", expires_in=expires_in),
                link_expires_at=links_expire_at,
            )
        )
    recordings.sort(key=lambda recording: recording.file_name)
    recordings = with_supplementary_statements(recordings, statements or {})

    manifest = DisclosureManifest(
        export_id=export_id,
        sar_id=sar_id,
        created_at=created_at,
        links_expire_at=links_expire_at,
        recordings=tuple(recordings),
    )
    deps.disclosures.put_file(f"{prefix}{MANIFEST_JSON}", manifest.as_json(), "application/json")
    deps.disclosures.put_file(f"{prefix}{MANIFEST_CSV}", manifest.as_csv(), "text/csv; charset=utf-8")

    deps.audit.record(
        who=requested_by,
        action=AuditAction.SAR_DISCLOSED,
        target=sar_target(sar_id),
        at=created_at,
        why={"lawful_basis": LAWFUL_BASIS, "sar_id": sar_id},
        details={
            "export_id": export_id,
            "recordings": len(recordings),
            "recipients": RECIPIENTS_OF_THE_DISCLOSURE,
            "links_expire_at": links_expire_at.isoformat(),
            "export_bucket": deps.export_bucket,
            "location": prefix,
        },
    )
    return DisclosurePackage(
        export_id=export_id,
        sar_id=sar_id,
        created_at=created_at,
        links_expire_at=links_expire_at,
        lawful_basis=LAWFUL_BASIS,
        manifest_json_url=deps.disclosures.link(f"{prefix}{MANIFEST_JSON}", expires_in=expires_in),
        manifest_csv_url=deps.disclosures.link(f"{prefix}{MANIFEST_CSV}", expires_in=expires_in),
        recordings=recordings,
    )
