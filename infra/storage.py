"""Where recordings live: the KMS keys, the Object Lock bucket and its access-log bucket.

The data perimeter (DESIGN section 8) is drawn here. S3 user metadata (the caller number, the customer
reference) is not covered by SSE-KMS and HeadObject needs no kms:Decrypt, so the bucket policy, not the
key, is what keeps a recording and its metadata from a principal: it denies every read of an object
(GetObject, GetObjectVersion, and replication's read) to every principal but the function roles named
in it. The keys' own policies give the account their administration only, never their use: each key is
used by the roles and AWS services its policy names, and by nobody else, whatever an identity policy
in the account says.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import (
    Acknowledgment,
    ArnFormat,
    DefaultStackSynthesizer,
    Duration,
    Fn,
    RemovalPolicy,
    Stack,
    Validations,
)
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from call_recordings.core.retention import LIFECYCLE_BACKSTOP_DAYS
from call_recordings.core.vocabulary import RECORDINGS_PREFIX, RetentionClass
from infra.config import ACCESS_LOG_NONCURRENT_DAYS, ACCESS_LOG_RETENTION_DAYS

# A request that creates an object (PutObject, CompleteMultipartUpload; s3:ObjectCreationOperation is
# false for CreateMultipartUpload and UploadPart) without If-None-Match: what nobody may do under
# recordings/ (the bucket policy), and what the uploader's grant never allows (infra/telephony.py).
CREATES_WITHOUT_IF_NONE_MATCH = {
    "Null": {"s3:if-none-match": "true"},
    "Bool": {"s3:ObjectCreationOperation": "true"},
}

# Every request that returns an object's data or user metadata: HeadObject and GetObject are authorized as
# s3:GetObject (s3:GetObjectVersion when they name a version, as CopyObject does for its source), and a
# replication rule reads as s3:GetObjectVersionForReplication. Tags are left out on purpose: a recording's
# tag set is always the one ingest writes (purpose, source, retention, expires-on), as nobody else may tag
# it (the uploader's grant cannot set tags) and ingest replaces the whole set; the sweeper and the eraser
# read it.
OBJECT_READS = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectVersionForReplication"]

# What the account's administrators may do with a key: AWS's "key administrators" statement, with none of
# the use (Decrypt, Encrypt, GenerateDataKey, ReEncrypt). Put* lets an administrator change the key
# policy, which is how the key stays manageable (and how break-glass access is given, in CloudTrail).
KEY_ADMINISTRATION = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
]
KEY_USE = ["kms:Decrypt", "kms:GenerateDataKey"]
# What DynamoDB and Secrets Manager ask of the principal that creates an encrypted table or secret.
SERVICE_KEY_USE = [
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey*",
    "kms:ReEncrypt*",
    "kms:CreateGrant",
    "kms:DescribeKey",
]

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
            policy=administered_by_the_account(self),
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
            policy=administered_by_the_account(self),
        )
        # The functions' log groups hold object keys and ids: a key of their own, used by CloudWatch Logs
        # alone, for this account's log groups in this region (as the CloudWatch Logs guide documents).
        stack = Stack.of(self)
        self.logs_key = kms.Key(
            self,
            "LogsKey",
            alias="alias/call-recordings-logs",
            description="Encrypts the call-recording functions' and the DPO API's log groups",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
            policy=administered_by_the_account(self),
        )
        self.logs_key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="CloudWatchLogsEncryptsTheStacksLogGroups",
                principals=[iam.ServicePrincipal(f"logs.{stack.region}.amazonaws.com")],
                actions=[
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                resources=["*"],
                conditions={
                    "ArnLike": {
                        "kms:EncryptionContext:aws:logs:arn": stack.format_arn(
                            service="logs",
                            resource="log-group",
                            resource_name="*",
                            arn_format=ArnFormat.COLON_RESOURCE_NAME,
                        )
                    }
                },
            )
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
            # Versioned, so a log deleted or overwritten is kept as a noncurrent version for a while.
            versioned=True,
            lifecycle_rules=[expiring_logs("expire-access-logs")],
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

    def name_key_users(
        self,
        *,
        data_key: list[iam.IRole],
        messages_key: list[iam.IRole],
        uploader: iam.IRole | None,
        subject_key_readers: list[iam.IRole],
        note_sealers: list[iam.IRole],
    ) -> None:
        """Name, in each key's policy, the roles that may use it: nobody else may, whatever their identity
        policies say (the account keeps the keys' administration only). A role that uses a key without
        being named here is refused by KMS; tests/infra/test_data_perimeter.py checks that the names and
        the roles' own grants agree."""
        for key, users, sid in (
            (self.key, data_key, "TheStacksFunctionsUseTheDataKey"),
            (self.messages_key, messages_key, "TheStacksFunctionsUseTheMessagesKey"),
        ):
            key.add_to_resource_policy(
                iam.PolicyStatement(
                    sid=sid,
                    principals=[iam.ArnPrincipal(role.role_arn) for role in users],
                    actions=KEY_USE,
                    resources=["*"],
                )
            )
        # The DPO's notes are sealed with kms:Encrypt under the data key, only with the context that names
        # the request and the field (as the sealers' own grant, infra/dpo_api.py's SealTheDposNotes).
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="TheDpoApiSealsTheDposNotes",
                principals=[iam.ArnPrincipal(role.role_arn) for role in note_sealers],
                actions=["kms:Encrypt"],
                resources=["*"],
                conditions={
                    "ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["request_id", "field"]},
                    "Null": {"kms:EncryptionContext:request_id": "false"},
                },
            )
        )
        # CloudFormation creates the tables and the subject key's secret: DynamoDB and Secrets Manager use
        # the key as the principal that creates them, through the service only.
        region = Stack.of(self).region
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="DeploymentsCreateEncryptedTablesAndSecrets",
                principals=[iam.ArnPrincipal(deployment_role_arn(self))],
                actions=SERVICE_KEY_USE,
                resources=["*"],
                conditions={
                    "StringEquals": {
                        "kms:ViaService": [
                            f"dynamodb.{region}.amazonaws.com",
                            f"secretsmanager.{region}.amazonaws.com",
                        ]
                    }
                },
            )
        )
        # CDK's Secret lets the whole account use the key through Secrets Manager (an Allow this construct
        # cannot take back): the subject key's HMAC secret is the one secret it encrypts, so nobody but its
        # readers and the deployments that create it may use the key that way.
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="OnlyTheSubjectKeysReadersUseItThroughSecretsManager",
                effect=iam.Effect.DENY,
                principals=[iam.AnyPrincipal()],
                actions=["kms:*"],
                resources=["*"],
                conditions={
                    "StringEquals": {"kms:ViaService": f"secretsmanager.{region}.amazonaws.com"},
                    "ArnNotEquals": {
                        "aws:PrincipalArn": [
                            *(role.role_arn for role in subject_key_readers),
                            deployment_role_arn(self),
                        ]
                    },
                },
            )
        )
        if uploader is not None:
            # The telephony system encrypts (and, for a multipart upload, decrypts) through S3 only.
            self.key.add_to_resource_policy(
                iam.PolicyStatement(
                    sid="TheUploaderEncryptsThroughS3",
                    principals=[iam.ArnPrincipal(uploader.role_arn)],
                    actions=KEY_USE,
                    resources=["*"],
                    conditions={"StringEquals": {"kms:ViaService": f"s3.{region}.amazonaws.com"}},
                )
            )

    def guard_evidence(
        self, *, hold_keeper: iam.IRole, deleters: list[iam.IRole], readers: list[iam.IRole]
    ) -> None:
        """Deny, in the bucket policy, every path by which evidence could lose its protection.

        Identity policies cannot widen this: an explicit deny wins. Lifecycle runs as S3
        itself and is not subject to the bucket policy; Object Lock still stops it.
        """
        everyone = iam.AnyPrincipal()
        objects = self.recordings.arn_for_objects("*")
        # The perimeter: a recording's bytes and its user metadata (caller number, customer reference) are
        # read by the functions that need them and by nobody else, the account's administrators included.
        # Every object of the bucket, not only recordings/: an object outside the contract may hold a
        # recording too (reconciliation reports it, docs/reconciliation.md).
        self.recordings.add_to_resource_policy(
            iam.PolicyStatement(
                sid="OnlyTheNamedFunctionsReadRecordings",
                effect=iam.Effect.DENY,
                principals=[everyone],
                actions=OBJECT_READS,
                resources=[objects],
                conditions={"ArnNotEquals": {"aws:PrincipalArn": [role.role_arn for role in readers]}},
            )
        )
        self.recordings.add_to_resource_policy(
            iam.PolicyStatement(
                sid="OnlyTheHoldWorkerChangesLegalHolds",
                effect=iam.Effect.DENY,
                principals=[everyone],
                actions=["s3:PutObjectLegalHold"],
                resources=[objects],
                conditions={"ArnNotEquals": {"aws:PrincipalArn": hold_keeper.role_arn}},
            )
        )
        self.recordings.add_to_resource_policy(
            iam.PolicyStatement(
                sid="NobodyBypassesObjectLock",
                effect=iam.Effect.DENY,
                principals=[everyone],
                actions=["s3:BypassGovernanceRetention"],
                resources=[objects],
            )
        )
        # CloudFormation (through the CDK deployment role) must still update the lifecycle rules
        # this stack declares; nobody else may change them or the Object Lock configuration.
        self.recordings.add_to_resource_policy(
            iam.PolicyStatement(
                sid="OnlyDeploymentsChangeLockAndLifecycle",
                effect=iam.Effect.DENY,
                principals=[everyone],
                actions=["s3:PutBucketObjectLockConfiguration", "s3:PutLifecycleConfiguration"],
                resources=[self.recordings.bucket_arn],
                conditions={"ArnNotEquals": {"aws:PrincipalArn": deployment_role_arn(self)}},
            )
        )
        recordings = self.recordings.arn_for_objects(f"{RECORDINGS_PREFIX}*")
        # A versionless delete adds a delete marker: the version then becomes noncurrent and the
        # noncurrent-expiry rule removes it a day later, outside the sweeper and the audit trail.
        self.recordings.add_to_resource_policy(
            iam.PolicyStatement(
                sid="NoVersionlessDeletesOfRecordings",
                effect=iam.Effect.DENY,
                principals=[everyone],
                actions=["s3:DeleteObject"],
                resources=[recordings],
            )
        )
        # A put over an existing key makes the earlier version noncurrent, with the same result: an
        # upload must be conditional (If-None-Match: *), so it can only ever create a new key. Only the
        # requests that create an object (PutObject, CompleteMultipartUpload) can carry the header: the
        # other steps of a multipart upload are exempt (s3:ObjectCreationOperation false), as S3's
        # "Enforce conditional writes" documents.
        self.recordings.add_to_resource_policy(
            iam.PolicyStatement(
                sid="RecordingsAreNeverOverwritten",
                effect=iam.Effect.DENY,
                principals=[everyone],
                actions=["s3:PutObject"],
                resources=[recordings],
                conditions=CREATES_WITHOUT_IF_NONE_MATCH,
            )
        )
        # A compliance-mode retention would keep a version from the sweeper and the eraser for years;
        # the system keeps evidence with legal holds only.
        self.recordings.add_to_resource_policy(
            iam.PolicyStatement(
                sid="NobodySetsObjectRetention",
                effect=iam.Effect.DENY,
                principals=[everyone],
                actions=["s3:PutObjectRetention"],
                resources=[objects],
            )
        )
        # The bucket policy is every guard above: only deployments may change or remove it.
        self.recordings.add_to_resource_policy(
            iam.PolicyStatement(
                sid="OnlyDeploymentsChangeTheBucketPolicy",
                effect=iam.Effect.DENY,
                principals=[everyone],
                actions=["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"],
                resources=[self.recordings.bucket_arn],
                conditions={"ArnNotEquals": {"aws:PrincipalArn": deployment_role_arn(self)}},
            )
        )
        deletion = iam.PolicyStatement(
            sid="OnlyScheduledDeletionAndErasureDeleteVersions",
            effect=iam.Effect.DENY,
            principals=[everyone],
            actions=["s3:DeleteObjectVersion"],
            resources=[objects],
        )
        if deleters:
            deletion.add_condition("ArnNotEquals", {"aws:PrincipalArn": [role.role_arn for role in deleters]})
        self.recordings.add_to_resource_policy(deletion)


def expiring_logs(rule_id: str) -> s3.LifecycleRule:
    """How long a bucket of logs keeps them: ACCESS_LOG_RETENTION_DAYS, and a log deleted or overwritten
    (the bucket is versioned) ACCESS_LOG_NONCURRENT_DAYS more."""
    return s3.LifecycleRule(
        id=rule_id,
        expiration=Duration.days(ACCESS_LOG_RETENTION_DAYS),
        noncurrent_version_expiration=Duration.days(ACCESS_LOG_NONCURRENT_DAYS),
        abort_incomplete_multipart_upload_after=Duration.days(1),
    )


def administered_by_the_account(scope: Construct) -> iam.PolicyDocument:
    """A key policy whose one statement lets the account administer the key (through IAM), never use it:
    without `policy=`, CDK would give the account root `kms:*`, which leaves every use of the key to
    identity policies."""
    return iam.PolicyDocument(
        statements=[
            iam.PolicyStatement(
                sid="TheAccountAdministersTheKey",
                principals=[iam.AccountRootPrincipal()],
                actions=KEY_ADMINISTRATION,
                resources=["*"],
            )
        ]
    )


def grant_on_recordings(
    role: iam.IRole,
    bucket: s3.IBucket,
    *,
    sid: str,
    actions: list[str],
    what: str,
    conditions: dict[str, Any] | None = None,
) -> None:
    """Grant `actions` on the objects under recordings/ (when `conditions` hold), with the cdk-nag
    acknowledgement that justifies the key wildcard beside it."""
    role.add_to_principal_policy(
        iam.PolicyStatement(
            sid=sid,
            actions=actions,
            resources=[bucket.arn_for_objects(f"{RECORDINGS_PREFIX}*")],
            conditions=conditions,
        )
    )
    logical_id = Stack.of(bucket).get_logical_id(bucket.node.default_child)
    Validations.of(role).acknowledge(
        Acknowledgment(
            id=f"AwsSolutions-IAM5[Resource::<{logical_id}.Arn>/{RECORDINGS_PREFIX}*]",
            reason=f"Recordings arrive under new keys all the time; the grant is limited to the "
            f"{RECORDINGS_PREFIX} prefix and to {what}.",
        )
    )


def deployment_role_arn(scope: Construct) -> str:
    """The CDK CloudFormation execution role: the one principal the guards let change what they guard."""
    synthesizer = Stack.of(scope).synthesizer
    if not isinstance(synthesizer, DefaultStackSynthesizer):
        raise TypeError("the bucket policy names the CDK deployment role: use the default synthesizer")
    return Fn.sub(synthesizer.cloud_formation_execution_role_arn)


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
