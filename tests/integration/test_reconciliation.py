"""The daily reconciliation under moto, with the real ingest pipeline (``ingest_stack``): a lost event is
sent back through ingest and registered; a registry item whose object was deleted by hand is flagged,
audited and reported once; tombstones and delete markers are left alone."""

import json
import uuid
from dataclasses import dataclass, field

import boto3
import pytest

from call_recordings.core.tables import AUDIT
from call_recordings.reconciliation import handler as reconciliation
from infra.local.provision import create_tables
from tests.integration.test_ingest import good_metadata

REGION = "eu-west-2"
AUDIT_TABLE = "audit"
CALLER_NUMBER = "07700 900456"


@dataclass
class LambdaContext:
    function_name: str = "reconciliation"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:123456789012:function:reconciliation"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))


SCHEDULED_EVENT = {"detail-type": "Scheduled Event", "source": "aws.events", "detail": {}}


@pytest.fixture
def stack(ingest_stack, monkeypatch, stack_template):
    """The ingest pipeline, the audit table (from the template), and the reconciliation function's
    environment."""
    create_tables(stack_template, ingest_stack.dynamodb, {AUDIT: AUDIT_TABLE})
    for name, value in {
        "RECORDINGS_BUCKET": ingest_stack.bucket,
        "AUDIT_TABLE": AUDIT_TABLE,
        "INGEST_QUEUE_URL": ingest_stack.queue_url,
        "AWS_REGION": REGION,
        "SETTLING_MINUTES": "0",  # uploads made a moment ago count as settled
    }.items():
        monkeypatch.setenv(name, value)
    reconciliation.reset_dependencies()
    ingest_stack.deliver_all()  # the test event S3 sends when notifications are configured
    yield ingest_stack
    reconciliation.reset_dependencies()


def reconcile() -> dict:
    return reconciliation.lambda_handler(SCHEDULED_EVENT, LambdaContext())


def upload_without_notification(stack, key: str, metadata: dict[str, str]) -> str:
    """An upload whose ObjectCreated event is lost: notifications are off while it is put."""
    configuration = stack.s3.get_bucket_notification_configuration(Bucket=stack.bucket)
    configuration.pop("ResponseMetadata", None)
    stack.s3.put_bucket_notification_configuration(Bucket=stack.bucket, NotificationConfiguration={})
    try:
        return stack.upload(key, metadata)
    finally:
        stack.s3.put_bucket_notification_configuration(
            Bucket=stack.bucket, NotificationConfiguration=configuration
        )
        stack.deliver_all()  # the test event S3 sends for the restored configuration


def audit_entries(stack) -> list[dict]:
    table = boto3.resource("dynamodb", region_name=REGION).Table(AUDIT_TABLE)
    return table.scan()["Items"]


def test_a_recording_whose_event_was_lost_is_sent_back_through_ingest_and_registered(stack, emitted):
    key = "recordings/2026/11/C-LOST.wav"
    version_id = upload_without_notification(stack, key, good_metadata(call_id="C-LOST"))
    assert stack.receive() == []  # the event is lost
    emitted()

    report = reconcile()

    assert report["reingested"] == 1
    assert emitted().metrics["RecordingsReingested"] == 1
    stack.deliver_all()  # the ordinary ingest handler, on what reconciliation sent
    item = stack.item("C-LOST")
    assert (item["version_id"], item["object_key"], item["bucket"]) == (version_id, key, stack.bucket)
    assert stack.tags(key, version_id)["retention"] == "standard"

    again = reconcile()
    assert again["reingested"] == 0
    assert stack.receive() == []
    assert stack.alerts() == []


def test_only_the_lost_version_of_a_key_is_sent_back(stack):
    key = "recordings/2026/11/C-TWICE.wav"
    first = stack.upload(key, good_metadata(call_id="C-TWICE"))
    stack.deliver_all()
    second = upload_without_notification(stack, key, good_metadata(call_id="C-TWICE"))

    assert reconcile()["reingested"] == 1
    [message] = stack.receive()
    [record] = json.loads(message["Body"])["Records"]
    assert record["eventName"] == "ObjectCreated:Put"
    assert record["s3"]["object"]["versionId"] == second
    stack.settle([message], stack.invoke([message]))
    assert {i["version_id"] for i in stack.items() if i["call_id"] == "C-TWICE"} == {first, second}


def test_a_version_younger_than_the_settling_time_is_left_for_its_own_event(stack, monkeypatch):
    monkeypatch.setenv("SETTLING_MINUTES", "15")
    reconciliation.reset_dependencies()
    upload_without_notification(stack, "recordings/2026/11/C-NEW.wav", good_metadata(call_id="C-NEW"))

    report = reconcile()

    assert report["reingested"] == 0
    assert report["settling"] == 1
    assert stack.receive() == []


def test_a_registry_item_without_an_object_is_flagged_audited_and_reported_once(stack, emitted):
    key = "recordings/2026/11/C-GONE.wav"
    version_id = stack.upload(key, good_metadata(call_id="C-GONE", caller_number=CALLER_NUMBER))
    stack.deliver_all()
    stack.s3.delete_object(Bucket=stack.bucket, Key=key, VersionId=version_id)  # by hand, outside the system
    emitted()

    report = reconcile()

    assert report["reported"] == [f"C-GONE/{version_id}"]
    assert report["newly_flagged"] == 1
    assert emitted().metrics["RegistryItemsWithoutObject"] == 1
    assert "object-missing" in stack.item("C-GONE")["flags"]
    [entry] = audit_entries(stack)
    assert entry["target"] == "recording#C-GONE"
    assert entry["action"] == "object-missing-reported"
    assert entry["who"] == "system:reconciliation"
    assert entry["details"]["version_id"] == version_id
    [alert] = stack.alerts()
    assert alert["Subject"] == "Call recordings: registry items without a recording"
    assert f"call C-GONE, version {version_id}" in alert["Message"]
    for clear in (CALLER_NUMBER, "+447700900456", "sh-100001", "SH-100001"):
        assert clear not in alert["Message"] and clear not in json.dumps(entry, default=str)

    second = reconcile()

    assert second["reported"] == []
    assert second["still_missing"] == 1
    assert emitted().metrics["RegistryItemsWithoutObject"] == 1  # still counted, not reported again
    assert stack.alerts() == []
    assert len(audit_entries(stack)) == 1
    assert stack.item("C-GONE")["flags"] >= {"object-missing"}


def test_one_summary_names_every_item_found_without_an_object_in_a_run(stack):
    versions = {}
    for call_id in ("C-A", "C-B"):
        key = f"recordings/2026/11/{call_id}.wav"
        versions[call_id] = stack.upload(key, good_metadata(call_id=call_id))
        stack.deliver_all()
        stack.s3.delete_object(Bucket=stack.bucket, Key=key, VersionId=versions[call_id])

    reconcile()

    [alert] = stack.alerts()
    for call_id, version_id in versions.items():
        assert f"call {call_id}, version {version_id}" in alert["Message"]
    assert {entry["target"] for entry in audit_entries(stack)} == {"recording#C-A", "recording#C-B"}


def test_tombstones_and_delete_markers_are_left_alone(stack):
    stack.dynamodb.put_item(
        TableName=stack.table,
        Item={
            "call_id": {"S": "C-SWEPT"},
            "version_id": {"S": "v-deleted"},
            "recorded_month": {"S": "2026-08"},
            "purpose": {"S": "quality-training"},
            "source": {"S": "data-subject"},
            "expires_on": {"S": "2026-11-20"},
            "retention": {"S": "deleted"},
            "deleted_on": {"S": "2026-11-20"},
            "deleted_because": {"S": "retention-period-ended"},
        },
    )
    key = "recordings/2026/11/C-MARKED.wav"
    stack.upload(key, good_metadata(call_id="C-MARKED"))
    stack.deliver_all()
    stack.s3.delete_object(Bucket=stack.bucket, Key=key)  # a delete marker hides it; the version stays

    report = reconcile()

    assert report["reingested"] == 0
    assert report["reported"] == []
    assert stack.alerts() == []
    assert audit_entries(stack) == []
    assert "flags" not in stack.item("C-SWEPT")


def test_objects_outside_the_contract_are_reported_a_hundred_a_run_and_all_counted(stack, monkeypatch):
    # The cap keeps one alert under SNS's size limit; two here, to see the rest reported the next day.
    monkeypatch.setattr("call_recordings.reconciliation.reconciling.MAX_REPORTED_PER_RUN", 2)
    strays = {
        stack.s3.put_object(Bucket=stack.bucket, Key=key, Body=b"x")["VersionId"]
        for key in (
            "Recordings/C-1.wav",
            "backup/C-2.wav",
            "recordings/2026/",
        )
    }

    first, second, third = reconcile(), reconcile(), reconcile()

    assert [report["outside_contract"] for report in (first, second, third)] == [3, 3, 3]
    assert len(first["outside_contract_reported"]) == 2 and len(second["outside_contract_reported"]) == 1
    assert set(first["outside_contract_reported"] + second["outside_contract_reported"]) == strays
    assert third["outside_contract_reported"] == [] and third["dpo_notified"] is False
    assert first["outside_contract_findings"] == {
        "different-case": 1,
        "folder-marker": 1,
        "outside-recordings": 2,
    }
    alerts = stack.alerts()
    assert len(alerts) == 2
    assert "1 more found in this run will be reported in the next runs." in alerts[0]["Message"]
    assert {entry["details"]["version_id"] for entry in audit_entries(stack)} == strays
    assert {entry["target"] for entry in audit_entries(stack)} == {f"bucket#{stack.bucket}"}
