"""Daily audit-archive verification Lambda, invoked by an EventBridge schedule (the event carries
nothing it needs). Settings and clients are made on the first invocation, not at import."""

import functools
from datetime import timedelta

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import Field

from call_recordings.audit_archive.verifying import (
    COUNTED_DAYS,
    RECENT_DAYS,
    SETTLING_TIME,
    VerificationDependencies,
    verify_archive,
)
from call_recordings.core.observability import Metric, logger, metrics
from call_recordings.core.settings import HandlerSettings


class VerificationSettings(HandlerSettings):
    """The verification's environment, validated once."""

    audit_table: str = Field(alias="AUDIT_TABLE", min_length=1)
    audit_archive_bucket: str = Field(alias="AUDIT_ARCHIVE_BUCKET", min_length=3)
    recent_days: int = Field(default=RECENT_DAYS, alias="RECENT_DAYS", ge=1, le=31)
    counted_days: int = Field(default=COUNTED_DAYS, alias="COUNTED_DAYS", ge=0, le=3660)
    settling_minutes: int = Field(
        default=int(SETTLING_TIME.total_seconds() // 60), alias="SETTLING_MINUTES", ge=0, le=24 * 60
    )


@functools.cache
def verification_dependencies() -> VerificationDependencies:
    import boto3  # here, not at import: the handler module stays quick to load

    from call_recordings.audit_archive.adapters.archive_bucket import AuditArchiveBucket
    from call_recordings.audit_archive.adapters.audit_days import AuditDays
    from call_recordings.core.adapters.audit_trail import AuditTrail

    settings = VerificationSettings.from_environment()
    metrics.namespace = metrics.namespace or settings.metrics_namespace
    dynamodb = boto3.client("dynamodb")
    return VerificationDependencies(
        table=AuditDays(dynamodb, settings.audit_table),
        archive=AuditArchiveBucket(boto3.client("s3"), settings.audit_archive_bucket),
        audit=AuditTrail(dynamodb, settings.audit_table),
        recent_days=settings.recent_days,
        counted_days=settings.counted_days,
        settling_time=timedelta(minutes=settings.settling_minutes),
    )


def reset_dependencies() -> None:
    """Forget settings and clients, so the next invocation makes them again (for tests)."""
    verification_dependencies.cache_clear()


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    report = verify_archive(verification_dependencies())
    metrics.add_metric(
        name=Metric.AUDIT_ENTRIES_VERIFIED, unit=MetricUnit.Count, value=report.entries_compared
    )
    metrics.add_metric(
        name=Metric.AUDIT_ARCHIVE_DIFFERENCES, unit=MetricUnit.Count, value=len(report.differences)
    )
    for difference in report.differences:
        logger.error("The audit trail and its archive differ", extra=difference.model_dump(mode="json"))
    summary = report.model_dump(mode="json", exclude={"differences"}) | {
        "differences": len(report.differences)
    }
    if report.differences:
        logger.error("The audit trail does not match its archive", extra=summary)
    else:
        logger.info("The audit trail matches its archive", extra=summary)
    return summary
