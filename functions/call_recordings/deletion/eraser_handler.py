"""Eraser Lambda: deletes the recording versions of one erasure request (UK GDPR Art 17), through the
one deletion path, unless a hold keeps them. Invoked synchronously by the DPO API with an
EraserRequest; answers with what happened to each version. Settings and clients are made on the
first invocation, not at import.
"""

import functools

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import Field

from call_recordings.core.observability import Metric, logger, metrics
from call_recordings.core.settings import HandlerSettings
from call_recordings.deletion.dependencies import DeletionDependencies
from call_recordings.deletion.erasing import erase_versions
from call_recordings.deletion.records import EraserRequest
from call_recordings.deletion.vocabulary import DeletionOutcome

RETRY_ATTEMPTS = 5  # the DPO is waiting: fewer, shorter retries than the sweeper's


class EraserSettings(HandlerSettings):
    """The eraser's environment, validated once."""

    registry_table: str = Field(alias="REGISTRY_TABLE", min_length=1)
    audit_table: str = Field(alias="AUDIT_TABLE", min_length=1)


@functools.cache
def eraser_dependencies() -> DeletionDependencies:
    import boto3  # here, not at import: the handler module stays quick to load
    from botocore.config import Config

    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.deletion.adapters.recording_deletion import (
        RecordingVersionDeletion,
        RegistryDeletion,
    )

    settings = EraserSettings.from_environment()
    metrics.namespace = metrics.namespace or settings.metrics_namespace
    config = Config(max_pool_connections=16, retries={"mode": "standard", "max_attempts": RETRY_ATTEMPTS})
    dynamodb = boto3.client("dynamodb", config=config)
    return DeletionDependencies(
        registry=RegistryDeletion(dynamodb, settings.registry_table),
        bucket=RecordingVersionDeletion(boto3.client("s3", config=config)),
        audit=AuditTrail(dynamodb, settings.audit_table),
    )


def reset_dependencies() -> None:
    eraser_dependencies.cache_clear()


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    request = EraserRequest.model_validate(event)
    report = erase_versions(request, eraser_dependencies())
    counts = {
        outcome.value: sum(1 for each in report.outcomes if each.outcome is outcome)
        for outcome in DeletionOutcome
    }
    metrics.add_metric(name=Metric.RECORDINGS_ERASED, unit=MetricUnit.Count, value=counts["deleted"])
    if held := counts["held"]:
        metrics.add_metric(name=Metric.RECORDINGS_KEPT_UNDER_HOLD, unit=MetricUnit.Count, value=held)
    logger.info("Erasure applied", extra={"erasure_id": request.erasure_id, **counts})
    return report.model_dump(mode="json")
