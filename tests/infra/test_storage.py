"""The recordings bucket, its key and its access-log bucket, read from the synthesized template."""

from aws_cdk.assertions import Match

from tests.infra.conftest import (
    RECORDINGS_BUCKET,
    data_key_id,
    key_id_by_alias,
    logical_id,
    messages_key_id,
    only_resource,
)

RECORDINGS = RECORDINGS_BUCKET


def recordings_bucket(template):
    return only_resource(template, "AWS::S3::Bucket", RECORDINGS)


LOGS = {"ObjectLockEnabled": Match.absent(), "LoggingConfiguration": Match.absent()}  # not the export bucket


def access_log_bucket(template):
    return only_resource(template, "AWS::S3::Bucket", LOGS)


def test_keys_are_customer_managed_with_rotation_and_retained(template):
    keys = template.find_resources("AWS::KMS::Key")
    logs_key_id = key_id_by_alias(template, "alias/call-recordings-logs")
    assert set(keys) == {data_key_id(template), messages_key_id(template), logs_key_id}
    for key in keys.values():
        assert key["Properties"]["EnableKeyRotation"] is True
        assert key["DeletionPolicy"] == "Retain"


def test_recordings_bucket_has_object_lock_without_default_retention(template):
    props = recordings_bucket(template)["Properties"]
    assert props["ObjectLockEnabled"] is True
    # Retention is per recording (holds and the sweeper), never a blanket default.
    assert "ObjectLockConfiguration" not in props


def test_recordings_bucket_is_versioned_encrypted_with_the_key_and_retained(template):
    bucket = recordings_bucket(template)
    props = bucket["Properties"]
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    [rule] = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["BucketKeyEnabled"] is True
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    key_id = data_key_id(template)
    assert rule["ServerSideEncryptionByDefault"]["KMSMasterKeyID"] == {"Fn::GetAtt": [key_id, "Arn"]}
    assert bucket["DeletionPolicy"] == "Retain"
    assert bucket["UpdateReplacePolicy"] == "Retain"
    assert "ReplicationConfiguration" not in props


def test_both_buckets_block_all_public_access(template):
    for bucket in (recordings_bucket(template), access_log_bucket(template)):
        assert bucket["Properties"]["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }


def test_both_buckets_refuse_requests_without_tls(template):
    policies = template.find_resources("AWS::S3::BucketPolicy")
    protected = set()
    for policy in policies.values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            if (
                statement["Effect"] == "Deny"
                and statement["Action"] == "s3:*"
                and statement["Principal"] == {"AWS": "*"}
                and statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            ):
                protected.add(policy["Properties"]["Bucket"]["Ref"])
    buckets = {
        logical_id(template, "AWS::S3::Bucket", RECORDINGS),
        logical_id(template, "AWS::S3::Bucket", LOGS),
    }
    assert protected >= buckets


def test_access_logs_go_to_a_separate_encrypted_expiring_bucket(template):
    [logs_id] = template.find_resources("AWS::S3::Bucket", {"Properties": LOGS})
    logging = recordings_bucket(template)["Properties"]["LoggingConfiguration"]
    assert logging["DestinationBucketName"] == {"Ref": logs_id}
    logs = access_log_bucket(template)["Properties"]
    [encryption] = logs["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    # S3 delivers access logs only to SSE-S3 buckets.
    assert encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    [expiry] = logs["LifecycleConfiguration"]["Rules"]
    assert expiry["Status"] == "Enabled"
    assert expiry["ExpirationInDays"] == 400
    # Versioned, so a deleted or overwritten log survives as a noncurrent version for 90 days.
    assert logs["VersioningConfiguration"] == {"Status": "Enabled"}
    assert expiry["NoncurrentVersionExpiration"] == {"NoncurrentDays": 90}


def test_lifecycle_rules_are_exactly_the_backstop_and_the_housekeeping(template):
    rules = recordings_bucket(template)["Properties"]["LifecycleConfiguration"]["Rules"]
    by_id = {rule["Id"]: rule for rule in rules}
    assert by_id == {
        "expire-standard-recordings": {
            "Id": "expire-standard-recordings",
            "Status": "Enabled",
            "TagFilters": [{"Key": "retention", "Value": "standard"}],
            "ExpirationInDays": 92,
            "NoncurrentVersionExpiration": {"NoncurrentDays": 1},
        },
        "expire-quarantine-recordings": {
            "Id": "expire-quarantine-recordings",
            "Status": "Enabled",
            "TagFilters": [{"Key": "retention", "Value": "quarantine"}],
            "ExpirationInDays": 92,
            "NoncurrentVersionExpiration": {"NoncurrentDays": 1},
        },
        "clean-delete-markers-and-uploads": {
            "Id": "clean-delete-markers-and-uploads",
            "Status": "Enabled",
            "ExpiredObjectDeleteMarker": True,
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
        },
    }


def test_no_lifecycle_rule_can_expire_a_held_recording(template):
    rules = recordings_bucket(template)["Properties"]["LifecycleConfiguration"]["Rules"]
    for rule in rules:
        if "ExpirationInDays" in rule or "NoncurrentVersionExpiration" in rule:
            tags = {tag["Key"]: tag["Value"] for tag in rule.get("TagFilters", [])}
            assert tags.get("retention") in {"standard", "quarantine"}, rule["Id"]


def test_every_log_group_is_encrypted_with_the_logs_key_which_only_cloudwatch_logs_uses(template):
    """The log groups hold object keys and ids (checkov CKV_AWS_158): a customer-managed key, whose policy
    lets CloudWatch Logs use it for this account's log groups and nobody else use it at all."""
    logs_key_id = key_id_by_alias(template, "alias/call-recordings-logs")
    groups = template.find_resources("AWS::Logs::LogGroup")
    assert groups
    for name, group in groups.items():
        assert group["Properties"]["KmsKeyId"] == {"Fn::GetAtt": [logs_key_id, "Arn"]}, name
    statements = template.to_json()["Resources"][logs_key_id]["Properties"]["KeyPolicy"]["Statement"]
    [use] = [each for each in statements if "kms:GenerateDataKey*" in each["Action"]]
    assert use["Principal"] == {"Service": "logs.eu-west-2.amazonaws.com"}
    [(operator, condition)] = use["Condition"].items()
    assert operator == "ArnLike" and list(condition) == ["kms:EncryptionContext:aws:logs:arn"]
