"""Daily reconciliation of the recordings bucket with the registry (docs/reconciliation.md).

A function on a daily schedule lists the bucket's versions under recordings/, reads the registry's
live items, sends what ingest missed back to the ingest queue, and flags, audits and reports to the
DPO the items whose object is gone. It may list the bucket (under recordings/ only) but never read a
recording, scan and update the registry, send to the ingest queue, publish to the DPO's topic and
append to the audit trail.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.casework import Casework
from infra.functions import CouncilFunction, FunctionRuntime
from infra.monitoring import Monitoring
from infra.registry import RecordingsRegistry
from infra.schedules import run_daily
from observability import Service
from recordings.vocabulary import RECORDINGS_PREFIX

RECONCILIATION_TIMEOUT = Duration.minutes(15)  # Lambda's limit; docs/reconciliation.md says how far it goes
# 03:00 UTC: after the retention sweep (02:00 UTC), so a version it deleted is a tombstone by then.
RECONCILIATION_SCHEDULE = events.Schedule.cron(minute="0", hour="3")


class Reconciliation(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        runtime: FunctionRuntime,
        bucket: s3.IBucket,
        data_key: kms.IKey,
        messages_key: kms.IKey,
        registry: RecordingsRegistry,
        casework: Casework,
        ingest_queue: sqs.IQueue,
        alerts: sns.ITopic,
        monitoring: Monitoring,
    ) -> None:
        super().__init__(scope, construct_id)
        self.handler = CouncilFunction(
            self,
            "Handler",
            runtime=runtime,
            handler="reconciliation.handler.lambda_handler",
            service=Service.RECONCILIATION.value,
            description="Daily: re-ingests recordings the registry lacks, reports registry items without one",
            timeout=RECONCILIATION_TIMEOUT,
            memory_size=1024,  # the listing and the registry's keys are held in memory for the diff
            environment={
                "RECORDINGS_BUCKET": bucket.bucket_name,
                "RECORDINGS_PREFIX": RECORDINGS_PREFIX,
                "REGISTRY_TABLE": registry.table.table_name,
                "AUDIT_TABLE": casework.audit.table_name,
                "INGEST_QUEUE_URL": ingest_queue.queue_url,
                "DPO_ALERTS_TOPIC_ARN": alerts.topic_arn,
            },
        )
        self._grant(bucket, data_key, messages_key, registry, casework, ingest_queue, alerts)
        job = run_daily(
            self,
            self.handler.function,
            schedule=RECONCILIATION_SCHEDULE,
            description="Runs the reconciliation of the recordings bucket with the registry once a day",
            what="the reconciliation",
            alarm_name="Reconciliation",
            monitoring=monitoring,
            dead_letters_id="ScheduleDeadLetters",
        )
        self.schedule, self.dead_letters = job.rule, job.dead_letters

    def _grant(
        self,
        bucket: s3.IBucket,
        data_key: kms.IKey,
        messages_key: kms.IKey,
        registry: RecordingsRegistry,
        casework: Casework,
        ingest_queue: sqs.IQueue,
        alerts: sns.ITopic,
    ) -> None:
        role = self.handler.role
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ListRecordingVersions",
                actions=["s3:ListBucketVersions"],
                resources=[bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": [RECORDINGS_PREFIX, f"{RECORDINGS_PREFIX}*"]}},
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ScanAndFlagTheRegistry",
                actions=["dynamodb:Scan", "dynamodb:UpdateItem"],
                resources=[registry.table.table_arn],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="SendLostUploadsBackThroughIngest",
                actions=["sqs:SendMessage"],
                resources=[ingest_queue.queue_arn],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(sid="ReportToTheDpo", actions=["sns:Publish"], resources=[alerts.topic_arn])
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="UseTheMessagesKey",
                actions=["kms:Decrypt", "kms:GenerateDataKey"],
                resources=[messages_key.key_arn],
            )
        )
        casework.grant_append_audit(role)
        self.handler.grant_data_key_use(data_key)  # the registry and the audit trail
