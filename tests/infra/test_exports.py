"""The export bucket for SAR disclosures, and what the DPO API's disclosure function may do with it, from
the template."""

from aws_cdk.assertions import Match

from tests.infra.conftest import RECORDINGS_BUCKET, data_key_id, logical_id, only_resource

API_HANDLER = (
    "call_recordings.dpo_api.disclosure_handler.lambda_handler"  # the one DPO function that discloses
)
EXPORTS = {
    "LoggingConfiguration": {"LogFilePrefix": "exports-bucket/", "DestinationBucketName": Match.any_value()}
}


def export_bucket_id(template):
    return logical_id(template, "AWS::S3::Bucket", EXPORTS)


def export_bucket(template):
    return only_resource(template, "AWS::S3::Bucket", EXPORTS)


def api_statements(template):
    function = only_resource(template, "AWS::Lambda::Function", {"Handler": API_HANDLER})["Properties"]
    role_id = function["Role"]["Fn::GetAtt"][0]
    return [
        statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def test_export_bucket_is_encrypted_with_the_data_key_private_and_retained(template):
    bucket = export_bucket(template)
    props = bucket["Properties"]
    [rule] = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule == {
        "BucketKeyEnabled": True,
        "ServerSideEncryptionByDefault": {
            "SSEAlgorithm": "aws:kms",
            "KMSMasterKeyID": {"Fn::GetAtt": [data_key_id(template), "Arn"]},
        },
    }
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert props["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert "VersioningConfiguration" not in props  # expiry must delete, not hide behind delete markers
    assert "ObjectLockEnabled" not in props
    assert bucket["DeletionPolicy"] == "Retain"
    assert bucket["UpdateReplacePolicy"] == "Retain"


def test_export_bucket_logs_access_to_the_access_log_bucket(template):
    logs_id = logical_id(
        template,
        "AWS::S3::Bucket",
        {"LifecycleConfiguration": {"Rules": [Match.object_like({"Id": "expire-access-logs"})]}},
    )
    assert export_bucket(template)["Properties"]["LoggingConfiguration"] == {
        "DestinationBucketName": {"Ref": logs_id},
        "LogFilePrefix": "exports-bucket/",
    }


def test_every_disclosure_expires_after_30_days(template):
    assert export_bucket(template)["Properties"]["LifecycleConfiguration"] == {
        "Rules": [
            {
                "Id": "expire-disclosures",
                "Status": "Enabled",
                "ExpirationInDays": 30,
                "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
            }
        ]
    }


def bucket_policy(template):
    [policy] = template.find_resources(
        "AWS::S3::BucketPolicy", {"Properties": {"Bucket": {"Ref": export_bucket_id(template)}}}
    ).values()
    return policy["Properties"]["PolicyDocument"]["Statement"]


def test_export_bucket_refuses_requests_without_tls(template):
    assert any(
        statement["Effect"] == "Deny"
        and statement["Action"] == "s3:*"
        and statement["Principal"] == {"AWS": "*"}
        and statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        for statement in bucket_policy(template)
    )


def test_export_bucket_refuses_a_link_signed_more_than_seven_days_ago(template):
    [statement] = [s for s in bucket_policy(template) if s.get("Sid") == "LinksLastAtMostSevenDays"]
    assert statement["Effect"] == "Deny"
    assert statement["Principal"] == {"AWS": "*"}
    assert statement["Action"] == "s3:GetObject"
    assert statement["Condition"] == {"NumericGreaterThan": {"s3:signatureAge": 7 * 24 * 3600 * 1000}}


def test_the_dpo_api_knows_the_export_bucket(template):
    variables = only_resource(template, "AWS::Lambda::Function", {"Handler": API_HANDLER})["Properties"][
        "Environment"
    ]["Variables"]
    assert variables["EXPORT_BUCKET"] == {"Ref": export_bucket_id(template)}


def test_the_dpo_api_may_read_recording_versions_and_write_and_read_only_exports(template):
    recordings_id = logical_id(template, "AWS::S3::Bucket", RECORDINGS_BUCKET)
    exports_id = export_bucket_id(template)
    s3_statements = [
        statement
        for statement in api_statements(template)
        if any(str(action).startswith("s3:") for action in _listed(statement["Action"]))
    ]
    by_sid = {statement["Sid"]: statement for statement in s3_statements}
    assert set(by_sid) == {
        "CopyRecordingVersionsForDisclosure",
        "WriteAndLinkDisclosurePackages",
        "CompleteOrAbortPackageZips",
    }
    copy = by_sid["CopyRecordingVersionsForDisclosure"]
    assert copy["Action"] == "s3:GetObjectVersion"
    assert copy["Resource"] == {"Fn::Join": ["", [{"Fn::GetAtt": [recordings_id, "Arn"]}, "/recordings/*"]]}
    write = by_sid["WriteAndLinkDisclosurePackages"]
    assert sorted(write["Action"]) == ["s3:GetObject", "s3:PutObject"]
    assert write["Resource"] == {"Fn::Join": ["", [{"Fn::GetAtt": [exports_id, "Arn"]}, "/exports/*"]]}

    # Issue 18: the package's zip, a multipart upload; listing its parts and aborting it, nothing more.
    zips = by_sid["CompleteOrAbortPackageZips"]
    assert sorted(zips["Action"]) == ["s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    assert zips["Resource"] == write["Resource"]


def test_the_dpo_api_may_use_the_data_key_that_encrypts_both_buckets(template):
    key = {"Fn::GetAtt": [data_key_id(template), "Arn"]}
    assert any(
        statement["Resource"] == key
        and {"kms:Decrypt", "kms:GenerateDataKey"} <= set(_listed(statement["Action"]))
        for statement in api_statements(template)
    )


def _listed(actions):
    return actions if isinstance(actions, list) else [actions]
