"""POST /recordings/{call_id}/destroy end to end on moto (issue 16, item 4): the DPO API refuses what is
not an out-of-policy capture or what a hold or restriction keeps, with nothing changed; otherwise the
eraser (in-process, through its real handler) destroys every version of the call id through the one
deletion path, delete markers included, leaving the registry's tombstone and one audit entry.

The privacy notice says bank and card details are not recorded and a transferred call is recorded only
for the contact-centre part: a capture that breaks either must be destroyable at once, not kept until
its date."""

import json

import pytest

from tests.integration import deletion_fixtures, statistics_fixtures
from tests.integration.holds_fixtures import AUDIT_TABLE, BUCKET, DPO_ARN, REGISTRY_TABLE, REQUESTS_TABLE
from tests.integration.rights_fixtures import restrict

holds_world = statistics_fixtures.holds_world
world = statistics_fixtures.world  # the holds world, with POST /restrictions wired to its hold worker
deletion = deletion_fixtures.deletion

CALLER = "07700 900123"
CARD_DETAILS = frozenset({"payment-details-recorded"})
OFFICER_LEG = frozenset({"officer-call-leg-recorded"})


def seed_capture(world, call_id: str = "C-CARD", *, flags=CARD_DETAILS, **options):
    return world.seed_recording(call_id, caller_number=CALLER, flags=flags, retention="quarantine", **options)


def snapshot(world) -> str:
    """Everything that could change: S3's versions and markers, the registry, requests and audit tables."""
    listed = world.s3.list_object_versions(Bucket=BUCKET)
    s3 = sorted(
        (each["Key"], each["VersionId"])
        for each in listed.get("Versions", []) + listed.get("DeleteMarkers", [])
    )
    tables = {
        name: sorted(world.dynamodb_resource_table(name).scan()["Items"], key=repr)
        for name in (REGISTRY_TABLE, REQUESTS_TABLE, AUDIT_TABLE)
    }
    return json.dumps({"s3": s3, "tables": tables}, default=repr, sort_keys=True)


def test_a_quarantined_capture_destroyed_by_call_id_is_gone_from_s3_and_the_registry_with_one_audit_entry(
    world, deletion
):
    """Issue 16's Done means; the notice's "bank and card details are not recorded". A delete marker
    (from a versionless delete or the lifecycle backstop) is no destruction: it goes too."""
    [capture] = seed_capture(world)
    world.s3.delete_object(Bucket=BUCKET, Key=capture.object_key)  # a delete marker over the version
    [kept] = world.seed_recording("C-KEPT", caller_number=CALLER)
    assert len(deletion.versions_in_s3(capture.object_key)) == 2

    answer = deletion.destroy("C-CARD", reason="payment-details-recorded", note="Caller read out a card")

    assert answer.status == 201, answer.body
    body = answer.body
    assert body["destruction_id"].startswith("D-")
    assert (body["call_id"], body["status"], body["total"], body["destroyed"], body["failed"]) == (
        "C-CARD",
        "destroyed",
        1,
        1,
        0,
    )
    assert (body["reason"], body["requested_by"], body["note"]) == (
        "payment-details-recorded",
        DPO_ARN,
        "Caller read out a card",
    )
    assert body["versions"] == [
        {"version_id": capture.version_id, "outcome": "deleted", "hold_ids": [], "restriction_ids": []}
    ]

    assert deletion.versions_in_s3(capture.object_key) == []  # every version and delete marker
    tombstone = deletion.item(capture)
    assert (tombstone["retention"], tombstone["deleted_because"]) == ("deleted", "destroyed-out-of-policy")
    assert not {"caller_hash", "object_key", "bucket", "recorded_at"} & set(tombstone)
    gone = world.call("GET", "/recordings/C-CARD")
    assert (gone.status, gone.error_code) == (410, "recording-deleted")
    assert "destroyed as an out-of-policy capture" in gone.body["error"]["message"]

    every_entry = world.dynamodb_resource_table(AUDIT_TABLE).scan()["Items"]
    assert len(every_entry) == 1
    [entry] = every_entry
    assert (entry["target"], entry["who"], entry["action"]) == (
        "recording#C-CARD",
        DPO_ARN,
        "recording-destroyed",
    )
    assert entry["why"]["reason"] == "payment-details-recorded"
    assert "card details are not recorded" in entry["why"]["ground"]
    assert entry["why"]["destruction_id"] == body["destruction_id"]
    assert entry["details"]["version_id"] == capture.version_id
    assert entry["details"]["delete_markers_removed"] == 1
    assert "Caller read out a card" not in json.dumps(every_entry, default=str)  # the note stays sealed
    trail = world.call("GET", "/audit", query={"target": "recording#C-CARD"}).body["entries"]
    assert [each["action"] for each in trail] == ["recording-destroyed"]  # seeded: no registration time

    assert deletion.in_s3(kept) and "caller_hash" in deletion.item(kept)  # another call: untouched


def test_every_version_of_the_call_id_is_destroyed_each_by_its_version_id(world, deletion):
    """The notice's "a transferred call is recorded only for the contact-centre part": both uploads of
    the officer's leg go, each audited as destroyed."""
    versions = seed_capture(world, "C-LEG", flags=OFFICER_LEG, versions=2)

    answer = deletion.destroy("C-LEG", reason="officer-call-leg-recorded")

    assert (answer.status, answer.body["status"], answer.body["destroyed"]) == (201, "destroyed", 2)
    assert deletion.versions_in_s3(versions[0].object_key) == []
    assert {deletion.item(each)["deleted_because"] for each in versions} == {"destroyed-out-of-policy"}
    entries = deletion.audit("C-LEG")
    assert sorted(entry["details"]["version_id"] for entry in entries) == sorted(
        each.version_id for each in versions
    )
    assert {entry["action"] for entry in entries} == {"recording-destroyed"}


def test_destroying_an_in_policy_recording_is_refused_409_and_changes_nothing(world, deletion):
    """Destruction is not erasure (UK GDPR Art 17 needs the data subject's request): a recording with no
    quarantine flag is refused."""
    world.seed_recording("C-PLAIN", caller_number=CALLER)
    before = snapshot(world)

    answer = deletion.destroy("C-PLAIN", reason="payment-details-recorded")

    assert (answer.status, answer.error_code) == (409, "recording-not-quarantined")
    assert "POST /erasures" in answer.body["error"]["message"]
    assert snapshot(world) == before and deletion.eraser.requests == []


def test_a_call_id_with_one_in_policy_version_is_refused_whole(world, deletion):
    """A reused call id (another person's call under the same id) is never destroyed with the capture."""
    [capture] = seed_capture(world, "C-MIXED")
    [other] = world.seed_recording("C-MIXED", caller_number="07700 900999")
    before = snapshot(world)

    answer = deletion.destroy("C-MIXED", reason="payment-details-recorded")

    assert (answer.status, answer.error_code) == (409, "recording-not-quarantined")
    assert other.version_id in answer.body["error"]["message"]
    assert capture.version_id not in answer.body["error"]["message"]
    assert snapshot(world) == before and deletion.eraser.requests == []


def test_a_held_capture_is_refused_409_naming_the_hold_and_changes_nothing(world, deletion):
    """A hold (here a legal claim: UK GDPR Art 17(3)(e)) may need the capture as evidence: release it
    first."""
    [capture] = seed_capture(world)
    hold = world.place({"reason": "legal-claim", "case_reference": "CLAIM-9", "call_ids": ["C-CARD"]})
    before = snapshot(world)

    answer = deletion.destroy("C-CARD", reason="payment-details-recorded")

    assert (answer.status, answer.error_code) == (409, "recording-kept")
    assert f"hold {hold.body['hold_id']}" in answer.body["error"]["message"]
    assert snapshot(world) == before and deletion.eraser.requests == []
    assert deletion.in_s3(capture) and world.legal_hold(capture) == "ON"


def test_a_restricted_capture_is_refused_409_naming_the_restriction_and_changes_nothing(world, deletion):
    """UK GDPR Art 18(2): while a restriction stands, storage is all that is allowed."""
    [capture] = seed_capture(world)
    restriction = restrict(world, {"grounds": "objection-pending", "call_ids": ["C-CARD"]})
    assert restriction.status == 201, restriction.body
    before = snapshot(world)

    answer = deletion.destroy("C-CARD", reason="payment-details-recorded")

    assert (answer.status, answer.error_code) == (409, "recording-kept")
    assert f"restriction {restriction.body['restriction_id']}" in answer.body["error"]["message"]
    assert snapshot(world) == before and deletion.eraser.requests == []
    assert deletion.in_s3(capture)


def test_an_unknown_call_id_is_404_and_a_destroyed_one_410(world, deletion):
    seed_capture(world)
    before = snapshot(world)
    unknown = deletion.destroy("C-NEVER", reason="payment-details-recorded")
    assert (unknown.status, unknown.error_code) == (404, "recording-not-found")
    assert snapshot(world) == before and deletion.eraser.requests == []
    assert deletion.destroy("C-CARD", reason="payment-details-recorded").status == 201
    before = snapshot(world)

    again = deletion.destroy("C-CARD", reason="payment-details-recorded")

    assert (again.status, again.error_code) == (410, "recording-deleted")
    assert snapshot(world) == before and len(deletion.eraser.requests) == 1


@pytest.mark.parametrize(
    "body",
    [{}, {"reason": "no-longer-needed"}, {"reason": "payment-details-recorded", "call_id": "C-OTHER"}],
)
def test_a_destruction_needs_one_of_the_notices_reasons_and_nothing_else(world, deletion, body):
    seed_capture(world)
    before = snapshot(world)

    answer = world.call("POST", "/recordings/C-CARD/destroy", body=body)

    assert (answer.status, answer.error_code) == (400, "invalid-request"), answer.body
    assert snapshot(world) == before
