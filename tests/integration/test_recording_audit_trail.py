"""GET /audit for one recording (``target=recording%23<call_id>``) through the real DPO API handler on
moto: what happened to the recording, in time order, and targets the trail cannot answer refused.

The story is told with every function's real code: ingest registers the call, the DPO API and the
hold worker hold and release it, restrict it, open, export and close a SAR about its caller, and the
eraser erases it. One clock, set before each step, stands for the real one everywhere.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
import time_machine

import call_recordings.deletion.eraser_handler as eraser_handler
import call_recordings.holds.worker_handler as worker_handler
from call_recordings.core.adapters.recordings_bucket import RecordingsBucket
from call_recordings.dpo_api.dependencies import (
    erasure_dependencies,
    export_dependencies,
    holds_dependencies,
    restrictions_dependencies,
    sar_dependencies,
)
from call_recordings.dpo_api.handler import app
from call_recordings.ingest.adapters.alerts import DpoAlerts
from call_recordings.ingest.adapters.registry import Registry
from call_recordings.ingest.logic import IngestDependencies, UploadNotice, ingest_recording
from tests.integration import deletion_fixtures, holds_fixtures, sar_fixtures, statistics_fixtures
from tests.integration.holds_fixtures import (
    BUCKET,
    CALL_IDS_TABLE,
    DPO_ARN,
    OTHER_DPO_ARN,
    REGION,
    REGISTRY_TABLE,
    World,
)
from tests.integration.rights_fixtures import erase, restrict

holds_world = statistics_fixtures.holds_world
world = statistics_fixtures.world  # with the restrictions routes
deletion = deletion_fixtures.deletion
sar_world = sar_fixtures.sar_world

CALLER = "01803 861234"
OTHER_CALLER = "07700 900123"
HOLD_WORKER = "system:hold-worker"


class Clock:
    """The one clock of the story: set to a moment, it moves on a second at each reading, so the
    entries one request writes keep the order it wrote them in."""

    def __init__(self) -> None:
        self._now = datetime(2026, 11, 20, tzinfo=UTC)
        self._lock = threading.Lock()

    def set(self, moment: str) -> None:
        self._now = datetime.fromisoformat(moment)

    def __call__(self) -> datetime:
        with self._lock:
            now, self._now = self._now, self._now + timedelta(seconds=1)
            return now


@pytest.fixture
def clock(world: World, deletion, sar_world, monkeypatch) -> Clock:
    """Every dependency of the story, as the fixtures make it, but reading this clock."""
    clock = Clock()
    for dependency in (
        holds_dependencies,
        export_dependencies,
        erasure_dependencies,
    ):
        app.dependency_overrides[dependency] = functools.partial(
            lambda made: replace(made(), clock=clock), app.dependency_overrides[dependency]
        )
    made_restrictions = app.dependency_overrides[restrictions_dependencies]
    app.dependency_overrides[restrictions_dependencies] = lambda: replace(  # a restriction places a hold
        made_restrictions(), clock=clock, holds=replace(made_restrictions().holds, clock=clock)
    )
    made_sar = app.dependency_overrides[sar_dependencies]
    app.dependency_overrides[sar_dependencies] = lambda: replace(
        made_sar(), holds=replace(made_sar().holds, clock=clock)
    )
    monkeypatch.setattr(
        worker_handler,
        "worker_dependencies",
        functools.cache(lambda: holds_fixtures.worker_dependencies(clock=clock)),
    )
    real_eraser = eraser_handler.eraser_dependencies

    def eraser_on_the_clock():
        made = real_eraser()
        return replace(made, deletion=replace(made.deletion, clock=clock))

    monkeypatch.setattr(eraser_handler, "eraser_dependencies", functools.cache(eraser_on_the_clock))
    return clock


def ingest(world: World, call_id: str, metadata: dict[str, str], now: datetime) -> None:
    """Upload a recording as the telephony system does, a minute before ``now`` (moto stamps the version's
    time from the clock: an upload days after its recorded-at would arrive late, DESIGN section 8), and
    register it through ingest's own logic."""
    key = f"recordings/2026/11/20/{call_id}.wav"
    with time_machine.travel(now - timedelta(minutes=1), tick=False):
        version_id = world.s3.put_object(
            Bucket=BUCKET, Key=key, Body=b"RIFF" + bytes(40), Metadata={"call-id": call_id, **metadata}
        )["VersionId"]
    deps = IngestDependencies(
        bucket=RecordingsBucket(world.s3),
        registry=Registry(world.dynamodb, REGISTRY_TABLE, CALL_IDS_TABLE),
        alerts=DpoAlerts(boto3.client("sns", region_name=REGION), "arn:aws:sns:eu-west-2:123456789012:none"),
        hmac_key=world.hmac_key,
    )
    notice = UploadNotice(event_name="ObjectCreated:Put", bucket=BUCKET, key=key, version_id=version_id)
    assert ingest_recording(notice, deps, now).status == "registered"


def trail(world: World, call_id: str, **query: str) -> list[dict[str, Any]]:
    answer = world.call("GET", "/audit", query={"target": f"recording#{call_id}", **query})
    assert answer.status == 200, answer.body
    return answer.body["entries"]


def steps(entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(entry["action"], entry["who"]) for entry in entries]


def test_a_recordings_trail_tells_what_happened_to_it_in_time_order(world, sar_world, clock):
    registered_at = datetime(2026, 11, 20, 10, 16, 2, tzinfo=UTC)
    # No source: ingest flags it. The caller's number is in the metadata, and must be in no entry.
    ingest(world, "C-1", {"recorded-at": "2026-11-20T10:15:00+00:00", "caller-number": CALLER}, registered_at)
    ingest(
        world,
        "C-2",
        {"recorded-at": "2026-11-20T11:00:00+00:00", "caller-number": OTHER_CALLER, "source": "data-subject"},
        registered_at + timedelta(hours=1),
    )

    clock.set("2026-11-21T09:00:00+00:00")
    claim = world.place(
        {"reason": "legal-claim", "case_reference": "LC-2026-014", "call_ids": ["C-1", "C-2"]}
    )
    other_hold = world.place({"reason": "threat", "case_reference": "SAFETY-88", "call_ids": ["C-2"]})
    assert (claim.status, other_hold.status) == (201, 201)
    clock.set("2026-11-23T09:00:00+00:00")
    released = world.call("POST", f"/holds/{claim.body['hold_id']}/release", principal=OTHER_DPO_ARN)
    assert released.body["status"] == "released"

    clock.set("2026-11-24T09:00:00+00:00")
    restriction = restrict(world, {"grounds": "accuracy-contested", "call_ids": ["C-1"]})
    restriction_id = restriction.body["restriction_id"]
    clock.set("2026-11-25T09:00:00+00:00")
    lifted = world.call(
        "POST", f"/restrictions/{restriction_id}/lift", body={"subject_told_on": "2026-11-25"}
    )
    assert lifted.status == 200

    clock.set("2026-11-26T10:00:00+00:00")
    sar = sar_world.open({"subject": {"caller_number": CALLER}, "received_on": "2026-11-26"})
    assert sar.status == 201, sar.body
    sar_id, preservation = sar.body["sar_id"], sar.body["hold_id"]
    clock.set("2026-11-26T11:00:00+00:00")
    pause = sar_world.call("POST", f"/sars/{sar_id}/pause", body={"reason": "clarification"})
    assert pause.status == 200, pause.body  # the SAR's clock: not something done to the recording
    clock.set("2026-11-27T10:00:00+00:00")
    assert sar_world.call("POST", f"/sars/{sar_id}/resume", body={}).status == 200
    assert sar_world.export(sar_id).status == 201

    expected = [
        ("recording-registered", "system:ingest"),
        ("hold-placed", DPO_ARN),
        ("recordings-held", HOLD_WORKER),
        ("hold-release-requested", OTHER_DPO_ARN),
        ("recordings-released", HOLD_WORKER),
        ("restriction-placed", DPO_ARN),  # it keeps the recording under a hold (reason restriction):
        ("hold-placed", DPO_ARN),
        ("recordings-held", HOLD_WORKER),
        ("restriction-lifted", DPO_ARN),  # and the lift releases that hold
        ("hold-release-requested", DPO_ARN),
        ("recordings-released", HOLD_WORKER),
        ("sar-opened", DPO_ARN),  # it places its preservation hold at once:
        ("hold-placed", DPO_ARN),
        ("recordings-held", HOLD_WORKER),
        ("sar-disclosed", DPO_ARN),
    ]
    before = trail(world, "C-1")
    assert steps(before) == expected
    registration = before[0]
    assert registration["at"] == "2026-11-20T10:16:02Z"
    assert registration["target"] == "recording#C-1"
    assert registration["details"]["flags"] == ["source-missing"]
    assert "registry" in registration["details"]["recorded_in"]
    assert [entry["at"] for entry in before] == sorted(entry["at"] for entry in before)
    claim_id = claim.body["hold_id"]
    assert [entry["target"] for entry in before[1:5]] == [f"hold#{claim_id}"] * 4
    assert before[1]["why"] == {"reason": "legal-claim", "case_reference": "LC-2026-014"}
    assert {before[5]["target"], before[8]["target"]} == {f"restriction#{restriction_id}"}
    assert before[6]["why"] == {"reason": "restriction", "case_reference": restriction_id}
    assert {entry["target"] for entry in before[6:8] + before[9:11]} == {
        f"hold#{restriction.body['hold_id']}"
    }
    assert before[12]["target"] == f"hold#{preservation}"
    assert before[12]["why"] == {"reason": "sar", "case_reference": sar_id}
    assert {before[11]["target"], before[14]["target"]} == {f"sar#{sar_id}"}
    # The other hold covered only C-2: nothing of it is in C-1's trail, and C-2's shows it.
    assert f"hold#{other_hold.body['hold_id']}" not in {entry["target"] for entry in before}
    assert ("hold-placed", DPO_ARN) in steps(trail(world, "C-2"))

    clock.set("2026-11-28T10:00:00+00:00")
    assert sar_world.call("POST", f"/sars/{sar_id}/close", body={}).status == 200
    clock.set("2026-12-01T10:00:00+00:00")
    erasure = erase(world, {"caller_number": CALLER})
    assert erasure.body["status"] == "erased", erasure.body

    after = trail(world, "C-1")
    assert steps(after) == [
        *expected,
        ("sar-closed", DPO_ARN),
        ("hold-release-requested", DPO_ARN),
        ("recordings-released", HOLD_WORKER),
        ("recording-erased", DPO_ARN),
    ]
    assert after[-1]["why"]["erasure_id"] == erasure.body["erasure_id"]
    # Deleted: the tombstone keeps no time of registration, the erasure's entry kept its day.
    registration = after[0]
    assert registration["at"] == "2026-11-20T00:00:00Z"
    assert registration["details"]["registered_on"] == "2026-11-20"
    assert registration["details"]["flags"] == ["source-missing"]
    assert [entry["entry"] for entry in after[1:-1]] == [entry["entry"] for entry in before[1:]] + [
        entry["entry"] for entry in after[-4:-1]
    ]
    text = str(after)
    for personal in (CALLER, "+441803861234", "861234"):
        assert personal not in text


def test_a_recordings_trail_pages_oldest_first_and_keeps_to_its_days(world, clock):
    ingest(
        world, "C-1", {"recorded-at": "2026-11-20T10:15:00+00:00"}, datetime(2026, 11, 20, 10, 16, tzinfo=UTC)
    )
    for day in ("2026-11-21", "2026-11-22", "2026-11-23"):
        clock.set(f"{day}T09:00:00+00:00")
        hold_id = world.place({"reason": "complaint", "case_reference": f"CMP-{day}", "call_ids": ["C-1"]})
        world.call("POST", f"/holds/{hold_id.body['hold_id']}/release")
    whole = trail(world, "C-1")
    assert len(whole) == 1 + 3 * 4

    paged, tokens = [], []
    while True:
        query = {"target": "recording#C-1", "limit": "5"} | ({"next_token": tokens[-1]} if tokens else {})
        page = world.call("GET", "/audit", query=query).body
        assert len(page["entries"]) <= 5
        paged += page["entries"]
        if page["next_token"] is None:
            break
        tokens.append(page["next_token"])
    assert paged == whole and len(tokens) == 2

    one_day = trail(world, "C-1", **{"from": "2026-11-22", "to": "2026-11-22"})
    assert steps(one_day) == [
        ("hold-placed", DPO_ARN),
        ("recordings-held", HOLD_WORKER),
        ("hold-release-requested", DPO_ARN),
        ("recordings-released", HOLD_WORKER),
    ]
    assert {entry["why"]["case_reference"] for entry in one_day} == {"CMP-2026-11-22"}

    # A token of C-1's trail does not page another recording's.
    foreign = world.call("GET", "/audit", query={"target": "recording#C-2", "next_token": tokens[0]})
    assert (foreign.status, foreign.error_code) == (400, "invalid-page-token")


def test_the_per_hold_trail_is_as_it_was_newest_first_and_only_the_holds_own(world, clock):
    world.seed_recording("C-1", versions=2)
    clock.set("2026-11-21T09:00:00+00:00")
    hold_id = world.place({"reason": "legal-claim", "case_reference": "LC-1", "call_ids": ["C-1"]}).body[
        "hold_id"
    ]
    world.call("POST", f"/holds/{hold_id}/release", principal=OTHER_DPO_ARN)

    answer = world.call("GET", "/audit", query={"target": f"hold#{hold_id}"})

    assert steps(answer.body["entries"]) == [
        ("hold-released", HOLD_WORKER),
        ("recordings-released", HOLD_WORKER),
        ("hold-release-requested", OTHER_DPO_ARN),
        ("hold-active", HOLD_WORKER),
        ("recordings-held", HOLD_WORKER),
        ("hold-placed", DPO_ARN),
    ]
    assert {entry["target"] for entry in answer.body["entries"]} == {f"hold#{hold_id}"}


def test_a_target_whose_hash_was_not_encoded_is_a_400_saying_to_write_it_as_percent_23(world):
    world.seed_recording("C-2")
    # "GET /audit?target=recording#C-2": the client never sends the fragment "#C-2".
    answer = world.call("GET", "/audit", query={"target": "recording"})

    assert (answer.status, answer.error_code) == (400, "invalid-audit-target")
    message = answer.body["error"]["message"]
    assert "%23" in message and "target=recording%23C-2" in message
    assert "received only 'recording'" in message


def test_a_target_of_an_unknown_kind_is_a_400_naming_the_kinds(world):
    answer = world.call("GET", "/audit", query={"target": "widget#X"})

    assert (answer.status, answer.error_code) == (400, "invalid-audit-target")
    assert answer.body["error"]["message"] == (
        "unknown target kind 'widget': the kinds are audit-archive, bucket, complaint, destruction, "
        "disclosure, erasure, hold, recording, request, restriction, sar, search"
    )
