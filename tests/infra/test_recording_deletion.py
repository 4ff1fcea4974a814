"""Deletion from the template: the daily schedule with retries and an alarmed dead-letter queue, the
sweeper's and the eraser's least-privilege roles, and the bucket policy that lets only them delete a
recording version."""

from tests.infra.conftest import only_resource, registry_table_id
from tests.infra.test_dpo_api_and_holds import (
    API_HANDLERS,
    DISCLOSURE_HANDLER,
    actions_of,
    bucket_statements,
    role_of,
)

SWEEPER = "call_recordings.deletion.sweeper_handler.lambda_handler"
ERASER = "call_recordings.deletion.eraser_handler.lambda_handler"


def statements_of(template, role_id):
    found = {}
    for policy in template.find_resources("AWS::IAM::Policy").values():
        if {"Ref": role_id} in policy["Properties"]["Roles"]:
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
                if "Sid" in statement:
                    found[statement["Sid"]] = statement
    return found


def test_the_sweeper_runs_daily_with_retries_and_a_dead_letter_queue(template):
    [sweeper_id] = template.find_resources("AWS::Lambda::Function", {"Properties": {"Handler": SWEEPER}})
    sweeper = template.find_resources("AWS::Lambda::Function")[sweeper_id]["Properties"]
    assert sweeper["Timeout"] == 900
    assert sweeper["Environment"]["Variables"]["POWERTOOLS_SERVICE_NAME"] == "retention-sweeper"
    assert "AS_OF" not in sweeper["Environment"]["Variables"]  # only the local run sets it
    [rule] = [
        rule["Properties"]
        for rule in template.find_resources("AWS::Events::Rule").values()
        if rule["Properties"]["Targets"][0]["Arn"] == {"Fn::GetAtt": [sweeper_id, "Arn"]}
    ]
    assert rule["ScheduleExpression"] == "cron(0 2 * * ? *)"
    [target] = rule["Targets"]
    assert target["RetryPolicy"]["MaximumRetryAttempts"] == 2
    dead_letters = target["DeadLetterConfig"]["Arn"]["Fn::GetAtt"][0]
    [invoke_config] = [
        config["Properties"]
        for config in template.find_resources("AWS::Lambda::EventInvokeConfig").values()
        if config["Properties"]["FunctionName"] == {"Ref": sweeper_id}
    ]
    assert invoke_config["MaximumRetryAttempts"] == 2
    assert invoke_config["DestinationConfig"]["OnFailure"]["Destination"] == {
        "Fn::GetAtt": [dead_letters, "Arn"]
    }
    alarms = template.find_resources("AWS::CloudWatch::Alarm")
    assert any(
        {"Name": "QueueName", "Value": {"Fn::GetAtt": [dead_letters, "QueueName"]}}
        in alarm["Properties"].get("Dimensions", [])
        for alarm in alarms.values()
    )


def test_only_the_sweeper_and_the_eraser_may_delete_a_recording_version(template):
    deletion = bucket_statements(template)["OnlyScheduledDeletionAndErasureDeleteVersions"]
    assert deletion["Effect"] == "Deny" and deletion["Action"] == "s3:DeleteObjectVersion"
    exempt = deletion["Condition"]["ArnNotEquals"]["aws:PrincipalArn"]
    assert exempt == [
        {"Fn::GetAtt": [role_of(template, SWEEPER), "Arn"]},
        {"Fn::GetAtt": [role_of(template, ERASER), "Arn"]},
    ]
    for handler in (
        *API_HANDLERS,
        "call_recordings.ingest.handler.lambda_handler",
        "call_recordings.holds.worker_handler.lambda_handler",
    ):
        assert "s3:DeleteObjectVersion" not in actions_of(template, role_of(template, handler))


def test_the_sweeper_finds_due_versions_by_index_and_deletes_only_exact_versions(template):
    role = role_of(template, SWEEPER)
    statements = statements_of(template, role)
    s3_actions = {action for action in actions_of(template, role) if action.startswith("s3:")}
    assert s3_actions == {"s3:DeleteObjectVersion", "s3:GetObjectVersionTagging", "s3:GetObjectLegalHold"}
    assert "s3:ListBucket" not in actions_of(template, role)  # never lists the bucket
    registry = registry_table_id(template)
    query = statements["FindDueVersions"]
    assert query["Action"] == "dynamodb:Query"
    assert query["Resource"] == {"Fn::Join": ["", [{"Fn::GetAtt": [registry, "Arn"]}, "/index/by-due-date"]]}
    assert statements["ClaimAndTombstoneRegistryItems"]["Action"] == "dynamodb:UpdateItem"
    checkpoint = statements["KeepTheSweepCheckpoint"]
    assert set(checkpoint["Action"]) == {"dynamodb:GetItem", "dynamodb:PutItem"}
    assert checkpoint["Condition"] == {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["sweeper"]}}
    assert "dynamodb:DeleteItem" not in actions_of(template, role)


def test_the_eraser_deletes_exact_versions_and_the_api_s_disclosure_function_may_invoke_it(template):
    role = role_of(template, ERASER)
    actions = actions_of(template, role)
    assert {action for action in actions if action.startswith("s3:")} == {
        "s3:DeleteObjectVersion",
        "s3:GetObjectVersionTagging",
        "s3:GetObjectLegalHold",
        "s3:ListBucketVersions",  # a destroyed capture's delete markers, under recordings/ only
    }
    listing = statements_of(template, role)["FindTheDeleteMarkersOfADestroyedCapture"]
    assert listing["Action"] == "s3:ListBucketVersions"
    assert listing["Condition"] == {"StringLike": {"s3:prefix": ["recordings/*"]}}
    assert "s3:ListBucket" not in actions and "s3:GetObject" not in actions  # no content, no metadata
    assert {action for action in actions if action.startswith("dynamodb:")} == {
        "dynamodb:UpdateItem",
        "dynamodb:PutItem",  # the audit trail, append only
        "dynamodb:GetItem",  # the erasure's record: the eraser acts on it alone (DESIGN section 8)
    }
    read = statements_of(template, role)["ReadTheErasureRecord"]
    assert read["Action"] == "dynamodb:GetItem"
    assert read["Resource"]["Fn::GetAtt"][1] == "Arn" and "Requests" in read["Resource"]["Fn::GetAtt"][0]
    eraser_id = only_resource(template, "AWS::Lambda::Function", {"Handler": ERASER})
    api = only_resource(template, "AWS::Lambda::Function", {"Handler": DISCLOSURE_HANDLER})["Properties"]
    [eraser_logical_id] = template.find_resources(
        "AWS::Lambda::Function", {"Properties": eraser_id["Properties"]}
    )
    assert api["Environment"]["Variables"]["ERASER_FUNCTION"] == {"Ref": eraser_logical_id}
    invoke = statements_of(template, role_of(template, DISCLOSURE_HANDLER))["EraseThroughTheEraser"]
    assert invoke["Action"] == "lambda:InvokeFunction"
    assert invoke["Resource"] == {"Fn::GetAtt": [eraser_logical_id, "Arn"]}
