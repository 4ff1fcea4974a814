"""The upload pipeline's wiring, read from the synthesized template."""

from call_recordings.core.tables import CALL_IDS
from tests.infra.conftest import (
    RECORDINGS_BUCKET,
    data_key_id,
    logical_id,
    messages_key_id,
    only_resource,
    registry_table_id,
)

INGEST_HANDLER = "call_recordings.ingest.handler.lambda_handler"


def ingest_function(template):
    return only_resource(template, "AWS::Lambda::Function", {"Handler": INGEST_HANDLER})


def queues(template):
    queues = template.find_resources("AWS::SQS::Queue")
    [main] = [q for q in queues if "RedrivePolicy" in queues[q]["Properties"] and q.startswith("Ingest")]
    dead = queues[main]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
    return main, dead, queues


def policy_statements(template, role_id):
    statements = []
    for policy in template.find_resources("AWS::IAM::Policy").values():
        if {"Ref": role_id} in policy["Properties"]["Roles"]:
            statements += policy["Properties"]["PolicyDocument"]["Statement"]
    return statements


def test_created_objects_under_recordings_are_sent_to_the_queue(template):
    main, _, _ = queues(template)
    notifications = only_resource(template, "Custom::S3BucketNotifications")["Properties"]
    assert notifications["NotificationConfiguration"] == {
        "QueueConfigurations": [
            {
                "Events": ["s3:ObjectCreated:*"],
                "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "recordings/"}]}},
                "QueueArn": {"Fn::GetAtt": [main, "Arn"]},
            }
        ]
    }


def test_queues_are_encrypted_tls_only_and_dead_letter_after_a_few_receives(template):
    main, dead, all_queues = queues(template)
    key = {"Fn::GetAtt": [messages_key_id(template), "Arn"]}
    for queue_id in (main, dead):
        assert all_queues[queue_id]["Properties"]["KmsMasterKeyId"] == key
        [policy] = template.find_resources(
            "AWS::SQS::QueuePolicy", {"Properties": {"Queues": [{"Ref": queue_id}]}}
        ).values()
        assert {
            "Action": "sqs:*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            "Effect": "Deny",
            "Principal": {"AWS": "*"},
            "Resource": {"Fn::GetAtt": [queue_id, "Arn"]},
        } in policy["Properties"]["PolicyDocument"]["Statement"]
    assert 3 <= all_queues[main]["Properties"]["RedrivePolicy"]["maxReceiveCount"] <= 10


def test_visibility_is_at_least_six_times_the_function_timeout(template):
    main, _, all_queues = queues(template)
    timeout = ingest_function(template)["Properties"]["Timeout"]
    assert all_queues[main]["Properties"]["VisibilityTimeout"] >= 6 * timeout


def test_function_consumes_the_queue_with_partial_batch_failure(template):
    main, _, _ = queues(template)
    function_id = logical_id(template, "AWS::Lambda::Function", {"Handler": INGEST_HANDLER})
    mapping = only_resource(
        template, "AWS::Lambda::EventSourceMapping", {"FunctionName": {"Ref": function_id}}
    )["Properties"]
    assert mapping["EventSourceArn"] == {"Fn::GetAtt": [main, "Arn"]}
    assert mapping["FunctionName"] == {"Ref": function_id}
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_function_runs_python_312_with_the_dependencies_layer_and_its_settings(template):
    props = ingest_function(template)["Properties"]
    assert props["Runtime"] == "python3.12"
    assert len(props["Layers"]) == 1
    variables = props["Environment"]["Variables"]
    assert variables["RECORDINGS_PREFIX"] == "recordings/"
    assert variables["REGISTRY_TABLE"] == {"Ref": registry_table_id(template)}
    assert set(variables) >= {"HMAC_SECRET_ARN", "DPO_ALERTS_TOPIC_ARN", "POWERTOOLS_SERVICE_NAME"}


def test_ingest_role_has_only_the_actions_it_needs(template):
    role_id = ingest_function(template)["Properties"]["Role"]["Fn::GetAtt"][0]
    role = template.find_resources("AWS::IAM::Role")[role_id]["Properties"]
    assert "ManagedPolicyArns" not in role
    actions = set()
    for statement in policy_statements(template, role_id):
        assert statement["Effect"] == "Allow"
        listed = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        actions.update(listed)
    assert actions == {
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:ReceiveMessage",
        "kms:Decrypt",
        "kms:GenerateDataKey",
        "kms:GenerateDataKey*",
        "s3:GetObjectVersion",
        "s3:PutObjectVersionTagging",
        "dynamodb:PutItem",
        "dynamodb:GetItem",
        "dynamodb:UpdateItem",
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
        "sns:Publish",
    }


def test_ingest_may_touch_only_objects_under_recordings(template):
    role_id = ingest_function(template)["Properties"]["Role"]["Fn::GetAtt"][0]
    [s3_statement] = [s for s in policy_statements(template, role_id) if "s3:GetObjectVersion" in s["Action"]]
    bucket_id = logical_id(template, "AWS::S3::Bucket", RECORDINGS_BUCKET)
    assert s3_statement["Resource"] == {
        "Fn::Join": ["", [{"Fn::GetAtt": [bucket_id, "Arn"]}, "/recordings/*"]]
    }


def test_dead_letters_raise_an_alarm_to_the_dpo(template):
    _, dead, _ = queues(template)
    topic_id = logical_id(
        template, "AWS::SNS::Topic", {"KmsMasterKeyId": {"Fn::GetAtt": [messages_key_id(template), "Arn"]}}
    )
    alarm = only_resource(
        template,
        "AWS::CloudWatch::Alarm",
        {"Dimensions": [{"Name": "QueueName", "Value": {"Fn::GetAtt": [dead, "QueueName"]}}]},
    )["Properties"]
    assert alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert alarm["ComparisonOperator"] == "GreaterThanThreshold"
    assert alarm["Threshold"] == 0
    assert alarm["AlarmActions"] == [{"Ref": topic_id}]


def test_subject_key_is_a_generated_secret_encrypted_with_the_data_key(template):
    secret = only_resource(template, "AWS::SecretsManager::Secret")
    assert secret["Properties"]["KmsKeyId"] == {"Fn::GetAtt": [data_key_id(template), "Arn"]}
    assert secret["Properties"]["GenerateSecretString"]["PasswordLength"] >= 32
    assert secret["DeletionPolicy"] == "Retain"


def test_ingest_registers_into_the_registry_and_claims_call_ids_in_the_call_ids_table_only(template):
    """Ingest alone writes the call ids table (core.tables.CALL_IDS): a version's item and its call id's
    claim in one transaction, so both tables are in the one statement, and nothing else. The claim is an
    update (it lists the version under its call id): UpdateItem on the call ids table only, never on
    the registry, whose items ingest only ever puts."""
    call_ids_id = logical_id(template, "AWS::DynamoDB::Table", {"KeySchema": CALL_IDS.key_schema()})
    props = ingest_function(template)["Properties"]
    assert props["Environment"]["Variables"]["CALL_IDS_TABLE"] == {"Ref": call_ids_id}
    role_id = props["Role"]["Fn::GetAtt"][0]
    [registering] = [s for s in policy_statements(template, role_id) if s.get("Sid") == "RegisterRecordings"]
    assert sorted(registering["Action"]) == ["dynamodb:GetItem", "dynamodb:PutItem"]
    assert sorted(resource["Fn::GetAtt"][0] for resource in registering["Resource"]) == sorted(
        [registry_table_id(template), call_ids_id]
    )
    [listing] = [
        s for s in policy_statements(template, role_id) if s.get("Sid") == "ListVersionsUnderTheirCallIds"
    ]
    assert listing["Action"] == "dynamodb:UpdateItem"
    assert listing["Resource"] == {"Fn::GetAtt": [call_ids_id, "Arn"]}
