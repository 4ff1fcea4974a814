"""Legal holds at scale: a work queue and the hold worker, the one role that changes legal holds."""

from __future__ import annotations

from aws_cdk import Duration, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.casework import Casework
from infra.config import RECORDINGS_PREFIX
from infra.functions import CouncilFunction, FunctionRuntime, object_arn_acknowledgement
from infra.monitoring import Monitoring
from infra.registry import RecordingsRegistry

WORKER_TIMEOUT = Duration.seconds(120)
MAX_RECEIVES = 5


class HoldWorker(Construct):
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
        monitoring: Monitoring,
    ) -> None:
        super().__init__(scope, construct_id)
        self.dead_letters = sqs.Queue(
            self,
            "DeadLetters",
            encryption=sqs.QueueEncryption.KMS,
            encryption_master_key=messages_key,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        self.queue = sqs.Queue(
            self,
            "WorkQueue",
            encryption=sqs.QueueEncryption.KMS,
            encryption_master_key=messages_key,
            enforce_ssl=True,
            visibility_timeout=Duration.seconds(WORKER_TIMEOUT.to_seconds() * 6),
            retention_period=Duration.days(14),
            dead_letter_queue=sqs.DeadLetterQueue(queue=self.dead_letters, max_receive_count=MAX_RECEIVES),
        )
        self.handler = CouncilFunction(
            self,
            "Handler",
            runtime=runtime,
            handler="hold_worker.handler.lambda_handler",
            service="hold-worker",
            description="Places and releases S3 Object Lock legal holds on exact recording versions",
            timeout=WORKER_TIMEOUT,
            environment={
                "REGISTRY_TABLE": registry.table.table_name,
                "REQUESTS_TABLE": casework.requests.table_name,
                "AUDIT_TABLE": casework.audit.table_name,
                "RECORDINGS_BUCKET": bucket.bucket_name,
            },
        )
        self.handler.function.add_event_source(
            sources.SqsEventSource(self.queue, batch_size=5, report_batch_item_failures=True)
        )
        monitoring.alarm_when_dead_letters(self.dead_letters, "HoldWork")

        role = self.handler.role
        role.add_to_policy(
            iam.PolicyStatement(
                sid="HoldAndRetagRecordingVersions",
                actions=["s3:PutObjectLegalHold", "s3:PutObjectVersionTagging"],
                resources=[bucket.arn_for_objects(f"{RECORDINGS_PREFIX}*")],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="RecordHoldsOnRecordings",
                actions=["dynamodb:GetItem", "dynamodb:UpdateItem"],
                resources=[registry.table.table_arn],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="RecordHoldProgress",
                actions=["dynamodb:UpdateItem", "dynamodb:BatchWriteItem"],
                resources=[casework.requests.table_arn],
            )
        )
        self.handler.grant_data_key_use(data_key)
        casework.grant_append_audit(role)
        Validations.of(role).acknowledge(
            object_arn_acknowledgement(bucket, "placing and releasing legal holds")
        )
