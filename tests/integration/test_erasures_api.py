"""POST /erasures and GET /erasures/{erasure_id} end to end on moto: the DPO API finds the subject's
recordings, refuses those under a hold with the legal ground, and the eraser (in-process, through its
real handler) deletes the rest through the same path as the sweeper."""

import json

import call_recordings.deletion.eraser_handler as eraser_handler
from call_recordings.core.hold_selection import HoldSelection
from call_recordings.deletion.adapters.erasures import ErasureRecords
from call_recordings.deletion.erasure_records import Erasure, VersionKey
from call_recordings.deletion.vocabulary import LEGAL_CLAIMS_GROUND, ErasureStatus
from call_recordings.holds.records import WorkMessage
from tests.integration import deletion_fixtures, holds_fixtures
from tests.integration.holds_fixtures import AUDIT_TABLE, DPO_ARN, NOW, REQUESTS_TABLE, LambdaContext

world = holds_fixtures.world
deletion = deletion_fixtures.deletion

CALLER = "07700 900123"
OTHER_CALLER = "07700 900999"
CUSTOMER = "SH-1002003"


def test_an_erasure_deletes_what_no_hold_keeps_and_refuses_the_rest_with_the_ground(world, deletion):
    plain = world.seed_recording("C-PLAIN", caller_number=CALLER, versions=2)
    by_customer = world.seed_recording("C-BY-REF", customer_ref=CUSTOMER)
    held = world.seed_recording("C-CLAIMED", caller_number=CALLER)
    someone_else = world.seed_recording("C-OTHER", caller_number=OTHER_CALLER)
    hold = world.place({"reason": "legal-claim", "case_reference": "CLAIM-7", "call_ids": ["C-CLAIMED"]})

    answer = deletion.erase(
        {"caller_number": CALLER, "customer_ref": CUSTOMER}, note="Art 17 request by letter"
    )

    assert answer.status == 201, answer.body
    body = answer.body
    assert body["erasure_id"].startswith("E-")
    assert (body["status"], body["total"], body["erased"], body["refused"], body["failed"]) == (
        "partly-refused",
        4,
        3,
        1,
        0,
    )
    assert {(each["call_id"], each["version_id"]) for each in body["erased_recordings"]} == {
        (version.call_id, version.version_id) for version in plain + by_customer
    }
    [refused] = body["refused_recordings"]
    assert (refused["call_id"], refused["version_id"]) == ("C-CLAIMED", held[0].version_id)
    assert refused["holds"] == [
        {
            "hold_id": hold.body["hold_id"],
            "reason": "legal-claim",
            "case_reference": "CLAIM-7",
            "restriction_id": None,
            "restriction_grounds": None,
            "ground": LEGAL_CLAIMS_GROUND,
        }
    ]
    assert body["requested_by"] == DPO_ARN and body["selection"]["identifiers"] == [
        "caller number",
        "customer reference",
    ]

    for version in plain + by_customer:
        assert not deletion.in_s3(version)
        tombstone = deletion.item(version)
        assert (tombstone["retention"], tombstone["deleted_because"]) == ("deleted", "erased")
        assert "caller_hash" not in tombstone and "customer_hash" not in tombstone
    assert deletion.in_s3(held[0]) and world.legal_hold(held[0]) == "ON"
    assert deletion.in_s3(someone_else[0]) and "caller_hash" in deletion.item(someone_else[0])

    entries = deletion.audit("C-PLAIN")
    assert len(entries) == 2
    for entry in entries:
        assert (entry["who"], entry["action"]) == (DPO_ARN, "recording-erased")
        assert entry["why"]["erasure_id"] == body["erasure_id"]
        assert "Art 17" in entry["why"]["law"]
    trail = world.audit_entries(f"erasure#{body['erasure_id']}")
    assert sorted(entry["action"] for entry in trail) == ["erasure-finished", "erasure-requested"]
    assert all(entry["who"] == DPO_ARN for entry in trail)
    stored = deletion.all_audit_text() + json.dumps(
        world.dynamodb_resource_table(REQUESTS_TABLE).scan()["Items"],
        default=repr,  # a sealed note: bytes
    )
    assert "900123" not in stored and CUSTOMER not in stored

    again = world.call("GET", f"/erasures/{body['erasure_id']}")
    assert again.status == 200
    assert again.body == body


def test_an_erasure_of_a_subject_whose_every_recording_is_held_is_refused(world, deletion):
    world.seed_recording("C-COMPLAINT", caller_number=CALLER)
    world.place({"reason": "complaint", "case_reference": "COMP-3", "call_ids": ["C-COMPLAINT"]})

    answer = deletion.erase({"caller_number": CALLER})

    assert answer.status == 201
    assert (answer.body["status"], answer.body["erased"], answer.body["refused"]) == ("refused", 0, 1)
    [ground] = answer.body["refused_recordings"][0]["holds"]
    assert ground["ground"] == (
        "UK GDPR Art 17(1)(a) does not apply: still necessary for the complaint it is kept for"
    )
    assert deletion.eraser.requests == []  # nothing to hand to the eraser


def test_an_erasure_that_matches_nothing_is_404_and_records_no_erasure(world, deletion):
    """The request is decided all the same (UK GDPR Art 12(3): the answer is that nothing is held)."""
    world.seed_recording("C-OTHER", caller_number=OTHER_CALLER)

    answer = deletion.erase({"caller_number": CALLER, "recorded_from": "2026-01-01"})

    assert answer.status == 404
    assert answer.error_code == "subject-has-no-recordings"
    assert "nothing was erased" in answer.body["error"]["message"]
    assert "900123" not in json.dumps(answer.body)
    [request] = world.dynamodb_resource_table(REQUESTS_TABLE).scan()["Items"]
    assert (request["kind"], request["decision"], request["erased"]) == ("erasure-request", "erase", 0)
    assert "erasure_id" not in request


def test_erasing_the_same_subject_again_finds_nothing_left(world, deletion):
    world.seed_recording("C-PLAIN", caller_number=CALLER)
    assert deletion.erase({"caller_number": CALLER}).body["status"] == "erased"

    assert deletion.erase({"caller_number": CALLER}).error_code == "subject-has-no-recordings"


def test_a_recording_erased_cannot_then_be_held_and_answers_410(world, deletion):
    erased = world.seed_recording("C-PLAIN", caller_number=CALLER)
    pending = world.new_hold(erased, reason="legal-claim")  # recorded before the erasure, applied after

    assert deletion.erase({"caller_number": CALLER}).body["status"] == "erased"
    world.worker.apply(WorkMessage(action="place", hold_id=pending.hold_id, recordings=tuple(erased)))

    report = world.call("GET", f"/holds/{pending.hold_id}")
    assert [each["status"] for each in report.body["recordings"]] == ["gone"]
    assert report.body["gone"] == 1
    assert "holds" not in deletion.item(erased[0])
    assert not deletion.in_s3(erased[0])

    recording = world.call("GET", "/recordings/C-PLAIN")
    assert recording.status == 410
    assert recording.error_code == "recording-deleted"
    assert "by erasure" in recording.body["error"]["message"]
    assert "GET /audit?target=recording%23C-PLAIN" in recording.body["error"]["message"]

    again = world.place({"reason": "threat", "case_reference": "T-1", "call_ids": ["C-PLAIN"]})
    assert (again.status, again.error_code) == (404, "recordings-not-found")


def test_an_erasure_the_eraser_cannot_finish_is_incomplete_and_keeps_the_versions(
    world, deletion, monkeypatch
):
    kept = world.seed_recording("C-PLAIN", caller_number=CALLER)
    monkeypatch.setenv("REGISTRY_TABLE", "NoSuchTable")  # the eraser's first call fails

    answer = deletion.erase({"caller_number": CALLER})

    assert (answer.status, answer.body["status"], answer.body["failed"]) == (201, "incomplete", 1)
    assert answer.body["failed_recordings"] == [{"call_id": "C-PLAIN", "version_id": kept[0].version_id}]
    assert deletion.in_s3(kept[0]) and "caller_hash" in deletion.item(kept[0])


def test_an_unknown_erasure_is_404(world, deletion):
    answer = world.call("GET", "/erasures/E-20261128-0000000000")
    assert (answer.status, answer.error_code) == (404, "erasure-not-found")


def test_the_eraser_refuses_a_version_a_hold_reached_after_the_api_looked(world, deletion):
    """The eraser's own claim refuses a version held since: the one path re-checks the hold."""
    version = world.seed_recording("C-RACE", caller_number=CALLER)[0]
    key = VersionKey(call_id="C-RACE", version_id=version.version_id)
    ErasureRecords(
        world.dynamodb, REQUESTS_TABLE, notes=lambda: world.notes
    ).create(  # as the DPO API records it, before the hold
        Erasure(
            erasure_id="E-20261128-ABCDEF0123",
            status=ErasureStatus.ERASING,
            requested_by=DPO_ARN,
            requested_at=NOW,
            selection=HoldSelection(by="subject", identifiers=("caller number",)),
            total=1,
            to_erase=(key,),
        )
    )
    hold = world.place({"reason": "threat", "case_reference": "T-2", "call_ids": ["C-RACE"]})

    report = eraser_handler.lambda_handler(
        {"erasure_id": "E-20261128-ABCDEF0123", "versions": [key.model_dump()]},
        LambdaContext(),
    )

    [outcome] = report["outcomes"]
    assert (outcome["outcome"], outcome["hold_ids"]) == ("held", [hold.body["hold_id"]])
    assert deletion.in_s3(version)


def test_an_erasures_note_is_sealed_in_the_table_and_shown_on_its_report(world, deletion):
    """Issue 14: an erasure's note may hold personal data: sealed when the erasure is recorded and when
    it is finished, never in the audit trail; the DPO reads it on the erasure's report."""
    world.seed_recording("C-PLAIN", caller_number=CALLER)
    number = "asked by phone from 07700 900123"

    answer = deletion.erase({"caller_number": CALLER}, note=number)

    assert answer.status == 201, answer.body
    assert answer.body["note"] == number
    assert "07700" not in world.stored_text(REQUESTS_TABLE)
    assert "07700" not in world.stored_text(AUDIT_TABLE)
    assert world.call("GET", f"/erasures/{answer.body['erasure_id']}").body["note"] == number
