"""Deletion: the retention sweeper on a daily schedule and the eraser the DPO API invokes. Their roles
are the only ones the bucket policy lets delete a recording version (infra/storage.py)."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from constructs import Construct

from call_recordings.core.observability import Service
from call_recordings.core.tables import DUE_INDEX
from call_recordings.core.vocabulary import RECORDINGS_PREFIX
from infra.functions import CouncilFunction
from infra.platform import Platform
from infra.schedules import run_daily

SWEEPER_TIMEOUT = Duration.minutes(15)
ERASER_TIMEOUT = Duration.seconds(25)  # inside the DPO API's 29 s, which waits for it
# 02:00 UTC: after midnight in London all year round (01:00 or 02:00 local), before the working day.
SWEEP_SCHEDULE = events.Schedule.cron(minute="0", hour="2")
SWEEPER_CHECKPOINT = "sweeper"  # the requests table partition the sweeper may read and write
# Delete exactly one version; read its tags (is it still there?) and its legal hold (why S3 refused).
DELETE_VERSION_ACTIONS = ["s3:DeleteObjectVersion", "s3:GetObjectVersionTagging", "s3:GetObjectLegalHold"]


class RecordingDeletion(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, platform: Platform) -> None:
        super().__init__(scope, construct_id)
        registry, casework = platform.registry, platform.casework
        self.sweeper = CouncilFunction(
            self,
            "Sweeper",
            runtime=platform.runtime,
            handler="call_recordings.deletion.sweeper_handler.lambda_handler",
            service=Service.RETENTION_SWEEPER.value,
            description="Deletes every recording version due on or before today that no hold keeps",
            timeout=SWEEPER_TIMEOUT,
            environment={
                "REGISTRY_TABLE": registry.table.table_name,
                "REQUESTS_TABLE": casework.requests.table_name,
                "AUDIT_TABLE": casework.audit.table_name,
            },
        )
        self.eraser = CouncilFunction(
            self,
            "Eraser",
            runtime=platform.runtime,
            handler="call_recordings.deletion.eraser_handler.lambda_handler",
            service=Service.ERASER.value,
            description="Erases a data subject's recording versions that no hold keeps (UK GDPR Art 17), "
            "and destroys out-of-policy captures",
            timeout=ERASER_TIMEOUT,
            environment={
                "REGISTRY_TABLE": registry.table.table_name,
                "REQUESTS_TABLE": casework.requests.table_name,
                "AUDIT_TABLE": casework.audit.table_name,
            },
        )
        for function in (self.sweeper, self.eraser):
            self._grant_deletion(function, platform)
        self._grant_sweeping(platform)
        # Ids, not instructions: the eraser reads the erasure's (or destruction's) record (its header)
        # and acts on it alone.
        self.eraser.role.add_to_policy(
            iam.PolicyStatement(
                sid="ReadTheErasureRecord",
                actions=["dynamodb:GetItem"],
                resources=[casework.requests.table_arn],
            )
        )
        # A destroyed out-of-policy capture leaves nothing in S3: the eraser lists the versions of its one
        # key (under recordings/ only) to delete any delete marker, which holds no recording and has no
        # tags (deletion/adapters/recording_deletion.py). Listing reads no content and no metadata.
        self.eraser.role.add_to_policy(
            iam.PolicyStatement(
                sid="FindTheDeleteMarkersOfADestroyedCapture",
                actions=["s3:ListBucketVersions"],
                resources=[platform.bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": [f"{RECORDINGS_PREFIX}*"]}},
            )
        )
        job = run_daily(
            self,
            self.sweeper.function,
            schedule=SWEEP_SCHEDULE,
            description="Runs the retention sweeper once a day",
            what="the retention sweep",
            alarm_name="RetentionSweep",
            monitoring=platform.monitoring,
            rule_id="DailySweep",
            dead_letters_id="SweepDeadLetters",
        )
        self.schedule, self.dead_letters = job.rule, job.dead_letters

    @property
    def deleter_roles(self) -> list[iam.IRole]:
        """The only roles the bucket policy lets delete a recording version."""
        return [self.sweeper.role, self.eraser.role]

    def _grant_deletion(self, function: CouncilFunction, platform: Platform) -> None:
        """The one deletion path: claim and tombstone the registry item, delete the exact version, audit."""
        function.grant_on_recordings(
            platform.bucket,
            sid="DeleteExactRecordingVersions",
            actions=DELETE_VERSION_ACTIONS,
            what="deleting exact versions (and reading their tags and legal hold, never their content)",
        )
        function.role.add_to_policy(
            iam.PolicyStatement(
                sid="ClaimAndTombstoneRegistryItems",
                actions=["dynamodb:UpdateItem"],
                resources=[platform.registry.table.table_arn],
            )
        )
        platform.casework.grant_append_audit(function.role)
        function.grant_data_key_use(platform.data_key)

    def _grant_sweeping(self, platform: Platform) -> None:
        role = self.sweeper.role
        role.add_to_policy(
            iam.PolicyStatement(
                sid="FindDueVersions",
                actions=["dynamodb:Query"],
                resources=[f"{platform.registry.table.table_arn}/index/{DUE_INDEX.name}"],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="KeepTheSweepCheckpoint",
                actions=["dynamodb:GetItem", "dynamodb:PutItem"],
                resources=[platform.casework.requests.table_arn],
                conditions={"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [SWEEPER_CHECKPOINT]}},
            )
        )
