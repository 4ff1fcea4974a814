"""The retention sweeper through its real handler on moto: what is due is deleted (every S3 version,
the registry's personal data, one audit entry each), what is held or not yet due is kept, a second run
changes nothing, a failed run is finished by the next, and the faults of issue 6 item 7."""

import dataclasses
import json
from datetime import date, timedelta

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse

import call_recordings.deletion.sweeper_handler as sweeper_handler
from call_recordings.deletion.adapters.recording_deletion import RecordingVersionDeletion
from call_recordings.deletion.dependencies import SweeperDependencies
from call_recordings.deletion.errors import SweepDateBeforeCheckpoint
from tests.integration import deletion_fixtures, holds_fixtures
from tests.integration.deletion_fixtures import DUE_DATE
from tests.integration.holds_fixtures import BUCKET, REGION, REGISTRY_TABLE

world = holds_fixtures.world
deletion = deletion_fixtures.deletion

CALLER = "01803 861234"
CUSTOMER = "SH-448812"
PERSONAL = ("caller_hash", "customer_hash", "agent_id", "recorded_at", "uploaded_at", "registered_at", "size")


def _seed(world, call_id, *, recorded_at="2026-11-20T10:15:00+00:00", **options):
    return world.seed_recording(
        call_id, recorded_at=recorded_at, caller_number=CALLER, customer_ref=CUSTOMER, **options
    )


def test_the_sweep_deletes_every_version_due_and_keeps_what_is_held_or_not_yet_due(world, deletion, emitted):
    due = _seed(world, "C-DUE-1", versions=2)
    quarantined = _seed(world, "C-DUE-Q", retention="quarantine", flags=frozenset({"payment-details"}))
    held = _seed(world, "C-HELD")
    later = _seed(world, "C-LATER", recorded_at="2026-11-21T10:15:00+00:00")
    assert (
        world.place({"reason": "legal-claim", "case_reference": "LC-1", "call_ids": ["C-HELD"]}).status == 201
    )
    emitted()

    answer = deletion.sweep()

    assert (answer["completed"], answer["deleted"], answer["held"]) == (True, 3, 0)
    for version in due + quarantined:
        assert not deletion.in_s3(version)
        assert deletion.versions_in_s3(version.object_key) == []  # every version, and no delete marker
        tombstone = deletion.item(version)
        assert tombstone["retention"] == "deleted"
        assert tombstone["deleted_on"] == DUE_DATE.isoformat()
        assert tombstone["deleted_because"] == "retention-period-ended"
        assert not {*PERSONAL, "bucket", "object_key", "due_on", "release_token"} & set(tombstone)
        assert {"purpose", "source", "expires_on"} <= set(tombstone)
    assert deletion.item(quarantined[0])["flags"] == {"payment-details"}
    assert world.legal_hold(held[0]) == "ON" and deletion.item(held[0])["holds"]
    assert deletion.in_s3(later[0]) and deletion.item(later[0])["due_on"] == "2027-02-21"

    entries = deletion.audit("C-DUE-1")
    assert len(entries) == 2
    assert {entry["details"]["version_id"] for entry in entries} == {version.version_id for version in due}
    for entry in entries:
        assert (entry["who"], entry["action"]) == ("system:retention-sweeper", "recording-deleted")
        assert entry["details"]["object_found"] is True
        assert entry["details"]["expires_on"] == entry["details"]["deleted_on"] == "2027-02-20"
    assert deletion.audit("C-DUE-Q")[0]["details"]["retention"] == "quarantine"
    assert deletion.audit("C-LATER") == []
    assert CALLER.replace(" ", "")[1:] not in deletion.all_audit_text()
    assert CUSTOMER not in deletion.all_audit_text()
    assert world.registry_item(held[0])["caller_hash"] not in deletion.all_audit_text()
    assert deletion.checkpoint() == "2027-02-20"
    metrics = emitted().metrics
    assert (metrics["RecordingsDeleted"], metrics["SweepCompleted"]) == (3, 1)


def test_a_second_sweep_changes_nothing_and_writes_no_entry(world, deletion):
    _seed(world, "C-DUE-1", versions=2)
    deletion.sweep()
    before = deletion.all_audit_text()
    items = world.dynamodb_resource_table(REGISTRY_TABLE).scan()["Items"]

    answer = deletion.sweep()

    assert (answer["completed"], answer["deleted"]) == (True, 0)
    assert deletion.all_audit_text() == before
    assert world.dynamodb_resource_table(REGISTRY_TABLE).scan()["Items"] == items


class FailingFor(RecordingVersionDeletion):
    """The bucket adapter, failing for one call as S3 might (after its retries) half way through a sweep."""

    def __init__(self, s3, call_id: str) -> None:
        super().__init__(s3)
        self.failing = call_id

    def delete_version(self, bucket: str, key: str, version_id: str) -> bool:
        if self.failing in key:
            raise ConnectionError("the connection to S3 was reset")
        return super().delete_version(bucket, key, version_id)

    def delete_versions(self, versions, *, threads: int = 8):
        """Many at once (DeleteObjects): the failing call's version fails alone."""
        others = iter(
            super().delete_versions([v for v in versions if self.failing not in v[1]], threads=threads)
        )
        return [
            ConnectionError("the connection to S3 was reset") if self.failing in key else next(others)
            for _, key, _ in versions
        ]


def test_a_sweep_that_fails_half_way_keeps_its_checkpoint_and_the_next_run_finishes(
    world, deletion, monkeypatch, emitted
):
    _seed(world, "C-DUE-1")
    broken = _seed(world, "C-DUE-2")
    _seed(world, "C-DUE-3")
    deletion.sweep(DUE_DATE - timedelta(days=1))  # the last complete sweep
    made = sweeper_handler.sweeper_dependencies
    emitted()

    def with_fault():
        settings, deps = made()
        faulty = FailingFor(boto3.client("s3", region_name=REGION), "C-DUE-2")
        return settings, SweeperDependencies(
            deletion=dataclasses.replace(deps.deletion, bucket=faulty),
            checkpoint=deps.checkpoint,
        )

    monkeypatch.setattr(sweeper_handler, "sweeper_dependencies", with_fault)
    monkeypatch.setenv("AS_OF", DUE_DATE.isoformat())
    made.cache_clear()
    with pytest.raises(sweeper_handler.SweepIncomplete, match="1 due recording version"):
        sweeper_handler.lambda_handler({}, holds_fixtures.LambdaContext())

    assert deletion.checkpoint() == "2027-02-19"
    assert "SweepCompleted" not in emitted().metrics
    assert deletion.audit("C-DUE-1") and deletion.audit("C-DUE-3")
    assert deletion.in_s3(broken[0]) and deletion.audit("C-DUE-2") == []
    item = deletion.item(broken[0])
    assert item["due_on"] == "2027-02-20" and "caller_hash" in item
    assert "release_token" not in item  # the claim was given back: the next run need not wait

    monkeypatch.setattr(sweeper_handler, "sweeper_dependencies", made)
    answer = deletion.sweep()

    assert (answer["completed"], answer["deleted"], answer["already-deleted"]) == (True, 1, 0)
    assert not deletion.in_s3(broken[0]) and len(deletion.audit("C-DUE-2")) == 1
    assert deletion.checkpoint() == "2027-02-20"


def test_the_sweep_resumes_every_day_since_its_checkpoint(world, deletion):
    deletion.sweep(date(2027, 2, 17))
    earlier = _seed(world, "C-EARLIER", recorded_at="2026-11-18T10:15:00+00:00")
    day_before = _seed(world, "C-DAY-BEFORE", recorded_at="2026-11-19T10:15:00+00:00")
    today = _seed(world, "C-TODAY")

    answer = deletion.sweep()

    assert answer["deleted"] == 3
    assert not any(deletion.in_s3(version) for version in earlier + day_before + today)


def test_a_due_recording_already_deleted_by_hand_is_tombstoned_and_the_entry_says_so(world, deletion):
    by_hand = _seed(world, "C-BY-HAND", versions=2)
    world.s3.delete_object(Bucket=BUCKET, Key=by_hand[0].object_key, VersionId=by_hand[0].version_id)

    answer = deletion.sweep()

    assert (answer["completed"], answer["deleted"]) == (True, 2)
    found = {
        entry["details"]["version_id"]: entry["details"]["object_found"]
        for entry in deletion.audit("C-BY-HAND")
    }
    assert found == {by_hand[0].version_id: False, by_hand[1].version_id: True}
    assert all(deletion.item(version)["retention"] == "deleted" for version in by_hand)


def test_a_registry_item_whose_object_never_existed_is_tombstoned(world, deletion):
    world.dynamodb_resource_table(REGISTRY_TABLE).put_item(
        Item={
            "call_id": "C-NO-OBJECT",
            "version_id": "never-uploaded",
            "bucket": BUCKET,
            "object_key": "recordings/2026/11/C-NO-OBJECT.wav",
            "recorded_at": "2026-11-20T10:15:00+00:00",
            "expires_on": "2027-02-20",
            "due_on": "2027-02-20",
            "purpose": "quality-training",
            "source": "data-subject",
            "retention": "standard",
        }
    )

    answer = deletion.sweep()

    assert (answer["completed"], answer["deleted"]) == (True, 1)
    [entry] = deletion.audit("C-NO-OBJECT")
    assert entry["details"]["object_found"] is False


def test_a_version_under_an_object_lock_legal_hold_the_registry_does_not_list_is_kept_and_reported(
    world, deletion, emitted
):
    locked = _seed(world, "C-LOCKED")
    world.s3.put_object_legal_hold(
        Bucket=BUCKET, Key=locked[0].object_key, VersionId=locked[0].version_id, LegalHold={"Status": "ON"}
    )
    emitted()

    answer = deletion.sweep()

    assert (answer["completed"], answer["held"], answer["deleted"]) == (True, 1, 0)
    assert deletion.in_s3(locked[0])
    item = deletion.item(locked[0])
    assert item["due_on"] == "2027-02-20" and "release_token" not in item and "caller_hash" in item
    [entry] = deletion.audit("C-LOCKED")
    assert entry["action"] == "deletion-refused-object-lock"
    assert "registry lists no hold" in entry["why"]["refused"]
    assert emitted().metrics["RecordingsKeptUnderHold"] == 1
    assert deletion.checkpoint() == "2027-02-20"


def test_a_version_held_in_the_registry_but_still_listed_as_due_is_kept(world, deletion):
    """The index is read eventually consistently: a hold placed just before the sweep may still be listed."""
    held = _seed(world, "C-HELD")
    assert world.place({"reason": "threat", "case_reference": "T-9", "call_ids": ["C-HELD"]}).status == 201
    world.dynamodb_resource_table(REGISTRY_TABLE).update_item(
        Key={"call_id": "C-HELD", "version_id": held[0].version_id},
        UpdateExpression="SET due_on = :due",
        ExpressionAttributeValues={":due": "2027-02-20"},
    )

    answer = deletion.sweep()

    assert (answer["completed"], answer["held"], answer["deleted"]) == (True, 1, 0)
    assert deletion.in_s3(held[0]) and world.legal_hold(held[0]) == "ON"
    assert "caller_hash" in deletion.item(held[0]) and deletion.audit("C-HELD") == []


def test_a_throttled_delete_is_retried_until_s3_accepts_it(world, deletion, monkeypatch):
    throttled = _seed(world, "C-THROTTLED")
    attempts: list[str] = []

    def slow_down(request, **_):
        attempts.append(request.url)
        if len(attempts) <= 2:
            body = b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
            return AWSResponse(request.url, 503, {}, MockRawResponse(body))
        return None  # moto answers

    monkeypatch.setattr("botocore.retries.standard.ExponentialBackoff.delay_amount", lambda *_: 0)
    session = boto3.setup_default_session(region_name=REGION) or boto3.DEFAULT_SESSION
    session.events.register_first("before-send.s3.DeleteObject", slow_down)
    try:
        answer = deletion.sweep()
    finally:
        boto3.DEFAULT_SESSION = None

    assert len(attempts) == 3
    assert (answer["completed"], answer["deleted"]) == (True, 1)
    assert not deletion.in_s3(throttled[0])


def test_a_sweep_as_of_a_date_before_its_checkpoint_is_refused(world, deletion):
    deletion.sweep()
    _seed(world, "C-EARLIER", recorded_at="2026-11-19T10:15:00+00:00")
    world.dynamodb_resource_table(REGISTRY_TABLE).update_item(  # as if it had been missed
        Key=_only_key(world, "C-EARLIER"),
        UpdateExpression="SET due_on = :due",
        ExpressionAttributeValues={":due": "2027-02-19"},
    )

    with pytest.raises(SweepDateBeforeCheckpoint) as refused:
        deletion.sweep(DUE_DATE - timedelta(days=1))

    assert str(refused.value).startswith(
        "the sweep was asked to run as of 2027-02-19, but every recording due up to 2027-02-20"
    )
    assert deletion.checkpoint() == "2027-02-20"
    assert deletion.audit("C-EARLIER") == []


def _only_key(world, call_id):
    [item] = [
        item
        for item in world.dynamodb_resource_table(REGISTRY_TABLE).scan()["Items"]
        if item["call_id"] == call_id
    ]
    return {"call_id": call_id, "version_id": item["version_id"]}


def test_nothing_due_is_a_completed_sweep(world, deletion, emitted):
    _seed(world, "C-LATER", recorded_at="2026-11-27T10:15:00+00:00")
    emitted()

    answer = deletion.sweep()

    assert (answer["completed"], answer["deleted"]) == (True, 0)
    metrics = emitted().metrics
    assert (metrics["SweepCompleted"], metrics["RecordingsDeleted"]) == (1, 0)
    assert json.loads(json.dumps(answer))["swept_on"] == "2027-02-20"
