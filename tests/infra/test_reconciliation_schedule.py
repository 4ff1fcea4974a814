"""The daily reconciliation's function, schedule, dead letters and least privilege, from the template."""

from tests.infra.conftest import (
    RECORDINGS_BUCKET,
    data_key_id,
    logical_id,
    messages_key_id,
    only_resource,
    registry_table_id,
)

HANDLER = "call_recordings.reconciliation.handler.lambda_handler"


def function(template):
    return only_resource(template, "AWS::Lambda::Function", {"Handler": HANDLER})


def function_id(template):
    return logical_id(template, "AWS::Lambda::Function", {"Handler": HANDLER})


def statements(template):
    role_id = function(template)["Properties"]["Role"]["Fn::GetAtt"][0]
    return [
        statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def listed(actions):
    return actions if isinstance(actions, list) else [actions]


def ingest_queue_id(template):
    queues = template.find_resources("AWS::SQS::Queue")
    [main] = [q for q in queues if "RedrivePolicy" in queues[q]["Properties"] and q.startswith("Ingest")]
    return main


def dead_letters_id(template):
    rule = only_resource(
        template, "AWS::Events::Rule", {"Targets": [{"Arn": {"Fn::GetAtt": [function_id(template), "Arn"]}}]}
    )
    [target] = rule["Properties"]["Targets"]
    return target["DeadLetterConfig"]["Arn"]["Fn::GetAtt"][0]


def test_function_runs_up_to_15_minutes_as_the_reconciliation_service_with_its_settings(template):
    props = function(template)["Properties"]
    assert props["Timeout"] <= 900
    variables = props["Environment"]["Variables"]
    assert variables["POWERTOOLS_SERVICE_NAME"] == "reconciliation"
    assert variables["RECORDINGS_PREFIX"] == "recordings/"
    assert variables["REGISTRY_TABLE"] == {"Ref": registry_table_id(template)}
    assert variables["INGEST_QUEUE_URL"] == {"Ref": ingest_queue_id(template)}
    assert set(variables) >= {"RECORDINGS_BUCKET", "AUDIT_TABLE", "DPO_ALERTS_TOPIC_ARN"}
    assert "AS_OF" not in variables  # only the local run sets it


def test_it_runs_daily_at_three_with_retries_and_a_dead_letter_queue(template):
    rule = only_resource(
        template, "AWS::Events::Rule", {"Targets": [{"Arn": {"Fn::GetAtt": [function_id(template), "Arn"]}}]}
    )["Properties"]
    assert rule["ScheduleExpression"] == "cron(0 3 * * ? *)"
    assert rule["State"] == "ENABLED"
    [target] = rule["Targets"]
    assert target["RetryPolicy"]["MaximumRetryAttempts"] >= 1
    invoke_config = only_resource(
        template, "AWS::Lambda::EventInvokeConfig", {"FunctionName": {"Ref": function_id(template)}}
    )["Properties"]
    # A failed run (after Lambda's own retries) lands in the same dead-letter queue as an undelivered one.
    assert invoke_config["DestinationConfig"]["OnFailure"]["Destination"] == {
        "Fn::GetAtt": [dead_letters_id(template), "Arn"]
    }


def test_dead_letters_are_encrypted_tls_only_and_alarmed_to_the_dpo(template):
    dead = dead_letters_id(template)
    queue = template.find_resources("AWS::SQS::Queue")[dead]["Properties"]
    assert queue["SqsManagedSseEnabled"] is True
    [policy] = template.find_resources(
        "AWS::SQS::QueuePolicy", {"Properties": {"Queues": [{"Ref": dead}]}}
    ).values()
    assert any(
        s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        for s in policy["Properties"]["PolicyDocument"]["Statement"]
    )
    alarm = only_resource(
        template,
        "AWS::CloudWatch::Alarm",
        {"Dimensions": [{"Name": "QueueName", "Value": {"Fn::GetAtt": [dead, "QueueName"]}}]},
    )["Properties"]
    assert alarm["Threshold"] == 0
    assert alarm["AlarmActions"]


def test_the_role_has_only_the_actions_it_needs(template):
    actions = {action for statement in statements(template) for action in listed(statement["Action"])}
    assert all(statement["Effect"] == "Allow" for statement in statements(template))
    assert actions == {
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "s3:ListBucketVersions",
        "dynamodb:Scan",
        "dynamodb:UpdateItem",
        "dynamodb:PutItem",  # the audit trail only (below)
        "dynamodb:Query",  # the audit trail's entries about the bucket only (below)
        "sqs:SendMessage",
        "sqs:GetQueueAttributes",  # CDK's grant for the dead-letter destination
        "sqs:GetQueueUrl",
        "sns:Publish",
        "kms:Decrypt",
        "kms:GenerateDataKey",
    }


def test_it_lists_the_whole_bucket_and_never_reads_a_recording(template):
    # Every prefix, not only recordings/: what is outside it is what must be reported (issue 13 item 7).
    [listing] = [s for s in statements(template) if "s3:ListBucketVersions" in listed(s["Action"])]
    bucket_id = logical_id(template, "AWS::S3::Bucket", RECORDINGS_BUCKET)
    assert listing["Resource"] == {"Fn::GetAtt": [bucket_id, "Arn"]}
    assert "Condition" not in listing
    assert not [a for s in statements(template) for a in listed(s["Action"]) if a.startswith("s3:Get")]


def test_of_the_audit_trail_it_reads_back_only_the_entries_filed_under_the_bucket(template):
    [query] = [s for s in statements(template) if "dynamodb:Query" in listed(s["Action"])]
    bucket_id = logical_id(template, "AWS::S3::Bucket", RECORDINGS_BUCKET)
    assert query["Resource"] == {"Fn::GetAtt": [audit_table_id(template), "Arn"]}
    assert query["Condition"] == {
        "ForAllValues:StringEquals": {
            "dynamodb:LeadingKeys": [{"Fn::Join": ["", ["bucket#", {"Ref": bucket_id}]]}]
        }
    }


def test_an_object_outside_the_upload_contract_alarms_the_dpo_until_it_is_dealt_with(template):
    [alarm] = template.find_resources(
        "AWS::CloudWatch::Alarm", {"Properties": {"MetricName": "ObjectsOutsideContract"}}
    ).values()
    properties = alarm["Properties"]
    assert properties["Namespace"] == "CallRecordings"
    assert properties["Dimensions"] == [{"Name": "service", "Value": "reconciliation"}]
    assert (properties["Statistic"], properties["Period"]) == ("Maximum", 86400)
    assert (properties["ComparisonOperator"], properties["Threshold"]) == ("GreaterThanThreshold", 0)
    assert properties["AlarmActions"] and properties["OKActions"]


def test_each_write_goes_to_its_one_resource(template):
    by_sid = {statement.get("Sid"): statement for statement in statements(template)}
    assert by_sid["ScanAndFlagTheRegistry"]["Resource"] == {
        "Fn::GetAtt": [registry_table_id(template), "Arn"]
    }
    assert by_sid["SendLostUploadsBackThroughIngest"]["Resource"] == {
        "Fn::GetAtt": [ingest_queue_id(template), "Arn"]
    }
    assert by_sid["UseTheMessagesKey"]["Resource"] == {"Fn::GetAtt": [messages_key_id(template), "Arn"]}
    assert by_sid["UseTheRecordingsKey"]["Resource"] == {"Fn::GetAtt": [data_key_id(template), "Arn"]}
    assert by_sid["AppendToAuditTrail"]["Resource"] == {"Fn::GetAtt": [audit_table_id(template), "Arn"]}

    topic = by_sid["ReportToTheDpo"]
    assert topic["Action"] == "sns:Publish"
    assert topic["Resource"] == {
        "Ref": logical_id(
            template,
            "AWS::SNS::Topic",
            {"KmsMasterKeyId": {"Fn::GetAtt": [messages_key_id(template), "Arn"]}},
        )
    }


def audit_table_id(template) -> str:
    return logical_id(
        template,
        "AWS::DynamoDB::Table",
        {
            "KeySchema": [
                {"AttributeName": "target", "KeyType": "HASH"},
                {"AttributeName": "entry", "KeyType": "RANGE"},
            ]
        },
    )
