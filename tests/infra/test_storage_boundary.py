"""Issue 13 items 4, 5 and 9, at the layer that enforces them: the recordings bucket's policy and the
audit table's resource policy (DESIGN section 8). moto enforces neither, so the statements are asserted
in the synthesized template; that they are denies to every principal matters: an explicit deny wins
over any identity policy a principal in the account may be given."""

import json

from tests.infra.conftest import logical_id
from tests.infra.test_dpo_api_and_holds import bucket_statements

EVERYONE = {"AWS": "*"}


def _recordings_objects(statement) -> str:
    return json.dumps(statement["Resource"])


def test_nobody_deletes_a_recording_without_naming_its_version(template):
    statement = bucket_statements(template)["NoVersionlessDeletesOfRecordings"]
    assert (statement["Effect"], statement["Principal"], statement["Action"]) == (
        "Deny",
        EVERYONE,
        "s3:DeleteObject",
    )
    assert "Condition" not in statement  # no exception: the sweeper and eraser name versions
    assert '"/recordings/*"' in _recordings_objects(statement)


def test_an_upload_that_could_overwrite_an_existing_recording_is_denied(template):
    statement = bucket_statements(template)["RecordingsAreNeverOverwritten"]
    assert (statement["Effect"], statement["Principal"], statement["Action"]) == (
        "Deny",
        EVERYONE,
        "s3:PutObject",
    )
    # Denied whenever a request that creates an object (PutObject, CompleteMultipartUpload) does not
    # carry If-None-Match (S3 accepts only "*" there). The other steps of a multipart upload
    # (CreateMultipartUpload, UploadPart) cannot carry it: s3:ObjectCreationOperation exempts them, or
    # a multipart upload could never be made (S3 User Guide, "Enforce conditional writes").
    assert statement["Condition"] == {
        "Null": {"s3:if-none-match": "true"},
        "Bool": {"s3:ObjectCreationOperation": "true"},
    }
    assert '"/recordings/*"' in _recordings_objects(statement)


def test_nobody_sets_an_object_lock_retention_period(template):
    statement = bucket_statements(template)["NobodySetsObjectRetention"]
    assert (statement["Effect"], statement["Principal"], statement["Action"]) == (
        "Deny",
        EVERYONE,
        "s3:PutObjectRetention",
    )
    assert "Condition" not in statement


def test_only_deployments_change_or_remove_the_bucket_policy(template):
    statement = bucket_statements(template)["OnlyDeploymentsChangeTheBucketPolicy"]
    assert statement["Effect"] == "Deny" and statement["Principal"] == EVERYONE
    assert sorted(statement["Action"]) == ["s3:DeleteBucketPolicy", "s3:PutBucketPolicy"]
    [exempt] = statement["Condition"]["ArnNotEquals"]["aws:PrincipalArn"].values()
    assert "cfn-exec-role" in json.dumps(exempt)  # the CDK CloudFormation execution role, no other


def test_the_audit_table_can_be_neither_rewritten_nor_reconfigured_except_by_deployments(template):
    audit_id = logical_id(
        template,
        "AWS::DynamoDB::Table",
        {
            "KeySchema": [
                {"AttributeName": "target", "KeyType": "HASH"},
                {"AttributeName": "entry", "KeyType": "RANGE"},
            ]
        },
    )
    policy = template.to_json()["Resources"][audit_id]["Properties"]["ResourcePolicy"]["PolicyDocument"]
    statements = {statement["Sid"]: statement for statement in policy["Statement"]}
    rewrites = statements["AuditTrailIsAppendOnly"]
    assert rewrites["Effect"] == "Deny" and "Condition" not in rewrites
    assert {"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"} <= set(
        rewrites["Action"]
    )
    table = statements["OnlyDeploymentsChangeTheAuditTable"]
    assert table["Effect"] == "Deny" and table["Principal"] == EVERYONE
    assert set(table["Action"]) == {
        "dynamodb:UpdateTable",
        "dynamodb:DeleteTable",
        "dynamodb:UpdateTimeToLive",
        "dynamodb:PutResourcePolicy",
        "dynamodb:DeleteResourcePolicy",
    }
    assert "cfn-exec-role" in json.dumps(table["Condition"]["ArnNotEquals"]["aws:PrincipalArn"])
