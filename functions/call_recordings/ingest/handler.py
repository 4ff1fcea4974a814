"""Ingest Lambda: SQS messages carrying S3 ObjectCreated notifications, with partial batch failure.

A message fails (and is retried, then dead-lettered) when any recording it announces fails.
Settings, clients and the subject hash key are made on the first invocation, not at import.
"""

import functools
from datetime import UTC, datetime

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import Field

from call_recordings.core.observability import Metric, logger, metrics
from call_recordings.core.settings import HandlerSettings
from call_recordings.core.vocabulary import RECORDINGS_PREFIX, RetentionClass
from call_recordings.ingest.logic import (
    IngestDependencies,
    IngestOutcome,
    ingest_recording,
    is_test_event,
    upload_notices,
)

processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


class IngestSettings(HandlerSettings):
    """The ingest function's environment, validated once."""

    registry_table: str = Field(alias="REGISTRY_TABLE", min_length=1)
    call_ids_table: str = Field(alias="CALL_IDS_TABLE", min_length=1)
    hmac_secret_arn: str = Field(alias="HMAC_SECRET_ARN", pattern=r"^arn:")
    dpo_alerts_topic_arn: str = Field(alias="DPO_ALERTS_TOPIC_ARN", pattern=r"^arn:")
    recordings_prefix: str = Field(default=RECORDINGS_PREFIX, alias="RECORDINGS_PREFIX", min_length=1)


@functools.cache
def ingest_dependencies() -> IngestDependencies:
    """Settings, AWS clients and the subject hash key: made once per container, on first use."""
    import boto3  # here, not at import: the handler module stays quick to load

    from call_recordings.core.adapters.recordings_bucket import RecordingsBucket
    from call_recordings.core.adapters.secrets import Secrets
    from call_recordings.ingest.adapters.alerts import DpoAlerts
    from call_recordings.ingest.adapters.registry import Registry

    settings = IngestSettings.from_environment()
    # Powertools read its namespace at import; a local runner may set the environment only later.
    metrics.namespace = metrics.namespace or settings.metrics_namespace
    return IngestDependencies(
        bucket=RecordingsBucket(boto3.client("s3")),
        registry=Registry(boto3.client("dynamodb"), settings.registry_table, settings.call_ids_table),
        alerts=DpoAlerts(boto3.client("sns"), settings.dpo_alerts_topic_arn),
        hmac_key=Secrets(boto3.client("secretsmanager")).hmac_key(settings.hmac_secret_arn),
        recordings_prefix=settings.recordings_prefix,
    )


def reset_dependencies() -> None:
    """Forget settings, clients and key, so the next invocation makes them again (for tests)."""
    ingest_dependencies.cache_clear()


def ingest_message(record: SQSRecord) -> None:
    """Ingest every recording one SQS message announces; raise if any fails, so it is retried.

    The body is an S3 event notification, read with Powertools' data class (``S3Event``), not its
    parser's ``S3Model``: the model would add to the handler's cold import, and it requires fields
    (``userIdentity``, ``responseElements``, the bucket's ``ownerIdentity``) that the notifications
    of the local run (moto) and reconciliation's re-ingest messages do not carry.
    """
    try:
        notification = record.decoded_nested_s3_event  # a body that is not JSON raises here
        if is_test_event(notification):
            logger.info("S3 test event ignored", extra={"message_id": record.message_id})
            return
        for notice in upload_notices(notification):
            report(ingest_recording(notice, ingest_dependencies(), now=datetime.now(UTC)))
    except Exception:
        logger.exception(
            "Ingest failed; the message will be retried", extra={"message_id": record.message_id}
        )
        raise


def report(outcome: IngestOutcome) -> None:
    """Log an outcome (never a caller number or customer reference) and count it."""
    fields = outcome.log_fields()
    if outcome.status == "registered":
        metrics.add_metric(name=Metric.RECORDINGS_REGISTERED, unit=MetricUnit.Count, value=1)
        if outcome.flags:
            metrics.add_metric(name=Metric.RECORDINGS_FLAGGED, unit=MetricUnit.Count, value=1)
        if outcome.retention is RetentionClass.QUARANTINE:
            metrics.add_metric(name=Metric.RECORDINGS_QUARANTINED, unit=MetricUnit.Count, value=1)
            logger.warning("Out-of-policy recording quarantined and reported to the DPO", extra=fields)
        elif outcome.flags:
            logger.warning("Recording registered with flags for review", extra=fields)
        else:
            logger.info("Recording registered", extra=fields)
    elif outcome.status == "duplicate":
        metrics.add_metric(name=Metric.DUPLICATE_DELIVERIES, unit=MetricUnit.Count, value=1)
        logger.info("Recording already registered; repeated delivery ignored", extra=fields)
    elif outcome.status == "gone":
        metrics.add_metric(name=Metric.RECORDINGS_GONE_BEFORE_INGEST, unit=MetricUnit.Count, value=1)
        logger.warning("Recording version no longer exists; nothing to register", extra=fields)
    else:
        metrics.add_metric(name=Metric.NOTIFICATIONS_IGNORED, unit=MetricUnit.Count, value=1)
        logger.debug("Notification ignored", extra=fields)


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return process_partial_response(
        event=event, record_handler=ingest_message, processor=processor, context=context
    )
