"""Daily reconciliation Lambda, invoked by an EventBridge schedule (the event itself carries nothing it
needs). Settings and clients are made on the first invocation, not at import.
"""

import functools
from datetime import timedelta

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import Field

from call_recordings.core.observability import Metric, logger, metrics
from call_recordings.core.settings import DailyJobSettings
from call_recordings.core.vocabulary import RECORDINGS_PREFIX
from call_recordings.reconciliation.reconciling import ReconciliationDependencies, reconcile_recordings


class ReconciliationSettings(DailyJobSettings):
    """The reconciliation function's environment, validated once."""

    recordings_bucket: str = Field(alias="RECORDINGS_BUCKET", min_length=3)
    recordings_prefix: str = Field(default=RECORDINGS_PREFIX, alias="RECORDINGS_PREFIX", min_length=1)
    registry_table: str = Field(alias="REGISTRY_TABLE", min_length=1)
    audit_table: str = Field(alias="AUDIT_TABLE", min_length=1)
    ingest_queue_url: str = Field(alias="INGEST_QUEUE_URL", pattern=r"^https?://")
    dpo_alerts_topic_arn: str = Field(alias="DPO_ALERTS_TOPIC_ARN", pattern=r"^arn:")
    # Lambda sets it; elsewhere (the local run) the clients' own region is used.
    region: str | None = Field(default=None, alias="AWS_REGION")
    # How old a version must be before a missing registry item is taken as a lost event.
    settling_minutes: int = Field(default=15, alias="SETTLING_MINUTES", ge=0, le=24 * 60)


@functools.cache
def reconciliation_dependencies() -> tuple[ReconciliationSettings, ReconciliationDependencies]:
    """Settings and AWS clients: made once per container, on first use."""
    import boto3  # here, not at import: the handler module stays quick to load

    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.reconciliation.adapters.bucket_and_registry import (
        IngestQueue,
        ReconciliationAlerts,
        RecordingsListing,
        RegistryObjects,
        ReportedOutsideContract,
    )

    settings = ReconciliationSettings.from_environment()
    metrics.namespace = metrics.namespace or settings.metrics_namespace
    dynamodb = boto3.client("dynamodb")
    s3 = boto3.client("s3")
    return settings, ReconciliationDependencies(
        listing=RecordingsListing(s3, settings.recordings_bucket),
        registry=RegistryObjects(dynamodb, settings.registry_table),
        ingest_queue=IngestQueue(boto3.client("sqs"), settings.ingest_queue_url),
        alerts=ReconciliationAlerts(boto3.client("sns"), settings.dpo_alerts_topic_arn),
        audit=AuditTrail(dynamodb, settings.audit_table),
        reported_outside_contract=ReportedOutsideContract(dynamodb, settings.audit_table),
        bucket=settings.recordings_bucket,
        prefix=settings.recordings_prefix,
        region=settings.region or s3.meta.region_name,
        settling_time=timedelta(minutes=settings.settling_minutes),
    )


def reset_dependencies() -> None:
    """Forget settings and clients, so the next invocation makes them again (for tests)."""
    reconciliation_dependencies.cache_clear()


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    settings, deps = reconciliation_dependencies()
    report = reconcile_recordings(deps, as_of=settings.today())
    metrics.add_metric(name=Metric.RECORDINGS_REINGESTED, unit=MetricUnit.Count, value=report.reingested)
    metrics.add_metric(
        name=Metric.REGISTRY_ITEMS_WITHOUT_OBJECT, unit=MetricUnit.Count, value=report.items_without_object
    )
    metrics.add_metric(
        name=Metric.OBJECTS_OUTSIDE_CONTRACT, unit=MetricUnit.Count, value=report.outside_contract
    )
    fields = report.model_dump(mode="json")
    if report.outside_contract:
        logger.warning("Reconciliation found objects outside the upload contract", extra=fields)
    elif report.reingested or report.reported:
        logger.warning("Reconciliation found differences between the bucket and the registry", extra=fields)
    else:
        logger.info("Reconciliation found the bucket and the registry in agreement", extra=fields)
    return fields
