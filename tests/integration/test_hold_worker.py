"""The hold worker on moto: large holds through the queue, redeliveries, partial batch failure, the
AWS calls a recording costs, and concurrent holds and releases on the same recording."""

import json
import random
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import boto3
import pytest

import call_recordings.holds.worker_handler as worker_handler
from call_recordings.holds.adapters.casework import Casework
from call_recordings.holds.adapters.legal_holds import LegalHolds
from call_recordings.holds.adapters.recording_holds import RecordingHolds
from call_recordings.holds.applying import apply_work
from call_recordings.holds.records import WorkMessage
from call_recordings.holds.vocabulary import RecordingOutcome, WorkAction
from tests.integration import holds_fixtures
from tests.integration.holds_fixtures import (
    AUDIT_TABLE,
    BUCKET,
    DPO_ARN,
    REGION,
    REGISTRY_TABLE,
    REQUESTS_TABLE,
    LambdaContext,
    worker_dependencies,
)

world = holds_fixtures.world

LEGAL = {"reason": "legal-claim", "case_reference": "LC-2026-014"}


def _statuses(world, hold_id: str) -> Counter:
    report = world.call("GET", f"/holds/{hold_id}", query={"limit": "1000"})
    return Counter(each["status"] for each in report.body["recordings"])


def _no_pause(monkeypatch) -> list[float]:
    """The worker as its handler makes it, but noting its pauses instead of sleeping."""
    pauses: list[float] = []
    monkeypatch.setattr(
        worker_handler, "worker_dependencies", lambda: worker_dependencies(sleep=pauses.append)
    )
    return pauses


def test_a_large_hold_answers_at_once_fans_out_and_shows_progress_until_active(world):
    versions = world.seed_many(250)

    answer = world.place({**LEGAL, "call_ids": [version.call_id for version in versions]})

    assert answer.status == 202
    hold_id = answer.body["hold_id"]
    assert (answer.body["status"], answer.body["held"], answer.body["total"], answer.body["batches"]) == (
        "placing",
        0,
        250,
        5,
    )
    assert world.worker.messages == []  # too large to apply while the DPO waits
    queued = world.take_queued()
    bodies = [WorkMessage.model_validate_json(message["Body"]) for message in queued]
    assert sorted(message.batch for message in bodies) == [1, 2, 3, 4, 5]
    assert all(len(message.recordings) == 50 for message in bodies)
    assert {version for message in bodies for version in message.recordings} == set(versions)

    assert world.deliver(queued[:2]) == set()
    progress = world.call("GET", f"/holds/{hold_id}")
    assert (progress.body["status"], progress.body["held"], progress.body["total"]) == ("placing", 100, 250)
    assert _statuses(world, hold_id) == {"held": 100, "pending": 150}

    assert world.deliver(queued[2:]) == set()
    done = world.call("GET", f"/holds/{hold_id}")
    assert (done.body["status"], done.body["held"]) == ("active", 250)
    assert _statuses(world, hold_id) == {"held": 250}
    assert all(world.legal_hold(version) == "ON" for version in versions)
    assert all(world.tags(version)["retention"] == "hold" for version in versions)

    released = world.call("POST", f"/holds/{hold_id}/release")
    assert (released.status, released.body["status"]) == (202, "releasing")
    assert world.deliver_work() == 5
    final = world.call("GET", f"/holds/{hold_id}")
    assert (final.body["status"], final.body["released"], final.body["returned"]) == ("released", 250, 250)
    assert all(world.legal_hold(version) == "OFF" for version in versions)
    assert all(world.registry_item(version)["retention"] == "standard" for version in versions)


def test_a_message_delivered_twice_is_counted_once(world):
    versions = world.seed_many(120)
    hold_id = world.place({**LEGAL, "call_ids": [version.call_id for version in versions]}).body["hold_id"]
    queued = sorted(world.take_queued(), key=lambda message: json.loads(message["Body"])["batch"])

    world.deliver(queued[:1])
    world.deliver(queued[:1])  # SQS delivers at least once
    assert world.call("GET", f"/holds/{hold_id}").body["held"] == 50
    world.deliver(queued[1:])
    world.deliver(queued)  # all of them again, after the hold is active
    hold = world.call("GET", f"/holds/{hold_id}").body
    assert (hold["status"], hold["held"], hold["total"]) == ("active", 120, 120)
    actions = Counter(entry["action"] for entry in world.audit_entries(f"hold#{hold_id}"))
    assert actions == {"hold-placed": 1, "recordings-held": 3, "hold-active": 1}


def test_a_failing_message_fails_alone_and_its_retry_finishes_the_hold(world, monkeypatch):
    first = world.seed_many(130, prefix="C-FIRST")
    second = world.seed_many(130, prefix="C-SECOND")
    first_hold = world.place({**LEGAL, "call_ids": [version.call_id for version in first]}).body["hold_id"]
    second_hold = world.place({**LEGAL, "call_ids": [version.call_id for version in second]}).body["hold_id"]
    queued = world.take_queued()
    assert len(queued) == 6

    failing_key = first[55].object_key  # in the first hold's second message
    real_tag = LegalHolds.tag_version

    def throttled_once(self, bucket, key, version_id, tags):
        if key == failing_key:
            monkeypatch.setattr(LegalHolds, "tag_version", real_tag)
            raise ConnectionError("S3 slow down")
        real_tag(self, bucket, key, version_id, tags)

    monkeypatch.setattr(LegalHolds, "tag_version", throttled_once)
    failed = world.deliver(queued)
    failed_bodies = [WorkMessage.model_validate_json(m["Body"]) for m in queued if m["MessageId"] in failed]
    assert [(message.hold_id, message.batch) for message in failed_bodies] == [(first_hold, 2)]
    assert world.call("GET", f"/holds/{first_hold}").body["status"] == "placing"
    assert world.call("GET", f"/holds/{second_hold}").body["status"] == "active"

    assert world.deliver([m for m in queued if m["MessageId"] in failed]) == set()
    hold = world.call("GET", f"/holds/{first_hold}").body
    assert (hold["status"], hold["held"]) == ("active", 130)
    assert world.tags(first[55])["retention"] == "hold"


def test_a_direct_invocation_is_answered_with_the_work_report(world):
    versions = world.seed_recording("C-1", versions=2)
    hold = world.new_hold(versions)
    message = WorkMessage(action=WorkAction.PLACE, hold_id=hold.hold_id, recordings=tuple(versions))

    report = worker_handler.lambda_handler(json.loads(message.model_dump_json()), LambdaContext())

    assert report["applied"] is True
    assert report["hold_status"] == "active"
    assert [each["outcome"] for each in report["outcomes"]] == ["held", "held"]
    again = worker_handler.lambda_handler(json.loads(message.model_dump_json()), LambdaContext())
    assert again["applied"] is False and again["outcomes"] == []


def test_placing_a_recording_costs_exactly_three_aws_calls(world):
    versions = world.seed_many(50)
    hold = world.new_hold(versions)
    calls: list[tuple[str, str]] = []

    def count(model, **_):
        calls.append((model.service_model.service_name, model.name))

    dynamodb = boto3.client("dynamodb", region_name=REGION)
    s3 = boto3.client("s3", region_name=REGION)
    for client in (dynamodb, s3):
        client.meta.events.register("before-call.*.*", count)
    deps = worker_dependencies(
        registry=RecordingHolds(dynamodb, REGISTRY_TABLE),
        legal_holds=LegalHolds(s3),
        casework=Casework(dynamodb, REQUESTS_TABLE),
        audit=holds_fixtures.AuditTrail(dynamodb, AUDIT_TABLE),
    )

    report = apply_work(
        WorkMessage(action=WorkAction.PLACE, hold_id=hold.hold_id, recordings=tuple(versions)), deps
    )

    assert report.count(RecordingOutcome.HELD) == 50
    assert Counter(calls) == {
        ("dynamodb", "UpdateItem"): 50 + 3,  # one per recording; the hold's start, count and completion
        ("dynamodb", "Query"): 1,  # the message's versions among the hold's members: one range of them
        ("s3", "PutObjectLegalHold"): 50,
        ("s3", "PutObjectTagging"): 50,
        ("dynamodb", "PutItem"): 2,  # the audit entries: recordings held, hold active
    }
    per_recording = (len(calls) - 6) / len(versions)
    assert per_recording == 3


def test_placing_waits_for_a_release_in_progress_and_the_queue_retries_it(world, monkeypatch):
    pauses = _no_pause(monkeypatch)
    versions = world.seed_recording("C-1")
    table = world.dynamodb_resource_table(REGISTRY_TABLE)
    lease = (datetime.now(UTC) + timedelta(minutes=10)).isoformat(timespec="microseconds")
    key = {"call_id": "C-1", "version_id": versions[0].version_id}
    table.update_item(  # another hold's release is returning the recording to retention right now
        Key=key,
        UpdateExpression="SET release_token = :token, release_expires = :until",
        ExpressionAttributeValues={":token": "someone-else", ":until": lease},
    )

    answer = world.place({**LEGAL, "call_ids": ["C-1"]})

    assert answer.status == 202  # the worker could not finish at once: the rest goes to the queue
    assert answer.body["status"] == "placing"
    assert len(pauses) == 5  # it waited briefly before giving up
    assert world.legal_hold(versions[0]) == "OFF"
    queued = world.take_queued()
    assert world.deliver(queued) == {queued[0]["MessageId"]}  # still releasing: the message is retried

    table.update_item(  # the release finishes
        Key=key,
        UpdateExpression="SET retention = :standard REMOVE release_token, release_expires",
        ExpressionAttributeValues={":standard": "standard"},
    )
    assert world.deliver(queued) == set()
    assert world.legal_hold(versions[0]) == "ON"
    assert world.call("GET", f"/holds/{answer.body['hold_id']}").body["status"] == "active"


def test_a_release_token_left_by_a_crashed_release_does_not_block_a_hold(world, monkeypatch):
    pauses = _no_pause(monkeypatch)
    versions = world.seed_recording("C-1")
    expired = (datetime.now(UTC) - timedelta(seconds=1)).isoformat(timespec="microseconds")
    world.dynamodb_resource_table(REGISTRY_TABLE).update_item(
        Key={"call_id": "C-1", "version_id": versions[0].version_id},
        UpdateExpression="SET release_token = :token, release_expires = :until",
        ExpressionAttributeValues={":token": "crashed", ":until": expired},
    )
    assert world.place({**LEGAL, "call_ids": ["C-1"]}).status == 201
    assert pauses == []
    assert "release_token" not in world.registry_item(versions[0])
    assert world.legal_hold(versions[0]) == "ON"


# Concurrent holds and releases on the same recording ------------------------------------------------


class CheckedLegalHolds:
    """The real S3 adapter, checking at every legal hold OFF that the registry lists no hold on the
    version, before and after: OFF while a hold is active is the one thing that must never happen.
    Optionally pauses before turning OFF, and jitters every call to vary the interleavings."""

    def __init__(self, jitter: float = 0.0) -> None:
        self.real = LegalHolds(boto3.client("s3", region_name=REGION))
        self.registry = boto3.resource("dynamodb", region_name=REGION).Table(REGISTRY_TABLE)
        self.violations: list[str] = []
        self.turned_off = 0
        self.jitter = jitter
        self.turning_off = threading.Event()
        self.go_on = threading.Event()
        self.go_on.set()

    def _holds(self, key: str, version_id: str) -> set[str]:
        call_id = key.rsplit("/", 1)[-1].removesuffix(".wav")
        item = self.registry.get_item(Key={"call_id": call_id, "version_id": version_id}, ConsistentRead=True)
        return set(item["Item"].get("holds", set()))

    def _wait(self) -> None:
        if self.jitter:
            time.sleep(random.uniform(0, self.jitter))

    def hold_version(self, bucket, key, version_id):
        self._wait()
        self.real.hold_version(bucket, key, version_id)

    def release_version(self, bucket, key, version_id):
        self.turning_off.set()
        assert self.go_on.wait(10)
        self._wait()
        if holds := self._holds(key, version_id):
            self.violations.append(f"OFF requested while {holds} hold it")
        self.real.release_version(bucket, key, version_id)
        self.turned_off += 1
        if holds := self._holds(key, version_id):
            self.violations.append(f"OFF while {holds} hold it")

    def tag_version(self, bucket, key, version_id, tags):
        self._wait()
        self.real.tag_version(bucket, key, version_id, tags)


def _hold_in_force(world, versions, deps) -> str:
    """A hold that is active on the versions, as the worker leaves it."""
    hold = world.new_hold(versions)
    apply_work(WorkMessage(action=WorkAction.PLACE, hold_id=hold.hold_id, recordings=tuple(versions)), deps)
    return hold.hold_id


def _releasing(world, hold_id: str) -> WorkMessage:
    casework = Casework(world.dynamodb, REQUESTS_TABLE)
    assert casework.request_release(hold_id, by=DPO_ARN, at=datetime.now(UTC), note=None) is not None
    return WorkMessage(
        action=WorkAction.RELEASE, hold_id=hold_id, recordings=tuple(casework.all_hold_recordings(hold_id))
    )


def _placing(world, versions) -> WorkMessage:
    hold = world.new_hold(versions)
    return WorkMessage(action=WorkAction.PLACE, hold_id=hold.hold_id, recordings=tuple(versions))


def _in_threads(*work):
    """Run each job in a thread of its own. A job only calls AWS through clients made before it starts:
    boto3's default session makes clients unsafely across threads (its loaders and caches are shared
    dicts), which is no part of what these tests prove. Each AWS call itself is made atomic, as AWS
    serves it, by `holds_fixtures.serialise_moto_calls`."""
    outcomes, errors = [None] * len(work), []

    def run(index, job):
        try:
            outcomes[index] = job()
        except Exception as error:  # reported below, with the others
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(work)]
    for thread in threads:
        thread.start()
    return threads, outcomes, errors


def _assert_protected(world, version, *hold_ids):
    item = world.registry_item(version)
    assert set(item.get("holds", set())) == set(hold_ids)
    assert world.legal_hold(version) == "ON"
    assert world.tags(version)["retention"] == "hold"
    assert item["retention"] == "hold"
    assert "release_token" not in item and "due_on" not in item


def test_a_hold_placed_while_a_release_is_turning_the_legal_hold_off_waits_and_then_holds(world):
    versions = world.seed_recording("C-1")
    checked = CheckedLegalHolds()
    first = _hold_in_force(world, versions, worker_dependencies())
    release = _releasing(world, first)
    place = _placing(world, versions)
    checked.go_on.clear()
    place_waited = threading.Event()

    def note_pause(seconds):
        place_waited.set()
        time.sleep(0.01)

    releasing = worker_dependencies(legal_holds=checked)
    threads, outcomes, errors = _in_threads(lambda: apply_work(release, releasing))
    assert checked.turning_off.wait(10)  # the release holds the token and is about to turn OFF
    placer = worker_dependencies(legal_holds=checked, sleep=note_pause)
    placing, placed, place_errors = _in_threads(lambda: apply_work(place, placer))
    assert place_waited.wait(10)  # the place met the release in progress and waits
    checked.go_on.set()
    for thread in threads + placing:
        thread.join(20)

    assert errors == place_errors == []
    assert outcomes[0].outcomes[0].outcome is RecordingOutcome.RETURNED
    assert placed[0].outcomes[0].outcome is RecordingOutcome.HELD
    assert checked.violations == [] and checked.turned_off == 1
    _assert_protected(world, versions[0], place.hold_id)


def test_a_hold_placed_between_removing_the_last_hold_and_taking_the_token_keeps_the_recording(world):
    versions = world.seed_recording("C-1")
    checked = CheckedLegalHolds()
    first = _hold_in_force(world, versions, worker_dependencies())
    release = _releasing(world, first)
    place = _placing(world, versions)
    removed, go_on = threading.Event(), threading.Event()
    registry = RecordingHolds(boto3.client("dynamodb", region_name=REGION), REGISTRY_TABLE)
    real_remove = registry.remove_hold

    def remove_then_pause(version, hold_id):
        after = real_remove(version, hold_id)
        removed.set()
        assert go_on.wait(10)
        return after

    registry.remove_hold = remove_then_pause
    releasing = worker_dependencies(registry=registry, legal_holds=checked)
    threads, outcomes, errors = _in_threads(lambda: apply_work(release, releasing))
    assert removed.wait(10)  # the last hold is gone from the registry; no token taken yet
    placed = apply_work(place, worker_dependencies(legal_holds=checked))
    go_on.set()
    threads[0].join(20)

    assert errors == []
    assert placed.outcomes[0].outcome is RecordingOutcome.HELD
    assert outcomes[0].outcomes[0].outcome is RecordingOutcome.STILL_HELD
    assert checked.turned_off == 0 and checked.violations == []
    _assert_protected(world, versions[0], place.hold_id)


@pytest.mark.parametrize("trial", range(20))
def test_concurrent_releases_and_a_hold_never_leave_the_recording_unprotected(world, trial):
    random.seed(trial)
    versions = world.seed_recording(f"C-RACE-{trial}")
    plain = worker_dependencies()
    first, second = _hold_in_force(world, versions, plain), _hold_in_force(world, versions, plain)
    releases = [_releasing(world, first), _releasing(world, second)]
    place = _placing(world, versions)
    checked = CheckedLegalHolds(jitter=0.004)
    start = threading.Barrier(3)

    def after_start(message):
        deps = worker_dependencies(legal_holds=checked, sleep=time.sleep, retry_pause=0.005)

        def job():
            start.wait(10)
            return apply_work(message, deps)

        return job

    threads, outcomes, errors = _in_threads(*(after_start(message) for message in [*releases, place]))
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert checked.violations == []
    assert all(report.complete for report in outcomes)
    assert outcomes[2].outcomes[0].outcome is RecordingOutcome.HELD
    _assert_protected(world, versions[0], place.hold_id)
    assert (
        world.s3.get_object_legal_hold(
            Bucket=BUCKET, Key=versions[0].object_key, VersionId=versions[0].version_id
        )["LegalHold"]["Status"]
        == "ON"
    )
