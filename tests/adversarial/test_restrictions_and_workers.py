"""Issue 13, items 1 to 3, gone around the DPO API the way AWS or a principal could: S3 lifecycle and the
retention sweeper running for 400 days over a restricted recording, another person's erasure reaching
it, and the two workers (the eraser, the hold worker) invoked directly with forged events. Each test
asserts that nothing was lost or reached the wrong recording, and that what was refused is in the
audit trail.

moto runs no lifecycle and no Lambda: the template's own lifecycle rules are applied by
infra/local/lifecycle.py (as S3 would, Object Lock legal holds included), and the handlers are
invoked in this process with the events a principal allowed ``lambda:InvokeFunction`` could send.
"""

import json
from datetime import UTC, datetime, timedelta

import pytest

import call_recordings.deletion.eraser_handler as eraser_handler
import call_recordings.holds.worker_handler as worker_handler
from call_recordings.core.retention import LONDON
from infra.local.lifecycle import LifecycleAction, apply_lifecycle
from infra.local.provision import recordings_bucket_id, recordings_lifecycle_rules
from tests.integration import deletion_fixtures, statistics_fixtures
from tests.integration.holds_fixtures import BUCKET, LambdaContext
from tests.integration.rights_fixtures import restrict

holds_world = statistics_fixtures.holds_world
world = statistics_fixtures.world  # the holds world, with POST /restrictions wired to its hold worker
deletion = deletion_fixtures.deletion

CLAIMANT = "01803 861234"  # the resident who needs the recording for a claim
OTHER_CALLER = "01803 555777"
FORGER = "arn:aws:sts::123456789012:assumed-role/SomeOtherRole/mallory"


@pytest.fixture
def lifecycle(world, stack_template):
    """The recordings bucket's lifecycle rules, from the synthesized template, on the world's bucket."""
    rules = recordings_lifecycle_rules(stack_template)
    world.s3.put_bucket_lifecycle_configuration(Bucket=BUCKET, LifecycleConfiguration={"Rules": rules})
    return world


def current_version(world, version) -> str | None:
    """The version id S3 serves for the key now (None: a delete marker, or nothing, is current)."""
    listed = world.s3.list_object_versions(Bucket=BUCKET, Prefix=version.object_key)
    latest = [
        each for each in listed.get("Versions", []) + listed.get("DeleteMarkers", []) if each["IsLatest"]
    ]
    return next((each["VersionId"] for each in latest if "Size" in each), None)


def test_a_restricted_recording_survives_the_sweeper_and_lifecycle_at_93_200_and_400_days(
    lifecycle, deletion
):
    """Art 18(1)(c): the resident needs the recording for a claim. The sweeper and S3 lifecycle, run as
    AWS would 93, 200 and 400 days after the upload (sweeper first, as the daily run does), keep every
    byte of it; an unrestricted recording uploaded alongside is deleted on its date."""
    world = lifecycle
    [restricted] = world.seed_recording("C-CLAIM", caller_number=CLAIMANT)
    [ordinary] = world.seed_recording("C-ORDINARY", caller_number=OTHER_CALLER)
    body = {"grounds": "needed-by-subject-for-legal-claims", "subject": {"caller_number": CLAIMANT}}
    assert restrict(world, body).status == 201
    uploaded = world.s3.head_object(
        Bucket=BUCKET, Key=restricted.object_key, VersionId=restricted.version_id
    )["LastModified"]

    for days in (93, 200, 400):
        moment = uploaded.astimezone(UTC) + timedelta(days=days)
        deletion.sweep(moment.astimezone(LONDON).date())
        report = apply_lifecycle(world.s3, BUCKET, moment)

        touched = [event for event in report.events if event.key == restricted.object_key]
        assert [event.action for event in touched] in ([], [LifecycleAction.DELETION_BLOCKED]), days
        assert current_version(world, restricted) == restricted.version_id, days  # no delete marker over it
        assert deletion.in_s3(restricted), days
        assert world.legal_hold(restricted) == "ON", days
        assert world.tags(restricted)["retention"] == "restricted", days
        assert "deleted_on" not in world.registry_item(restricted), days
    assert not deletion.in_s3(ordinary)  # the sweeper deleted it on its date: the test has teeth
    assert deletion.audit("C-CLAIM") == []  # nothing ever deleted it, or tried


def test_another_persons_erasure_leaves_a_restricted_recording_and_the_refusal_is_audited(world, deletion):
    """The resident (caller number) restricted the recordings of their calls; another person, the
    customer on one of those calls, asks for erasure of theirs. The call is kept, and the refusal, with
    the restriction and its ground, is in the answer and the audit trail."""
    [shared] = world.seed_recording("C-SHARED", caller_number=CLAIMANT, customer_ref="CUS-42")
    [theirs] = world.seed_recording("C-THEIRS", customer_ref="CUS-42")
    body = {"grounds": "needed-by-subject-for-legal-claims", "subject": {"caller_number": CLAIMANT}}
    restriction_id = restrict(world, body).body["restriction_id"]

    erasure = deletion.erase({"customer_ref": "CUS-42"})

    assert (erasure.status, erasure.body["status"]) == (201, "partly-refused")
    assert deletion.in_s3(shared) and "deleted_on" not in world.registry_item(shared)
    assert not deletion.in_s3(theirs)  # their own recording, which no one restricted, is erased
    [refused] = erasure.body["refused_recordings"]
    [kept_by] = refused["holds"]
    assert (kept_by["restriction_id"], kept_by["restriction_grounds"]) == (
        restriction_id,
        "needed-by-subject-for-legal-claims",
    )
    assert "another person's request" in kept_by["ground"] and "Art 18(1)(c)" in kept_by["ground"]
    [finished] = [
        entry
        for entry in world.audit_entries(f"erasure#{erasure.body['erasure_id']}")
        if entry["action"] == "erasure-finished"
    ]
    [audited] = finished["details"]["refused_recordings"]
    assert audited["recording"] == f"C-SHARED#{shared.version_id}"
    assert audited["restrictions"][0]["restriction_id"] == restriction_id
    assert audited["restrictions"][0]["grounds"] == "needed-by-subject-for-legal-claims"
    assert "CUS-42" not in str(finished) and "861234" not in str(finished)


def test_a_forged_eraser_invocation_changes_nothing_and_is_audited_as_refused(world, deletion):
    """A principal allowed lambda:InvokeFunction on the eraser sends a made-up erasure id and a forged
    requester; then replays a real, finished erasure's id with a version it never listed. Nothing is
    deleted, no entry names the forged principal as having erased, and both are audited as refused."""
    [victim] = world.seed_recording("C-VICTIM", caller_number=OTHER_CALLER)
    [erased] = world.seed_recording("C-ERASED", caller_number=CLAIMANT)
    real = deletion.erase({"caller_number": CLAIMANT})
    assert real.body["status"] == "erased" and not deletion.in_s3(erased)
    victim_key = {"call_id": "C-VICTIM", "version_id": victim.version_id}

    forged = eraser_handler.lambda_handler(
        {"erasure_id": "E-20261203-0000000000", "requested_by": FORGER, "versions": [victim_key]},
        LambdaContext(),
    )
    replayed = eraser_handler.lambda_handler(
        {"erasure_id": real.body["erasure_id"], "requested_by": FORGER, "versions": [victim_key]},
        LambdaContext(),
    )

    for report in (forged, replayed):
        assert [each["outcome"] for each in report["outcomes"]] == ["not-in-erasure"]
    assert deletion.in_s3(victim)
    assert world.registry_item(victim)["retention"] == "standard"
    assert deletion.audit("C-VICTIM") == []
    for erasure_id in ("E-20261203-0000000000", real.body["erasure_id"]):
        [refusal] = [
            entry
            for entry in world.audit_entries(f"erasure#{erasure_id}")
            if entry["action"] == "eraser-invocation-refused"
        ]
        assert refusal["who"] == "system:eraser"
        assert refusal["details"]["claimed_requested_by"] == FORGER
        assert refusal["details"]["recordings"] == [f"C-VICTIM#{victim.version_id}"]
    assert FORGER not in {entry["who"] for entry in world.audit_entries("recording#C-ERASED")}


@pytest.mark.parametrize("forgery", ["unknown-hold", "versions-not-in-the-hold"])
def test_a_forged_hold_worker_message_changes_nothing_and_is_audited_as_refused(world, forgery):
    """A principal allowed to send to the work queue, or to invoke the hold worker, names an unknown
    hold, or a real hold still being placed with a recording it does not cover. No recording changes;
    the real hold's own messages then hold every recording it covers (the forged batch did not take
    their place); the refusal is audited under the hold named."""
    world.sync_limit = 1  # the real hold fans out through the work queue, and waits there
    covered = world.seed_recording("C-HELD-1") + world.seed_recording("C-HELD-2")
    [stranger] = world.seed_recording("C-STRANGER")
    placing = world.place(
        {"reason": "legal-claim", "case_reference": "LC-9", "call_ids": ["C-HELD-1", "C-HELD-2"]}
    )
    assert (placing.status, placing.body["status"]) == (202, "placing")
    hold_id = placing.body["hold_id"] if forgery == "versions-not-in-the-hold" else "H-20261203-0000000000"
    message = {
        "action": "place",
        "hold_id": hold_id,
        "batch": 1,
        "recordings": [stranger.model_dump()],
    }

    answered = worker_handler.lambda_handler(message, LambdaContext())
    via_queue = worker_handler.lambda_handler(
        {"Records": [_sqs_record(json.dumps(message))]}, LambdaContext()
    )

    assert answered["applied"] is False and answered["refused"]
    assert via_queue == {"batchItemFailures": []}  # refused for good: never retried
    assert world.legal_hold(stranger) == "OFF"
    assert world.tags(stranger)["retention"] == "standard"
    assert world.registry_item(stranger)["retention"] == "standard" and world.holds_on(stranger) == set()
    refusals = [
        entry for entry in world.audit_entries(f"hold#{hold_id}") if entry["action"] == "hold-work-refused"
    ]
    assert len(refusals) == 2 and all(entry["who"] == "system:hold-worker" for entry in refusals)
    assert refusals[0]["details"]["recordings"] == [f"C-STRANGER#{stranger.version_id}"]

    world.deliver_work()
    report = world.call("GET", f"/holds/{placing.body['hold_id']}").body
    assert report["status"] == "active"
    assert all(world.legal_hold(version) == "ON" for version in covered)
    assert world.legal_hold(stranger) == "OFF"


def _sqs_record(body: str) -> dict:
    return {
        "messageId": "forged-1",
        "receiptHandle": "forged",
        "body": body,
        "attributes": {
            "ApproximateReceiveCount": "1",
            "SentTimestamp": str(int(datetime.now(UTC).timestamp() * 1000)),
            "SenderId": "AIDAFORGER",
            "ApproximateFirstReceiveTimestamp": "0",
        },
        "messageAttributes": {},
        "md5OfBody": "0",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:eu-west-2:123456789012:hold-work",
        "awsRegion": "eu-west-2",
    }


def test_no_lifecycle_rule_can_match_a_held_or_restricted_recording(stack_template):
    """The template: every rule that expires current versions filters on a retention tag, and none on
    hold or restricted, the classes of a version some hold keeps (its legal hold is the second guard,
    DESIGN section 8)."""
    recordings = stack_template["Resources"][recordings_bucket_id(stack_template)]["Properties"]
    expiring = [rule for rule in recordings["LifecycleConfiguration"]["Rules"] if "ExpirationInDays" in rule]
    assert expiring
    for rule in expiring:
        retention = [tag["Value"] for tag in rule.get("TagFilters", []) if tag["Key"] == "retention"]
        assert retention and retention[0] not in ("hold", "restricted"), rule["Id"]
    for rule in recordings["LifecycleConfiguration"]["Rules"]:
        tags = {tag["Value"] for tag in rule.get("TagFilters", [])}
        assert not tags & {"hold", "restricted"}, rule["Id"]
