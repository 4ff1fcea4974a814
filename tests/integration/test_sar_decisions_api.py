"""The DPO's decision on each recording before a SAR's package is made, through the real DPO API handler on
moto (issue 16, item 6).

A call recording holds other people's voices and data besides the requester's: the council may withhold
what "would involve disclosing information relating to another individual" (DPA 2018 Sch 2 para 16; UK
GDPR Art 15(4)), what would prejudice the prevention or detection of crime (Sch 2 para 2), or what is
legally privileged (Sch 2 para 19), and must say that it has, without revealing what it protects.
"""

import csv
import io
import json
from datetime import date

import pytest

from tests.integration import sar_fixtures
from tests.integration.holds_fixtures import DPO_ARN
from tests.integration.sar_fixtures import CALLER, EXPORT_BUCKET

world = sar_fixtures.world
sar_world = sar_fixtures.sar_world


@pytest.fixture
def sar_id(sar_world):
    """A SAR that matched three recordings of the caller: C-1 in two versions, C-2 and C-3."""
    world = sar_world.world
    sar_world.today = date(2026, 11, 30)
    world.seed_recording("C-1", caller_number=CALLER, recorded_at="2026-11-20T10:15:00+00:00", versions=2)
    world.seed_recording("C-2", caller_number=CALLER, recorded_at="2026-11-24T09:00:00+00:00")
    world.seed_recording("C-3", caller_number=CALLER, recorded_at="2026-11-25T09:00:00+00:00")
    opened = sar_world.open({"subject": {"caller_number": CALLER}, "received_on": "2026-11-30"})
    assert opened.status == 201, opened.body
    return opened.body["sar_id"]


def decide(sar_world, sar_id, *decisions):
    return sar_world.call("POST", f"/sars/{sar_id}/decisions", body={"decisions": list(decisions)})


def exported_files(sar_world) -> list[str]:
    listed = sar_world.world.s3.list_objects_v2(Bucket=EXPORT_BUCKET).get("Contents", [])
    return sorted(each["Key"] for each in listed)


def test_no_package_while_any_matched_recording_is_undecided(sar_world, sar_id):
    answer = sar_world.call("POST", f"/sars/{sar_id}/export", body={})
    assert (answer.status, answer.error_code) == (409, "decisions-outstanding")
    assert "4 recording version(s) with no decision" in answer.body["error"]["message"]

    assert decide(sar_world, sar_id, {"call_id": "C-1", "decision": "disclose"}).status == 200
    partly = sar_world.call("POST", f"/sars/{sar_id}/export", body={})
    assert (partly.status, partly.error_code) == (409, "decisions-outstanding")
    assert "2 recording version(s)" in partly.body["error"]["message"]
    assert exported_files(sar_world) == []
    assert [e["action"] for e in sar_world.world.audit_entries(f"sar#{sar_id}")].count("sar-disclosed") == 0


def test_withheld_under_sch_2_para_16_is_left_out_and_counted_never_named(sar_world, sar_id):
    decided = decide(
        sar_world,
        sar_id,
        {"call_id": "C-1", "decision": "disclose"},
        {"call_id": "C-2", "decision": "withhold", "exemption": "other-people"},
        {"call_id": "C-3", "decision": "withhold", "exemption": "crime"},
    )
    assert decided.status == 200, decided.body
    assert decided.body["undecided"] == []
    assert {(each["call_id"], each["decision"], each["exemption"]) for each in decided.body["decisions"]} == {
        ("C-1", "disclose", None),
        ("C-2", "withhold", "other-people"),
        ("C-3", "withhold", "crime"),
    }
    assert all(each["decided_by"] == DPO_ARN for each in decided.body["decisions"])

    exported = sar_world.call("POST", f"/sars/{sar_id}/export", body={})
    assert exported.status == 201, exported.body
    package = exported.body
    assert {each["call_id"] for each in package["recordings"]} == {"C-1"}
    assert len(package["recordings"]) == 2  # both versions of C-1
    prefix = f"exports/{sar_id}/{package['export_id']}/"
    manifest = sar_world.world.s3.get_object(Bucket=EXPORT_BUCKET, Key=f"{prefix}manifest.json")[
        "Body"
    ].read()
    document = json.loads(manifest)
    assert [(each["exemption"], each["recordings"]) for each in document["withheld"]] == [
        ("other-people", 1),
        ("crime", 1),
    ]
    assert "Schedule 2, paragraph 16" in document["withheld"][0]["ground"]
    assert "Schedule 2, paragraph 2" in document["withheld"][1]["ground"]
    table = sar_world.world.s3.get_object(Bucket=EXPORT_BUCKET, Key=f"{prefix}manifest.csv")["Body"].read()
    rows = list(csv.DictReader(io.StringIO(table.decode("utf-8-sig"))))
    for text in (manifest.decode(), json.dumps(rows), json.dumps(package)):
        assert "C-2" not in text and "C-3" not in text  # which recordings were withheld is not said
    assert [key.removeprefix(prefix) for key in exported_files(sar_world)] == [
        "C-1_v1.wav",
        "C-1_v2.wav",
        "manifest.csv",
        "manifest.json",
    ]
    [disclosed] = [
        e for e in sar_world.world.audit_entries(f"sar#{sar_id}") if e["action"] == "sar-disclosed"
    ]
    assert disclosed["details"]["withheld"] == {"other-people": 1, "crime": 1}


def test_a_later_decision_replaces_the_earlier_and_a_version_may_be_decided_alone(sar_world, sar_id):
    versions = [
        each
        for each in sar_world.call("GET", f"/sars/{sar_id}/decisions").body["undecided"]
        if each["call_id"] == "C-1"
    ]
    assert len(versions) == 2
    decide(sar_world, sar_id, {"call_id": "C-1", "decision": "withhold", "exemption": "legal-privilege"})
    changed = decide(
        sar_world, sar_id, {"call_id": "C-1", "version_id": versions[0]["version_id"], "decision": "disclose"}
    )
    assert changed.status == 200, changed.body
    mine = {each["version_id"]: each for each in changed.body["decisions"] if each["call_id"] == "C-1"}
    assert (mine[versions[0]["version_id"]]["decision"], mine[versions[0]["version_id"]]["exemption"]) == (
        "disclose",
        None,
    )
    assert mine[versions[1]["version_id"]]["exemption"] == "legal-privilege"
    assert sorted(each["call_id"] for each in changed.body["undecided"]) == ["C-2", "C-3"]


@pytest.mark.parametrize(
    ("decision", "status", "code"),
    [
        ({"call_id": "C-404", "decision": "disclose"}, 400, "not-matched-by-sar"),
        (
            {"call_id": "C-1", "version_id": "not-a-version", "decision": "disclose"},
            400,
            "not-matched-by-sar",
        ),
        ({"call_id": "C-1", "decision": "withhold"}, 400, "invalid-request"),  # withheld under what?
        ({"call_id": "C-1", "decision": "disclose", "exemption": "crime"}, 400, "invalid-request"),
        ({"call_id": "C-1", "decision": "withhold", "exemption": "embarrassing"}, 400, "invalid-request"),
    ],
)
def test_decisions_name_the_sars_own_recordings_and_an_exemption_exactly_when_withheld(
    sar_world, sar_id, decision, status, code
):
    answer = decide(sar_world, sar_id, {"call_id": "C-2", "decision": "disclose"}, decision)
    assert (answer.status, answer.error_code) == (status, code)
    assert sar_world.call("GET", f"/sars/{sar_id}/decisions").body["decisions"] == []  # nothing recorded


def test_decisions_are_audited_by_count_and_refused_once_the_sar_is_closed(sar_world, sar_id):
    decide(
        sar_world,
        sar_id,
        {"call_id": "C-1", "decision": "disclose"},
        {"call_id": "C-2", "decision": "withhold", "exemption": "other-people"},
    )
    [entry] = [
        e for e in sar_world.world.audit_entries(f"sar#{sar_id}") if e["action"] == "sar-recordings-decided"
    ]
    assert entry["who"] == DPO_ARN
    assert (entry["details"]["disclose"], entry["details"]["withhold"]) == (2, 1)
    assert entry["why"]["withheld_under"] == {"other-people": 1}
    assert "C-1" not in json.dumps(entry, default=str)

    assert sar_world.call("POST", f"/sars/{sar_id}/close", body={}).status == 200
    late = decide(sar_world, sar_id, {"call_id": "C-3", "decision": "disclose"})
    assert (late.status, late.error_code) == (409, "sar-closed")
