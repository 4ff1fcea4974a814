"""The daily reconciliation's comparison of the bucket listing with the registry (pure)."""

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes import SQSRecord

from call_recordings.ingest.logic import upload_notices
from call_recordings.reconciliation.differences import (
    OBJECT_MISSING,
    ListedVersion,
    RegisteredObject,
    find_differences,
    missing_objects_summary,
    reingest_message,
)

BUCKET = "callrecordings-recordings"
PREFIX = "recordings/"
NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
AN_HOUR_AGO = NOW - timedelta(hours=1)


def listed(key, version_id, *, at=AN_HOUR_AGO, bucket=BUCKET) -> ListedVersion:
    return ListedVersion(bucket=bucket, object_key=key, version_id=version_id, last_modified=at, size=10)


def registered(call_id, key, version_id, *, flags=frozenset(), bucket=BUCKET) -> RegisteredObject:
    return RegisteredObject(
        call_id=call_id, version_id=version_id, bucket=bucket, object_key=key, flags=flags
    )


def diff(listing, registry, **options):
    return find_differences(listing, registry, bucket=BUCKET, prefix=PREFIX, now=NOW, **options)


def test_in_agreement_there_is_nothing_to_do():
    found = diff([listed("recordings/a.wav", "v1")], [registered("C-1", "recordings/a.wav", "v1")])
    assert found.unregistered == found.newly_missing == found.still_missing == []
    assert found.settling == 0


def test_a_version_the_registry_lacks_is_to_be_reingested_even_when_another_version_is_registered():
    found = diff(
        [
            listed("recordings/a.wav", "v1"),
            listed("recordings/a.wav", "v2"),
            listed("recordings/b.wav", "v7"),
        ],
        [registered("C-1", "recordings/a.wav", "v1")],
    )
    assert [(v.object_key, v.version_id) for v in found.unregistered] == [
        ("recordings/a.wav", "v2"),
        ("recordings/b.wav", "v7"),
    ]


def test_a_version_younger_than_the_settling_time_is_left_for_its_event():
    found = diff(
        [
            listed("recordings/new.wav", "v1", at=NOW - timedelta(minutes=14)),
            listed("recordings/old.wav", "v1", at=NOW - timedelta(minutes=16)),
        ],
        [],
    )
    assert [v.object_key for v in found.unregistered] == ["recordings/old.wav"]
    assert found.settling == 1
    assert diff(
        [listed("recordings/new.wav", "v1", at=NOW - timedelta(minutes=14))], [], settling_time=timedelta(0)
    ).unregistered


def test_folder_keys_are_not_recordings():
    assert diff([listed("recordings/2026/", "v1")], []).unregistered == []


def test_a_registry_item_whose_version_is_not_listed_is_missing_its_object():
    found = diff(
        [listed("recordings/a.wav", "v2")],  # a later version of the same key does not count
        [registered("C-1", "recordings/a.wav", "v1")],
    )
    assert [(i.call_id, i.version_id) for i in found.newly_missing] == [("C-1", "v1")]
    assert found.unregistered == [listed("recordings/a.wav", "v2")]


def test_an_item_already_flagged_is_still_missing_but_not_new():
    found = diff(
        [], [registered("C-1", "recordings/a.wav", "v1", flags=frozenset({OBJECT_MISSING, "source-missing"}))]
    )
    assert found.newly_missing == []
    assert [i.call_id for i in found.still_missing] == ["C-1"]


def test_items_outside_the_listed_bucket_or_prefix_are_not_judged():
    found = diff(
        [],
        [
            registered("C-1", "recordings/a.wav", "v1", bucket="another-bucket"),
            registered("C-2", "elsewhere/b.wav", "v1"),
        ],
    )
    assert found.newly_missing == found.still_missing == []


def test_a_listed_version_matches_only_the_same_bucket_key_and_version():
    found = diff(
        [listed("recordings/a.wav", "v1")],
        [registered("C-1", "recordings/renamed.wav", "v1")],
    )
    assert [v.object_key for v in found.unregistered] == ["recordings/a.wav"]
    assert [i.object_key for i in found.newly_missing] == ["recordings/renamed.wav"]


def test_the_reingest_message_is_the_s3_event_ingest_reads():
    version = ListedVersion(
        bucket=BUCKET,
        object_key="recordings/2026/11/C 1+x.wav",
        version_id="3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
        last_modified=AN_HOUR_AGO,
        size=4321,
        etag='"abc123"',
    )
    body = reingest_message(version, region="eu-west-2", sent_at=NOW)

    [record] = json.loads(body)["Records"]
    assert record["eventName"] == "ObjectCreated:Put"
    assert record["eventSource"] == "aws:s3"
    assert record["eventTime"] == "2026-11-28T03:00:00.000Z"
    assert record["s3"]["bucket"] == {"name": BUCKET, "arn": f"arn:aws:s3:::{BUCKET}"}
    assert record["s3"]["object"]["key"] == "recordings/2026/11/C+1%2Bx.wav"  # as S3 encodes it
    assert unquote_plus(record["s3"]["object"]["key"]) == version.object_key
    assert record["s3"]["object"]["versionId"] == version.version_id
    assert record["s3"]["object"]["size"] == 4321
    # and ingest reads it as the upload it stands for
    [notice] = upload_notices(SQSRecord({"messageId": "m-1", "body": body}).decoded_nested_s3_event)
    assert (notice.event_name, notice.bucket, notice.key, notice.version_id) == (
        "ObjectCreated:Put",
        BUCKET,
        version.object_key,
        version.version_id,
    )


def test_the_dpo_summary_lists_each_call_and_version_and_nothing_else():
    summary = missing_objects_summary(
        [registered("C-1", "recordings/a.wav", "v1"), registered("C-9", "recordings/b.wav", "v3")],
        bucket=BUCKET,
    )
    assert "- call C-1, version v1" in summary
    assert "- call C-9, version v3" in summary
    assert OBJECT_MISSING in summary
