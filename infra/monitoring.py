"""Alarms that reach the DPO: nothing may fail silently."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct


class Monitoring(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, topic: sns.ITopic) -> None:
        super().__init__(scope, construct_id)
        self._action = actions.SnsAction(topic)

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
        alarm.add_alarm_action(self._action)
        alarm.add_ok_action(self._action)
        return alarm
