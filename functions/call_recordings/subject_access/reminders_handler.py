"""SAR reminders Lambda: once a day (EventBridge schedule), tell the DPO which subject access
requests are overdue or due within five working days, and publish both counts as metrics.

One SNS message (to the DPO's alerts topic, e-mailed) when any SAR is overdue or due soon, none
otherwise; the metrics ``SarsOverdue`` and ``SarsDueSoon`` every day, 0 included, so that an alarm or
dashboard sees a value each day. "Today" is ``AS_OF`` when set (the local run only; the template
never sets it), else the date in London. Settings and clients are made on the first invocation.
"""

import functools
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import Field

from call_recordings.core.observability import Metric, logger, metrics
from call_recordings.core.settings import DailyJobSettings
from call_recordings.subject_access.reminders import sar_reminder


class SarReminderSettings(DailyJobSettings):
    """The reminders function's environment, validated once."""

    requests_table: str = Field(alias="REQUESTS_TABLE", min_length=1)
    dpo_alerts_topic_arn: str = Field(alias="DPO_ALERTS_TOPIC_ARN", pattern=r"^arn:")


@functools.cache
def reminder_dependencies() -> tuple[SarReminderSettings, Any, Any]:
    """Settings, the SAR store and the alerts topic: made once per container, on first use."""
    import boto3  # here, not at import: the handler module stays quick to load

    from call_recordings.subject_access.adapters.sar_alerts import SarAlerts
    from call_recordings.subject_access.adapters.sar_cases import SarCases

    settings = SarReminderSettings.from_environment()
    metrics.namespace = metrics.namespace or settings.metrics_namespace
    return (
        settings,
        SarCases(boto3.client("dynamodb"), settings.requests_table),
        SarAlerts(boto3.client("sns"), settings.dpo_alerts_topic_arn),
    )


def reset_dependencies() -> None:
    """Forget settings and clients, so the next invocation makes them again (for tests)."""
    reminder_dependencies.cache_clear()


def remind_dpo_of_sar_deadlines(now: datetime) -> dict[str, Any]:
    """Read every open or paused SAR, send the day's reminder if one is needed, publish the counts."""
    settings, sars, alerts = reminder_dependencies()
    today = settings.today(now)
    reminder = sar_reminder(sars.outstanding(), today)
    message_id = alerts.send_reminder(reminder.subject(), reminder.body()) if reminder.needed else None
    metrics.add_metric(name=Metric.SARS_OVERDUE, unit=MetricUnit.Count, value=len(reminder.overdue))
    metrics.add_metric(name=Metric.SARS_DUE_SOON, unit=MetricUnit.Count, value=len(reminder.due_soon))
    report = {
        "today": today.isoformat(),
        "outstanding": reminder.outstanding,
        "overdue": [line.sar_id for line in reminder.overdue],
        "due_soon": [line.sar_id for line in reminder.due_soon],
        "message_id": message_id,
    }
    if reminder.overdue:
        logger.warning("Subject access requests are overdue: the DPO was reminded", extra=report)
    elif message_id:
        logger.info("Subject access requests are due soon: the DPO was reminded", extra=report)
    else:
        logger.info("No subject access request is due within five working days", extra=report)
    return report


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return remind_dpo_of_sar_deadlines(datetime.now(UTC))
