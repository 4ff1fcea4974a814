"""Hold worker Lambda: places and releases holds on the recording versions of work messages.

Two kinds of event: an SQS batch from the work queue (partial batch failure: a message whose work
is not finished fails alone and is retried, then dead-lettered), or one work message given directly
by the DPO API's synchronous invocation, answered with the work report. Either way the worker acts
only on what the hold's record says (holds/applying.py): a message it does not bear out is refused,
audited, and not retried.
Settings and clients are made on the first invocation, not at import.
"""

import functools
from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import Field

from call_recordings.core.observability import Metric, logger, metrics
from call_recordings.core.settings import HandlerSettings
from call_recordings.holds.applying import apply_work
from call_recordings.holds.records import WorkMessage, WorkReport
from call_recordings.holds.vocabulary import RecordingOutcome
from call_recordings.holds.worker_dependencies import WorkerDependencies

processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


class HoldWorkerSettings(HandlerSettings):
    """The hold worker's environment, validated once."""

    registry_table: str = Field(alias="REGISTRY_TABLE", min_length=1)
    requests_table: str = Field(alias="REQUESTS_TABLE", min_length=1)
    audit_table: str = Field(alias="AUDIT_TABLE", min_length=1)
    recordings_bucket: str = Field(alias="RECORDINGS_BUCKET", min_length=3)


class HoldWorkUnfinished(Exception):
    """A message's work is not finished (placing met releases in progress): it is retried."""


@functools.cache
def worker_dependencies() -> WorkerDependencies:
    """Settings and AWS clients: made once per container, on first use."""
    import boto3  # here, not at import: the handler module stays quick to load
    from botocore.config import Config

    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.holds.adapters.casework import Casework
    from call_recordings.holds.adapters.legal_holds import LegalHolds
    from call_recordings.holds.adapters.recording_holds import RecordingHolds

    settings = HoldWorkerSettings.from_environment()
    metrics.namespace = metrics.namespace or settings.metrics_namespace
    pooled = Config(max_pool_connections=16)  # the worker works on several versions at once
    dynamodb = boto3.client("dynamodb", config=pooled)
    return WorkerDependencies(
        registry=RecordingHolds(dynamodb, settings.registry_table),
        legal_holds=LegalHolds(boto3.client("s3", config=pooled)),
        casework=Casework(dynamodb, settings.requests_table),
        audit=AuditTrail(dynamodb, settings.audit_table),
        recordings_bucket=settings.recordings_bucket,
    )


def reset_dependencies() -> None:
    """Forget settings and clients, so the next invocation makes them again (for tests)."""
    worker_dependencies.cache_clear()


def work(message: WorkMessage) -> WorkReport:
    """Apply one message and report it (never a caller number: work messages hold none)."""
    report = apply_work(message, worker_dependencies())
    counts = {outcome.value: report.count(outcome) for outcome in RecordingOutcome}
    fields = {
        "hold_id": report.hold_id,
        "action": report.action.value,
        "batch": report.batch,
        "applied": report.applied,
        "hold_status": report.hold_status and report.hold_status.value,
        **counts,
    }
    for outcome, metric in (
        (RecordingOutcome.HELD, Metric.RECORDINGS_HELD),
        (RecordingOutcome.RETURNED, Metric.RECORDINGS_RETURNED_TO_RETENTION),
        (RecordingOutcome.WAITING, Metric.HOLDS_WAITING_FOR_RELEASE),
    ):
        if counts[outcome.value]:
            metrics.add_metric(name=metric, unit=MetricUnit.Count, value=counts[outcome.value])
    metrics.add_metric(
        name=Metric.WORK_MESSAGES_APPLIED
        if report.applied
        else Metric.WORK_MESSAGES_REFUSED
        if report.refused
        else Metric.WORK_MESSAGES_SKIPPED,
        unit=MetricUnit.Count,
        value=1,
    )
    if report.refused:
        # Never retried: the record will not bear it out later either. The refusal is in the audit trail.
        logger.warning("Work message refused: its hold's record does not bear it out", extra=fields)
    elif not report.applied:
        logger.info("Work message already done, or its hold has moved on: nothing to do", extra=fields)
    elif report.complete:
        logger.info("Work message done", extra=fields)
    else:
        logger.warning("Work message unfinished: releases were in progress; it will be retried", extra=fields)
    return report


def work_on_message(record: SQSRecord) -> None:
    """One message of the work queue; raises (so it is retried) unless every version in it is done."""
    report = work(WorkMessage.model_validate_json(record.body))
    if not report.complete:
        raise HoldWorkUnfinished(f"hold {report.hold_id} batch {report.batch}: some recordings are waiting")


def is_queue_batch(event: Mapping[str, Any]) -> bool:
    return isinstance(event.get("Records"), list)


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    if is_queue_batch(event):
        return process_partial_response(
            event=event, record_handler=work_on_message, processor=processor, context=context
        )
    return work(WorkMessage.model_validate(event)).model_dump(mode="json")
