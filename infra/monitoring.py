"""Alarms that reach the DPO, and the dashboard: nothing may fail silently.

The alarms: any message in a dead-letter queue; any error of any function of the stack; the
retention sweeper not having completed a sweep in 26 hours; any rights request overdue, any complaint
not acknowledged in time, any hold past its review date; any object in the recordings bucket outside
the upload contract.
Each notifies the DPO's topic when it fires and again when it clears. Metric names and the
``service`` dimension come from ``observability`` (the functions publish under those names).
"""

from __future__ import annotations

from aws_cdk import CfnResource, Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from call_recordings.core.observability import METRICS_NAMESPACE, Metric, Service
from call_recordings.rights.deadlines import CaseworkKind

DASHBOARD_NAME = "CallRecordings"
SWEEP_WINDOW_HOURS = 26  # the sweep runs daily at 02:00 UTC; two hours' grace
FUNCTION_ERRORS_PERIOD = Duration.minutes(5)
DAY = Duration.days(1)


def council_metric(
    metric: Metric, service: Service, *, period: Duration, statistic: str
) -> cloudwatch.Metric:
    """A metric a function publishes (Powertools EMF: the stack's namespace, dimension ``service``)."""
    return cloudwatch.Metric(
        namespace=METRICS_NAMESPACE,
        metric_name=metric.value,
        dimensions_map={"service": service.value},
        period=period,
        statistic=statistic,
    )


class Monitoring(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, topic: sns.ITopic) -> None:
        super().__init__(scope, construct_id)
        self._action = actions.SnsAction(topic)
        self.alarms: list[cloudwatch.Alarm] = []

    def alarm_when_dead_letters(self, queue: sqs.IQueue, what: str) -> cloudwatch.Alarm:
        """Fire as soon as any message reaches a dead-letter queue, and again when it empties."""
        alarm = cloudwatch.Alarm(
            self,
            f"{what}DeadLetters",
            alarm_description=f"{what}: messages in the dead-letter queue need a person to look at them",
            metric=queue.metric_approximate_number_of_messages_visible(
                period=Duration.minutes(1), statistic="Maximum"
            ),
            threshold=0,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        return self._to_the_dpo(alarm)

    def watch_stack(self, stack: Stack) -> None:
        """Called once, last, by the stack: an errors alarm on every function in it (so a function
        added later is covered without wiring), the sweep and SAR alarms, and the dashboard."""
        for function in self.functions_in(stack):
            self.alarm_on_function_errors(function)
        self.alarm_when_sweeps_stop()
        self.alarm_on_missed_deadlines()
        self.add_dashboard()

    @staticmethod
    def functions_in(stack: Stack) -> list[CfnResource]:
        """Every Lambda function of the stack: each CouncilFunction's, and any a CDK construct adds
        (such as the handler CDK deploys to configure S3 notifications)."""
        return [
            each
            for each in stack.node.find_all()
            if isinstance(each, CfnResource) and each.cfn_resource_type == "AWS::Lambda::Function"
        ]

    def alarm_on_function_errors(self, function: CfnResource) -> cloudwatch.Alarm:
        """Any invocation error (an exception, a timeout, running out of memory) within 5 minutes."""
        parts = function.node.path.split("/")[1:]
        while parts and parts[-1] in ("Resource", "Function"):
            parts.pop()
        where = "/".join(parts)
        alarm = cloudwatch.Alarm(
            self,
            f"{''.join(parts)}Errors",
            alarm_description=f"{where}: the function failed; its log group says why",
            metric=cloudwatch.Metric(
                namespace="AWS/Lambda",
                metric_name="Errors",
                dimensions_map={"FunctionName": function.ref},
                period=FUNCTION_ERRORS_PERIOD,
                statistic="Sum",
            ),
            threshold=0,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        return self._to_the_dpo(alarm)

    def alarm_when_sweeps_stop(self) -> cloudwatch.Alarm:
        """No retention sweep has completed in 26 hours.

        The sweeper publishes SweepCompleted = 1 when a sweep finishes. Each hourly period whose sum
        is below 1 (no completion in that hour; an hour with no data at all counts as breaching too)
        breaches; the alarm fires only when all 26 consecutive hourly periods breach, i.e. when not
        one sweep completed in the last 26 hours. A daily sweep keeps at most 24 hours between
        completions; the two hours over that are its grace for a slow or retried run.
        """
        alarm = cloudwatch.Alarm(
            self,
            "SweepsStopped",
            alarm_description=f"No retention sweep has completed in {SWEEP_WINDOW_HOURS} hours: recordings "
            "past their date may not be deleted (the sweeper's errors and dead letters say why)",
            metric=council_metric(
                Metric.SWEEP_COMPLETED, Service.RETENTION_SWEEPER, period=Duration.hours(1), statistic="Sum"
            ),
            threshold=1,
            comparison_operator=cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
            evaluation_periods=SWEEP_WINDOW_HOURS,
            datapoints_to_alarm=SWEEP_WINDOW_HOURS,
            treat_missing_data=cloudwatch.TreatMissingData.BREACHING,
        )
        return self._to_the_dpo(alarm)

    def alarm_on_missed_deadlines(self) -> list[cloudwatch.Alarm]:
        """The daily casework reminder counted a rights request past its due date (Art 12(3)), a
        complaint not acknowledged within 30 days (DPA 2018 s.164A), or a hold past its review date."""
        return [
            self.alarm_when_counted(
                alarm_id,
                metric,
                Service.CASEWORK_REMINDERS,
                description=description,
                statistic="Maximum",
            )
            for alarm_id, metric, description in (
                (
                    "RequestsOverdue",
                    Metric.REQUESTS_OVERDUE,
                    "A rights request is overdue (Art 12(3)): GET /sars?overdue=true and GET "
                    "/requests?overdue=true show which",
                ),
                (
                    "ComplaintAcknowledgementsOverdue",
                    Metric.COMPLAINT_ACKNOWLEDGEMENTS_OVERDUE,
                    "A complaint has not been acknowledged within 30 days (DPA 2018 s.164A): GET "
                    "/complaints?acknowledgement_overdue=true shows which",
                ),
                (
                    "HoldReviewsOverdue",
                    Metric.HOLD_REVIEWS_OVERDUE,
                    "A hold is past its review date: GET /holds?review_overdue=true shows which",
                ),
            )
        ]

    def alarm_on_objects_outside_contract(self) -> cloudwatch.Alarm:
        """The daily reconciliation counted an object in the recordings bucket that is not a recording
        under recordings/ (docs/reconciliation.md). It stays on, day after day, until the DPO has dealt
        with every such object; the reconciliation's alert named each when it was first found."""
        return self.alarm_when_counted(
            "ObjectsOutsideContract",
            Metric.OBJECTS_OUTSIDE_CONTRACT,
            Service.RECONCILIATION,
            description="An object in the recordings bucket is outside the upload contract: no rule keeps "
            "or deletes it (the reconciliation's alert and bucket#<bucket> in GET /audit name it)",
            statistic="Maximum",
        )

    def alarm_when_counted(
        self,
        alarm_id: str,
        metric: Metric,
        service: Service,
        *,
        description: str,
        period: Duration = DAY,
        statistic: str = "Sum",
    ) -> cloudwatch.Alarm:
        """Fire when a function counts any ``metric`` (its ``statistic`` over ``period`` above 0: a daily
        job's figure is its day's Maximum); no figure is not a breach (the function's own errors and
        dead-letter alarms say when it did not run)."""
        alarm = cloudwatch.Alarm(
            self,
            alarm_id,
            alarm_description=description,
            metric=council_metric(metric, service, period=period, statistic=statistic),
            threshold=0,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        return self._to_the_dpo(alarm)

    def add_dashboard(self) -> cloudwatch.Dashboard:
        """Recordings registered, flagged, held, deleted and erased per day; casework deadlines, open
        casework by kind and its age; every alarm."""

        def per_day(
            title: str, *shown: tuple[Metric, Service], statistic: str = "Sum"
        ) -> cloudwatch.GraphWidget:
            return cloudwatch.GraphWidget(
                title=title,
                left=[
                    council_metric(metric, service, period=DAY, statistic=statistic)
                    for metric, service in shown
                ],
                width=12,
                period=DAY,
                statistic=statistic,
            )

        def by_kind(title: str, metric: Metric) -> cloudwatch.GraphWidget:
            return cloudwatch.GraphWidget(
                title=title,
                left=[
                    cloudwatch.Metric(
                        namespace=METRICS_NAMESPACE,
                        metric_name=metric.value,
                        dimensions_map={"service": Service.CASEWORK_REMINDERS.value, "kind": kind.value},
                        label=kind.value,
                        period=DAY,
                        statistic="Maximum",
                    )
                    for kind in CaseworkKind
                ],
                width=12,
                period=DAY,
                statistic="Maximum",
            )

        self.dashboard = cloudwatch.Dashboard(self, "Dashboard", dashboard_name=DASHBOARD_NAME)
        self.dashboard.add_widgets(
            per_day(
                "Recordings registered and flagged per day",
                (Metric.RECORDINGS_REGISTERED, Service.INGEST),
                (Metric.RECORDINGS_FLAGGED, Service.INGEST),
            ),
            per_day("Recordings held per day", (Metric.RECORDINGS_HELD, Service.HOLD_WORKER)),
        )
        self.dashboard.add_widgets(
            per_day(
                "Recordings deleted (retention) and erased per day",
                (Metric.RECORDINGS_DELETED, Service.RETENTION_SWEEPER),
                (Metric.RECORDINGS_ERASED, Service.ERASER),
            ),
            per_day(
                "Rights requests overdue and due soon; complaints and hold reviews overdue",
                (Metric.REQUESTS_OVERDUE, Service.CASEWORK_REMINDERS),
                (Metric.REQUESTS_DUE_SOON, Service.CASEWORK_REMINDERS),
                (Metric.COMPLAINT_ACKNOWLEDGEMENTS_OVERDUE, Service.CASEWORK_REMINDERS),
                (Metric.HOLD_REVIEWS_OVERDUE, Service.CASEWORK_REMINDERS),
                statistic="Maximum",
            ),
        )
        self.dashboard.add_widgets(
            by_kind("Open casework by kind", Metric.OPEN_CASEWORK),
            by_kind("Oldest open casework by kind (days since received)", Metric.OLDEST_OPEN_CASEWORK_DAYS),
        )
        self.dashboard.add_widgets(
            cloudwatch.AlarmStatusWidget(title="Alarms", alarms=list(self.alarms), width=24)
        )
        return self.dashboard

    def _to_the_dpo(self, alarm: cloudwatch.Alarm) -> cloudwatch.Alarm:
        alarm.add_alarm_action(self._action)
        alarm.add_ok_action(self._action)
        self.alarms.append(alarm)
        return alarm
