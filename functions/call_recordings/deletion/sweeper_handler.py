"""Retention sweeper Lambda: on its daily schedule, deletes every recording version due on or before
today that no hold keeps (deletion/sweeping.py).

"Today" is ``AS_OF`` when set (the local run only; the template never sets it), else the date in
London. The function fails (so the schedule's retries, then its dead-letter queue and alarm, take
over) when any due version could not be dealt with, after dealing with all the others, and when asked
to sweep as of a date before the last one swept. Settings and clients are made on the first
invocation, not at import.
"""

import functools
from datetime import UTC

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import Field

from call_recordings.core.observability import Metric, logger, metrics
from call_recordings.core.settings import DailyJobSettings
from call_recordings.deletion.dependencies import SweeperDependencies, deletion_on_aws
from call_recordings.deletion.records import SweepReport
from call_recordings.deletion.sweeping import sweep_due_recordings
from call_recordings.deletion.vocabulary import DeletionOutcome

# Throttled calls (S3 SlowDown/503, DynamoDB throughput) are retried with backoff, many times: a
# sweep has 15 minutes, and a version left undone only waits for tomorrow's sweep.
RETRY_ATTEMPTS = 10


class SweeperSettings(DailyJobSettings):
    """The sweeper's environment, validated once."""

    registry_table: str = Field(alias="REGISTRY_TABLE", min_length=1)
    requests_table: str = Field(alias="REQUESTS_TABLE", min_length=1)
    audit_table: str = Field(alias="AUDIT_TABLE", min_length=1)


class SweepIncomplete(Exception):
    """Some due versions could not be dealt with; the checkpoint stays, the next run resumes them."""


@functools.cache
def sweeper_dependencies() -> tuple[SweeperSettings, SweeperDependencies]:
    """Settings and AWS clients: made once per container, on first use."""
    from call_recordings.deletion.adapters.recording_deletion import SweepCheckpoint

    settings = SweeperSettings.from_environment()
    metrics.namespace = metrics.namespace or settings.metrics_namespace
    deletion, dynamodb = deletion_on_aws(
        registry_table=settings.registry_table,
        audit_table=settings.audit_table,
        retry_attempts=RETRY_ATTEMPTS,
    )
    return settings, SweeperDependencies(
        deletion=deletion, checkpoint=SweepCheckpoint(dynamodb, settings.requests_table)
    )


def reset_dependencies() -> None:
    """Forget settings and clients, so the next invocation makes them again (for tests)."""
    sweeper_dependencies.cache_clear()


def sweep() -> SweepReport:
    settings, deps = sweeper_dependencies()
    today = settings.today(deps.deletion.clock().astimezone(UTC))
    report = sweep_due_recordings(today, deps)
    counts = report.counts()
    fields = {"swept_on": today.isoformat(), "first_day": report.first_day.isoformat(), **counts}
    metrics.add_metric(
        name=Metric.RECORDINGS_DELETED, unit=MetricUnit.Count, value=counts[DeletionOutcome.DELETED]
    )
    metrics.add_metric(
        name=Metric.RECORDINGS_KEPT_UNDER_HOLD, unit=MetricUnit.Count, value=counts[DeletionOutcome.HELD]
    )
    metrics.add_metric(
        name=Metric.RECORDINGS_KEPT_UNDER_RESTRICTION,
        unit=MetricUnit.Count,
        value=counts[DeletionOutcome.RESTRICTED],
    )
    if report.completed:
        metrics.add_metric(name=Metric.SWEEP_COMPLETED, unit=MetricUnit.Count, value=1)
        logger.info("Retention sweep completed", extra=fields)
    if object_locked := sum(1 for each in report.outcomes if each.object_lock):
        logger.warning(
            "S3 Object Lock kept versions the registry lists no hold on: the DPO must look",
            extra={"versions": object_locked},
        )
    if counts[DeletionOutcome.FAILED]:
        raise SweepIncomplete(
            f"{counts[DeletionOutcome.FAILED]} due recording version(s) could not be deleted; "
            "the checkpoint stays and the next sweep resumes them"
        )
    if not report.completed:
        logger.warning(
            "Retention sweep unfinished: releases were in progress; tomorrow's sweep resumes", extra=fields
        )
    return report


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    report = sweep()
    return {"swept_on": report.swept_on.isoformat(), "completed": report.completed, **report.counts()}
