"""The tombstone (docs/registry.md, Deletion step 4; UK GDPR Art 17) removes what the item held once
claimed, and what it can have gained since, and names nothing else: the same tombstone as removing
every attribute a registry item might hold, with a shorter update (issue 17: an erasure's cost)."""

from datetime import UTC, date, datetime, timedelta

from call_recordings.deletion.adapters.recording_deletion import (
    GAINED_AFTER_REGISTRATION,
    TOMBSTONE_REMOVES,
    RegistryDeletion,
    tombstone_removes,
)
from call_recordings.deletion.records import VersionKey
from call_recordings.deletion.vocabulary import DeletedBecause
from tests.integration import holds_fixtures
from tests.integration.holds_fixtures import REGISTRY_TABLE

world = holds_fixtures.world

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _updates(world) -> list[dict]:
    """Every UpdateItem the world's DynamoDB client makes from now on, as sent."""
    sent: list[dict] = []
    world.dynamodb.meta.events.register(
        "provide-client-params.dynamodb.UpdateItem", lambda params, **_: sent.append(dict(params))
    )
    return sent


def test_art17_a_tombstone_removes_a_due_date_set_after_the_claim_and_names_only_what_the_item_held(world):
    [version] = world.seed_recording("C-TOMB-1", caller_number="01803 861234", customer_ref="SH-448812")
    key = VersionKey(call_id=version.call_id, version_id=version.version_id)
    registry = RegistryDeletion(world.dynamodb, REGISTRY_TABLE)
    table = world.dynamodb_resource_table(REGISTRY_TABLE)
    table.update_item(  # as a hold leaves it: off the sweeper's index
        Key={"call_id": key.call_id, "version_id": key.version_id}, UpdateExpression="REMOVE due_on"
    )
    claimed = registry.claim(key, "token-1", now=NOW, until=NOW + timedelta(minutes=15), due_by=None)
    assert "due_on" not in claimed.attributes and {"caller_hash", "customer_hash"} <= claimed.attributes
    table.update_item(  # a restriction's lift, meanwhile, puts it back on the index (it checks no lease)
        Key={"call_id": key.call_id, "version_id": key.version_id},
        UpdateExpression="SET due_on = :due",
        ExpressionAttributeValues={":due": "2027-02-20"},
    )
    sent = _updates(world)

    registry.tombstone(
        key, "token-1", deleted_on=date(2026, 12, 3), because=DeletedBecause.ERASED, held=claimed.attributes
    )

    tombstone = world.registry_item(version)
    assert not set(TOMBSTONE_REMOVES) & set(tombstone)
    assert tombstone["retention"] == "deleted" and {"purpose", "source", "expires_on"} <= set(tombstone)
    [update] = sent
    named = set(update["ExpressionAttributeNames"].values())
    assert {"agent_id", "uploaded_at", "registered_at", "dpo_notified_at"}.isdisjoint(named)  # never held
    assert GAINED_AFTER_REGISTRATION | {"caller_hash", "customer_hash", "bucket", "object_key"} <= named


def test_art17_a_tombstone_of_an_item_not_known_removes_every_attribute_it_might_hold():
    assert tombstone_removes(frozenset()) == TOMBSTONE_REMOVES
    assert tombstone_removes(frozenset({"call_id", "agent_id"})) == (
        "agent_id",
        "due_on",
        "release_token",
        "release_expires",
    )
