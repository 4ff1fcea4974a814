"""Casework reminders Lambda: once a day (EventBridge schedule), tell the DPO which rights requests,
complaint acknowledgements and hold reviews are overdue or due within five working days
(rights/deadlines.py), and publish the figures the alarms and the dashboard read.

One SNS message (to the DPO's alerts topic, e-mailed) when anything is overdue or due soon, none
otherwise. The metrics every day, 0 included, so that an alarm or dashboard sees a value each day:
``RequestsOverdue`` / ``RequestsDueSoon`` (rights requests of every kind, access included),
``ComplaintAcknowledgementsOverdue``, ``HoldReviewsOverdue``, and per kind of casework (dimension
``kind``) ``OpenCasework`` and ``OldestOpenCaseworkDays``. "Today" is ``AS_OF`` when set (the local
run only; the template never sets it), else the date in London. Settings and clients are made on the
first invocation.
"""

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit, single_metric
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import Field

from call_recordings.core.observability import Metric, logger, metrics
from call_recordings.core.retention import LONDON
from call_recordings.core.settings import DailyJobSettings
from call_recordings.holds.hold import Hold
from call_recordings.holds.review import is_reviewable
from call_recordings.rights.deadlines import CaseworkKind, CaseworkReminder, Deadline, casework_reminder

RIGHTS_REQUESTS = tuple(kind for kind in CaseworkKind if kind.is_rights_request)


class ReminderSettings(DailyJobSettings):
    """The reminders function's environment, validated once."""

    requests_table: str = Field(alias="REQUESTS_TABLE", min_length=1)
    dpo_alerts_topic_arn: str = Field(alias="DPO_ALERTS_TOPIC_ARN", pattern=r"^arn:")


@dataclass(frozen=True)
class CaseworkStores:
    """Where each kind of casework is kept (all in the requests table, each kind by its own adapter)."""

    sars: Any  # SarCases: outstanding()
    holds: Any  # Casework: in_force()


@functools.cache
def reminder_dependencies() -> tuple[ReminderSettings, CaseworkStores, Any]:
    """Settings, the casework stores and the alerts topic: made once per container, on first use."""
    import boto3  # here, not at import: the handler module stays quick to load

    from call_recordings.holds.adapters.casework import Casework
    from call_recordings.subject_access.adapters.sar_alerts import SarAlerts
    from call_recordings.subject_access.adapters.sar_cases import SarCases

    settings = ReminderSettings.from_environment()
    metrics.namespace = metrics.namespace or settings.metrics_namespace
    dynamodb = boto3.client("dynamodb")
    stores = CaseworkStores(
        sars=SarCases(dynamodb, settings.requests_table),
        holds=Casework(dynamodb, settings.requests_table),
    )
    return settings, stores, SarAlerts(boto3.client("sns"), settings.dpo_alerts_topic_arn)


def reset_dependencies() -> None:
    """Forget settings and clients, so the next invocation makes them again (for tests)."""
    reminder_dependencies.cache_clear()


def open_deadlines(stores: CaseworkStores, today: date) -> list[Deadline]:
    """Every open piece of casework's deadline, read once a day (each store's outstanding items)."""
    deadlines = [sar.deadline(CaseworkKind.ACCESS, sar.sar_id, today) for sar in stores.sars.outstanding()]
    deadlines += [
        hold_review_deadline(hold, today) for hold in stores.holds.in_force() if is_reviewable(hold.reason)
    ]
    return deadlines


def hold_review_deadline(hold: Hold, today: date) -> Deadline:
    """A hold's review; one placed before holds had review dates is due for review at once."""
    placed_on = hold.placed_at.astimezone(LONDON).date()
    return Deadline(
        kind=CaseworkKind.HOLD_REVIEW,
        reference=hold.hold_id,
        since=placed_on,
        due_on=hold.review_on or placed_on,
        today=today,
        remarks=(hold.reason.value,),
    )


def publish_figures(reminder: CaseworkReminder) -> None:
    """The day's figures: the alarms' counts, and the open casework by kind for the dashboard."""
    for name, value in (
        (Metric.REQUESTS_OVERDUE, reminder.overdue_of(*RIGHTS_REQUESTS)),
        (Metric.REQUESTS_DUE_SOON, reminder.due_soon_of(*RIGHTS_REQUESTS)),
        (Metric.COMPLAINT_ACKNOWLEDGEMENTS_OVERDUE, reminder.overdue_of(CaseworkKind.COMPLAINT)),
        (Metric.HOLD_REVIEWS_OVERDUE, reminder.overdue_of(CaseworkKind.HOLD_REVIEW)),
    ):
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
    open_by_kind = {each.kind: each for each in reminder.open}
    dimensions = {"service": metrics.service} if metrics.service else {}
    for kind in CaseworkKind:
        figures = open_by_kind.get(kind)
        for name, value in (
            (Metric.OPEN_CASEWORK, figures.count if figures else 0),
            (Metric.OLDEST_OPEN_CASEWORK_DAYS, figures.oldest_age_days if figures else 0),
        ):
            with single_metric(
                name=name,
                unit=MetricUnit.Count,
                value=value,
                namespace=metrics.namespace,
                default_dimensions=dimensions,
            ) as metric:
                metric.add_dimension(name="kind", value=kind.value)


def remind_dpo_of_deadlines(now: datetime) -> dict[str, Any]:
    """Read every open piece of casework, send the day's reminder if one is needed, publish the figures."""
    settings, stores, alerts = reminder_dependencies()
    today = settings.today(now)
    reminder = casework_reminder(open_deadlines(stores, today), today)
    message_id = alerts.send_reminder(reminder.subject(), reminder.body()) if reminder.needed else None
    publish_figures(reminder)
    report = {
        "today": today.isoformat(),
        "outstanding": reminder.outstanding,
        "open": {each.kind.value: each.count for each in reminder.open},
        "overdue": [deadline.reference for deadline in reminder.overdue],
        "due_soon": [deadline.reference for deadline in reminder.due_soon],
        "message_id": message_id,
    }
    if reminder.overdue:
        logger.warning("Casework is overdue: the DPO was reminded", extra=report)
    elif message_id:
        logger.info("Casework is due soon: the DPO was reminded", extra=report)
    else:
        logger.info("Nothing is due within five working days", extra=report)
    return report


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return remind_dpo_of_deadlines(datetime.now(UTC))
