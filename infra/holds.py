"""Legal holds at scale: a work queue and the hold worker, the one role that changes legal holds."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda_event_sources as sources
from constructs import Construct

from infra.functions import CouncilFunction
from infra.platform import Platform
from infra.queues import queue_with_dead_letters

# A work message is up to 1,000 versions (holds/dependencies.py BATCH_SIZE): 3,000 calls on 16 threads,
# 4 to 10 s at 20 to 50 ms a call. One message to an invocation, so this is one message's time: room for
# throttling to slow every call tenfold. The queue hides a message being worked on for six times this
# (infra/queues.py, AWS's advice for an event source): a failed message is retried after 12 minutes.
WORKER_TIMEOUT = Duration.seconds(120)
WORK_MESSAGES_PER_INVOCATION = 1
MAX_RECEIVES = 5


class HoldWorker(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, platform: Platform) -> None:
        super().__init__(scope, construct_id)
        registry, casework = platform.registry, platform.casework
        self.queue, self.dead_letters = queue_with_dead_letters(
            self,
            "WorkQueue",
            key=platform.messages_key,
            consumer_timeout=WORKER_TIMEOUT,
            retention_period=Duration.days(14),
            max_receives=MAX_RECEIVES,
            monitoring=platform.monitoring,
            alarm_name="HoldWork",
        )
        self.handler = CouncilFunction(
            self,
            "Handler",
            runtime=platform.runtime,
            handler="call_recordings.holds.worker_handler.lambda_handler",
            service="hold-worker",
            description="Places and releases S3 Object Lock legal holds on exact recording versions",
            timeout=WORKER_TIMEOUT,
            environment={
                "REGISTRY_TABLE": registry.table.table_name,
                "REQUESTS_TABLE": casework.requests.table_name,
                "AUDIT_TABLE": casework.audit.table_name,
                "RECORDINGS_BUCKET": platform.bucket.bucket_name,
            },
        )
        self.handler.function.add_event_source(
            sources.SqsEventSource(
                self.queue, batch_size=WORK_MESSAGES_PER_INVOCATION, report_batch_item_failures=True
            )
        )

        role = self.handler.role
        self.handler.grant_on_recordings(
            platform.bucket,
            sid="HoldAndRetagRecordingVersions",
            actions=["s3:PutObjectLegalHold", "s3:PutObjectVersionTagging"],
            what="placing and releasing legal holds",
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="RecordHoldsOnRecordings",
                actions=["dynamodb:GetItem", "dynamodb:UpdateItem"],
                resources=[registry.table.table_arn],
            )
        )
        # Ids, not instructions: the worker reads the hold's record (its header, the message's versions
        # among its members: one query of the hold's partition) and acts on it alone.
        role.add_to_policy(
            iam.PolicyStatement(
                sid="RecordHoldProgress",
                actions=[
                    "dynamodb:GetItem",
                    "dynamodb:Query",
                    "dynamodb:UpdateItem",
                    "dynamodb:BatchWriteItem",
                ],
                resources=[casework.requests.table_arn],
            )
        )
        self.handler.grant_data_key_use(platform.data_key)
        casework.grant_append_audit(role)
