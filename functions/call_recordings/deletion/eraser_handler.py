"""Eraser Lambda: deletes the recording versions of one erasure request (UK GDPR Art 17), or of one
out-of-policy capture the DPO destroys, through the one deletion path, unless a hold keeps them.
Invoked synchronously by the DPO API with an EraserRequest (an erasure's id and versions) or a
DestructionRequest (a destruction's); it acts only on what the request's record lists
(deletion/eraser.py) and answers with what happened to each version. Settings and clients are made on
the first invocation, not at import.
"""

import functools

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import Field

from call_recordings.core.observability import Metric, logger, metrics
from call_recordings.core.settings import HandlerSettings
from call_recordings.deletion.dependencies import deletion_on_aws
from call_recordings.deletion.destruction_records import DestructionRequest
from call_recordings.deletion.eraser import EraserDependencies, destroy_versions, erase_versions
from call_recordings.deletion.records import DestructionReport, EraserReport, EraserRequest
from call_recordings.deletion.vocabulary import DeletionOutcome

RETRY_ATTEMPTS = 5  # the DPO is waiting: fewer, shorter retries than the sweeper's


class EraserSettings(HandlerSettings):
    """The eraser's environment, validated once."""

    registry_table: str = Field(alias="REGISTRY_TABLE", min_length=1)
    requests_table: str = Field(alias="REQUESTS_TABLE", min_length=1)
    audit_table: str = Field(alias="AUDIT_TABLE", min_length=1)


@functools.cache
def eraser_dependencies() -> EraserDependencies:
    from call_recordings.deletion.adapters.destructions import DestructionRecords
    from call_recordings.deletion.adapters.erasures import ErasureRecords

    settings = EraserSettings.from_environment()
    metrics.namespace = metrics.namespace or settings.metrics_namespace
    deletion, dynamodb = deletion_on_aws(
        registry_table=settings.registry_table,
        audit_table=settings.audit_table,
        retry_attempts=RETRY_ATTEMPTS,
    )
    return EraserDependencies(
        deletion=deletion,
        erasures=ErasureRecords(dynamodb, settings.requests_table),
        destructions=DestructionRecords(dynamodb, settings.requests_table),
    )


def reset_dependencies() -> None:
    eraser_dependencies.cache_clear()


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    report: EraserReport | DestructionReport
    if "destruction_id" in event:  # the destruction of an out-of-policy capture
        report = destroy_versions(DestructionRequest.model_validate(event), eraser_dependencies())
        deleted, request_id = Metric.RECORDINGS_DESTROYED, {"destruction_id": report.destruction_id}
        applied = "Destruction applied"
    else:
        report = erase_versions(EraserRequest.model_validate(event), eraser_dependencies())
        deleted, request_id = Metric.RECORDINGS_ERASED, {"erasure_id": report.erasure_id}
        applied = "Erasure applied"
    counts = {
        outcome.value: sum(1 for each in report.outcomes if each.outcome is outcome)
        for outcome in DeletionOutcome
    }
    metrics.add_metric(name=deleted, unit=MetricUnit.Count, value=counts["deleted"])
    if held := counts["held"]:
        metrics.add_metric(name=Metric.RECORDINGS_KEPT_UNDER_HOLD, unit=MetricUnit.Count, value=held)
    if refused := counts["not-in-erasure"]:
        metrics.add_metric(name=Metric.ERASER_VERSIONS_REFUSED, unit=MetricUnit.Count, value=refused)
    logger.info(applied, extra={**request_id, **counts})
    return report.model_dump(mode="json")
