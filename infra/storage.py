"""Where recordings live: the KMS key, the Object Lock bucket and its access-log bucket."""

from __future__ import annotations

from aws_cdk import Acknowledgment, Duration, RemovalPolicy, Validations
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.config import ACCESS_LOG_RETENTION_DAYS
from recordings.retention import LIFECYCLE_BACKSTOP_DAYS
from recordings.vocabulary import RetentionClass

# Retention classes that lifecycle expires as a backstop to the calendar-exact sweeper.
# `hold` is deliberately absent: a held recording must outlive every rule.
EXPIRING_CLASSES = (RetentionClass.STANDARD, RetentionClass.QUARANTINE)


class RecordingsStorage(Construct):
    """Customer-managed keys, the recordings bucket and the bucket that receives its access logs."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)

        self.key = kms.Key(
            self,
            "Key",
            alias="alias/call-recordings",
            description="Encrypts call recordings, their registry and their queues",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        # Queues and alerts get a key of their own: S3 must be allowed to use the queue's key for
        # notifications from this bucket, and the bucket's key naming the bucket would be a cycle.
        self.messages_key = kms.Key(
            self,
            "MessagesKey",
            alias="alias/call-recordings-messages",
            description="Encrypts the call-recording queues and the DPO's alerts",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )

        # S3 writes server access logs only to a bucket with SSE-S3 default encryption,
        # and never to a bucket with Object Lock, so the logs get a bucket of their own.
        self.access_logs = s3.Bucket(
            self,
            "AccessLogs",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            removal_policy=RemovalPolicy.RETAIN,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="expire-access-logs",
                    expiration=Duration.days(ACCESS_LOG_RETENTION_DAYS),
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                )
            ],
        )
        Validations.of(self.access_logs).acknowledge(
            Acknowledgment(
                id="AwsSolutions-S1",
                reason="This is the access-log destination; logging it into itself would loop.",
            )
        )

        self.recordings = s3.Bucket(
            self,
            "Recordings",
            object_lock_enabled=True,  # no default retention: legal holds only, per version
            versioned=True,
            encryption=s3.BucketEncryption.KMS,
            encryption_key=self.key,
            bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            removal_policy=RemovalPolicy.RETAIN,
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix="recordings-bucket/",
            lifecycle_rules=[*_backstop_expiry_rules(), _housekeeping_rule()],
        )


def _backstop_expiry_rules() -> list[s3.LifecycleRule]:
    """One rule per expiring retention class (lifecycle filters cannot say OR).

    Lifecycle counts whole days and knows no months, so it expires at the longest three
    calendar months; the sweeper deletes on the exact date. In this versioned bucket the
    expiry adds a delete marker, and the noncurrent data goes a day later.
    """
    return [
        s3.LifecycleRule(
            id=f"expire-{retention}-recordings",
            tag_filters={"retention": str(retention)},
            expiration=Duration.days(LIFECYCLE_BACKSTOP_DAYS),
            noncurrent_version_expiration=Duration.days(1),
        )
        for retention in EXPIRING_CLASSES
    ]


def _housekeeping_rule() -> s3.LifecycleRule:
    # S3 refuses a tag filter beside these two actions, so they need an unfiltered rule.
    return s3.LifecycleRule(
        id="clean-delete-markers-and-uploads",
        expired_object_delete_marker=True,
        abort_incomplete_multipart_upload_after=Duration.days(1),
    )
