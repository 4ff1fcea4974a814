"""How the telephony system gets recordings in: a role it assumes that can only upload them."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from call_recordings.core.vocabulary import RECORDINGS_PREFIX
from infra.config import TELEPHONY_UPLOADER_ROLE_NAME
from infra.storage import grant_on_recordings


class TelephonyUploader(Construct):
    """`CallRecordingsTelephonyUploader`: assumed by the principals named in `telephonyPrincipalArns`; may put
    new objects under recordings/ (conditional puts only) and use the data key through S3 to encrypt
    them, nothing else (no read, no tags, no delete, no legal holds, nothing outside recordings/).
    docs/telephony.md is its contract."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        bucket: s3.IBucket,
        data_key: kms.IKey,
        principal_arns: tuple[str, ...],
    ) -> None:
        super().__init__(scope, construct_id)
        self.role = iam.Role(
            self,
            "Role",
            role_name=TELEPHONY_UPLOADER_ROLE_NAME,
            assumed_by=iam.CompositePrincipal(*(iam.ArnPrincipal(arn) for arn in principal_arns)),
            description="Assumed by the telephony system to upload call recordings under recordings/",
            max_session_duration=Duration.hours(1),
        )
        # Only under recordings/, and only a conditional put (If-None-Match: *), as the bucket policy
        # requires of everyone: a put that creates an object must carry the header; the multipart steps
        # that create none (CreateMultipartUpload, UploadPart) cannot carry it and need a grant apart.
        grant_on_recordings(
            self.role,
            bucket,
            sid="UploadNewRecordings",
            actions=["s3:PutObject"],
            what="uploading new recordings, only with If-None-Match (no read, tag or delete)",
            conditions={"Null": {"s3:if-none-match": "false"}},
        )
        grant_on_recordings(
            self.role,
            bucket,
            sid="UploadPartsOfNewRecordings",
            actions=["s3:PutObject"],
            what="the parts of a multipart upload, which create no object (no read, tag or delete)",
            conditions={"Bool": {"s3:ObjectCreationOperation": "false"}},
        )
        # SSE-KMS: S3 asks KMS for a data key on the uploader's behalf (GenerateDataKey), and for
        # a multipart upload (the AWS CLI's above 8 MB) decrypts it again for each part and to
        # complete it (Decrypt). Only through S3 in this region, and only for this bucket: with
        # the bucket key S3 names the bucket in the encryption context, without it the object.
        self.role.add_to_policy(
            iam.PolicyStatement(
                sid="EncryptRecordingsThroughS3",
                actions=["kms:GenerateDataKey", "kms:Decrypt"],
                resources=[data_key.key_arn],
                conditions={
                    "StringEquals": {"kms:ViaService": f"s3.{Stack.of(self).region}.amazonaws.com"},
                    "StringLike": {
                        "kms:EncryptionContext:aws:s3:arn": [
                            bucket.bucket_arn,
                            bucket.arn_for_objects(f"{RECORDINGS_PREFIX}*"),
                        ]
                    },
                },
            )
        )
