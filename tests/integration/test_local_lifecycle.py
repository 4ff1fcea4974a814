"""S3 lifecycle as the local stack runs it (infra/local/lifecycle.py), on the recordings bucket's own
rules from the synthesized template, in moto: moto stores the rules and never runs them, so this is
what tells the local run (and issue 13's adversarial tests) what AWS would delete, and when."""

from datetime import UTC, datetime, timedelta

import boto3
import pytest
import time_machine
from moto import mock_aws

from infra.local.lifecycle import LifecycleAction, apply_lifecycle, due_moment, rule_matches
from infra.local.provision import recordings_lifecycle_rules

REGION = "eu-west-2"
BUCKET = "recordings"
UPLOADED = datetime(2026, 9, 1, 10, 30, tzinfo=UTC)
KEY = "recordings/2026/09/01/C-1.wav"


@pytest.fixture
def s3(stack_template):
    rules = recordings_lifecycle_rules(stack_template)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(
            Bucket=BUCKET,
            CreateBucketConfiguration={"LocationConstraint": REGION},
            ObjectLockEnabledForBucket=True,
        )
        client.put_bucket_lifecycle_configuration(Bucket=BUCKET, LifecycleConfiguration={"Rules": rules})
        yield client


def upload(s3, retention: str | None, *, at: datetime = UPLOADED, key: str = KEY) -> str:
    with time_machine.travel(at, tick=False):
        return s3.put_object(
            Bucket=BUCKET,
            Key=key,
            Body=b"RIFF",
            Tagging=f"retention={retention}" if retention else "",
        )["VersionId"]


def versions(s3) -> tuple[list[str], list[str]]:
    listing = s3.list_object_versions(Bucket=BUCKET)
    return (
        [each["VersionId"] for each in listing.get("Versions", [])],
        [each["VersionId"] for each in listing.get("DeleteMarkers", [])],
    )


def test_due_moment_adds_the_days_and_rounds_up_to_the_next_midnight_utc():
    assert due_moment(UPLOADED, 92) == datetime(2026, 12, 3, tzinfo=UTC)  # 2 Dec 10:30 -> 3 Dec 00:00
    assert due_moment(datetime(2026, 9, 1, tzinfo=UTC), 1) == datetime(2026, 9, 2, tzinfo=UTC)


def test_a_filter_matches_by_prefix_and_every_tag_by_equality_and_only_when_enabled():
    rule = {
        "Status": "Enabled",
        "Filter": {
            "And": {
                "Prefix": "recordings/",
                "Tags": [
                    {"Key": "retention", "Value": "standard"},
                    {"Key": "purpose", "Value": "quality-training"},
                ],
            }
        },
    }
    both = {"retention": "standard", "purpose": "quality-training"}
    assert rule_matches(rule, KEY, both)
    assert not rule_matches(rule, KEY, {"retention": "standard"})
    assert not rule_matches(rule, KEY, {**both, "retention": "Standard"})
    assert not rule_matches(rule, "inbox/C-1.wav", both)
    assert not rule_matches({**rule, "Status": "Disabled"}, KEY, both)


def test_a_standard_recording_expires_after_92_days_gets_a_marker_then_is_deleted_and_cleaned(s3):
    version = upload(s3, "standard")

    assert apply_lifecycle(s3, BUCKET, datetime(2026, 12, 2, 23, 59, tzinfo=UTC)).events == []

    expired = apply_lifecycle(s3, BUCKET, datetime(2026, 12, 3, 0, 0, tzinfo=UTC))
    assert [(e.action, e.version_id) for e in expired.events] == [(LifecycleAction.MARKER_ADDED, version)]
    kept, markers = versions(s3)
    assert kept == [version] and len(markers) == 1  # noncurrent, still there: a marker hides it

    # The marker is dated by moto's clock (the suite's 3 December, 10:15): noncurrent a day after that,
    # rounded up, is 5 December.
    assert apply_lifecycle(s3, BUCKET, datetime(2026, 12, 4, 23, 59, tzinfo=UTC)).events == []
    later = apply_lifecycle(s3, BUCKET, datetime(2026, 12, 5, 0, 0, tzinfo=UTC))
    assert [e.action for e in later.events] == [
        LifecycleAction.VERSION_DELETED,
        LifecycleAction.MARKER_REMOVED,
    ]
    assert versions(s3) == ([], [])


def test_one_run_long_after_does_everything_s3_would_have_done_by_then(s3):
    upload(s3, "quarantine")

    report = apply_lifecycle(s3, BUCKET, UPLOADED + timedelta(days=200))

    assert [e.action for e in report.events] == [
        LifecycleAction.MARKER_ADDED,
        LifecycleAction.VERSION_DELETED,
        LifecycleAction.MARKER_REMOVED,
    ]
    assert versions(s3) == ([], [])


@pytest.mark.parametrize("days", [93, 200, 400])
def test_a_held_recording_matches_no_rule_and_is_never_touched(s3, days):
    version = upload(s3, "hold")
    s3.put_object_legal_hold(Bucket=BUCKET, Key=KEY, VersionId=version, LegalHold={"Status": "ON"})

    assert apply_lifecycle(s3, BUCKET, UPLOADED + timedelta(days=days)).events == []
    assert versions(s3) == ([version], [])


def test_a_legal_hold_stops_the_deletion_though_a_standard_tag_lets_the_marker_be_added(s3):
    version = upload(s3, "standard")
    s3.put_object_legal_hold(Bucket=BUCKET, Key=KEY, VersionId=version, LegalHold={"Status": "ON"})

    report = apply_lifecycle(s3, BUCKET, UPLOADED + timedelta(days=400))

    assert [e.action for e in report.events] == [
        LifecycleAction.MARKER_ADDED,
        LifecycleAction.DELETION_BLOCKED,
    ]
    kept, markers = versions(s3)
    assert kept == [version] and len(markers) == 1


def test_an_untagged_recording_is_covered_by_no_rule(s3):
    version = upload(s3, None)

    assert apply_lifecycle(s3, BUCKET, UPLOADED + timedelta(days=400)).events == []
    assert versions(s3) == ([version], [])


def test_a_version_overwritten_by_a_second_upload_goes_a_day_later_whatever_its_own_date(s3):
    first = upload(s3, "standard")
    second = upload(s3, "standard", at=UPLOADED + timedelta(days=10))

    report = apply_lifecycle(s3, BUCKET, UPLOADED + timedelta(days=12))

    assert [(e.action, e.version_id) for e in report.events] == [(LifecycleAction.VERSION_DELETED, first)]
    assert versions(s3) == ([second], [])
