"""Issue 17 item 3: a hold report carries its progress in the shape a job's answer does (core/progress.py):
done of total, percent, started, estimated finish, and the finish once active (or released)."""

from tests.integration import holds_fixtures

world = holds_fixtures.world

LEGAL = {"reason": "legal-claim", "case_reference": "LC-2026-099"}


def test_a_fanned_out_hold_reports_its_progress_until_active_then_its_release(world):
    versions = world.seed_many(world.sync_limit + 1)
    answer = world.place({**LEGAL, "call_ids": [version.call_id for version in versions]})
    assert answer.status == 202
    total = len(versions)
    started = answer.body["progress"]
    assert (started["done"], started["total"], started["percent"], started["finished_at"]) == (
        0,
        total,
        0.0,
        None,
    )

    queued = world.take_queued()
    assert world.deliver(queued[:1]) == set()
    halfway = world.call("GET", f"/holds/{answer.body['hold_id']}").body["progress"]
    assert 0 < halfway["done"] < total and 0 < halfway["percent"] < 100
    assert halfway["estimated_finish_at"] is not None

    assert world.deliver(queued[1:]) == set()
    active = world.call("GET", f"/holds/{answer.body['hold_id']}").body
    assert active["status"] == "active"
    assert (active["progress"]["done"], active["progress"]["percent"]) == (total, 100.0)
    assert active["progress"]["finished_at"] is not None

    released = world.call("POST", f"/holds/{answer.body['hold_id']}/release", body={"note": "claim settled"})
    assert released.status in (200, 202)
    assert released.body["progress"]["total"] == total
    world.deliver_work()
    done = world.call("GET", f"/holds/{answer.body['hold_id']}").body
    assert done["status"] == "released" and done["progress"]["percent"] == 100.0
    listed = world.call("GET", "/holds").body["holds"]
    assert [each["progress"]["done"] for each in listed] == [total]
