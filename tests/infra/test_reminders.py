"""The casework reminders function, its daily schedule and its least-privilege role, from the template."""

from tests.infra.conftest import logical_id, messages_key_id, only_resource

HANDLER = "call_recordings.rights.reminders_handler.lambda_handler"


def _function(template):
    return only_resource(template, "AWS::Lambda::Function", {"Handler": HANDLER})


def _statements(template):
    role_id = _function(template)["Properties"]["Role"]["Fn::GetAtt"][0]
    return [
        statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def _actions(statement):
    listed = statement["Action"]
    return set(listed if isinstance(listed, list) else [listed])


def test_the_reminders_run_every_morning_at_seven_utc_with_retries_and_a_dead_letter_queue(template):
    function_id = logical_id(template, "AWS::Lambda::Function", {"Handler": HANDLER})
    [rule] = [
        rule
        for rule in template.find_resources("AWS::Events::Rule").values()
        if rule["Properties"]["Targets"][0]["Arn"] == {"Fn::GetAtt": [function_id, "Arn"]}
    ]
    props = rule["Properties"]
    assert props["ScheduleExpression"] == "cron(0 7 * * ? *)"
    assert props["State"] == "ENABLED"
    [target] = props["Targets"]
    assert target["RetryPolicy"]["MaximumRetryAttempts"] == 2
    dead_letters = target["DeadLetterConfig"]["Arn"]["Fn::GetAtt"][0]
    alarms = template.find_resources("AWS::CloudWatch::Alarm")
    assert any(
        alarm["Properties"]["Dimensions"][0]["Value"] == {"Fn::GetAtt": [dead_letters, "QueueName"]}
        and alarm["Properties"]["AlarmActions"]
        for alarm in alarms.values()
        if alarm["Properties"].get("Dimensions")
    )
    invoke_config = only_resource(
        template, "AWS::Lambda::EventInvokeConfig", {"FunctionName": {"Ref": function_id}}
    )["Properties"]
    assert invoke_config["DestinationConfig"]["OnFailure"]["Destination"] == {
        "Fn::GetAtt": [dead_letters, "Arn"]
    }


def test_the_reminders_function_reads_settings_from_its_environment_never_as_of(template):
    environment = _function(template)["Properties"]["Environment"]["Variables"]
    assert environment["POWERTOOLS_SERVICE_NAME"] == "casework-reminders"
    assert set(environment) >= {"REQUESTS_TABLE", "DPO_ALERTS_TOPIC_ARN"}
    assert "AS_OF" not in environment


def test_the_reminders_role_queries_the_kind_index_and_publishes_to_the_dpo_topic_only(template):
    statements = _statements(template)
    actions = set().union(*(_actions(statement) for statement in statements))
    assert actions == {
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "dynamodb:Query",
        "sns:Publish",
        "kms:Decrypt",
        "kms:GenerateDataKey",
        "sqs:SendMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
    }
    by_sid = {statement.get("Sid"): statement for statement in statements}
    query = by_sid["ListOutstandingSars"]
    assert _actions(query) == {"dynamodb:Query"}
    requests_id = query["Resource"]["Fn::Join"][1][0]["Fn::GetAtt"][0]
    assert query["Resource"]["Fn::Join"][1][1] == "/index/by-kind"
    assert (
        template.to_json()["Resources"][requests_id]["Properties"]["KeySchema"][0]["AttributeName"]
        == "request_id"
    )
    topic_id = logical_id(
        template, "AWS::SNS::Topic", {"DisplayName": "Call recordings: Data Protection Officer alerts"}
    )
    assert by_sid["RemindTheDpo"]["Resource"] == {"Ref": topic_id}
    assert by_sid["EncryptForTheAlertsTopic"]["Resource"] == {
        "Fn::GetAtt": [messages_key_id(template), "Arn"]
    }
    assert all(statement["Resource"] != "*" for statement in statements)
