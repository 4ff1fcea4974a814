"""Statutory deadlines: the daily casework reminders function (rights requests, complaint
acknowledgements, hold reviews), its schedule, and what it may touch."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from constructs import Construct

from call_recordings.core.observability import Service
from call_recordings.core.tables import KIND_INDEX
from infra.functions import CouncilFunction
from infra.platform import Platform
from infra.schedules import run_daily

# 07:00 UTC: 07:00 or 08:00 in London, before the office opens, so the DPO reads it first thing.
REMINDER_SCHEDULE = events.Schedule.cron(minute="0", hour="7")
REMINDER_TIMEOUT = Duration.seconds(60)


class CaseworkReminders(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, platform: Platform) -> None:
        super().__init__(scope, construct_id)
        casework, alerts = platform.casework, platform.alerts
        self.handler = CouncilFunction(
            self,
            "Handler",
            runtime=platform.runtime,
            handler="call_recordings.rights.reminders_handler.lambda_handler",
            service=Service.CASEWORK_REMINDERS.value,
            description="Daily: reminds the DPO of rights requests, complaints and hold reviews due",
            timeout=REMINDER_TIMEOUT,
            environment={
                "REQUESTS_TABLE": casework.requests.table_name,
                "DPO_ALERTS_TOPIC_ARN": alerts.topic_arn,
            },
        )
        role = self.handler.role
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ListOpenCasework",
                actions=["dynamodb:Query"],
                resources=[f"{casework.requests.table_arn}/index/{KIND_INDEX.name}"],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(sid="RemindTheDpo", actions=["sns:Publish"], resources=[alerts.topic_arn])
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="EncryptForTheAlertsTopic",
                actions=["kms:GenerateDataKey", "kms:Decrypt"],
                resources=[platform.messages_key.key_arn],
            )
        )
        # The requests table is encrypted with the data key: reading it needs kms:Decrypt on that key.
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ReadTheRequestsTable",
                actions=["kms:Decrypt"],
                resources=[casework.requests.encryption_key.key_arn],
            )
        )

        job = run_daily(
            self,
            self.handler.function,
            schedule=REMINDER_SCHEDULE,
            description="Reminds the DPO of casework deadlines every morning",
            what="the casework reminders",
            alarm_name="CaseworkReminders",
            monitoring=platform.monitoring,
        )
        self.schedule, self.dead_letters = job.rule, job.dead_letters
