"""POST /restrictions and /restrictions/{id}/lift (UK GDPR Art 18) through the real DPO API handler,
on moto: the registry marks, statistics leaving restricted recordings out, the retention sweeper
keeping restricted recordings until the lift, and the audit trail."""

from datetime import date

import boto3

from call_recordings.statistics.adapters.recordings_by_month import RecordingsByMonth
from call_recordings.statistics.tables import month_table
from tests.integration import deletion_fixtures, statistics_fixtures
from tests.integration.deletion_fixtures import DUE_DATE
from tests.integration.holds_fixtures import (
    AUDIT_TABLE,
    DPO_ARN,
    OTHER_DPO_ARN,
    REGION,
    REGISTRY_TABLE,
    REQUESTS_TABLE,
)
from tests.integration.rights_fixtures import restrict
from tests.integration.statistics_fixtures import seed, tombstone

holds_world = statistics_fixtures.holds_world
world = statistics_fixtures.world
deletion = deletion_fixtures.deletion

CALLER = "01803 861234"
BY_SUBJECT = {
    "grounds": "accuracy-contested",
    "subject": {"caller_number": CALLER},
    "note": "letter of 20 Nov",
}


def october_count(world) -> dict:
    """October's quality-and-training calls from the data subject as October would be published now
    (GET /statistics answers a month as first published, DESIGN section 10, so the counting itself is
    read here, on the registry's by-month index)."""
    registry = RecordingsByMonth(boto3.client("dynamodb", region_name=REGION), REGISTRY_TABLE)
    table = month_table("2026-10", registry.recorded_in("2026-10"))
    return table.by_purpose_and_source["quality-training"]["data-subject"].model_dump()


def seed_subject_and_others(world):
    """Two calls of the subject (one in two versions), and five of other people, all in October."""
    subject = seed(world, "C-S1", caller_number=CALLER, versions=2, recorded_at="2026-10-05T10:00:00+01:00")
    subject += seed(world, "C-S2", caller_number=CALLER, recorded_at="2026-10-06T10:00:00+01:00")
    for number in range(5):
        seed(world, f"C-O{number}", caller_number="01803 000000", recorded_at="2026-10-07T10:00:00+01:00")
    return subject


def test_restricting_by_subject_marks_every_version_and_statistics_leave_them_out(world):
    subject = seed_subject_and_others(world)
    assert october_count(world) == {"count": 8, "suppressed": False}

    answer = restrict(world, BY_SUBJECT)

    assert answer.status == 201
    restriction_id = answer.body["restriction_id"]
    assert restriction_id.startswith("R-20261128-")
    assert answer.body["status"] == "active"
    assert answer.body["grounds"] == "accuracy-contested"
    assert answer.body["grounds_wording"].startswith("UK GDPR Art 18(1)(a)")
    assert answer.body["restricted_by"] == DPO_ARN
    assert answer.body["selection"] == {
        "by": "subject",
        "call_ids": None,
        "identifiers": ["caller number"],
        "recorded_from": None,
        "recorded_to": None,
    }
    assert (answer.body["total"], answer.body["gone"]) == (3, 0)
    assert {(each["call_id"], each["version_id"]) for each in answer.body["recordings"]} == {
        version.key for version in subject
    }
    for version in subject:
        assert world.registry_item(version)["restrictions"] == {restriction_id}
        # Kept through the hold machinery (DESIGN section 8): legal hold ON, tagged restricted.
        assert world.registry_item(version)["retention"] == "restricted"
        assert world.holds_on(version) == {answer.body["hold_id"]}
        assert world.legal_hold(version) == "ON"
        assert world.tags(version)["retention"] == "restricted"
    assert answer.body["requester"] == "data-subject"
    assert "requester_hashes" not in answer.body
    assert october_count(world) == {"count": 5, "suppressed": False}

    recording = world.call("GET", "/recordings/C-S1")
    assert [version["restrictions"] for version in recording.body["versions"]] == [[restriction_id]] * 2
    assert world.call("GET", "/recordings/C-O1").body["versions"][0]["restrictions"] == []

    [entry] = world.audit_entries(f"restriction#{restriction_id}")
    assert (entry["action"], entry["who"]) == ("restriction-placed", DPO_ARN)
    assert entry["why"] == {
        "grounds": "accuracy-contested",
        "rights_request": answer.body["rights_request_id"],
    }
    assert answer.body["rights_request_id"].startswith("Q-")
    assert entry["details"]["recordings"] == 3
    assert "861234" not in str(entry) and "letter of 20 Nov" not in str(entry)

    report = world.call("GET", f"/restrictions/{restriction_id}")
    assert report.status == 200 and report.body["note"] == "letter of 20 Nov"
    assert len(report.body["recordings"]) == 3
    listed = world.call("GET", "/restrictions")
    assert [each["restriction_id"] for each in listed.body["restrictions"]] == [restriction_id]


def test_lifting_needs_the_person_told_first_and_is_audited(world):
    subject = seed_subject_and_others(world)
    restriction_id = restrict(world, BY_SUBJECT).body["restriction_id"]

    future = world.call(
        "POST", f"/restrictions/{restriction_id}/lift", body={"subject_told_on": "2026-11-29"}
    )
    missing = world.call("POST", f"/restrictions/{restriction_id}/lift", body={"note": "done"})
    assert (future.status, future.error_code) == (400, "subject-told-on-in-future")
    assert "Art 18(3)" in future.body["error"]["message"]
    assert (missing.status, missing.error_code) == (400, "invalid-request")
    assert all(world.registry_item(version)["restrictions"] == {restriction_id} for version in subject)

    lifted = world.call(
        "POST",
        f"/restrictions/{restriction_id}/lift",
        body={"subject_told_on": "2026-11-27", "note": "accuracy verified"},
        principal=OTHER_DPO_ARN,
    )

    assert lifted.status == 200
    assert lifted.body["status"] == "lifted"
    assert (lifted.body["lifted_by"], lifted.body["subject_told_on"]) == (OTHER_DPO_ARN, "2026-11-27")
    assert lifted.body["lift_note"] == "accuracy verified"
    assert all("restrictions" not in world.registry_item(version) for version in subject)
    for version in subject:  # the restriction's hold released: back to its own retention
        assert world.holds_on(version) == set()
        assert world.legal_hold(version) == "OFF"
        assert world.tags(version)["retention"] == world.registry_item(version)["retention"] == "standard"
    assert october_count(world) == {"count": 8, "suppressed": False}
    entries = {entry["action"]: entry for entry in world.audit_entries(f"restriction#{restriction_id}")}
    assert set(entries) == {"restriction-placed", "restriction-lifted"}
    lift = entries["restriction-lifted"]
    assert lift["who"] == OTHER_DPO_ARN
    assert lift["why"]["subject_told_on"] == "2026-11-27"
    assert "the person was told on 2026-11-27" in lift["why"]["subject_told"]

    again = world.call("POST", f"/restrictions/{restriction_id}/lift", body={"subject_told_on": "2026-11-27"})
    assert (again.status, again.error_code) == (409, "restriction-already-lifted")
    assert len(world.audit_entries(f"restriction#{restriction_id}")) == 2


def test_restricting_by_call_ids_leaves_other_restrictions_in_place(world):
    [version] = seed(world, "C-1", recorded_at="2026-10-05T10:00:00+01:00")
    first = restrict(world, {"grounds": "objection-pending", "call_ids": ["C-1"]})
    second = restrict(world, {"grounds": "processing-unlawful", "call_ids": ["C-1"]})
    assert (first.status, second.status) == (201, 201)
    both = {first.body["restriction_id"], second.body["restriction_id"]}
    assert world.registry_item(version)["restrictions"] == both

    world.call(
        "POST", f"/restrictions/{first.body['restriction_id']}/lift", body={"subject_told_on": "2026-11-28"}
    )

    assert world.registry_item(version)["restrictions"] == {second.body["restriction_id"]}
    assert october_count(world) == {"count": 0, "suppressed": False}  # still restricted by the second


def test_a_deleted_recording_is_not_restricted(world):
    [deleted] = seed(world, "C-D", caller_number=CALLER, recorded_at="2026-10-05T10:00:00+01:00")
    tombstone(world, deleted)

    by_subject = restrict(world, BY_SUBJECT)
    by_call = restrict(world, {"grounds": "objection-pending", "call_ids": ["C-D"]})

    assert (by_subject.status, by_subject.error_code) == (404, "subject-has-no-recordings")
    assert (by_call.status, by_call.error_code) == (404, "recordings-not-found")
    assert (
        "restrictions"
        not in world.dynamodb_resource_table("Registry").get_item(
            Key={"call_id": "C-D", "version_id": deleted.version_id}
        )["Item"]
    )


def test_unknown_subject_unknown_restriction_and_bad_grounds(world):
    seed_subject_and_others(world)

    unknown = restrict(world, {"grounds": "accuracy-contested", "subject": {"caller_number": "01803 999999"}})
    not_found = world.call("GET", "/restrictions/R-20261128-0000000000")
    lift_unknown = world.call(
        "POST", "/restrictions/R-20261128-0000000000/lift", body={"subject_told_on": "2026-11-27"}
    )
    bad_grounds = restrict(world, {"grounds": "because", "call_ids": ["C-S1"]})
    nothing_named = restrict(world, {"grounds": "accuracy-contested"})

    assert (unknown.status, unknown.error_code) == (404, "subject-has-no-recordings")
    assert "999999" not in unknown.body["error"]["message"]
    assert (not_found.status, not_found.error_code) == (404, "restriction-not-found")
    assert (lift_unknown.status, lift_unknown.error_code) == (404, "restriction-not-found")
    assert (bad_grounds.status, bad_grounds.error_code) == (400, "invalid-request")
    assert (nothing_named.status, nothing_named.error_code) == (400, "empty-selection")
    audited = world.dynamodb_resource_table(statistics_fixtures.AUDIT_TABLE).scan()["Items"]
    assert not [
        entry for entry in audited if not entry["target"].startswith("request#")
    ]  # nothing restricted


def test_a_version_deleted_after_it_was_found_is_never_marked(world):
    from call_recordings.restrictions.adapters.registry_restrictions import RegistryRestrictions

    [version] = seed(world, "C-T", recorded_at="2026-10-05T10:00:00+01:00")
    marks = RegistryRestrictions(world.dynamodb, "Registry")
    tombstone(world, version)

    assert marks.add_restriction(version, "R-20261128-0123456789") is False
    assert (
        "restrictions"
        not in world.dynamodb_resource_table("Registry").get_item(
            Key={"call_id": "C-T", "version_id": version.version_id}
        )["Item"]
    )


def test_the_sweeper_keeps_a_restricted_recording_and_deletes_it_once_the_restriction_is_lifted(
    world, deletion, emitted
):
    """Art 18(1)(c): the person needs the recording for a legal claim, so it must outlive its expiry
    date while restricted; once lifted it is deleted at the next sweep, as any other due recording."""
    [kept] = seed(world, "C-KEEP")  # recorded 20 Nov 2026: due on DUE_DATE
    [both] = seed(world, "C-BOTH")
    [due] = seed(world, "C-DUE")
    assert world.place({"reason": "threat", "case_reference": "T-1", "call_ids": ["C-BOTH"]}).status == 201
    body = {"grounds": "needed-by-subject-for-legal-claims", "call_ids": ["C-KEEP", "C-BOTH"]}
    restriction_id = restrict(world, body).body["restriction_id"]
    assert "due_on" not in world.registry_item(kept)  # off the sweeper's index

    # Even with due_on put back (by hand, as no release does while the restriction's hold stands), the
    # sweeper's claim refuses: the restriction's hold covers it.
    world.dynamodb_resource_table("Registry").update_item(
        Key={"call_id": kept.call_id, "version_id": kept.version_id},
        UpdateExpression="SET due_on = :due",
        ExpressionAttributeValues={":due": DUE_DATE.isoformat()},
    )
    emitted()
    first = deletion.sweep(DUE_DATE)

    assert (first["completed"], first["deleted"], first["held"]) == (True, 1, 1)
    assert not deletion.in_s3(due) and deletion.in_s3(kept) and deletion.in_s3(both)
    assert deletion.audit("C-KEEP") == []
    assert emitted().metrics["RecordingsKeptUnderHold"] == 1

    lifted = world.call(
        "POST", f"/restrictions/{restriction_id}/lift", body={"subject_told_on": "2026-11-28"}
    )
    assert lifted.status == 200
    assert world.registry_item(kept)["due_on"] == DUE_DATE.isoformat()  # its own expiry date
    assert "due_on" not in world.registry_item(both)  # still held: its release makes it due

    second = deletion.sweep(date(2027, 2, 21))

    assert (second["completed"], second["deleted"], second["restricted"]) == (True, 1, 0)
    assert not deletion.in_s3(kept) and deletion.in_s3(both)
    [entry] = deletion.audit("C-KEEP")
    assert (entry["action"], entry["details"]["deleted_on"]) == ("recording-deleted", "2027-02-21")


def test_the_persons_own_erasure_is_refused_until_the_restriction_is_lifted_then_erases(world, deletion):
    """A restriction stands until the DPO lifts it, having told the person (Art 18(3)): their own request
    to erase is refused, naming the restriction and telling the DPO to lift it first (one explicit,
    audited step, never an erasure silently undoing a restriction asked for in its place, Art 18(1)(b));
    once lifted, erasure asked for again erases the recording (Art 17(1))."""
    subject = seed(world, "C-R", caller_number=CALLER, recorded_at="2026-11-20T10:15:00+00:00")
    restricted = restrict(world, BY_SUBJECT)
    assert restricted.status == 201
    restriction_id = restricted.body["restriction_id"]

    refused = deletion.erase({"caller_number": CALLER})

    assert (refused.status, refused.body["status"]) == (201, "refused")
    [recording] = refused.body["refused_recordings"]
    [kept_by] = recording["holds"]
    assert (kept_by["reason"], kept_by["restriction_id"]) == ("restriction", restriction_id)
    assert kept_by["restriction_grounds"] == "accuracy-contested"
    assert "this data subject's own request" in kept_by["ground"]
    assert f"POST /restrictions/{restriction_id}/lift" in kept_by["ground"]
    assert deletion.in_s3(subject[0])

    told = {"subject_told_on": "2026-11-28"}
    lifted = world.call("POST", f"/restrictions/{restriction_id}/lift", body=told)
    assert lifted.status == 200
    erasure = deletion.erase({"caller_number": CALLER})

    assert (erasure.status, erasure.body["status"]) == (201, "erased")
    assert not deletion.in_s3(subject[0])
    assert deletion.item(subject[0])["retention"] == "deleted"


def test_a_restrictions_hold_is_placed_and_released_only_through_the_restriction(world):
    """POST /holds refuses reason restriction, as it refuses sar; POST /holds/{id}/release refuses a
    restriction's hold: only lifting the restriction (after the person is told) releases it."""
    [version] = seed(world, "C-1", recorded_at="2026-10-05T10:00:00+01:00")
    placed = world.place(
        {"reason": "restriction", "case_reference": "R-20261128-0000000000", "call_ids": ["C-1"]}
    )
    assert (placed.status, placed.error_code) == (400, "hold-reason-reserved")
    assert "POST /restrictions" in placed.body["error"]["message"]
    restriction = restrict(world, {"grounds": "objection-pending", "call_ids": ["C-1"]})
    hold_id = restriction.body["hold_id"]
    assert restriction.body["requester"] == "unknown"

    released = world.call("POST", f"/holds/{hold_id}/release", body={})

    assert (released.status, released.error_code) == (400, "hold-reason-reserved")
    assert "lifting the restriction" in released.body["error"]["message"]
    assert world.holds_on(version) == {hold_id} and world.legal_hold(version) == "ON"
    hold = world.call("GET", f"/holds/{hold_id}").body
    assert (hold["reason"], hold["case_reference"]) == ("restriction", restriction.body["restriction_id"])


def test_a_restrictions_notes_are_sealed_in_the_table_and_shown_only_on_its_own_report(world):
    """Issue 14: a restriction's note and lift note may hold personal data: never in clear in the
    requests table or the audit trail; shown on the restriction itself, not in the list."""
    seed_subject_and_others(world)
    number = "disputes what was said on 07700 900123"
    made = restrict(world, {**BY_SUBJECT, "note": number})
    restriction_id = made.body["restriction_id"]
    lifted = world.call(
        "POST",
        f"/restrictions/{restriction_id}/lift",
        body={"subject_told_on": "2026-11-28", "note": f"told; {number}"},
    )

    assert (made.status, lifted.status) == (201, 200), lifted.body
    assert made.body["note"] == number
    assert (lifted.body["note"], lifted.body["lift_note"]) == (number, f"told; {number}")
    for table in (REQUESTS_TABLE, AUDIT_TABLE):
        assert "07700" not in world.stored_text(table)
    assert world.call("GET", f"/restrictions/{restriction_id}").body["lift_note"] == f"told; {number}"
    [listed] = world.call("GET", "/restrictions").body["restrictions"]
    assert (listed["note"], listed["lift_note"]) == (None, None)
