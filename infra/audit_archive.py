"""The audit archive: every audit entry copied, as it is written, to a bucket nobody can rewrite, and a
daily check that the table and the archive agree (DESIGN section 8, docs/audit.md).

- The audit table's stream (NEW_AND_OLD_IMAGES, infra/casework.py) feeds the archiver through an event
  source mapping that retries, splits a failing batch, and sends what it still cannot archive to an
  encrypted on-failure queue, which alarms: nothing is skipped silently.
- The archive bucket has Object Lock in compliance mode with a default retention from context
  (``auditArchiveRetentionYears``, default 6): no principal, the account's root included, can delete
  or shorten the retention of an archived entry before it ends. Its policy also denies versionless
  deletes (delete markers), puts that could replace an object, retention and lock changes, and policy
  changes but by deployments.
- A MODIFY or REMOVE on the stream (which the table's policy denies to everyone) is archived under
  ``changes/`` and alarmed; the daily verification alarms on any difference between table and archive.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, Duration, RemovalPolicy, Stack, Validations
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from call_recordings.audit_archive.entries import CHANGES_PREFIX, ENTRIES_PREFIX
from call_recordings.core.observability import Metric, Service
from call_recordings.core.tables import DAY_INDEX
from infra.functions import CouncilFunction
from infra.platform import Platform
from infra.queues import DEAD_LETTER_RETENTION
from infra.schedules import run_daily
from infra.storage import deployment_role_arn

ARCHIVE_PREFIXES = (ENTRIES_PREFIX, CHANGES_PREFIX)
# The stream keeps records 24 hours: a record the archiver still cannot write after 12 hours of
# retries goes to the on-failure queue while the stream still holds it.
STREAM_RETRIES = 10
STREAM_MAX_RECORD_AGE = Duration.hours(12)
STREAM_BATCH_SIZE = 100
# 04:00 UTC: after the sweep (02:00) and the reconciliation (03:00) have written their entries.
VERIFICATION_SCHEDULE = events.Schedule.cron(minute="0", hour="4")
VERIFICATION_TIMEOUT = Duration.minutes(15)


class AuditArchive(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        platform: Platform,
        access_logs: s3.IBucket,
        retention_years: int,
    ) -> None:
        super().__init__(scope, construct_id)
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            object_lock_enabled=True,
            object_lock_default_retention=s3.ObjectLockRetention.compliance(
                Duration.days(365 * retention_years)
            ),  # in years below: CDK writes days, and six years are not 2,190 days
            versioned=True,
            encryption=s3.BucketEncryption.KMS,
            encryption_key=platform.data_key,
            bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            removal_policy=RemovalPolicy.RETAIN,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix="audit-archive-bucket/",
        )
        # Years, as CloudFormation allows: S3 counts them as calendar years, leap days included.
        bucket = self.bucket.node.default_child
        bucket.add_property_deletion_override("ObjectLockConfiguration.Rule.DefaultRetention.Days")
        bucket.add_property_override("ObjectLockConfiguration.Rule.DefaultRetention.Years", retention_years)
        self._guard_archive()
        self.archiver = self._archiver(platform)
        self.verification = self._verification(platform)

    def _archiver(self, platform: Platform) -> CouncilFunction:
        archiver = CouncilFunction(
            self,
            "Archiver",
            runtime=platform.runtime,
            handler="call_recordings.audit_archive.archiver_handler.lambda_handler",
            service=Service.AUDIT_ARCHIVER.value,
            description="Copies each new audit entry to the audit archive; archives and alarms on rewrites",
            environment={"AUDIT_ARCHIVE_BUCKET": self.bucket.bucket_name},
        )
        # What the event source mapping could not archive after its retries: where on the stream it was
        # (shard and sequence numbers), never the entries themselves.
        self.failures = sqs.Queue(
            self,
            "ArchiveFailures",
            encryption=sqs.QueueEncryption.KMS,
            encryption_master_key=platform.messages_key,
            enforce_ssl=True,
            retention_period=DEAD_LETTER_RETENTION,
        )
        Validations.of(self.failures).acknowledge(
            Acknowledgment(
                id="AwsSolutions-SQS3",
                reason="This queue is itself the on-failure destination of the audit archiver's stream.",
            )
        )
        archiver.function.add_event_source(
            sources.DynamoEventSource(
                platform.casework.audit,
                starting_position=lambda_.StartingPosition.TRIM_HORIZON,
                batch_size=STREAM_BATCH_SIZE,
                bisect_batch_on_error=True,
                retry_attempts=STREAM_RETRIES,
                max_record_age=STREAM_MAX_RECORD_AGE,
                report_batch_item_failures=True,
                on_failure=sources.SqsDlq(self.failures),
            )
        )
        Validations.of(archiver.role).acknowledge(
            Acknowledgment(
                id="AwsSolutions-IAM5[Resource::*]",
                reason="dynamodb:ListStreams, which the DynamoDB event source needs, names no resource; "
                "every other stream action is on the audit table's stream alone.",
            ),
            *(
                Acknowledgment(
                    id=f"AwsSolutions-IAM5[Action::{action}]",
                    reason="Added by the on-failure queue's send grant on its KMS key; scoped to the "
                    "messages key.",
                )
                for action in ("kms:GenerateDataKey*", "kms:ReEncrypt*")
            ),
        )
        archiver.role.add_to_policy(
            iam.PolicyStatement(
                sid="ArchiveAuditEntriesAndChanges",
                actions=["s3:PutObject"],
                resources=[self.bucket.arn_for_objects(f"{prefix}*") for prefix in ARCHIVE_PREFIXES],
            )
        )
        # To tell a stream record delivered again (same entry) from an entry put again with other content.
        archiver.role.add_to_policy(
            iam.PolicyStatement(
                sid="ReadArchivedEntries",
                actions=["s3:GetObject"],
                resources=[self.bucket.arn_for_objects(f"{ENTRIES_PREFIX}*")],
            )
        )
        self._acknowledge_prefixes(
            archiver.role, ARCHIVE_PREFIXES, "archives each entry under a key of its own"
        )
        archiver.grant_data_key_use(platform.data_key)  # the archive's objects and the table's stream
        monitoring = platform.monitoring
        monitoring.alarm_when_dead_letters(self.failures, "AuditArchiver")
        monitoring.alarm_when_counted(
            "AuditEntriesChanged",
            Metric.AUDIT_ENTRIES_CHANGED,
            Service.AUDIT_ARCHIVER,
            description="An audit entry was changed or removed: the change and the original are in the "
            "audit archive (docs/audit.md says what to do)",
            period=Duration.minutes(5),
        )
        return archiver

    def _verification(self, platform: Platform) -> CouncilFunction:
        verification = CouncilFunction(
            self,
            "Verification",
            runtime=platform.runtime,
            handler="call_recordings.audit_archive.verification_handler.lambda_handler",
            service=Service.AUDIT_VERIFICATION.value,
            description="Daily: compares the audit trail with its archive; alarms on any difference",
            timeout=VERIFICATION_TIMEOUT,
            environment={
                "AUDIT_TABLE": platform.casework.audit.table_name,
                "AUDIT_ARCHIVE_BUCKET": self.bucket.bucket_name,
            },
        )
        role = verification.role
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ReadTheAuditTrailByDay",
                actions=["dynamodb:Query"],
                resources=[f"{platform.casework.audit.table_arn}/index/{DAY_INDEX.name}"],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ListTheArchive",
                actions=["s3:ListBucket"],
                resources=[self.bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": [f"{ENTRIES_PREFIX}*"]}},
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ReadArchivedEntries",
                actions=["s3:GetObject"],
                resources=[self.bucket.arn_for_objects(f"{ENTRIES_PREFIX}*")],
            )
        )
        self._acknowledge_prefixes(role, (ENTRIES_PREFIX,), "only reads archived entries")
        platform.casework.grant_append_audit(role)  # its run's own entry
        verification.grant_data_key_use(platform.data_key)
        job = run_daily(
            self,
            verification.function,
            schedule=VERIFICATION_SCHEDULE,
            description="Runs the comparison of the audit trail with its archive once a day",
            what="the audit archive's verification",
            alarm_name="AuditVerification",
            monitoring=platform.monitoring,
            dead_letters_id="VerificationDeadLetters",
        )
        self.schedule, self.dead_letters = job.rule, job.dead_letters
        platform.monitoring.alarm_when_counted(
            "AuditArchiveDifferences",
            Metric.AUDIT_ARCHIVE_DIFFERENCES,
            Service.AUDIT_VERIFICATION,
            description="The audit trail and its archive differ: the verification's log names each "
            "difference (docs/audit.md says what to do)",
            period=Duration.days(1),
        )
        return verification

    def _acknowledge_prefixes(self, role: iam.IRole, prefixes: tuple[str, ...], what: str) -> None:
        """The cdk-nag acknowledgement of a grant on the objects under each prefix, with its reason."""
        logical_id = Stack.of(self.bucket).get_logical_id(self.bucket.node.default_child)
        for prefix in prefixes:
            Validations.of(role).acknowledge(
                Acknowledgment(
                    id=f"AwsSolutions-IAM5[Resource::<{logical_id}.Arn>/{prefix}*]",
                    reason=f"Audit entries are archived under new keys all the time; the function {what}, "
                    f"under {prefix} only.",
                )
            )

    def _guard_archive(self) -> None:
        """Deny, in the bucket policy, what could hide, replace or unlock an archived entry. Object Lock
        in compliance mode already refuses deleting a locked version and shortening its retention to
        every principal; these denies close the paths it leaves open."""
        everyone = iam.AnyPrincipal()
        objects = self.bucket.arn_for_objects("*")
        deployments = {"ArnNotEquals": {"aws:PrincipalArn": deployment_role_arn(self)}}
        statements = [
            # A versionless delete adds a delete marker, hiding the entry from every reader; a
            # version delete is refused by the lock, and denied anyway once it has expired.
            iam.PolicyStatement(
                sid="NobodyDeletesArchivedEntries",
                effect=iam.Effect.DENY,
                principals=[everyone],
                actions=["s3:DeleteObject", "s3:DeleteObjectVersion"],
                resources=[objects],
            ),
            # A put over an existing key would make the archived version noncurrent: every put must be
            # conditional (If-None-Match: *), so it can only create a new key.
            iam.PolicyStatement(
                sid="ArchivedEntriesAreNeverOverwritten",
                effect=iam.Effect.DENY,
                principals=[everyone],
                actions=["s3:PutObject"],
                resources=[objects],
                conditions={"Null": {"s3:if-none-match": "true"}},
            ),
            iam.PolicyStatement(
                sid="NobodyChangesArchiveRetention",
                effect=iam.Effect.DENY,
                principals=[everyone],
                actions=["s3:PutObjectRetention", "s3:BypassGovernanceRetention", "s3:PutObjectLegalHold"],
                resources=[objects],
            ),
            # Lifecycle could add delete markers; the lock configuration sets the default retention.
            iam.PolicyStatement(
                sid="OnlyDeploymentsChangeTheArchiveBucket",
                effect=iam.Effect.DENY,
                principals=[everyone],
                actions=[
                    "s3:PutBucketObjectLockConfiguration",
                    "s3:PutLifecycleConfiguration",
                    "s3:PutBucketVersioning",
                    "s3:PutBucketPolicy",
                    "s3:DeleteBucketPolicy",
                ],
                resources=[self.bucket.bucket_arn],
                conditions=deployments,
            ),
        ]
        for statement in statements:
            self.bucket.add_to_resource_policy(statement)
