"""Where subject access disclosures wait for the data subject: the export bucket.

It holds copies of recordings (personal data) for a short time: encrypted with the stack's data key,
TLS only, never public, logged, and emptied by lifecycle 30 days after each file was written. A
package's zip is a multipart upload (issue 18): one left incomplete is aborted after a day, so no parts
outlive the job that failed to finish it.

Not versioned, on purpose: each package is written once under its own export id and never
overwritten, so versions would protect nothing; and in a versioned bucket the 30-day expiry would
only hide the copies behind delete markers while the data stayed on as noncurrent versions.
Retained if the stack is deleted, like every bucket that may hold personal data: its lifecycle still
empties it.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, Duration, RemovalPolicy, Stack, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.storage import OBJECT_READS

EXPORTS_PREFIX = "exports/"
EXPORT_EXPIRY_DAYS = 30
# A presigned link (SigV4) lasts at most 7 days; the bucket refuses any older signature, so a link
# cannot outlive the promise whatever signed it.
MAX_SIGNATURE_AGE_MS = 7 * 24 * 60 * 60 * 1000


class DisclosureExports(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, key: kms.IKey, access_logs: s3.IBucket
    ) -> None:
        super().__init__(scope, construct_id)
        self.key = key
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=key,
            bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            versioned=False,
            removal_policy=RemovalPolicy.RETAIN,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix="exports-bucket/",
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="expire-disclosures",
                    expiration=Duration.days(EXPORT_EXPIRY_DAYS),
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                )
            ],
        )
        self.bucket.add_to_resource_policy(
            iam.PolicyStatement(
                sid="LinksLastAtMostSevenDays",
                effect=iam.Effect.DENY,
                principals=[iam.AnyPrincipal()],
                actions=["s3:GetObject"],
                resources=[self.bucket.arn_for_objects("*")],
                conditions={"NumericGreaterThan": {"s3:signatureAge": MAX_SIGNATURE_AGE_MS}},
            )
        )

    def limit_reading_to(self, reader: iam.IRole) -> None:
        """The perimeter (DESIGN section 8): only the disclosure function reads a package, and a link works
        because it signs it (a presigned GET acts as its signer); nobody else in the account, whatever
        their identity policies say."""
        self.bucket.add_to_resource_policy(
            iam.PolicyStatement(
                sid="OnlyTheDisclosureFunctionReadsPackages",
                effect=iam.Effect.DENY,
                principals=[iam.AnyPrincipal()],
                actions=OBJECT_READS,
                resources=[self.bucket.arn_for_objects("*")],
                conditions={"ArnNotEquals": {"aws:PrincipalArn": reader.role_arn}},
            )
        )

    def grant_disclosure(self, role: iam.IRole) -> None:
        """Write packages and sign links to them (a presigned GET acts with the signer's rights), and make
        each into one zip (a multipart upload, aborted if the zip fails)."""
        role.add_to_principal_policy(
            iam.PolicyStatement(
                sid="WriteAndLinkDisclosurePackages",
                actions=["s3:PutObject", "s3:GetObject"],
                resources=[self.bucket.arn_for_objects(f"{EXPORTS_PREFIX}*")],
            )
        )
        # The package's zip is a multipart upload (s3:PutObject covers creating, uploading a part and
        # completing it): the finish lists the parts S3 holds, and a failed zip aborts its upload.
        role.add_to_principal_policy(
            iam.PolicyStatement(
                sid="CompleteOrAbortPackageZips",
                actions=["s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"],
                resources=[self.bucket.arn_for_objects(f"{EXPORTS_PREFIX}*")],
            )
        )
        logical_id = Stack.of(self).get_logical_id(self.bucket.node.default_child)
        Validations.of(role).acknowledge(
            Acknowledgment(
                id=f"AwsSolutions-IAM5[Resource::<{logical_id}.Arn>/{EXPORTS_PREFIX}*]",
                reason="Every disclosure package is written under a new key (exports/<sar>/<export>/); the "
                "grant is limited to the exports/ prefix of the export bucket, to put and read, and to "
                "complete or abort the package's zip upload.",
            )
        )
