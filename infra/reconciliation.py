"""Daily reconciliation of the recordings bucket with the registry (docs/reconciliation.md).

A function on a daily schedule lists every version in the bucket, reads the registry's live items,
sends what ingest missed back to the ingest queue, flags, audits and reports to the DPO the items whose
object is gone, and audits and reports the objects outside the upload contract (anything but a
recording under recordings/), with a metric the DPO is alarmed on. It may list the whole bucket but
never read a recording, scan and update the registry, send to the ingest queue, publish to the DPO's
topic, append to the audit trail and read back, of the trail, only the bucket's own entries.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from call_recordings.core.identifiers import bucket_target
from call_recordings.core.observability import Service
from call_recordings.core.vocabulary import RECORDINGS_PREFIX
from infra.functions import CouncilFunction
from infra.platform import Platform
from infra.schedules import run_daily

RECONCILIATION_TIMEOUT = Duration.minutes(15)  # Lambda's limit; docs/reconciliation.md says how far it goes
# 03:00 UTC: after the retention sweep (02:00 UTC), so a version it deleted is a tombstone by then.
RECONCILIATION_SCHEDULE = events.Schedule.cron(minute="0", hour="3")


class Reconciliation(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, platform: Platform, ingest_queue: sqs.IQueue
    ) -> None:
        super().__init__(scope, construct_id)
        self.handler = CouncilFunction(
            self,
            "Handler",
            runtime=platform.runtime,
            handler="call_recordings.reconciliation.handler.lambda_handler",
            service=Service.RECONCILIATION.value,
            description="Daily: re-ingests recordings the registry lacks, reports registry items without one "
            "and objects outside the upload contract",
            timeout=RECONCILIATION_TIMEOUT,
            memory_size=1024,  # the listing and the registry's keys are held in memory for the diff
            environment={
                "RECORDINGS_BUCKET": platform.bucket.bucket_name,
                "RECORDINGS_PREFIX": RECORDINGS_PREFIX,
                "REGISTRY_TABLE": platform.registry.table.table_name,
                "AUDIT_TABLE": platform.casework.audit.table_name,
                "INGEST_QUEUE_URL": ingest_queue.queue_url,
                "DPO_ALERTS_TOPIC_ARN": platform.alerts.topic_arn,
            },
        )
        self._grant(platform, ingest_queue)
        job = run_daily(
            self,
            self.handler.function,
            schedule=RECONCILIATION_SCHEDULE,
            description="Runs the reconciliation of the recordings bucket with the registry once a day",
            what="the reconciliation",
            alarm_name="Reconciliation",
            monitoring=platform.monitoring,
            dead_letters_id="ScheduleDeadLetters",
        )
        self.schedule, self.dead_letters = job.rule, job.dead_letters
        self.outside_contract_alarm = platform.monitoring.alarm_on_objects_outside_contract()

    def _grant(self, platform: Platform, ingest_queue: sqs.IQueue) -> None:
        role = self.handler.role
        # The whole bucket, not only recordings/: what is elsewhere is what must be reported.
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ListEveryVersionInTheBucket",
                actions=["s3:ListBucketVersions"],
                resources=[platform.bucket.bucket_arn],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ScanAndFlagTheRegistry",
                actions=["dynamodb:Scan", "dynamodb:UpdateItem"],
                resources=[platform.registry.table.table_arn],
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
            iam.PolicyStatement(
                sid="ReportToTheDpo", actions=["sns:Publish"], resources=[platform.alerts.topic_arn]
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="UseTheMessagesKey",
                actions=["kms:Decrypt", "kms:GenerateDataKey"],
                resources=[platform.messages_key.key_arn],
            )
        )
        platform.casework.grant_append_audit(role)
        # Which objects outside the contract were reported already: the bucket's own entries, no other.
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ReadWhatWasReportedOfTheBucket",
                actions=["dynamodb:Query"],
                resources=[platform.casework.audit.table_arn],
                conditions={
                    "ForAllValues:StringEquals": {
                        "dynamodb:LeadingKeys": [bucket_target(platform.bucket.bucket_name)]
                    }
                },
            )
        )
        self.handler.grant_data_key_use(platform.data_key)  # the registry and the audit trail
