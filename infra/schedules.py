"""Every daily job of the stack: an EventBridge rule that runs a function, with retries, and one
dead-letter queue for a run that cannot be delivered or that fails after Lambda's own retries. The
DPO is alerted on that queue, so a missed run never goes unnoticed."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Acknowledgment, Duration, Validations
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.monitoring import Monitoring
from infra.queues import DEAD_LETTER_RETENTION

SCHEDULE_RETRIES = 2


@dataclass(frozen=True)
class DailyJob:
    rule: events.Rule
    dead_letters: sqs.Queue


def run_daily(
    scope: Construct,
    function: lambda_.Function,
    *,
    schedule: events.Schedule,
    description: str,
    what: str,
    alarm_name: str,
    monitoring: Monitoring,
    rule_id: str = "Daily",
    dead_letters_id: str = "DeadLetters",
) -> DailyJob:
    """Run ``function`` on ``schedule``; ``what`` names the job in the dead-letter queue's cdk-nag
    acknowledgement ("the retention sweep")."""
    dead_letters = sqs.Queue(
        scope,
        dead_letters_id,
        # SQS-managed keys: EventBridge and Lambda can send without a grant on a customer key,
        # and a dead letter holds only the schedule's event (no personal data).
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        retention_period=DEAD_LETTER_RETENTION,
    )
    Validations.of(dead_letters).acknowledge(
        Acknowledgment(
            id="AwsSolutions-SQS3",
            reason=f"This queue is itself the dead-letter queue of {what}: of its schedule and of the "
            "function's asynchronous invocations.",
        )
    )
    function.configure_async_invoke(
        retry_attempts=SCHEDULE_RETRIES,
        max_event_age=Duration.hours(6),
        on_failure=destinations.SqsDestination(dead_letters),
    )
    rule = events.Rule(
        scope,
        rule_id,
        description=description,
        schedule=schedule,
        targets=[
            targets.LambdaFunction(
                function,
                dead_letter_queue=dead_letters,
                retry_attempts=SCHEDULE_RETRIES,
                max_event_age=Duration.hours(2),
            )
        ],
    )
    monitoring.alarm_when_dead_letters(dead_letters, alarm_name)
    return DailyJob(rule=rule, dead_letters=dead_letters)
