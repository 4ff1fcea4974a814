"""Issue 13 items 6 and 8, the way the telephony system (or its clock) could get around the rules:

- a second upload that reuses a call id (here C-PII1, with no caller number) must never be reached by
  the first caller's requests: not held by their subject hold, not disclosed in their SAR export, not
  deleted by their erasure; it is flagged ``call-id-reused`` and the DPO told (DESIGN section 8, "one
  person's request never reaches another person's recording");
- an upload whose ``recorded-at`` is years in the past (a wrong clock) is flagged, the DPO told, and
  not deleted by the sweeper before 7 days after arrival (DESIGN section 8, "a wrong clock does not
  delete on arrival").

Uploads go through the real ingest handler, on an S3 notification as the queue would deliver it, into
the holds world (tests/integration/holds_fixtures.py) whose DPO API, hold worker, sweeper and eraser
are the real ones. The DPO's e-mail is a queue subscribed to the alerts topic.
"""

import json
from datetime import date, datetime, time, timedelta

import boto3
import pytest

import call_recordings.ingest.handler as ingest_handler
from call_recordings.core.retention import LONDON
from call_recordings.core.versions import RecordingVersion
from infra.local.lifecycle import apply_lifecycle
from infra.local.provision import recordings_lifecycle_rules
from tests.integration import deletion_fixtures, holds_fixtures, sar_fixtures
from tests.integration.holds_fixtures import BUCKET, REGION, LambdaContext
from tests.integration.sar_fixtures import EXPORT_BUCKET

world = holds_fixtures.world
sar_world = sar_fixtures.sar_world
deletion = deletion_fixtures.deletion

FIRST_CALLER = "01803 861234"
RECORDED_AT = "2026-12-03T09:00:00+00:00"  # an hour before the suite's clock: on time
ARRIVAL = date(2026, 12, 3)  # the suite's day (tests/conftest.py SUITE_NOW)


class Telephony:
    """Uploads recordings as the telephony system does, and delivers each notification to ingest."""

    def __init__(self, world, inbox_url: str) -> None:
        self.world = world
        self.inbox_url = inbox_url

    def upload(self, call_id: str, key: str, **metadata: str) -> RecordingVersion:
        version_id = self.world.s3.put_object(
            Bucket=BUCKET,
            Key=key,
            Body=b"RIFF" + key.encode(),
            IfNoneMatch="*",
            Metadata={"call-id": call_id, "source": "data-subject", **metadata},
        )["VersionId"]
        self.deliver(key, version_id)
        return RecordingVersion(call_id=call_id, version_id=version_id, object_key=key)

    def deliver(self, key: str, version_id: str) -> None:
        record = {
            "eventSource": "aws:s3",
            "eventName": "ObjectCreated:Put",
            "s3": {"bucket": {"name": BUCKET}, "object": {"key": key, "versionId": version_id}},
        }
        message = {
            "messageId": f"m-{version_id}",
            "receiptHandle": "r",
            "body": json.dumps({"Records": [record]}),
            "attributes": {},
            "messageAttributes": {},
            "md5OfBody": "",
            "eventSource": "aws:sqs",
            "eventSourceARN": f"arn:aws:sqs:{REGION}:123456789012:ingest",
            "awsRegion": REGION,
        }
        answer = ingest_handler.lambda_handler({"Records": [message]}, LambdaContext())
        assert answer == {"batchItemFailures": []}

    def alerts(self) -> list[dict]:
        received = self.world.sqs.receive_message(QueueUrl=self.inbox_url, MaxNumberOfMessages=10)
        return [json.loads(message["Body"]) for message in received.get("Messages", [])]


@pytest.fixture
def telephony(world, monkeypatch):
    sns = boto3.client("sns", region_name=REGION)
    topic_arn = sns.create_topic(Name="dpo-alerts")["TopicArn"]
    inbox_url = world.sqs.create_queue(QueueName="dpo-inbox")["QueueUrl"]
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:123456789012:dpo-inbox")
    monkeypatch.setenv("DPO_ALERTS_TOPIC_ARN", topic_arn)
    ingest_handler.reset_dependencies()
    yield Telephony(world, inbox_url)
    ingest_handler.reset_dependencies()


def reused_call_id(telephony) -> tuple[RecordingVersion, RecordingVersion]:
    """C-PII1 from the first caller, then another upload under C-PII1 with no caller number."""
    first = telephony.upload(
        "C-PII1",
        "recordings/2026/12/03/C-PII1.wav",
        **{"recorded-at": RECORDED_AT, "caller-number": FIRST_CALLER},
    )
    second = telephony.upload("C-PII1", "recordings/2026/12/03/C-PII1-b.wav", **{"recorded-at": RECORDED_AT})
    return first, second


# Item 6: a reused call id ---------------------------------------------------------------------------------


def test_a_reused_call_id_is_flagged_and_the_dpo_told_but_a_redelivery_is_not_a_reuse(world, telephony):
    first, second = reused_call_id(telephony)
    telephony.deliver(first.object_key, first.version_id)  # S3 may deliver a notification twice
    telephony.deliver(second.object_key, second.version_id)

    assert "flags" not in world.registry_item(first)
    assert world.registry_item(second)["flags"] == {"call-id-reused"}
    assert "dpo_notified_at" in world.registry_item(second)
    [alert] = telephony.alerts()  # one, for the second version, however often it is delivered
    assert "call-id-reused" in alert["Message"]
    assert second.version_id in alert["Message"]
    assert world.tags(second)["retention"] == "standard"  # flagged for review, not quarantined


def test_a_subject_hold_does_not_reach_another_version_under_a_reused_call_id(world, telephony):
    first, second = reused_call_id(telephony)

    answer = world.place(
        {"reason": "threat", "case_reference": "T-2026-PII1", "subject": {"caller_number": FIRST_CALLER}}
    )

    assert answer.status == 201, answer.body
    assert answer.body["total"] == 1
    assert world.holds_on(first) == {answer.body["hold_id"]}
    assert world.legal_hold(first) == "ON"
    assert "holds" not in world.registry_item(second)
    assert world.tags(second)["retention"] == "standard"
    assert world.legal_hold(second) == "OFF"
    entries = world.audit_entries(f"hold#{answer.body['hold_id']}")
    [placed] = [entry for entry in entries if entry["action"] == "hold-placed"]
    assert placed["details"]["recordings"] == 1


def test_a_sar_export_does_not_disclose_another_version_under_a_reused_call_id(sar_world, telephony):
    world = sar_world.world
    sar_world.today = ARRIVAL
    first, second = reused_call_id(telephony)

    opened = sar_world.open({"subject": {"caller_number": FIRST_CALLER}, "received_on": ARRIVAL.isoformat()})
    assert opened.status == 201, opened.body
    exported = sar_world.export(opened.body["sar_id"], body={"link_days": 1})

    assert exported.status == 201, exported.body
    assert [(each["call_id"], each["version_id"]) for each in exported.body["recordings"]] == [first.key]
    copied = world.s3.list_objects_v2(Bucket=EXPORT_BUCKET).get("Contents", [])
    bodies = [world.s3.get_object(Bucket=EXPORT_BUCKET, Key=each["Key"])["Body"].read() for each in copied]
    assert b"RIFF" + second.object_key.encode() not in bodies
    assert b"RIFF" + first.object_key.encode() in bodies
    assert "holds" not in world.registry_item(second)


def test_an_erasure_does_not_delete_another_version_under_a_reused_call_id(world, deletion, telephony):
    first, second = reused_call_id(telephony)

    answer = deletion.erase({"caller_number": FIRST_CALLER})

    assert answer.status in (200, 201, 202), answer.body
    assert not deletion.in_s3(first)
    assert deletion.in_s3(second)
    assert "deleted_on" not in deletion.item(second)
    assert "deleted_on" in deletion.item(first)
    erased = [entry for entry in deletion.audit("C-PII1") if "version_id" in entry.get("details", {})]
    assert {entry["details"]["version_id"] for entry in erased} == {first.version_id}


# Item 8: a wrong clock -------------------------------------------------------------------------------------


@pytest.mark.parametrize("recorded_at", ["2019-01-01T10:00:00Z", "0001-01-01T12:00:00Z"])
def test_a_recording_from_a_wrong_clock_is_flagged_told_and_not_deleted_before_seven_days(
    world, deletion, telephony, stack_template, recorded_at
):
    """The sweeper is the real one; S3 lifecycle is the template's rules as the local stack applies them
    (infra/local/lifecycle.py, days counted from the upload), since moto never runs lifecycle."""
    rules = recordings_lifecycle_rules(stack_template)
    world.s3.put_bucket_lifecycle_configuration(Bucket=BUCKET, LifecycleConfiguration={"Rules": rules})
    version = telephony.upload("C-CLOCK", "recordings/2026/12/03/C-CLOCK.wav", **{"recorded-at": recorded_at})

    for day in (ARRIVAL, ARRIVAL + timedelta(days=6)):
        deletion.sweep(day)
        next_midnight = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=LONDON)
        end_of_day = next_midnight - timedelta(seconds=1)
        assert apply_lifecycle(world.s3, BUCKET, end_of_day).events == []
        assert deletion.in_s3(version), f"deleted by the sweeper on {day}"
        assert "deleted_on" not in deletion.item(version)
    item = world.registry_item(version)
    assert {"expired-on-arrival", "arrived-late"} <= item["flags"]
    assert item["due_on"] == (ARRIVAL + timedelta(days=7)).isoformat()
    [alert] = telephony.alerts()
    assert "C-CLOCK" in alert["Message"]
    assert "arrived-late" in alert["Message"]

    deletion.sweep(ARRIVAL + timedelta(days=7))  # due 7 days after arrival: then deleted, unless held
    assert not deletion.in_s3(version)
    assert deletion.item(version)["deleted_on"] == (ARRIVAL + timedelta(days=7)).isoformat()


def test_a_hold_released_within_the_grace_does_not_cut_it_short(world, deletion, telephony):
    """Releasing a hold puts a version back on the sweeper's index as the later of its expiry date and
    the release date: for a recording from a wrong clock that is already past, so without the grace
    kept on the item (`not_due_before`) the release would make it due the same day."""
    version = telephony.upload(
        "C-CLOCK2", "recordings/2026/12/03/C-CLOCK2.wav", **{"recorded-at": "2019-01-01T10:00:00Z"}
    )
    placed = world.place({"reason": "threat", "case_reference": "T-2026-9", "call_ids": ["C-CLOCK2"]})
    assert placed.status == 201 and placed.body["status"] == "active"
    released = world.call("POST", f"/holds/{placed.body['hold_id']}/release", body={"note": "no threat"})
    assert released.status == 200

    grace_ends = (ARRIVAL + timedelta(days=7)).isoformat()
    deletion.sweep(ARRIVAL + timedelta(days=1))
    assert deletion.in_s3(version), "deleted the day after its hold was released, inside its grace"
    item = world.registry_item(version)
    assert (item["retention"], item["due_on"], item["not_due_before"]) == ("standard", grace_ends, grace_ends)
