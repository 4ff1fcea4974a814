"""The real ingest handler under moto, on the SQS messages moto's S3 notification produces."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from botocore.exceptions import ClientError

import call_recordings.core.observability as observability
from call_recordings.core.adapters.recordings_bucket import RecordingsBucket
from call_recordings.core.object_keys import key_reference
from call_recordings.core.retention import LONDON, expires_on, parse_recorded_at
from call_recordings.core.subjects import subject_hash
from call_recordings.core.vocabulary import FLAG_MEANINGS
from call_recordings.ingest.adapters.alerts import SUBJECT, DpoAlerts
from call_recordings.ingest.adapters.registry import Registry
from call_recordings.ingest.assessment import derived_call_id

KEY = "recordings/2026/11/C-2026-000123.wav"
CALLER_FORMS = ["01803 861234", "+441803861234", "441803861234", "1803861234", "1803 861234"]
CUSTOMER_FORMS = ["SH-100001", "sh-100001"]


def recorded_an_hour_ago() -> str:
    return (datetime.now(UTC) - timedelta(hours=1)).replace(microsecond=0).isoformat()


def good_metadata(**changes) -> dict[str, str]:
    metadata = {
        "call-id": "C-2026-000123",
        "recorded-at": recorded_an_hour_ago(),
        "caller-number": "01803 861234",
        "customer-ref": "sh-100001",
        "agent-id": "agent-7",
        "source": "data-subject",
        "purpose": "complaints-disputes",
    }
    for name, value in changes.items():
        name = name.replace("_", "-")
        if value is None:
            metadata.pop(name)
        else:
            metadata[name] = value
    return metadata


def fail_once(monkeypatch, cls, method: str, *, when=lambda *args, **kwargs: True):
    """Make an adapter method raise the first time `when` holds, as AWS would on a bad moment."""
    original = getattr(cls, method)
    failures = []

    def failing(self, *args, **kwargs):
        if not failures and when(*args, **kwargs):
            failures.append(1)
            raise ClientError({"Error": {"Code": "InternalServerError", "Message": "try again"}}, method)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, method, failing)
    return failures


def test_the_test_event_s3_sends_when_notifications_are_configured_is_ignored(ingest_stack, emitted):
    [message] = ingest_stack.receive()
    assert json.loads(message["Body"])["Event"] == "s3:TestEvent"

    assert ingest_stack.invoke([message]) == {"batchItemFailures": []}

    assert ingest_stack.items() == []
    assert ingest_stack.api_calls.calls == {}  # not even the subject key is read
    assert "S3 test event ignored" in [log["message"] for log in emitted().logs]


def test_an_upload_is_tagged_on_its_exact_version_and_registered_once(ingest_stack, emitted):
    metadata = good_metadata()
    version_id = ingest_stack.upload(KEY, metadata)
    head = ingest_stack.s3.head_object(Bucket=ingest_stack.bucket, Key=KEY, VersionId=version_id)
    before = datetime.now(UTC).replace(microsecond=0)

    ingest_stack.deliver_all()

    expiry = expires_on(parse_recorded_at(metadata["recorded-at"])).isoformat()
    assert ingest_stack.tags(KEY, version_id) == {
        "purpose": "complaints-disputes",
        "source": "data-subject",
        "retention": "standard",
        "expires-on": expiry,
    }
    [item] = ingest_stack.items()
    registered_at = item.pop("registered_at")
    assert before <= datetime.fromisoformat(registered_at) <= datetime.now(UTC)
    assert item == {
        "call_id": "C-2026-000123",
        "version_id": version_id,
        "bucket": ingest_stack.bucket,
        "object_key": KEY,
        "recorded_at": parse_recorded_at(metadata["recorded-at"]).isoformat(),
        "recorded_month": f"{parse_recorded_at(metadata['recorded-at']).astimezone(LONDON):%Y-%m}",
        "expires_on": expiry,
        "due_on": expiry,
        "purpose": "complaints-disputes",
        "source": "data-subject",
        "retention": "standard",
        "caller_hash": subject_hash(ingest_stack.hmac_key, "caller", "+441803861234"),
        "customer_hash": subject_hash(ingest_stack.hmac_key, "customer", "SH-100001"),
        "agent_id": "agent-7",
        "size": head["ContentLength"],
        "uploaded_at": head["LastModified"].astimezone(UTC).isoformat(),
    }
    assert emitted().metrics == {"RecordingsRegistered": 1}
    assert ingest_stack.alerts() == []


def test_the_dpo_finds_the_recording_by_caller_and_the_sweeper_by_due_date_with_one_query(ingest_stack):
    version_id = ingest_stack.upload(KEY, good_metadata())
    ingest_stack.deliver_all()
    [item] = ingest_stack.items()

    def query(index, attribute, value):
        return ingest_stack.dynamodb.query(
            TableName=ingest_stack.table,
            IndexName=index,
            KeyConditionExpression="#k = :v",
            ExpressionAttributeNames={"#k": attribute},
            ExpressionAttributeValues={":v": {"S": value}},
        )["Items"]

    caller_hash = subject_hash(ingest_stack.hmac_key, "caller", "+441803861234")
    [by_caller] = query("by-caller", "caller_hash", caller_hash)
    [by_due] = query("by-due-date", "due_on", item["expires_on"])
    assert by_caller["version_id"] == by_due["version_id"] == {"S": version_id}


def test_no_caller_number_or_customer_reference_is_stored_logged_or_alerted(ingest_stack, emitted):
    observability.logger.setLevel("DEBUG")
    try:
        ingest_stack.upload(KEY, good_metadata(payment_details="true"))
        ingest_stack.upload("recordings/bad.wav", good_metadata(call_id="C-2", caller_number="01803 86123x4"))
        ingest_stack.deliver_all()
        printed = emitted().text
    finally:
        observability.logger.setLevel("INFO")

    stored = json.dumps(ingest_stack.items(), default=str)
    alerts = json.dumps(ingest_stack.alerts())
    assert len(ingest_stack.items()) == 2
    assert "RecordingsQuarantined" in printed  # the handler's output was captured
    for clear in [*CALLER_FORMS, *CUSTOMER_FORMS, "86123x4"]:
        assert clear not in stored
        assert clear not in printed
        assert clear not in alerts


def test_a_key_carrying_a_phone_number_is_flagged_and_never_logged_or_alerted_in_clear(ingest_stack, emitted):
    """DESIGN section 8: ingest flags a key that looks like a phone number and tells the DPO; the log
    and the alert name it by call id, version and keyed reference; only the registry keeps the key."""
    key = "recordings/2026/11/caller 07700 900123.wav"
    observability.logger.setLevel("DEBUG")
    try:
        version_id = ingest_stack.upload(key, good_metadata(call_id="C-KEY1"))
        ingest_stack.deliver_all()
        printed = emitted().text
    finally:
        observability.logger.setLevel("INFO")

    [item] = ingest_stack.items()
    assert (item["object_key"], item["flags"]) == (key, {"key-has-phone-number"})  # inside the perimeter
    assert item["retention"] == "standard"
    [alert] = ingest_stack.alerts()
    for shown in ("C-KEY1", version_id, key_reference(ingest_stack.hmac_key, key)):
        assert shown in alert["Message"]
    assert FLAG_MEANINGS["key-has-phone-number"] in alert["Message"]
    assert "/destroy" not in alert["Message"]  # kept as usual: not a capture to destroy
    assert key_reference(ingest_stack.hmac_key, key) in printed
    for clear in ("07700 900123", "07700900123", "caller 07700"):
        assert clear not in printed
        assert clear not in alert["Message"]


BAD_INPUTS = {
    "recorded-at missing": ({"recorded_at": None}, {"recorded-at-missing"}, {}),
    "recorded-at unparseable": ({"recorded_at": "31/01/2026 10:15"}, {"recorded-at-invalid"}, {}),
    "recorded-at without offset": ({"recorded_at": "2026-01-31T10:15:00"}, {"recorded-at-invalid"}, {}),
    "recorded-at in the future": (
        {"recorded_at": (datetime.now(UTC) + timedelta(days=5)).isoformat()},
        {"recorded-at-in-future"},
        {},
    ),
    "call-id missing": ({"call_id": None}, {"call-id-missing"}, {}),
    "call-id invalid": ({"call_id": "C 1 <2>"}, {"call-id-invalid"}, {}),
    "purpose unknown": ({"purpose": "marketing"}, {"purpose-unknown"}, {"purpose": "unspecified"}),
    "source missing": ({"source": None}, {"source-missing"}, {"source": "unspecified"}),
    "source unknown": ({"source": "neighbour"}, {"source-unknown"}, {"source": "unspecified"}),
    "caller number not a phone number": ({"caller_number": "call me back"}, {"caller-number-invalid"}, {}),
    "customer reference invalid": ({"customer_ref": "SH 1 (Mrs X)"}, {"customer-ref-invalid"}, {}),
    "values beyond what tags allow": (
        {"purpose": "p" * 300, "source": "council&lor<script>*" * 10},
        {"purpose-unknown", "source-unknown"},
        {"purpose": "unspecified", "source": "unspecified"},
    ),
}


@pytest.mark.parametrize(("changes", "flags", "tag_changes"), BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_metadata_is_flagged_and_the_recording_kept_and_expiring(
    ingest_stack, emitted, changes, flags, tag_changes
):
    metadata = good_metadata(**changes)
    version_id = ingest_stack.upload(KEY, metadata)

    ingest_stack.deliver_all()

    [item] = ingest_stack.items()
    assert item["flags"] == flags
    assert item["version_id"] == version_id
    replaced = flags & {"call-id-missing", "call-id-invalid"}
    assert item["call_id"] == (derived_call_id(ingest_stack.bucket, KEY) if replaced else metadata["call-id"])
    if flags & {"recorded-at-missing", "recorded-at-invalid", "recorded-at-in-future"}:
        assert item["recorded_at"] == item["uploaded_at"]
    expiry = expires_on(datetime.fromisoformat(item["recorded_at"])).isoformat()
    assert item["expires_on"] == item["due_on"] == expiry
    assert (
        ingest_stack.tags(KEY, version_id)
        == {
            "purpose": "complaints-disputes",
            "source": "data-subject",
            "retention": "standard",
            "expires-on": expiry,
        }
        | tag_changes
    )
    assert ("caller_hash" in item) is ("caller-number-invalid" not in flags)
    assert ("customer_hash" in item) is ("customer-ref-invalid" not in flags)
    assert emitted().metrics == {"RecordingsRegistered": 1, "RecordingsFlagged": 1}


def test_a_derived_call_id_is_the_same_for_every_version_of_a_key(ingest_stack):
    ingest_stack.upload(KEY, good_metadata(call_id=None))
    ingest_stack.deliver_all()
    ingest_stack.upload(KEY, good_metadata(call_id="C 1 <2>"))
    ingest_stack.deliver_all()
    items = ingest_stack.items()
    assert len(items) == 2
    assert {item["call_id"] for item in items} == {derived_call_id(ingest_stack.bucket, KEY)}
    # The second version under the one id is flagged for the DPO, the first is not.
    assert sorted(sorted(item["flags"]) for item in items) == [
        ["call-id-invalid", "call-id-reused"],
        ["call-id-missing"],
    ]


def test_a_zero_byte_recording_is_flagged_and_kept(ingest_stack):
    version_id = ingest_stack.upload(KEY, good_metadata(), body=b"")
    ingest_stack.deliver_all()
    [item] = ingest_stack.items()
    assert (item["size"], item["flags"]) == (0, {"empty-recording"})
    assert ingest_stack.tags(KEY, version_id)["expires-on"] == item["expires_on"]


@pytest.mark.parametrize(
    ("declared", "flag"),
    [
        ({"payment_details": "true"}, "payment-details-recorded"),
        ({"call_leg": "officer"}, "officer-call-leg-recorded"),
    ],
)
def test_an_out_of_policy_upload_is_quarantined_reported_and_still_expires(
    ingest_stack, emitted, declared, flag
):
    metadata = good_metadata(**declared)
    version_id = ingest_stack.upload(KEY, metadata)

    ingest_stack.deliver_all()

    expiry = expires_on(parse_recorded_at(metadata["recorded-at"])).isoformat()
    assert ingest_stack.tags(KEY, version_id) == {
        "purpose": "complaints-disputes",
        "source": "data-subject",
        "retention": "quarantine",
        "expires-on": expiry,
    }
    [item] = ingest_stack.items()
    assert (item["retention"], item["flags"], item["due_on"]) == ("quarantine", {flag}, expiry)
    assert datetime.fromisoformat(item["dpo_notified_at"]) <= datetime.now(UTC)
    [alert] = ingest_stack.alerts()
    assert alert["Subject"] == SUBJECT
    for shown in (
        "C-2026-000123",
        version_id,
        key_reference(ingest_stack.hmac_key, KEY),
        expiry,
        FLAG_MEANINGS[flag],
        # How to destroy it at once (issue 16 item 4): the route, and the call through the client.
        f'POST /recordings/C-2026-000123/destroy  {{"reason": "{flag}"}}',
        "python docs/dpo_api_client.py <DPO API URL> POST /recordings/C-2026-000123/destroy "
        f"""'{{"reason": "{flag}"}}'""",
    ):
        assert shown in alert["Message"]
    assert emitted().metrics == {
        "RecordingsRegistered": 1,
        "RecordingsFlagged": 1,
        "RecordingsQuarantined": 1,
    }


@pytest.mark.parametrize("deliveries", [2, 10])
def test_a_repeated_delivery_leaves_one_item_one_tag_set_and_one_alert(ingest_stack, emitted, deliveries):
    ingest_stack.deliver()  # the test event S3 sent on configuration
    ordinary = ingest_stack.upload(KEY, good_metadata())
    quarantined = ingest_stack.upload("recordings/q.wav", good_metadata(call_id="C-Q", payment_details="yes"))
    messages = ingest_stack.receive()
    assert len(messages) == 2

    assert ingest_stack.invoke(messages) == {"batchItemFailures": []}
    first = sorted(ingest_stack.items(), key=lambda item: item["call_id"])
    for _ in range(deliveries - 1):
        assert ingest_stack.invoke(messages) == {"batchItemFailures": []}

    assert sorted(ingest_stack.items(), key=lambda item: item["call_id"]) == first
    assert len(first) == 2
    assert ingest_stack.tags(KEY, ordinary)["retention"] == "standard"
    assert ingest_stack.tags("recordings/q.wav", quarantined)["retention"] == "quarantine"
    assert (
        len(ingest_stack.tags(KEY, ordinary)) == len(ingest_stack.tags("recordings/q.wav", quarantined)) == 4
    )
    assert len(ingest_stack.alerts()) == 1
    metrics = emitted().metrics
    assert metrics["RecordingsRegistered"] == 2
    assert metrics["DuplicateDeliveries"] == 2 * (deliveries - 1)


def test_an_ordinary_upload_costs_three_aws_calls_and_a_quarantined_or_reused_one_five(ingest_stack):
    ingest_stack.deliver()  # the test event: no calls
    ingest_stack.upload("recordings/1.wav", good_metadata(call_id="C-1"))
    ingest_stack.deliver()
    assert ingest_stack.api_calls.calls.pop("secretsmanager:GetSecretValue") == 1  # once per container
    assert ingest_stack.api_calls.calls == {
        "s3:HeadObject": 1,
        "s3:PutObjectTagging": 1,
        "dynamodb:TransactWriteItems": 1,  # the version's item and its call id's claim
    }

    ingest_stack.api_calls.calls.clear()
    ingest_stack.upload("recordings/2.wav", good_metadata(call_id="C-2"))
    ingest_stack.upload("recordings/3.wav", good_metadata(call_id="C-3", call_leg="officer"))
    ingest_stack.deliver()
    assert ingest_stack.api_calls.calls == {
        "s3:HeadObject": 2,
        "s3:PutObjectTagging": 2,
        "dynamodb:TransactWriteItems": 2,
        "dynamodb:TransactGetItems": 1,  # the quarantined one checks the registry before alerting
        "sns:Publish": 1,
    }
    assert len(ingest_stack.items()) == 3

    ingest_stack.api_calls.calls.clear()
    ingest_stack.upload("recordings/4.wav", good_metadata(call_id="C-1"))
    ingest_stack.deliver()
    assert ingest_stack.api_calls.calls == {
        "s3:HeadObject": 1,
        "s3:PutObjectTagging": 1,
        # Cancelled (C-1 is claimed by another version), then the version flagged call-id-reused and
        # listed on C-1's claim beside the version that claimed it.
        "dynamodb:TransactWriteItems": 2,
        "sns:Publish": 1,
    }


def test_a_new_version_of_the_same_key_is_a_new_recording_version(ingest_stack):
    first = ingest_stack.upload(KEY, good_metadata(purpose="quality-training"))
    ingest_stack.deliver_all()
    second = ingest_stack.upload(KEY, good_metadata(purpose="legal-claims"))
    ingest_stack.deliver_all()

    items = {item["version_id"]: item for item in ingest_stack.items()}
    assert set(items) == {first, second}
    assert {item["call_id"] for item in items.values()} == {"C-2026-000123"}
    assert ("flags" not in items[first], items[second].get("flags")) == (True, {"call-id-reused"})
    assert (items[first]["purpose"], items[second]["purpose"]) == ("quality-training", "legal-claims")
    assert ingest_stack.tags(KEY, first)["purpose"] == "quality-training"
    assert ingest_stack.tags(KEY, second)["purpose"] == "legal-claims"
    # The call id stays the first version's, and its claim lists both: a hold by call id finds both.
    claim = ingest_stack.claim("C-2026-000123")
    assert (claim["version_id"], claim["versions"]) == (first, {first, second})


def test_a_repeated_delivery_lists_a_version_once_and_keeps_the_list(ingest_stack):
    ingest_stack.deliver()  # the test event S3 sent on configuration
    first = ingest_stack.upload(KEY, good_metadata())
    [claiming] = ingest_stack.receive()
    assert ingest_stack.invoke([claiming]) == {"batchItemFailures": []}
    second = ingest_stack.upload(KEY, good_metadata())
    [reusing] = ingest_stack.receive()
    assert ingest_stack.invoke([reusing]) == {"batchItemFailures": []}
    # S3 delivers each event at least once: both again, the claiming version's last.
    assert ingest_stack.invoke([reusing, claiming]) == {"batchItemFailures": []}

    claim = ingest_stack.claim("C-2026-000123")
    assert (claim["version_id"], claim["versions"]) == (first, {first, second})
    assert len(ingest_stack.items()) == 2


def test_the_version_the_notification_names_is_the_one_read_and_tagged(ingest_stack):
    ingest_stack.deliver()  # the test event S3 sent on configuration
    # S3 names the version in each notification (moto leaves it out): two uploads before ingest
    # runs must each be read and tagged as the version they were, not as the current one.
    first = ingest_stack.upload(KEY, good_metadata(purpose="quality-training"))
    second = ingest_stack.upload(KEY, good_metadata(purpose="legal-claims"))
    messages = ingest_stack.receive()
    assert len(messages) == 2
    for message, version_id in zip(messages, [first, second], strict=True):
        body = json.loads(message["Body"])
        body["Records"][0]["s3"]["object"]["versionId"] = version_id
        message["Body"] = json.dumps(body)

    assert ingest_stack.invoke(messages) == {"batchItemFailures": []}

    items = {item["version_id"]: item["purpose"] for item in ingest_stack.items()}
    assert items == {first: "quality-training", second: "legal-claims"}
    assert ingest_stack.tags(KEY, first)["purpose"] == "quality-training"
    assert ingest_stack.tags(KEY, second)["purpose"] == "legal-claims"


def test_a_key_with_spaces_and_plus_signs_is_decoded(ingest_stack):
    key = "recordings/2026/11/call 1+2.wav"
    version_id = ingest_stack.upload(key, good_metadata())
    ingest_stack.deliver_all()
    [item] = ingest_stack.items()
    assert item["object_key"] == key
    assert ingest_stack.tags(key, version_id)["retention"] == "standard"


def test_an_object_outside_recordings_is_not_registered(ingest_stack, emitted):
    ingest_stack.deliver()  # the test event S3 sent on configuration
    version_id = ingest_stack.upload("exports/C-1.wav", good_metadata())
    assert ingest_stack.receive() == []  # the notification filter keeps it off the queue

    # Were a notification to arrive anyway, it is ignored and the message succeeds.
    record = {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "eventName": "ObjectCreated:Put",
        "s3": {
            "bucket": {"name": ingest_stack.bucket},
            "object": {"key": "exports/C-1.wav", "size": 44, "versionId": version_id},
        },
    }
    body = json.dumps({"Records": [record]})
    message = {"MessageId": "m-1", "ReceiptHandle": "r-1", "Body": body, "MD5OfBody": "x"}
    emitted()
    ingest_stack.api_calls.calls.clear()

    assert ingest_stack.invoke([message]) == {"batchItemFailures": []}

    assert ingest_stack.items() == []
    assert ingest_stack.tags("exports/C-1.wav", version_id) == {}
    assert not {call for call in ingest_stack.api_calls.calls if call.startswith(("s3:", "dynamodb:"))}
    assert emitted().metrics == {"NotificationsIgnored": 1}


def test_a_registry_write_that_fails_is_retried_to_the_right_end_state(ingest_stack, monkeypatch):
    ingest_stack.deliver()  # the test event S3 sent on configuration
    failures = fail_once(monkeypatch, Registry, "register")
    version_id = ingest_stack.upload(KEY, good_metadata())
    [message] = ingest_stack.receive()

    response = ingest_stack.invoke([message])
    assert response == {"batchItemFailures": [{"itemIdentifier": message["MessageId"]}]}
    assert failures == [1]
    assert ingest_stack.tags(KEY, version_id) == {}  # registration comes first: nothing tagged yet
    assert ingest_stack.items() == []
    ingest_stack.settle([message], response)

    assert ingest_stack.deliver() == []

    [item] = ingest_stack.items()
    assert (item["call_id"], item["version_id"]) == ("C-2026-000123", version_id)
    assert ingest_stack.tags(KEY, version_id)["expires-on"] == item["expires_on"]
    assert ingest_stack.receive() == []
    assert ingest_stack.dead_letters() == []


def test_only_the_failed_message_of_a_batch_is_retried(ingest_stack, monkeypatch):
    ingest_stack.deliver()  # the test event S3 sent on configuration
    fail_once(monkeypatch, Registry, "register", when=lambda item: item["call_id"] == "C-B")
    ingest_stack.upload("recordings/a.wav", good_metadata(call_id="C-A"))
    ingest_stack.upload("recordings/b.wav", good_metadata(call_id="C-B"))
    messages = ingest_stack.receive()
    failing = next(m["MessageId"] for m in messages if "b.wav" in m["Body"])

    assert ingest_stack.settle(messages, ingest_stack.invoke(messages)) == [failing]
    assert [item["call_id"] for item in ingest_stack.items()] == ["C-A"]

    assert ingest_stack.deliver() == []
    assert sorted(item["call_id"] for item in ingest_stack.items()) == ["C-A", "C-B"]


def test_a_message_that_is_not_an_s3_notification_fails_alone_and_says_why(ingest_stack, emitted):
    ingest_stack.deliver()  # the test event S3 sent on configuration
    version_id = ingest_stack.upload(KEY, good_metadata())
    [upload] = ingest_stack.receive()
    malformed = {
        "not-json": "recordings/x.wav was uploaded",
        "no-records": json.dumps({"Type": "Notification", "Message": "{}"}),
        "records-not-a-list": json.dumps({"Records": "ObjectCreated:Put"}),
        "no-s3-part": json.dumps({"Records": [{"eventName": "ObjectCreated:Put"}]}),
        "no-object": json.dumps(
            {"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "b"}}}]}
        ),
    }
    messages = [
        upload,
        *(
            {"MessageId": name, "ReceiptHandle": name, "Body": body, "MD5OfBody": "x"}
            for name, body in malformed.items()
        ),
    ]
    emitted()

    response = ingest_stack.invoke(messages)

    assert sorted(failure["itemIdentifier"] for failure in response["batchItemFailures"]) == sorted(malformed)
    [item] = ingest_stack.items()
    assert (item["object_key"], item["version_id"]) == (KEY, version_id)
    failures = [
        log for log in emitted().logs if log["message"] == "Ingest failed; the message will be retried"
    ]
    assert sorted(log["message_id"] for log in failures) == sorted(malformed)
    assert all(log["exception"] for log in failures)


def test_an_alert_that_fails_is_sent_on_retry_and_the_recording_registered_only_then(
    ingest_stack, monkeypatch
):
    ingest_stack.deliver()  # the test event S3 sent on configuration
    fail_once(monkeypatch, DpoAlerts, "report_flagged")
    version_id = ingest_stack.upload(KEY, good_metadata(payment_details="1"))

    assert len(ingest_stack.deliver()) == 1
    assert ingest_stack.alerts() == []
    assert ingest_stack.items() == []
    assert ingest_stack.tags(KEY, version_id) == {}

    assert ingest_stack.deliver() == []
    assert len(ingest_stack.alerts()) == 1
    [item] = ingest_stack.items()
    assert "dpo_notified_at" in item
    assert ingest_stack.tags(KEY, version_id)["retention"] == "quarantine"


def test_tagging_that_fails_after_registration_is_retried_and_the_version_tagged(ingest_stack, monkeypatch):
    ingest_stack.deliver()  # the test event S3 sent on configuration
    failures = fail_once(monkeypatch, RecordingsBucket, "tag_version")
    version_id = ingest_stack.upload(KEY, good_metadata())

    assert len(ingest_stack.deliver()) == 1  # failed once, left on the queue
    assert failures == [1]
    [item] = ingest_stack.items()
    assert ingest_stack.tags(KEY, version_id) == {}

    assert ingest_stack.deliver() == []  # the repeat finds it registered and tags it
    assert ingest_stack.tags(KEY, version_id) == {
        "purpose": item["purpose"],
        "source": item["source"],
        "retention": "standard",
        "expires-on": item["expires_on"],
    }


def test_a_late_repeat_does_not_undo_a_hold_placed_since(ingest_stack):
    ingest_stack.deliver()  # the test event S3 sent on configuration
    version_id = ingest_stack.upload(KEY, good_metadata())
    [message] = ingest_stack.receive()
    assert ingest_stack.invoke([message]) == {"batchItemFailures": []}
    # What the hold worker does to a held version: registry first, then the tag.
    ingest_stack.dynamodb.update_item(
        TableName=ingest_stack.table,
        Key={"call_id": {"S": "C-2026-000123"}, "version_id": {"S": version_id}},
        UpdateExpression="ADD holds :h SET retention = :r REMOVE due_on",
        ExpressionAttributeValues={":h": {"SS": ["H-1"]}, ":r": {"S": "hold"}},
    )
    tags = ingest_stack.tags(KEY, version_id) | {"retention": "hold"}
    ingest_stack.s3.put_object_tagging(
        Bucket=ingest_stack.bucket,
        Key=KEY,
        VersionId=version_id,
        Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]},
    )

    assert ingest_stack.invoke([message]) == {"batchItemFailures": []}  # S3 delivers it again

    assert ingest_stack.tags(KEY, version_id)["retention"] == "hold"
    [item] = ingest_stack.items()
    assert item["retention"] == "hold" and "due_on" not in item


def test_an_alert_may_repeat_when_registration_fails_after_it_but_is_never_lost(ingest_stack, monkeypatch):
    ingest_stack.deliver()  # the test event S3 sent on configuration
    fail_once(monkeypatch, Registry, "register")
    ingest_stack.upload(KEY, good_metadata(call_leg="officer"))
    [message] = ingest_stack.receive()

    ingest_stack.settle([message], ingest_stack.invoke([message]))
    assert len(ingest_stack.alerts()) == 1
    assert ingest_stack.deliver() == []
    assert len(ingest_stack.alerts()) == 1  # sent again: the first registration never happened
    assert ingest_stack.invoke([message]) == {"batchItemFailures": []}
    assert ingest_stack.alerts() == []  # a later duplicate finds the registration and sends none
    assert len(ingest_stack.items()) == 1


def test_a_message_that_always_fails_ends_in_the_dead_letter_queue(ingest_stack):
    ingest_stack.deliver()  # the test event S3 sent on configuration
    ingest_stack.sqs.send_message(QueueUrl=ingest_stack.queue_url, MessageBody="not an S3 notification")

    for _ in range(3):
        assert len(ingest_stack.deliver()) == 1

    assert ingest_stack.receive() == []
    [dead] = ingest_stack.dead_letters()
    assert dead["Body"] == "not an S3 notification"


def test_a_recording_deleted_before_ingest_is_not_registered(ingest_stack, emitted):
    version_id = ingest_stack.upload(KEY, good_metadata())
    ingest_stack.s3.delete_object(Bucket=ingest_stack.bucket, Key=KEY, VersionId=version_id)

    ingest_stack.deliver_all()

    assert ingest_stack.items() == []
    assert emitted().metrics == {"RecordingsGoneBeforeIngest": 1}


def test_missing_settings_fail_the_message_and_a_corrected_environment_is_picked_up(
    ingest_stack, monkeypatch, emitted
):
    ingest_stack.deliver()  # the test event S3 sent on configuration
    table = os.environ["REGISTRY_TABLE"]
    monkeypatch.delenv("REGISTRY_TABLE")
    ingest_stack.upload(KEY, good_metadata())

    assert len(ingest_stack.deliver()) == 1
    assert "REGISTRY_TABLE" in emitted().text
    assert ingest_stack.items() == []

    monkeypatch.setenv("REGISTRY_TABLE", table)
    assert ingest_stack.deliver() == []
    assert len(ingest_stack.items()) == 1


def test_the_subject_key_is_read_once_per_container(ingest_stack):
    for n in range(3):
        ingest_stack.upload(f"recordings/{n}.wav", good_metadata(call_id=f"C-{n}"))
        ingest_stack.deliver_all()
    assert len(ingest_stack.items()) == 3
    assert ingest_stack.api_calls.calls["secretsmanager:GetSecretValue"] == 1


def test_importing_the_handler_reads_no_settings_and_opens_no_client():
    environment = {
        name: value
        for name, value in os.environ.items()
        if name
        not in {
            "REGISTRY_TABLE",
            "CALL_IDS_TABLE",
            "HMAC_SECRET_ARN",
            "DPO_ALERTS_TOPIC_ARN",
            "RECORDINGS_PREFIX",
        }
    }
    check = (
        "import sys, call_recordings.ingest.handler as h; "
        "assert 'boto3' not in sys.modules, 'boto3 imported'; "
        "assert h.ingest_dependencies.cache_info().currsize == 0"
    )
    subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", check],
        check=True,
        env=environment,
        capture_output=True,
    )
