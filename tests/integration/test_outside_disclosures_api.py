"""Disclosures outside the council, and what the next subject access package says of them, through the
real DPO API handler and the real hold worker, on moto (issue 16, item 1 and its "Done means").

The privacy notice: "The personal information you provide will not be shared outside the Councils for
any purpose unless required by law, to prevent or detect crime or to protect public funds." UK GDPR
Art 15(1)(c): the data subject is told "the recipients or categories of recipient to whom the personal
data have been or will be disclosed". The bases' provisions are DPA 2018 Sch 2 para 2(1) (crime, tax)
and para 5(2) (required by law), as outside_disclosures/vocabulary.py quotes them.
"""

import json
from datetime import date

import pytest

from tests.integration import deletion_fixtures, sar_fixtures
from tests.integration.holds_fixtures import BUCKET, DPO_ARN, REQUESTS_TABLE
from tests.integration.sar_fixtures import CALLER, EXPORT_BUCKET

world = sar_fixtures.world
sar_world = sar_fixtures.sar_world
deletion = deletion_fixtures.deletion

POLICE = "Devon and Cornwall Police"
CRIME_PROVISION = "Data Protection Act 2018, Schedule 2, paragraph 2(1)(a) and (b)"
IDENTIFIERS_IN_CLEAR = ("861234", "+441803861234")


def record(sar_world, **changes):
    body = {
        "recipient": POLICE,
        "lawful_basis": "prevent-or-detect-crime",
        "request_reference": "DP9-2026-1187",
        "approved_by": "Head of Legal Services",
        "call_ids": ["C-1"],
        "note": "Officer's request under Schedule 2 paragraph 2 form, caller 01803 861234",
    }
    return sar_world.call("POST", "/disclosures", body=body | changes)


def manifest_of(sar_world, package):
    prefix = f"exports/{package['sar_id']}/{package['export_id']}/"
    stored = sar_world.world.s3.get_object(Bucket=EXPORT_BUCKET, Key=f"{prefix}manifest.json")
    return json.loads(stored["Body"].read())


@pytest.fixture
def calls(sar_world):
    """Two calls of the same caller, recorded in November (kept until February)."""
    world = sar_world.world
    sar_world.today = date(2026, 11, 30)
    return {
        "C-1": world.seed_recording("C-1", caller_number=CALLER, recorded_at="2026-11-20T10:15:00+00:00"),
        "C-2": world.seed_recording("C-2", caller_number=CALLER, recorded_at="2026-11-24T09:00:00+00:00"),
    }


def test_done_means_a_disclosure_to_the_police_appears_in_the_next_sar_manifest_with_its_basis(
    sar_world, calls
):
    """Art 15(1)(c) and the notice: C-1 went to the police to prevent or detect crime (DPA 2018 Sch 2
    para 2); C-2 went nowhere, and its entry says so."""
    recorded = record(sar_world)
    assert recorded.status == 201, recorded.body
    disclosure_id = recorded.body["disclosure_id"]
    packaged = sar_world.call("POST", f"/disclosures/{disclosure_id}/export", body={"link_days": 2})
    assert packaged.status == 201, packaged.body

    opened = sar_world.open({"subject": {"caller_number": CALLER}, "received_on": "2026-11-30"})
    assert opened.status == 201, opened.body
    exported = sar_world.export(opened.body["sar_id"])
    assert exported.status == 201, exported.body

    manifest = manifest_of(sar_world, exported.body)
    by_call = {each["call_id"]: each for each in manifest["recordings"]}
    assert by_call["C-1"]["recipients"].startswith(f"{POLICE}, on 2026-11-30: To prevent or detect crime")
    assert CRIME_PROVISION in by_call["C-1"]["recipients"]
    assert by_call["C-1"]["disclosed_to"] == [
        {
            "organisation": POLICE,
            "disclosed_on": "2026-11-30",
            "lawful_basis": "prevent-or-detect-crime",
            "lawful_basis_wording": by_call["C-1"]["disclosed_to"][0]["lawful_basis_wording"],
        }
    ]
    assert by_call["C-2"]["recipients"] == "None outside the Councils"
    assert by_call["C-2"]["disclosed_to"] == []
    # The police's open disclosure keeps C-1 beyond its date; the requester is not told why.
    assert by_call["C-1"]["retention"].endswith(
        "and for longer where the law allows an exception to our usual retention."
    )
    assert "disclos" not in by_call["C-1"]["retention"]


def test_a_disclosure_recorded_but_not_yet_packaged_is_not_a_recipient_yet(sar_world, calls):
    """Art 15(1)(c) lists those to whom the data "have been" disclosed: recording the police's request
    is not disclosing to them."""
    assert record(sar_world).status == 201
    opened = sar_world.open({"subject": {"caller_number": CALLER}, "received_on": "2026-11-30"})
    exported = sar_world.export(opened.body["sar_id"])
    manifest = manifest_of(sar_world, exported.body)
    assert {each["recipients"] for each in manifest["recordings"]} == {"None outside the Councils"}


def test_the_recipients_package_names_the_council_the_recipient_and_the_basis_and_holds_the_exact_copy(
    sar_world, calls
):
    world = sar_world.world
    disclosure_id = record(sar_world).body["disclosure_id"]
    packaged = sar_world.call("POST", f"/disclosures/{disclosure_id}/export", body={})
    assert packaged.status == 201, packaged.body
    package = packaged.body
    assert package["disclosed_by"].startswith("South Hams District Council")
    assert (package["recipient"], package["request_reference"]) == (POLICE, "DP9-2026-1187")
    assert package["lawful_basis"] == "prevent-or-detect-crime"
    assert CRIME_PROVISION in package["lawful_basis_wording"]
    assert package["approved_by"] == "Head of Legal Services"
    [copied] = package["recordings"]
    [original] = calls["C-1"]
    assert (copied["call_id"], copied["version_id"]) == original.key
    prefix = f"exports/{disclosure_id}/{package['export_id']}/"
    copy = world.s3.get_object(Bucket=EXPORT_BUCKET, Key=prefix + copied["file_name"])["Body"].read()
    kept = world.s3.get_object(Bucket=BUCKET, Key=original.object_key, VersionId=original.version_id)
    assert copy == kept["Body"].read()
    stored = json.loads(
        world.s3.get_object(Bucket=EXPORT_BUCKET, Key=f"{prefix}manifest.json")["Body"].read()
    )
    assert stored["recipient"] == POLICE and stored["lawful_basis"] == "prevent-or-detect-crime"

    report = sar_world.call("GET", f"/disclosures/{disclosure_id}").body
    assert report["exports"] == 1
    assert report["disclosed_at"] is not None


def test_an_open_disclosure_preserves_its_recordings_and_closing_releases_them(sar_world, calls):
    """The notice's disclosure is of recordings the council still has: they are kept (S3 Object Lock
    legal hold, a reserved hold reason) until the disclosure is closed."""
    world = sar_world.world
    [version] = calls["C-1"]
    recorded = record(sar_world)
    hold_id = recorded.body["hold_id"]
    assert world.legal_hold(version) == "ON"
    assert world.holds_on(version) == {hold_id}
    assert world.tags(version)["retention"] == "hold"

    released = sar_world.call("POST", f"/holds/{hold_id}/release", body={})
    assert (released.status, released.error_code) == (400, "hold-reason-reserved")
    placed = world.place({"reason": "disclosure", "case_reference": "X-1", "call_ids": ["C-2"]})
    assert (placed.status, placed.error_code) == (400, "hold-reason-reserved")

    disclosure_id = recorded.body["disclosure_id"]
    closed = sar_world.call("POST", f"/disclosures/{disclosure_id}/close", body={"note": "case closed"})
    assert closed.status == 200, closed.body
    assert (closed.body["status"], closed.body["closed_by"], closed.body["close_note"]) == (
        "closed",
        DPO_ARN,
        "case closed",
    )
    assert world.legal_hold(version) == "OFF"
    assert world.tags(version)["retention"] == "standard"
    again = sar_world.call("POST", f"/disclosures/{disclosure_id}/close", body={})
    assert (again.status, again.error_code) == (409, "disclosure-closed")
    late = sar_world.call("POST", f"/disclosures/{disclosure_id}/export", body={})
    assert (late.status, late.error_code) == (409, "disclosure-closed")

    trail = sar_world.call("GET", "/audit", query={"target": "recording#C-1"})
    assert trail.status == 200, trail.body
    steps = [entry["action"] for entry in trail.body["entries"]]
    assert "disclosure-recorded" in steps and "disclosure-closed" in steps  # the recording's own history


def test_a_disclosure_by_subject_finds_the_callers_recordings_and_keeps_no_identifier(sar_world, calls):
    recorded = record(sar_world, call_ids=None, subject={"caller_number": CALLER})
    assert recorded.status == 201, recorded.body
    assert recorded.body["total"] == 2
    assert recorded.body["selection"]["identifiers"] == ["caller number"]
    assert sorted(each["call_id"] for each in recorded.body["recordings"]) == ["C-1", "C-2"]
    disclosure_id = recorded.body["disclosure_id"]
    assert sar_world.call("POST", f"/disclosures/{disclosure_id}/export", body={}).status == 201

    entries = sorted(sar_world.world.audit_entries(f"disclosure#{disclosure_id}"), key=lambda e: e["entry"])
    # Both made at the world's one instant: told apart by their action, not their order.
    by_action = {entry["action"]: entry for entry in entries}
    assert set(by_action) == {"disclosure-recorded", "disclosure-packaged"}
    recorded_entry = by_action["disclosure-recorded"]
    assert recorded_entry["why"]["lawful_basis"] == "prevent-or-detect-crime"
    assert recorded_entry["why"]["recipient"] == POLICE
    assert recorded_entry["why"]["approved_by"] == "Head of Legal Services"
    assert recorded_entry["who"] == DPO_ARN
    text = json.dumps(entries, default=str) + sar_world.world.stored_text(REQUESTS_TABLE)
    assert not any(identifier in text for identifier in IDENTIFIERS_IN_CLEAR)  # the note is sealed too


def test_the_register_lists_disclosures_newest_first_and_reports_one_with_its_note(sar_world, calls):
    first = record(sar_world).body["disclosure_id"]
    second = record(sar_world, lawful_basis="required-by-law", recipient="Plymouth County Court").body[
        "disclosure_id"
    ]
    listed = sar_world.call("GET", "/disclosures")
    assert listed.status == 200, listed.body
    assert [each["disclosure_id"] for each in listed.body["disclosures"]][:2] in (
        [second, first],
        [first, second],
    )
    assert all(each["note"] is None for each in listed.body["disclosures"])  # lists show no note
    report = sar_world.call("GET", f"/disclosures/{second}").body
    assert report["lawful_basis_wording"].startswith("Required by law")
    assert "paragraph 5(2)" in report["lawful_basis_wording"]
    assert report["note"].startswith("Officer's request")
    missing = sar_world.call("GET", "/disclosures/OD-20261130-0000000000")
    assert (missing.status, missing.error_code) == (404, "disclosure-not-found")


VALID = {
    "recipient": POLICE,
    "lawful_basis": "prevent-or-detect-crime",
    "request_reference": "DP9-2026-1187",
    "approved_by": "Head of Legal Services",
    "call_ids": ["C-1"],
}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            VALID | {"lawful_basis": "legitimate-interests"},
            "invalid-request",
        ),  # not one of the notice's three
        ({k: v for k, v in VALID.items() if k != "lawful_basis"}, "invalid-request"),
        (VALID | {"recipient": ""}, "invalid-request"),
        ({k: v for k, v in VALID.items() if k != "approved_by"}, "invalid-request"),
        (VALID | {"request_reference": "07700 900123"}, "invalid-request"),  # kept in clear: not a number
        ({k: v for k, v in VALID.items() if k != "call_ids"}, "empty-selection"),  # no recordings named
    ],
)
def test_a_disclosure_needs_one_of_the_notices_three_bases_a_recipient_an_approver_and_recordings(
    sar_world, calls, body, code
):
    answer = sar_world.call("POST", "/disclosures", body=body)
    assert (answer.status, answer.error_code) == (400, code)
    assert sar_world.call("GET", "/disclosures").body["disclosures"] == []
    assert sar_world.world.legal_hold(calls["C-1"][0]) == "OFF"


def test_unknown_call_ids_are_named_and_nothing_is_recorded_or_held(sar_world, calls):
    answer = record(sar_world, call_ids=["C-1", "C-404"])
    assert (answer.status, answer.error_code) == (404, "recordings-not-found")
    assert answer.body["error"]["call_ids"] == ["C-404"]
    assert sar_world.call("GET", "/disclosures").body["disclosures"] == []
    assert sar_world.world.legal_hold(calls["C-1"][0]) == "OFF"


def test_an_erasure_is_refused_for_a_recording_an_open_disclosure_keeps(sar_world, calls, deletion):
    """The police's request is dealt with before the caller's erasure reaches what they asked for: the
    erasure names the disclosure's hold and the ground; the caller's other recording is erased."""
    hold_id = record(sar_world).body["hold_id"]

    answer = deletion.erase({"caller_number": CALLER})

    assert answer.status == 201, answer.body
    assert (answer.body["status"], answer.body["erased"], answer.body["refused"]) == ("partly-refused", 1, 1)
    [refused] = answer.body["refused_recordings"]
    assert refused["call_id"] == "C-1"
    [ground] = refused["holds"]
    assert (ground["hold_id"], ground["reason"]) == (hold_id, "disclosure")
    assert (
        ground["ground"] == "preserved for an open disclosure outside the council: close the disclosure first"
    )
