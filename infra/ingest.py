"""The upload pipeline: S3 ObjectCreated -> SQS (with a dead-letter queue) -> ingest Lambda."""

from __future__ import annotations

from aws_cdk import Acknowledgment, Duration, Stack, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as notifications
from constructs import Construct

from call_recordings.core.vocabulary import RECORDINGS_PREFIX
from infra.functions import CouncilFunction
from infra.platform import Platform
from infra.queues import queue_with_dead_letters

INGEST_TIMEOUT = Duration.seconds(30)
MAX_RECEIVES = 5  # then the message goes to the dead-letter queue, and the alarm fires


class UploadIngest(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, platform: Platform) -> None:
        super().__init__(scope, construct_id)

        self.queue, self.dead_letters = queue_with_dead_letters(
            self,
            "Queue",
            key=platform.messages_key,
            consumer_timeout=INGEST_TIMEOUT,
            retention_period=Duration.days(4),
            max_receives=MAX_RECEIVES,
            monitoring=platform.monitoring,
            alarm_name="Ingest",
        )
        platform.bucket.add_event_notification(
            s3.EventType.OBJECT_CREATED,
            notifications.SqsDestination(self.queue),
            s3.NotificationKeyFilter(prefix=RECORDINGS_PREFIX),
        )
        _acknowledge_notifications_handler(Stack.of(self))

        self.handler = CouncilFunction(
            self,
            "Handler",
            runtime=platform.runtime,
            handler="call_recordings.ingest.handler.lambda_handler",
            service="ingest",
            description="Tags each uploaded recording with purpose, source and retention and registers it",
            timeout=INGEST_TIMEOUT,
            environment={
                "REGISTRY_TABLE": platform.registry.table.table_name,
                "CALL_IDS_TABLE": platform.registry.call_ids.table_name,
                "HMAC_SECRET_ARN": platform.registry.subject_key.secret_arn,
                "DPO_ALERTS_TOPIC_ARN": platform.alerts.topic_arn,
                "RECORDINGS_PREFIX": RECORDINGS_PREFIX,
            },
        )
        self.handler.function.add_event_source(
            sources.SqsEventSource(
                self.queue,
                batch_size=10,
                max_batching_window=Duration.seconds(1),
                report_batch_item_failures=True,
            )
        )
        self._grant_least_privilege(platform)

    def _grant_least_privilege(self, platform: Platform) -> None:
        role = self.handler.role
        self.handler.grant_on_recordings(
            platform.bucket,
            sid="ReadMetadataAndTagRecordingVersions",
            actions=["s3:GetObjectVersion", "s3:PutObjectVersionTagging"],
            what="reading metadata and tagging versions",
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="RegisterRecordings",
                # Each in a transaction too: a version's item and its call id's claim, written or read
                # together (TransactWriteItems and TransactGetItems need these actions on each item).
                actions=["dynamodb:PutItem", "dynamodb:GetItem"],
                resources=[platform.registry.table.table_arn, platform.registry.call_ids.table_arn],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ListVersionsUnderTheirCallIds",
                # The claim is an update (it adds the version to the call id's list of versions); the
                # registry's items are only ever put, never updated, by ingest.
                actions=["dynamodb:UpdateItem"],
                resources=[platform.registry.call_ids.table_arn],
            )
        )
        self.handler.grant_data_key_use(platform.data_key)
        platform.registry.subject_key.grant_read(role)
        platform.alerts.grant_publish(role)  # and the messages key, which SNS needs to encrypt
        Validations.of(role).acknowledge(
            Acknowledgment(
                id="AwsSolutions-IAM5[Action::kms:GenerateDataKey*]",
                reason="Added by SNS grant_publish on the KMS-encrypted DPO alerts topic; scoped to the "
                "messages key.",
            ),
        )


def _acknowledge_notifications_handler(stack: Stack) -> None:
    """CDK's own singleton Lambda that writes the bucket's notification configuration at deploy."""
    for child in stack.node.children:
        if child.node.id.startswith("BucketNotificationsHandler"):
            Validations.of(child).acknowledge(
                Acknowledgment(
                    id="AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                    "AWSLambdaBasicExecutionRole]",
                    reason="CDK's bucket-notifications custom resource; it runs only at deploy time to "
                    "configure the notification and reads no recordings.",
                )
            )
