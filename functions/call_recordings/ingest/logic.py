"""Ingest one uploaded recording version: read it, judge it, tag it, report it if out of policy, register it.

Every step is safe to repeat: a redelivered notification leaves one registry item, one tag set and,
for a recording the DPO is told about (quarantined, arrived late, a reused call id), one alert (an
alert may repeat only when a retry follows a failure, and is never lost).

The first version registered under a call id claims it (the call ids table, in the same transaction
as its registry item); a later version under that call id is flagged ``call-id-reused`` and the DPO
told. A request about a person finds a version only by its own subject hashes (core.selection), so a
reused call id can never carry one person's request to another person's recording.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes import S3Event
from aws_lambda_powertools.utilities.data_classes.s3_event import S3EventRecord

from call_recordings.core.object_keys import key_reference
from call_recordings.core.retention import LONDON
from call_recordings.core.subjects import subject_hash
from call_recordings.core.vocabulary import (
    FLAG_MEANINGS,
    NEEDS_DPO,
    RECORDINGS_PREFIX,
    RetentionClass,
    needs_dpo,
)
from call_recordings.ingest.assessment import Assessment, assess_upload

if TYPE_CHECKING:
    from call_recordings.core.adapters.recordings_bucket import RecordingsBucket
    from call_recordings.ingest.adapters.alerts import DpoAlerts
    from call_recordings.ingest.adapters.registry import Registry


# What S3 sends to the queue when the bucket's notification is configured, not about any upload.
S3_TEST_EVENT = "s3:TestEvent"


class UnreadableNotification(ValueError):
    """An SQS message or S3 event record that is not an S3 event notification."""


@dataclass(frozen=True)
class IngestDependencies:
    bucket: RecordingsBucket
    registry: Registry
    alerts: DpoAlerts
    hmac_key: bytes
    recordings_prefix: str = RECORDINGS_PREFIX


@dataclass(frozen=True)
class UploadNotice:
    """What ingest reads from one S3 event record."""

    event_name: str
    bucket: str
    key: str  # decoded
    version_id: str | None

    @classmethod
    def from_record(cls, record: S3EventRecord) -> UploadNotice:
        """S3 URL-encodes the key in a notification (a space as ``+``, others as ``%xx``): decoded here."""
        try:
            uploaded = record.s3.get_object
            return cls(
                event_name=str(record.event_name).removeprefix("s3:"),
                bucket=record.s3.bucket.name,
                key=unquote_plus(uploaded.key),
                version_id=uploaded.version_id or None,
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise UnreadableNotification(f"not an S3 event record (missing {error})") from None


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one notification; holds no personal data, so it may be logged whole: the
    object key, which may carry some, only as its keyed reference (core.object_keys)."""

    status: Literal["registered", "duplicate", "ignored", "gone"]
    bucket: str
    key_reference: str
    version_id: str | None = None
    call_id: str | None = None
    retention: RetentionClass | None = None
    expires_on: date | None = None
    flags: frozenset[str] = frozenset()
    reason: str | None = None  # why a notification was ignored
    dpo_notified: bool = False

    @classmethod
    def of(
        cls,
        assessment: Assessment,
        status: Literal["registered", "duplicate"],
        deps: IngestDependencies,
        **more: Any,
    ) -> IngestOutcome:
        return cls(
            status=status,
            bucket=assessment.bucket,
            key_reference=key_reference(deps.hmac_key, assessment.object_key),
            version_id=assessment.version_id,
            call_id=assessment.call_id,
            retention=assessment.retention,
            expires_on=assessment.expires_on,
            flags=assessment.flags,
            **more,
        )

    def log_fields(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "bucket": self.bucket,
            "key_reference": self.key_reference,
            "version_id": self.version_id,
            "call_id": self.call_id,
            "retention": self.retention and self.retention.value,
            "expires_on": self.expires_on and self.expires_on.isoformat(),
            "flags": sorted(self.flags),
            "reason": self.reason,
            "dpo_notified": self.dpo_notified,
        }


def is_test_event(notification: S3Event) -> bool:
    """The test event S3 sends when the bucket's notification is configured."""
    return isinstance(notification.raw_event, dict) and notification.raw_event.get("Event") == S3_TEST_EVENT


def upload_notices(notification: S3Event) -> Iterator[UploadNotice]:
    """What each record of an S3 event notification announces, read one record at a time (as Powertools'
    ``SQSRecord.decoded_nested_s3_event`` gives it): a record that is not an S3 event record raises
    UnreadableNotification when it is reached."""
    if not isinstance(notification.raw_event, dict) or not isinstance(
        notification.raw_event.get("Records"), list
    ):
        raise UnreadableNotification("the message body is not an S3 event notification (no Records)")
    for record in notification.records:
        yield UploadNotice.from_record(record)


def ingest_recording(notice: UploadNotice, deps: IngestDependencies, now: datetime) -> IngestOutcome:
    """Tag and register the recording version one S3 event record announces.

    An ordinary upload costs three AWS calls (read metadata, register and claim its call id in one
    transaction, tag). One the DPO is told about (quarantined, arrived late) first reads what the
    registry holds for it, so a repeated delivery sends no second alert: five calls. A version under a
    call id another version claimed is found by the registering transaction, then alerted and
    registered on its own: five calls.
    """
    if not notice.event_name.startswith("ObjectCreated:"):
        return _ignored(notice, "not-an-upload", deps)
    if not notice.key.startswith(deps.recordings_prefix) or notice.key.endswith("/"):
        return _ignored(notice, "outside-recordings", deps)

    stored = deps.bucket.head_version(notice.bucket, notice.key, notice.version_id)
    if stored is None:
        return IngestOutcome(
            status="gone",
            bucket=notice.bucket,
            key_reference=key_reference(deps.hmac_key, notice.key),
            version_id=notice.version_id,
        )
    assessment = assess_upload(
        bucket=notice.bucket,
        key=notice.key,
        version_id=stored.version_id,
        size=stored.size,
        uploaded_at=stored.last_modified,
        metadata=stored.metadata,
        now=now,
    )
    if assessment.tells_dpo:
        return _ingest_for_the_dpo(assessment, deps, now)
    registration = deps.registry.register(registry_item(assessment, deps.hmac_key, registered_at=now))
    if registration.call_id_reused:  # nothing was written: the DPO is told first
        return _alert_and_register(assessment.with_call_id_reused(), deps, now, claim_call_id=False)
    _tag_unless_reclassified(assessment, registration.existing, deps)
    return IngestOutcome.of(assessment, "registered" if registration.existing is None else "duplicate", deps)


def _ingest_for_the_dpo(assessment: Assessment, deps: IngestDependencies, now: datetime) -> IngestOutcome:
    """Unless a delivery before this one alerted the DPO already: the alert, then the item recording
    that it went out (with the call id's claim), then the tag."""
    earlier = deps.registry.earlier(assessment.call_id, assessment.version_id)
    if earlier.item is not None and "dpo_notified_at" in earlier.item:
        _tag_unless_reclassified(assessment, earlier.item, deps)
        return IngestOutcome.of(assessment, "duplicate", deps)
    reused = earlier.claimed_by_another(assessment.version_id)
    if reused:
        assessment = assessment.with_call_id_reused()
    return _alert_and_register(assessment, deps, now, claim_call_id=not reused)


def _alert_and_register(
    assessment: Assessment, deps: IngestDependencies, now: datetime, *, claim_call_id: bool
) -> IngestOutcome:
    """Tell the DPO, then register the version (noting the alert) and tag it. Should another version
    claim the call id in between, the DPO is told again, with the reused call id among the reasons."""
    deps.alerts.report_flagged(
        call_id=assessment.call_id,
        version_id=assessment.version_id,
        bucket=assessment.bucket,
        key_reference=key_reference(deps.hmac_key, assessment.object_key),
        due_on=assessment.due_on,
        quarantined=assessment.quarantined,
        reasons={flag: FLAG_MEANINGS[flag] for flag in assessment.flags},
    )
    item = registry_item(assessment, deps.hmac_key, registered_at=now, dpo_notified_at=now)
    registration = deps.registry.register(item, claim_call_id=claim_call_id)
    if registration.call_id_reused:
        return _alert_and_register(assessment.with_call_id_reused(), deps, now, claim_call_id=False)
    _tag_unless_reclassified(assessment, registration.existing, deps)
    return IngestOutcome.of(
        assessment, "registered" if registration.existing is None else "duplicate", deps, dpo_notified=True
    )


def registry_item(
    assessment: Assessment,
    hmac_key: bytes,
    *,
    registered_at: datetime,
    dpo_notified_at: datetime | None = None,
) -> dict[str, Any]:
    """The registry item of a recording version (docs/registry.md); identifiers only as keyed hashes."""
    item: dict[str, Any] = {
        "call_id": assessment.call_id,
        "version_id": assessment.version_id,
        "bucket": assessment.bucket,
        "object_key": assessment.object_key,
        "recorded_at": _instant(assessment.recorded_at),
        # The London month of recording: the by-month index's key, read by GET /statistics. It stays
        # on the item when the recording is deleted (the tombstone says a recording was made then).
        "recorded_month": f"{assessment.recorded_at.astimezone(LONDON):%Y-%m}",
        "expires_on": assessment.expires_on.isoformat(),
        # A new recording is never held. One that arrived late or already past its date is not due
        # before 7 days after arrival (assessment.due_on); none is due before the day it is registered,
        # so that the sweeper's daily look-up finds it.
        "due_on": max(assessment.due_on, registered_at.astimezone(LONDON).date()).isoformat(),
        "purpose": assessment.purpose.value,
        "source": assessment.source.value,
        "retention": assessment.retention.value,
        "size": assessment.size,
        "uploaded_at": _instant(assessment.uploaded_at),
        "registered_at": _instant(registered_at),
    }
    caller, customer = assessment.caller_number, assessment.customer_ref
    optional = {
        "flags": set(assessment.flags) or None,
        # On the DPO's list of recordings that need them (the by-needs-dpo index) while a flag says so.
        "needs_dpo": NEEDS_DPO if needs_dpo(assessment.flags) else None,
        "caller_hash": caller and subject_hash(hmac_key, "caller", caller),
        "customer_hash": customer and subject_hash(hmac_key, "customer", customer),
        "agent_id": assessment.agent_id,
        "dpo_notified_at": dpo_notified_at and _instant(dpo_notified_at),
        # The arrival grace outlives a hold: releasing one never makes the version due before this.
        "not_due_before": assessment.due_on.isoformat()
        if assessment.due_on > assessment.expires_on
        else None,
    }
    return item | {name: value for name, value in optional.items() if value is not None}


def _tag_unless_reclassified(
    assessment: Assessment, existing: Mapping[str, Any] | None, deps: IngestDependencies
) -> None:
    """Tag a newly registered version; re-tag a repeated one only if nothing has changed it since.

    Registration comes first, so a tagging failure is retried by the repeated delivery. A late
    repeat must not undo what came after: a hold (retention=hold) or a DPO's re-classification.
    """
    if existing is not None and (existing.get("holds") or existing.get("retention") != assessment.retention):
        return
    deps.bucket.tag_version(
        assessment.bucket, assessment.object_key, assessment.version_id, assessment.tags()
    )


def _instant(moment: datetime) -> str:
    """UTC to the second, so that the index sort keys order as the times do."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _ignored(notice: UploadNotice, reason: str, deps: IngestDependencies) -> IngestOutcome:
    return IngestOutcome(
        status="ignored",
        bucket=notice.bucket,
        key_reference=key_reference(deps.hmac_key, notice.key),
        version_id=notice.version_id,
        reason=reason,
    )
