"""The recordings that need the DPO (issue 18, the Today page's "quarantined and flagged recordings"):
GET /recordings?needs=dpo through the real DPO API handlers on moto, and how a version joins and leaves
the registry's sparse by-needs-dpo index: ingest puts an out-of-policy or alerted upload on it, daily
reconciliation puts a version whose object is gone on it (and any flagged version registered before the
index existed: the migration), the correction that answers the last such flag takes it off, deletion
takes it off. DESIGN section 1: out-of-policy uploads are "quarantined, access-restricted and reported
to the DPO, never silently kept"."""

import base64
import json

from tests.integration import statistics_fixtures
from tests.integration.statistics_fixtures import seed, tombstone
from tests.integration.test_ingest import good_metadata
from tests.integration.test_reconciliation import reconcile, stack  # noqa: F401 - the reconciliation's stack
from tests.integration.test_recording_corrections_api import corrections  # noqa: F401 - its fixture

holds_world = statistics_fixtures.holds_world
world = statistics_fixtures.world

REASON = "checked with the contact centre: a complaint about bin collections"


def needing_dpo(world, **query):
    return world.call("GET", "/recordings", query={"needs": "dpo"} | query)


def listed(answer) -> list[str]:
    return [found["call_id"] for found in answer.body["recordings"]]


def test_quarantined_and_flagged_recordings_are_listed_newest_first_with_why(world):
    seed(
        world,
        "C-CARD",
        recorded_at="2026-11-21T09:00:00+00:00",
        flags=frozenset({"payment-details-recorded"}),
        retention="quarantine",
    )
    seed(world, "C-LATE", recorded_at="2026-11-22T09:00:00+00:00", flags=frozenset({"arrived-late"}))
    seed(world, "C-WHY", recorded_at="2026-11-20T09:00:00+00:00", flags=frozenset({"source-missing"}))
    seed(world, "C-FINE", recorded_at="2026-11-23T09:00:00+00:00")
    # A flag that asks nothing of the DPO (the number was not kept) puts nothing on the list.
    seed(world, "C-NUM", recorded_at="2026-11-24T09:00:00+00:00", flags=frozenset({"caller-number-invalid"}))

    answer = needing_dpo(world)

    assert answer.status == 200
    assert listed(answer) == ["C-LATE", "C-CARD", "C-WHY"]
    card = answer.body["recordings"][1]
    assert card["quarantined"] is True and card["retention"] == "quarantine"
    assert [reason["flag"] for reason in card["why"]] == ["payment-details-recorded"]
    assert "card or bank details" in card["why"][0]["meaning"]
    assert answer.body["recordings"][0]["quarantined"] is False
    assert "caller_hash" not in json.dumps(answer.body)


def test_a_list_longer_than_a_page_comes_a_page_at_a_time(world):
    for day in range(1, 4):
        seed(
            world, f"C-{day}", recorded_at=f"2026-11-0{day}T09:00:00+00:00", flags=frozenset({"arrived-late"})
        )

    first = needing_dpo(world, limit="2")
    second = needing_dpo(world, limit="2", next_token=first.body["next_token"])

    assert (listed(first), listed(second)) == (["C-3", "C-2"], ["C-1"])


def test_a_token_from_another_list_is_refused(world):
    forged = base64.urlsafe_b64encode(json.dumps({"needs_dpo": {"S": "no"}}).encode()).decode()

    answer = needing_dpo(world, next_token=forged)

    assert answer.status == 400 and answer.body["error"]["code"] == "invalid-page-token"


def test_the_list_must_be_asked_for_by_name(world):
    assert world.call("GET", "/recordings").status == 400
    assert world.call("GET", "/recordings", query={"needs": "everything"}).status == 400


def test_the_correction_that_answers_the_last_flag_takes_the_recording_off_the_list(corrections):  # noqa: F811
    """DESIGN section 1, the DPO can re-purpose a recording: once they have, nothing is left to review."""
    world = corrections
    seed(world, "C-P", purpose="unspecified", flags=frozenset({"purpose-unknown"}))
    seed(world, "C-PL", purpose="unspecified", flags=frozenset({"purpose-unknown", "arrived-late"}))
    assert set(listed(needing_dpo(world))) == {"C-P", "C-PL"}

    for call_id in ("C-P", "C-PL"):
        answer = world.call(
            "POST",
            f"/recordings/{call_id}/purpose",
            body={"purpose": "complaints-disputes", "reason": REASON},
        )
        assert answer.status == 200

    assert listed(needing_dpo(world)) == ["C-PL"]  # arrived late: the DPO was told, nothing to correct
    [still] = needing_dpo(world).body["recordings"]
    assert [reason["flag"] for reason in still["why"]] == ["arrived-late"]


def test_a_deleted_recording_leaves_the_list(world):
    [version] = seed(world, "C-Q", flags=frozenset({"officer-call-leg-recorded"}), retention="quarantine")
    assert listed(needing_dpo(world)) == ["C-Q"]

    tombstone(world, version, because="retention-period-ended")

    assert listed(needing_dpo(world)) == []


# Joining the list: ingest and reconciliation, with the real ingest pipeline ------------------------------


def test_ingest_puts_an_out_of_policy_upload_on_the_list_and_a_good_one_not(stack):  # noqa: F811
    stack.upload("recordings/2026/11/C-CARD.wav", good_metadata(call_id="C-CARD", payment_details="true"))
    stack.upload("recordings/2026/11/C-GOOD.wav", good_metadata(call_id="C-GOOD"))
    stack.deliver_all()

    assert stack.item("C-CARD")["needs_dpo"] == "yes"
    assert stack.item("C-CARD")["retention"] == "quarantine"
    assert "needs_dpo" not in stack.item("C-GOOD")


def test_reconciliation_puts_a_version_whose_object_is_gone_on_the_list(stack):  # noqa: F811
    key = "recordings/2026/11/C-GONE.wav"
    version_id = stack.upload(key, good_metadata(call_id="C-GONE"))
    stack.deliver_all()
    stack.s3.delete_object(Bucket=stack.bucket, Key=key, VersionId=version_id)  # by hand

    assert reconcile()["newly_flagged"] == 1

    assert stack.item("C-GONE")["needs_dpo"] == "yes"


def test_reconciliation_puts_flagged_versions_registered_before_the_list_on_it_once(stack):  # noqa: F811
    """The migration: a flagged version ingest registered before the by-needs-dpo index existed."""
    stack.upload("recordings/2026/11/C-OLD.wav", good_metadata(call_id="C-OLD", call_leg="officer"))
    stack.upload("recordings/2026/11/C-OK.wav", good_metadata(call_id="C-OK"))
    stack.deliver_all()
    old = stack.item("C-OLD")
    stack.dynamodb.update_item(  # as an item written before the index is
        TableName=stack.table,
        Key={"call_id": {"S": "C-OLD"}, "version_id": {"S": old["version_id"]}},
        UpdateExpression="REMOVE needs_dpo",
    )

    first, second = reconcile(), reconcile()

    assert (first["put_on_dpo_list"], second["put_on_dpo_list"]) == (1, 0)
    assert stack.item("C-OLD")["needs_dpo"] == "yes"
    assert "needs_dpo" not in stack.item("C-OK")
