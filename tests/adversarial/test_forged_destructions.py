"""Issue 16, item 4, gone around the DPO API: the eraser invoked directly with forged destructions of an
in-policy recording. A principal allowed ``lambda:InvokeFunction`` on the eraser can send any event; a
principal able to write the requests table (the casework function's role, say) could even write a
destruction record of its own. Neither destroys a recording that is not an out-of-policy capture: the
eraser acts only on what a destruction's record lists, and its claim on each version asks the registry
itself that the version is quarantined (deletion/adapters/recording_deletion.py).

moto runs no Lambda: the eraser's handler is invoked in this process with the events such a principal
could send.
"""

from datetime import UTC, datetime

import call_recordings.deletion.eraser_handler as eraser_handler
from call_recordings.deletion.adapters.destructions import DestructionRecords
from call_recordings.deletion.destruction_records import Destruction
from call_recordings.deletion.erasure_records import VersionKey
from call_recordings.deletion.vocabulary import DestructionReason, DestructionStatus
from tests.integration import deletion_fixtures, holds_fixtures
from tests.integration.holds_fixtures import BUCKET, REQUESTS_TABLE, LambdaContext

world = holds_fixtures.world
deletion = deletion_fixtures.deletion

FORGER = "arn:aws:sts::123456789012:assumed-role/SomeOtherRole/mallory"
CALLER = "01803 861234"


def invoke_eraser(event: dict) -> dict:
    eraser_handler.reset_dependencies()
    return eraser_handler.lambda_handler(event, LambdaContext())


def test_a_forged_destruction_of_an_in_policy_recording_deletes_nothing(world, deletion):
    """First a made-up destruction id, then a real destruction (of a genuine capture) replayed with the
    in-policy recording, then a destruction record forged in the requests table that lists it: the
    recording, its registry item and its audit trail are as they were; the first two are audited as
    refused."""
    [victim] = world.seed_recording("C-VICTIM", caller_number=CALLER)
    [capture] = world.seed_recording(
        "C-CARD", caller_number=CALLER, flags=frozenset({"payment-details-recorded"}), retention="quarantine"
    )
    real = deletion.destroy("C-CARD", reason="payment-details-recorded")
    assert real.body["status"] == "destroyed" and not deletion.in_s3(capture)
    victim_item = world.registry_item(victim)
    victim_key = {"call_id": "C-VICTIM", "version_id": victim.version_id}
    forged_id = "D-20261203-0000000000"
    records = DestructionRecords(world.dynamodb, REQUESTS_TABLE)
    records.create(
        Destruction(
            destruction_id="D-20261203-FFFFFFFFFF",
            call_id="C-VICTIM",
            status=DestructionStatus.DESTROYING,
            reason=DestructionReason.PAYMENT_DETAILS_RECORDED,
            requested_by=FORGER,
            requested_at=datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
            total=1,
            to_destroy=(VersionKey(**victim_key),),
        )
    )

    made_up = invoke_eraser({"destruction_id": forged_id, "requested_by": FORGER, "versions": [victim_key]})
    replayed = invoke_eraser(
        {"destruction_id": real.body["destruction_id"], "requested_by": FORGER, "versions": [victim_key]}
    )
    recorded = invoke_eraser(
        {"destruction_id": "D-20261203-FFFFFFFFFF", "requested_by": FORGER, "versions": [victim_key]}
    )

    assert [each["outcome"] for each in made_up["outcomes"]] == ["not-in-erasure"]
    assert [each["outcome"] for each in replayed["outcomes"]] == ["not-in-erasure"]
    assert [each["outcome"] for each in recorded["outcomes"]] == ["not-quarantined"]
    assert deletion.in_s3(victim)
    assert deletion.versions_in_s3(victim.object_key) == [victim.version_id]
    assert world.registry_item(victim) == victim_item  # not even a claim left on it
    assert deletion.audit("C-VICTIM") == []
    for destruction_id in (forged_id, real.body["destruction_id"]):
        [refusal] = world.audit_entries(f"destruction#{destruction_id}")
        assert (refusal["who"], refusal["action"]) == ("system:eraser", "eraser-invocation-refused")
        assert refusal["details"]["claimed_requested_by"] == FORGER
        assert refusal["details"]["recordings"] == [f"C-VICTIM#{victim.version_id}"]
    assert world.s3.get_object(Bucket=BUCKET, Key=victim.object_key, VersionId=victim.version_id)[
        "Body"
    ].read()
