"""What ingest reads from an S3 event notification, as the ingest queue delivers it (Powertools' S3Event)."""

import json

import pytest
from aws_lambda_powertools.utilities.data_classes import S3Event, SQSRecord

from call_recordings.ingest.logic import UnreadableNotification, UploadNotice, is_test_event, upload_notices

BUCKET = "callrecordings-recordings"
VERSION = "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"


def as_delivered(body: object) -> S3Event:
    """The notification in an SQS message's body, as the handler reads it."""
    text = body if isinstance(body, str) else json.dumps(body)
    return SQSRecord({"messageId": "m-1", "body": text}).decoded_nested_s3_event


def s3_record(key: str, **object_fields: object) -> dict:
    """One record as S3 writes it (docs: "Event message structure"), its key as S3 encodes it."""
    return {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": "eu-west-2",
        "eventTime": "2026-11-28T10:15:02.123Z",
        "eventName": "ObjectCreated:Put",
        "userIdentity": {"principalId": "AWS:AROAEXAMPLE:telephony"},
        "requestParameters": {"sourceIPAddress": "203.0.113.7"},
        "responseElements": {"x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUVURIY8/IgAtTv8xR"},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "recordings-to-ingest",
            "bucket": {
                "name": BUCKET,
                "ownerIdentity": {"principalId": "A3NL1KOZZKExample"},
                "arn": f"arn:aws:s3:::{BUCKET}",
            },
            "object": {"key": key, "size": 44, "eTag": "d41d8cd98f00b204e9800998ecf8427e", **object_fields},
        },
    }


def test_an_upload_is_read_with_its_bucket_exact_version_and_decoded_key():
    notification = as_delivered({"Records": [s3_record("recordings/2026/11/C-1.wav", versionId=VERSION)]})

    assert not is_test_event(notification)
    assert list(upload_notices(notification)) == [
        UploadNotice(
            event_name="ObjectCreated:Put",
            bucket=BUCKET,
            key="recordings/2026/11/C-1.wav",
            version_id=VERSION,
        )
    ]


@pytest.mark.parametrize(
    ("encoded", "key"),
    [
        ("recordings/2026/11/call+1%2B2.wav", "recordings/2026/11/call 1+2.wav"),
        ("recordings/2026/11/R%C3%A9mi%27s+call.wav", "recordings/2026/11/Rémi's call.wav"),
        ("recordings/2026/11/a%2Fb%3D%26.wav", "recordings/2026/11/a/b=&.wav"),
    ],
)
def test_the_key_s3_url_encodes_in_a_notification_is_decoded(encoded, key):
    [notice] = upload_notices(as_delivered({"Records": [s3_record(encoded, versionId=VERSION)]}))
    assert notice.key == key


@pytest.mark.parametrize("version", [{}, {"versionId": ""}])
def test_a_notification_without_a_version_names_none(version):
    [notice] = upload_notices(as_delivered({"Records": [s3_record("recordings/C-1.wav", **version)]}))
    assert notice.version_id is None


def test_an_event_name_with_the_s3_prefix_is_read_without_it():
    record = s3_record("recordings/C-1.wav") | {"eventName": "s3:ObjectCreated:CompleteMultipartUpload"}
    [notice] = upload_notices(as_delivered({"Records": [record]}))
    assert notice.event_name == "ObjectCreated:CompleteMultipartUpload"


def test_the_test_event_s3_sends_on_configuration_is_recognised_and_announces_no_upload():
    test_event = {
        "Service": "Amazon S3",
        "Event": "s3:TestEvent",
        "Time": "2026-11-28T10:00:00.000Z",
        "Bucket": BUCKET,
        "RequestId": "5582815E1AEA5ADF",
        "HostId": "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE",
    }
    assert is_test_event(as_delivered(test_event))
    assert not is_test_event(as_delivered({"Records": [], "Event": "s3:ObjectCreated:Put"}))
    assert not is_test_event(as_delivered(["s3:TestEvent"]))


@pytest.mark.parametrize(
    "body",
    [
        {"Type": "Notification", "Message": "{}"},  # an SNS envelope, not S3's own message
        {"Records": "ObjectCreated:Put"},
        ["s3:ObjectCreated:Put"],
        42,
    ],
)
def test_a_body_that_is_not_an_s3_event_notification_is_refused(body):
    with pytest.raises(UnreadableNotification, match="not an S3 event notification"):
        list(upload_notices(as_delivered(body)))


@pytest.mark.parametrize(
    "record",
    [
        {"eventName": "ObjectCreated:Put"},
        {"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": BUCKET}}},
        {"s3": {"bucket": {"name": BUCKET}, "object": {"key": "recordings/C-1.wav"}}},
        "ObjectCreated:Put",
    ],
)
def test_a_record_that_is_not_an_s3_event_record_is_refused(record):
    with pytest.raises(UnreadableNotification, match="not an S3 event record"):
        list(upload_notices(as_delivered({"Records": [record]})))


def test_records_are_read_one_at_a_time_so_those_before_a_malformed_one_are_ingested_first():
    notices = upload_notices(as_delivered({"Records": [s3_record("recordings/C-1.wav"), {"eventName": "x"}]}))

    assert next(notices).key == "recordings/C-1.wav"
    with pytest.raises(UnreadableNotification):
        next(notices)


def test_a_body_that_is_not_json_is_refused_before_any_record_is_read():
    with pytest.raises(ValueError, match="Expecting value"):
        as_delivered("recordings/C-1.wav was uploaded")
