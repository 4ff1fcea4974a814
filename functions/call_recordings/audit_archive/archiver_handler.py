"""Audit archiver Lambda: the audit table's DynamoDB stream (NEW_AND_OLD_IMAGES), with partial batch
failure. A record that cannot be archived is reported failed: the event source mapping retries from
it, splits the batch, and after its retries sends the batch's description to the on-failure queue,
which alarms (infra/audit_archive.py). Settings and clients are made on the first invocation.
"""

import functools
from datetime import UTC, datetime

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import Field

from call_recordings.audit_archive.archiving import (
    ArchiveOutcome,
    ArchiverDependencies,
    archive_stream_record,
)
from call_recordings.audit_archive.entries import EntryKey, StreamEvent, StreamRecord
from call_recordings.core.observability import Metric, logger, metrics
from call_recordings.core.settings import HandlerSettings

processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)


class ArchiverSettings(HandlerSettings):
    """The archiver's environment, validated once."""

    audit_archive_bucket: str = Field(alias="AUDIT_ARCHIVE_BUCKET", min_length=3)


@functools.cache
def archiver_dependencies() -> ArchiverDependencies:
    import boto3  # here, not at import: the handler module stays quick to load

    from call_recordings.audit_archive.adapters.archive_bucket import AuditArchiveBucket

    settings = ArchiverSettings.from_environment()
    metrics.namespace = metrics.namespace or settings.metrics_namespace
    return ArchiverDependencies(archive=AuditArchiveBucket(boto3.client("s3"), settings.audit_archive_bucket))


def reset_dependencies() -> None:
    """Forget settings and clients, so the next invocation makes them again (for tests)."""
    archiver_dependencies.cache_clear()


def stream_record(record: DynamoDBRecord) -> StreamRecord:
    """The parts of a stream record the archiver keeps, with the images in DynamoDB's typed form."""
    raw = record.raw_event
    change = raw["dynamodb"]
    image = change.get("NewImage") or change.get("OldImage") or change["Keys"]
    return StreamRecord(
        event=StreamEvent(raw["eventName"]),
        event_id=raw["eventID"],
        sequence_number=change["SequenceNumber"],
        changed_at=datetime.fromtimestamp(float(change["ApproximateCreationDateTime"]), UTC),
        key=EntryKey.of(image),
        new_image=change.get("NewImage"),
        old_image=change.get("OldImage"),
        principal=(raw.get("userIdentity") or {}).get("principalId"),
    )


def archive_record(record: DynamoDBRecord) -> None:
    found = stream_record(record)
    outcome = archive_stream_record(found, archiver_dependencies())
    if outcome == ArchiveOutcome.ARCHIVED:
        metrics.add_metric(name=Metric.AUDIT_ENTRIES_ARCHIVED, unit=MetricUnit.Count, value=1)
    elif outcome == ArchiveOutcome.CHANGE_ARCHIVED:
        metrics.add_metric(name=Metric.AUDIT_ENTRIES_CHANGED, unit=MetricUnit.Count, value=1)
        logger.error(
            "An audit entry was changed or removed: the change is archived beside the original",
            extra={
                "event": found.event.value,
                "target": found.key.target,
                "entry": found.key.entry,
                "principal": found.principal,
                "sequence_number": found.sequence_number,
            },
        )


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return process_partial_response(
        event=event, record_handler=archive_record, processor=processor, context=context
    )
