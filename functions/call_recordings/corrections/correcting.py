"""Re-purposing a recording, or correcting where its information came from (DESIGN section 1: "the DPO
can re-purpose it"; issue 16 item 3).

What changes. The value (one of the privacy notice's four purposes or four sources, never
``unspecified``, which only the system assigns) is written to the registry item of each version
concerned and to its S3 tags (``purpose`` / ``source``), registry first: the registry is what every
feature reads, and the tags are rewritten from it, as the hold worker does (holds/release.py
``recording_tags``). The flags the correction answers are cleared from the item, so the recording
leaves the DPO's review: ``purpose-unknown`` for a purpose, ``source-missing`` and ``source-unknown``
for a source (ingest/assessment.py). Each correction is one audit entry under ``recording#<call_id>``:
who, the reason, and each version's old and new value.

Which versions. By default every live version of the call id (a call's versions are one recording,
uploaded again); with ``version_id``, that version alone (e.g. a reused call id whose second version
is another call).

What does not change. The retention date: the notice keeps every recording 3 calendar months from the
date of recording, whatever its purpose (core/retention.py takes no purpose), so ``expires_on``,
``due_on`` and the ``retention`` class stay as they are. Re-purposing to ``legal-claims`` keeps nothing
longer: only a hold does (POST /holds). Published statistics do not change either (statistics/releases.py):
a month already published keeps its figures; a month published later counts the new value.

What is refused. A version under a restriction of processing (Art 18(2): stored, nothing else; 409
recording-restricted); a recording every version of which is deleted (410 recording-deleted); an
unknown call id or version (404); a correction that changes nothing (409).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from call_recordings.core.audit_vocabulary import AuditAction, TargetKind, audit_target
from call_recordings.core.clock import utc_now
from call_recordings.core.versions import RegisteredVersion
from call_recordings.corrections.errors import CorrectionChangesNothing, RecordingRestricted, VersionNotFound
from call_recordings.holds.release import recording_tags
from call_recordings.holds.reporting import recording_with_holds

if TYPE_CHECKING:
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.core.adapters.recordings_bucket import RecordingsBucket
    from call_recordings.holds.dependencies import HoldsDependencies


class CorrectedField(StrEnum):
    """What a correction changes: the registry attribute and the S3 tag of the same name."""

    PURPOSE = "purpose"
    SOURCE = "source"


# The review flags each correction answers (core/vocabulary.py FLAG_MEANINGS).
CLEARED_FLAGS: dict[CorrectedField, frozenset[str]] = {
    CorrectedField.PURPOSE: frozenset({"purpose-unknown"}),
    CorrectedField.SOURCE: frozenset({"source-missing", "source-unknown"}),
}
AUDIT_ACTIONS = {
    CorrectedField.PURPOSE: AuditAction.RECORDING_REPURPOSED,
    CorrectedField.SOURCE: AuditAction.RECORDING_SOURCE_CORRECTED,
}
RETENTION_UNCHANGED = (
    "Retention is unchanged: 3 calendar months from the date of recording whatever the purpose; "
    "only a hold keeps a recording longer."
)


@dataclass(frozen=True)
class CorrectionDependencies:
    holds: HoldsDependencies  # the registry's look-ups and its correct(...), and casework
    bucket: RecordingsBucket
    audit: AuditTrail
    clock: Callable[[], datetime] = utc_now


@dataclass(frozen=True)
class VersionCorrected:
    version_id: str
    was: str
    now: str
    flags_cleared: frozenset[str]


@dataclass(frozen=True)
class Correction:
    call_id: str
    field: CorrectedField
    value: str
    reason: str
    corrected_by: str
    corrected_at: datetime
    versions: tuple[VersionCorrected, ...]


def correct_recording(
    call_id: str,
    field: CorrectedField,
    value: str,
    *,
    reason: str,
    corrected_by: str,
    version_id: str | None = None,
    deps: CorrectionDependencies,
) -> Correction:
    """Set the purpose or source of the recording's live versions (or of ``version_id`` alone) in the
    registry and in their S3 tags, clear the review flags it answers, and audit it (module docstring)."""
    versions, _ = recording_with_holds(call_id, deps=deps.holds)  # RecordingNotFound, RecordingDeleted
    if version_id is not None:
        versions = [version for version in versions if version.version_id == version_id]
        if not versions:
            raise VersionNotFound(call_id, version_id)
    restricted = sorted({each for version in versions for each in version.restrictions})
    if restricted:
        raise RecordingRestricted(call_id, restricted)
    cleared = CLEARED_FLAGS[field]
    changing = [
        version for version in versions if getattr(version, field.value) != value or version.flags & cleared
    ]
    if not changing:
        raise CorrectionChangesNothing(call_id, field.value, value)
    now = deps.clock()
    corrected = [_correct(version, field, value, cleared, deps=deps) for version in changing]
    correction = Correction(
        call_id=call_id,
        field=field,
        value=value,
        reason=reason,
        corrected_by=corrected_by,
        corrected_at=now,
        versions=tuple(each for each in corrected if each is not None),
    )
    deps.audit.record(
        who=corrected_by,
        action=AUDIT_ACTIONS[field],
        target=audit_target(TargetKind.RECORDING, call_id),
        at=now,
        why={"reason": reason},
        details=_audit_details(correction),
    )
    return correction


def _correct(
    version: RegisteredVersion,
    field: CorrectedField,
    value: str,
    cleared: frozenset[str],
    *,
    deps: CorrectionDependencies,
) -> VersionCorrected | None:
    """Registry first (on the condition that the version is live and unrestricted), then the tags from
    the item as it now stands; None if the version was deleted meanwhile."""
    updated = deps.holds.registry.correct(
        version.version(), field.value, value, clears=version.flags & cleared
    )
    if updated is None:
        return None
    deps.bucket.tag_version(
        updated.bucket, updated.object_key, updated.version_id, recording_tags(updated, updated.retention)
    )
    return VersionCorrected(
        version_id=version.version_id,
        was=getattr(version, field.value),
        now=value,
        flags_cleared=version.flags & cleared,
    )


def _audit_details(correction: Correction) -> dict[str, Any]:
    return {
        "field": correction.field.value,
        "to": correction.value,
        "versions": [
            {"version_id": each.version_id, "from": each.was, "to": each.now}
            | ({"flags_cleared": sorted(each.flags_cleared)} if each.flags_cleared else {})
            for each in correction.versions
        ],
        "retention": RETENTION_UNCHANGED,
    }
