"""Issue 13 item 5, from the template: the audit table's stream, the archiver's event source mapping and
its on-failure queue, the archive bucket (Object Lock in compliance mode, retention from context, its
policy), the daily verification, and the alarms that reach the DPO (DESIGN section 8, docs/audit.md).
moto enforces no bucket or table policy, so the statements are asserted here."""

import json

import pytest

from call_recordings.core.observability import Metric, Service
from infra.config import ContextError, StackSettings
from tests.infra.conftest import data_key_id, function_statements, logical_id, messages_key_id, only_resource
from tests.infra.test_monitoring import alarm_on, notifies_the_dpo

ARCHIVER = "call_recordings.audit_archive.archiver_handler.lambda_handler"
VERIFICATION = "call_recordings.audit_archive.verification_handler.lambda_handler"
ARCHIVE_BUCKET = {"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled"}}
EVERYONE = {"AWS": "*"}
AUDIT_KEYS = {
    "KeySchema": [
        {"AttributeName": "target", "KeyType": "HASH"},
        {"AttributeName": "entry", "KeyType": "RANGE"},
    ]
}


def audit_table_id(template):
    return logical_id(template, "AWS::DynamoDB::Table", AUDIT_KEYS)


def archive(template):
    return only_resource(template, "AWS::S3::Bucket", ARCHIVE_BUCKET)["Properties"]


def archive_id(template):
    return logical_id(template, "AWS::S3::Bucket", ARCHIVE_BUCKET)


def function_id(template, handler):
    return logical_id(template, "AWS::Lambda::Function", {"Handler": handler})


def listed(actions):
    return actions if isinstance(actions, list) else [actions]


def bucket_policy(template) -> dict[str, dict]:
    policy = only_resource(template, "AWS::S3::BucketPolicy", {"Bucket": {"Ref": archive_id(template)}})
    return {
        statement.get("Sid", ""): statement
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    }


def test_the_audit_table_streams_every_write_with_its_old_and_new_image(template):
    table = template.to_json()["Resources"][audit_table_id(template)]["Properties"]
    assert table["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert "TimeToLiveSpecification" not in table  # DynamoDB itself deletes no entry


def test_the_archiver_reads_the_stream_with_retries_bisection_and_an_on_failure_queue(template):
    mapping = only_resource(
        template,
        "AWS::Lambda::EventSourceMapping",
        {"FunctionName": {"Ref": function_id(template, ARCHIVER)}},
    )["Properties"]
    assert mapping["EventSourceArn"] == {"Fn::GetAtt": [audit_table_id(template), "StreamArn"]}
    assert mapping["StartingPosition"] == "TRIM_HORIZON"
    assert mapping["BisectBatchOnFunctionError"] is True
    assert mapping["MaximumRetryAttempts"] >= 3
    # Sent to the on-failure queue well before the stream's 24 hours drop the record.
    assert mapping["MaximumRecordAgeInSeconds"] <= 12 * 3600
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    failures_id = mapping["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][0]
    queue = template.to_json()["Resources"][failures_id]["Properties"]
    assert queue["KmsMasterKeyId"] == {"Fn::GetAtt": [messages_key_id(template), "Arn"]}
    alarm = [
        props
        for props in template.find_resources("AWS::CloudWatch::Alarm").values()
        if props["Properties"].get("Dimensions")
        == [{"Name": "QueueName", "Value": {"Fn::GetAtt": [failures_id, "QueueName"]}}]
    ]
    assert len(alarm) == 1 and notifies_the_dpo(template, alarm[0]["Properties"])
    assert alarm[0]["Properties"]["Threshold"] == 0


def test_the_archive_bucket_locks_every_entry_in_compliance_mode_for_six_years_by_default(template):
    props = archive(template)
    assert props["ObjectLockEnabled"] is True
    assert props["ObjectLockConfiguration"]["Rule"]["DefaultRetention"] == {"Mode": "COMPLIANCE", "Years": 6}
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    [rule] = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["KMSMasterKeyID"] == {
        "Fn::GetAtt": [data_key_id(template), "Arn"]
    }
    assert all(props["PublicAccessBlockConfiguration"].values())
    assert props["LoggingConfiguration"]["LogFilePrefix"] == "audit-archive-bucket/"
    assert "LifecycleConfiguration" not in props  # nothing expires an archived entry


def test_the_retention_comes_from_context_and_a_wrong_value_is_refused_before_synth(synthesize):
    longer = synthesize(auditArchiveRetentionYears="10")
    template = json.loads(longer.template_path.read_text())
    [props] = [
        resource["Properties"]
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::S3::Bucket" and "ObjectLockConfiguration" in resource["Properties"]
    ]
    assert props["ObjectLockConfiguration"]["Rule"]["DefaultRetention"] == {"Mode": "COMPLIANCE", "Years": 10}
    for wrong in ("0", "six", "101", "2.5"):
        with pytest.raises(ContextError, match="auditArchiveRetentionYears"):
            StackSettings.from_context({"auditArchiveRetentionYears": wrong}.get)


def test_nobody_deletes_replaces_or_unlocks_an_archived_entry(template):
    statements = bucket_policy(template)
    deletes = statements["NobodyDeletesArchivedEntries"]
    assert (deletes["Effect"], deletes["Principal"]) == ("Deny", EVERYONE) and "Condition" not in deletes
    assert set(deletes["Action"]) == {"s3:DeleteObject", "s3:DeleteObjectVersion"}
    overwrite = statements["ArchivedEntriesAreNeverOverwritten"]
    assert (overwrite["Effect"], overwrite["Principal"], overwrite["Action"]) == (
        "Deny",
        EVERYONE,
        "s3:PutObject",
    )
    assert overwrite["Condition"] == {"Null": {"s3:if-none-match": "true"}}
    retention = statements["NobodyChangesArchiveRetention"]
    assert retention["Effect"] == "Deny" and "Condition" not in retention
    assert {"s3:PutObjectRetention", "s3:BypassGovernanceRetention"} <= set(retention["Action"])
    bucket = statements["OnlyDeploymentsChangeTheArchiveBucket"]
    assert bucket["Effect"] == "Deny" and bucket["Principal"] == EVERYONE
    assert {
        "s3:PutBucketObjectLockConfiguration",
        "s3:PutLifecycleConfiguration",
        "s3:PutBucketPolicy",
        "s3:DeleteBucketPolicy",
    } <= set(bucket["Action"])
    assert "cfn-exec-role" in json.dumps(bucket["Condition"]["ArnNotEquals"]["aws:PrincipalArn"])
    tls = [
        s
        for s in statements.values()
        if s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
    ]
    assert tls and tls[0]["Effect"] == "Deny"


def test_the_archiver_may_only_add_objects_under_its_prefixes_and_read_archived_entries(template):
    grants = [s for s in function_statements(template, ARCHIVER) if s["Effect"] == "Allow"]
    s3_actions = {action for s in grants for action in listed(s["Action"]) if action.startswith("s3:")}
    assert s3_actions == {"s3:PutObject", "s3:GetObject"}
    # It never writes the table: it only reads its stream.
    table_actions = {
        action for s in grants for action in listed(s["Action"]) if action.startswith("dynamodb:")
    }
    assert table_actions <= {
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:ListStreams",
    }


def test_the_verification_runs_daily_after_the_other_jobs_reads_by_day_and_writes_only_its_entry(template):
    rule = only_resource(
        template,
        "AWS::Events::Rule",
        {"Targets": [{"Arn": {"Fn::GetAtt": [function_id(template, VERIFICATION), "Arn"]}}]},
    )["Properties"]
    assert rule["ScheduleExpression"] == "cron(0 4 * * ? *)"
    grants = [s for s in function_statements(template, VERIFICATION) if s["Effect"] == "Allow"]
    actions = {action for s in grants for action in listed(s["Action"])}
    assert {"dynamodb:Query", "dynamodb:PutItem", "s3:ListBucket", "s3:GetObject"} <= actions
    assert not {"s3:PutObject", "s3:DeleteObject", "dynamodb:UpdateItem", "dynamodb:DeleteItem"} & actions
    [put] = [s for s in grants if "dynamodb:PutItem" in listed(s["Action"])]
    assert put["Resource"] == {"Fn::GetAtt": [audit_table_id(template), "Arn"]}


@pytest.mark.parametrize(
    ("metric", "service"),
    [
        (Metric.AUDIT_ENTRIES_CHANGED, Service.AUDIT_ARCHIVER),
        (Metric.AUDIT_ARCHIVE_DIFFERENCES, Service.AUDIT_VERIFICATION),
    ],
)
def test_a_rewritten_entry_and_a_difference_alarm_to_the_dpo_at_the_first_one(template, metric, service):
    props = alarm_on(template, metric.value)
    assert props["Dimensions"] == [{"Name": "service", "Value": service.value}]
    assert (props["Statistic"], props["Threshold"], props["ComparisonOperator"]) == (
        "Sum",
        0,
        "GreaterThanThreshold",
    )
    assert notifies_the_dpo(template, props)
