"""The telephony system's role: it may put recordings under recordings/ and encrypt them, nothing else."""

from infra.app import build_app, project_context
from tests.infra.conftest import RECORDINGS_BUCKET, data_key_id, logical_id, readme_deploy_context

DESCRIPTION = "Assumed by the telephony system to upload call recordings under recordings/"


def uploader_role_id(template) -> str:
    return logical_id(template, "AWS::IAM::Role", {"Description": DESCRIPTION})


def uploader_statements(template) -> list[dict]:
    role_id = uploader_role_id(template)
    policies = [
        policy["Properties"]
        for policy in template.find_resources("AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
    ]
    [policy] = policies  # one policy, attached to no other role
    assert policy["Roles"] == [{"Ref": role_id}]
    return policy["PolicyDocument"]["Statement"]


def test_only_the_named_telephony_principals_may_assume_the_uploader(deployment_template):
    role = deployment_template.find_resources("AWS::IAM::Role")[uploader_role_id(deployment_template)]
    named = readme_deploy_context()["telephonyPrincipalArns"].split(",")
    [trust] = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Action"] == "sts:AssumeRole" and trust["Effect"] == "Allow"
    assert trust["Principal"] == {"AWS": named if len(named) > 1 else named[0]}
    assert "ManagedPolicyArns" not in role["Properties"]


def test_the_uploader_may_only_put_new_objects_under_recordings(deployment_template):
    bucket_id = logical_id(deployment_template, "AWS::S3::Bucket", RECORDINGS_BUCKET)
    recordings = {"Fn::Join": ["", [{"Fn::GetAtt": [bucket_id, "Arn"]}, "/recordings/*"]]}
    upload, parts, encrypt = uploader_statements(deployment_template)
    # A put that creates an object (PutObject, CompleteMultipartUpload) only with If-None-Match, as the
    # bucket policy requires of everyone; the multipart steps that create none cannot carry it.
    assert upload == {
        "Sid": "UploadNewRecordings",
        "Effect": "Allow",
        "Action": "s3:PutObject",
        "Resource": recordings,
        "Condition": {"Null": {"s3:if-none-match": "false"}},
    }
    assert parts == {
        "Sid": "UploadPartsOfNewRecordings",
        "Effect": "Allow",
        "Action": "s3:PutObject",
        "Resource": recordings,
        "Condition": {"Bool": {"s3:ObjectCreationOperation": "false"}},
    }
    # SSE-KMS with the data key, only through S3 in London and only for this bucket's objects.
    assert encrypt == {
        "Sid": "EncryptRecordingsThroughS3",
        "Effect": "Allow",
        "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
        "Resource": {"Fn::GetAtt": [data_key_id(deployment_template), "Arn"]},
        "Condition": {
            "StringEquals": {"kms:ViaService": "s3.eu-west-2.amazonaws.com"},
            "StringLike": {
                "kms:EncryptionContext:aws:s3:arn": [{"Fn::GetAtt": [bucket_id, "Arn"]}, recordings]
            },
        },
    }


def test_the_uploader_role_arn_is_a_stack_output(deployment_template):
    output = deployment_template.find_outputs("TelephonyUploaderRoleArn")["TelephonyUploaderRoleArn"]
    assert output["Value"] == {"Fn::GetAtt": [uploader_role_id(deployment_template), "Arn"]}


def test_with_no_telephony_principals_there_is_no_uploader(template):
    assert not template.find_resources("AWS::IAM::Role", {"Properties": {"Description": DESCRIPTION}})
    assert "TelephonyUploaderRoleArn" not in template.find_outputs("*")


def test_a_deployment_without_telephony_principals_warns_that_nothing_can_upload(tmp_path):
    context = readme_deploy_context()
    del context["telephonyPrincipalArns"]
    _, stack = build_app(context=project_context(**context), outdir=str(tmp_path))  # built, not synthesized
    warnings = [entry.data for entry in stack.node.metadata if entry.type == "aws:cdk:warning"]
    assert any("No telephonyPrincipalArns" in str(warning) for warning in warnings), warnings
