"""Issue 17: a hold naming call ids reads the versions each call id's claim lists (core.tables.CALL_IDS),
a hundred to a BatchGetItem, instead of querying each call; and finds exactly what the queries find.

The lists are trusted only once the upgrade step (infra/upgrades/call_versions.py) has listed the
versions registered before claims listed them and written VERSIONS_LISTED; a call whose claim has no
list, or that has no claim, is still queried."""

from collections import Counter

import pytest

from call_recordings.core.adapters.items import from_item
from call_recordings.core.tables import CALL_IDS, VERSIONS_LISTED
from call_recordings.holds.adapters.recording_holds import RecordingHolds
from infra.upgrades.call_versions import list_call_versions
from tests.integration import holds_fixtures
from tests.integration.holds_fixtures import CALL_IDS_TABLE, REGISTRY_TABLE

world = holds_fixtures.world
CALLS = ["C-TWO", "C-ONE", "C-GONE", "C-UNKNOWN"]


@pytest.fixture
def calls(world):
    """AWS calls the DynamoDB client of the look-ups makes, by operation."""
    counted: Counter[str] = Counter()
    world.dynamodb.meta.events.register(
        "before-call.dynamodb", lambda model, **_: counted.update([model.name])
    )
    return counted


def seed_calls(world) -> None:
    """A call of two versions, a call of one, and a call whose one version was deleted (its tombstone)."""
    world.seed_recording("C-TWO", versions=2)
    world.seed_recording("C-ONE")
    [gone] = world.seed_recording("C-GONE")
    world.dynamodb.update_item(
        TableName=REGISTRY_TABLE,
        Key={"call_id": {"S": gone.call_id}, "version_id": {"S": gone.version_id}},
        UpdateExpression="SET deleted_on = :on, retention = :deleted REMOVE #bucket, object_key",
        ExpressionAttributeNames={"#bucket": "bucket"},
        ExpressionAttributeValues={":on": {"S": "2026-12-01"}, ":deleted": {"S": "deleted"}},
    )


def queried(world) -> dict:
    """What a query per call finds (the registry without the call ids table)."""
    return RecordingHolds(world.dynamodb, REGISTRY_TABLE, lookup_threads=1).versions_of_calls(CALLS)


def looked_up(world) -> dict:
    return RecordingHolds(world.dynamodb, REGISTRY_TABLE, call_ids_table=CALL_IDS_TABLE).versions_of_calls(
        CALLS
    )


def test_listed_calls_are_read_in_batches_and_found_as_a_query_finds_them(world, calls):
    seed_calls(world)
    expected = queried(world)
    assert [len(expected[call_id]) for call_id in CALLS] == [2, 1, 0, 0]  # a tombstone is not a recording

    calls.clear()
    assert looked_up(world) == expected  # the same versions, in the same (version id) order
    # Only the unknown call id, which no claim lists, is queried.
    assert calls == {"BatchGetItem": 2, "Query": 1}


def test_before_the_upgrade_step_every_call_is_queried(world, calls):
    seed_calls(world)
    world.dynamodb.delete_item(TableName=CALL_IDS_TABLE, Key=CALL_IDS.key(VERSIONS_LISTED))
    expected = queried(world)

    calls.clear()
    assert looked_up(world) == expected
    assert calls == {"BatchGetItem": 1, "Query": len(CALLS)}  # the claims read, then not trusted


def test_a_claim_without_a_list_is_queried(world, calls):
    """A claim written before claims listed their versions (the upgrade step not run since)."""
    seed_calls(world)
    world.dynamodb.update_item(
        TableName=CALL_IDS_TABLE, Key=CALL_IDS.key("C-TWO"), UpdateExpression="REMOVE versions"
    )
    expected = queried(world)

    calls.clear()
    assert looked_up(world) == expected and len(expected["C-TWO"]) == 2
    assert calls == {"BatchGetItem": 2, "Query": 2}  # C-TWO and the unknown call id


def test_the_upgrade_step_lists_every_version_registered_before_claims_listed_them(world):
    seed_calls(world)
    two = [version.version_id for version in world._versions["C-TWO"]]
    [one] = [version.version_id for version in world._versions["C-ONE"]]
    # As an earlier version left them: C-TWO claimed by its second version (its first registered before
    # the call ids table), with no list; C-ONE never claimed; no VERSIONS_LISTED.
    world.dynamodb.put_item(
        TableName=CALL_IDS_TABLE,
        Item={"call_id": {"S": "C-TWO"}, "version_id": {"S": two[1]}, "claimed_at": {"S": "2026-11-21"}},
    )
    world.dynamodb.delete_item(TableName=CALL_IDS_TABLE, Key=CALL_IDS.key("C-ONE"))
    world.dynamodb.delete_item(TableName=CALL_IDS_TABLE, Key=CALL_IDS.key(VERSIONS_LISTED))

    assert list_call_versions(world.dynamodb, REGISTRY_TABLE, CALL_IDS_TABLE) == 3
    claims = {
        item["call_id"]: item
        for item in map(from_item, world.dynamodb.scan(TableName=CALL_IDS_TABLE)["Items"])
    }
    assert set(claims) == {"C-TWO", "C-ONE", "C-GONE", VERSIONS_LISTED}
    assert (claims["C-TWO"]["version_id"], claims["C-TWO"]["versions"]) == (
        two[1],
        set(two),
    )  # kept its claim
    assert (claims["C-ONE"]["version_id"], claims["C-ONE"]["versions"]) == (one, {one})  # claimed now
    assert claims["C-TWO"]["claimed_at"] == "2026-11-21"
    assert len(claims["C-GONE"]["versions"]) == 1  # a deleted version stays listed: its item says gone

    again = list_call_versions(world.dynamodb, REGISTRY_TABLE, CALL_IDS_TABLE)
    assert again == 3
    assert {
        item["call_id"]: item.get("versions")
        for item in map(from_item, world.dynamodb.scan(TableName=CALL_IDS_TABLE)["Items"])
    } == {call_id: claim.get("versions") for call_id, claim in claims.items()}
    assert looked_up(world) == queried(world)


def test_one_call_id_is_queried_its_claim_and_items_would_be_two_calls(world, calls):
    seed_calls(world)
    holds = RecordingHolds(world.dynamodb, REGISTRY_TABLE, call_ids_table=CALL_IDS_TABLE)

    calls.clear()
    [(call_id, versions)] = holds.versions_of_calls(["C-TWO"]).items()
    assert (call_id, len(versions)) == ("C-TWO", 2)
    assert calls == {"Query": 1}
