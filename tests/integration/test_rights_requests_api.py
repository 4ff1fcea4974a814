"""Erasure, restriction, objection and rectification requests through the real DPO API handlers on moto
(issue 15 item 2): opened, paused for proof of identity, resumed, decided and closed with the statutory
clock every rights request keeps (UK GDPR Art 12(3), Art 12A; ICO: "the period for responding to the
request begins when you receive the additional information"), and carried out when decided: erasure
(Art 17) by the eraser, restriction (Art 18) and an upheld objection (Art 21(1)) by a restriction, and
rectification (Art 16) by a supplementary statement shown in later disclosure packages.
"""

import json
import threading
from datetime import date

import boto3
import pytest

from call_recordings.dpo_api.dependencies import rights_dependencies
from call_recordings.dpo_api.handler import app
from call_recordings.rights.adapters.rights_requests import RightsRequests
from call_recordings.rights.dependencies import RightsDependencies
from infra.upgrades.call_markers import mark_filed_calls
from tests.integration import deletion_fixtures, sar_fixtures
from tests.integration.holds_fixtures import AUDIT_TABLE, OTHER_DPO_ARN, REGION, REQUESTS_TABLE
from tests.integration.sar_fixtures import CALLER, EXPORT_BUCKET, OTHER_CALLER

world = sar_fixtures.world
sar_world = sar_fixtures.sar_world
deletion = deletion_fixtures.deletion

SUBJECT = {"caller_number": CALLER}
IDENTIFIERS_IN_CLEAR = ("861234", "+441803861234")


@pytest.fixture
def rights(sar_world, deletion):
    """The SAR world's London day drives the rights requests' clock too; erasures go to the in-process
    eraser."""
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    here = sar_world.world
    app.dependency_overrides[rights_dependencies] = lambda: RightsDependencies(
        requests=RightsRequests(dynamodb, REQUESTS_TABLE, notes=lambda: here.notes),
        audit=deletion_fixtures.AuditTrail(dynamodb, AUDIT_TABLE),
        subject_key=lambda: here.hmac_key,
        clock=sar_world.now,
    )
    try:
        yield sar_world
    finally:
        app.dependency_overrides.pop(rights_dependencies, None)


def _open(rights, kind, **body):
    return rights.call("POST", "/requests", body={"kind": kind, **body})


def test_art_17_an_erasure_request_paused_for_identity_then_decided_and_closed_in_one_report(
    rights, deletion
):
    """Received Monday 2 November 2026; proof of identity asked on 3 November, received on 10 November:
    the month runs from 10 November (ICO), due Thursday 10 December. No decision while identity is
    awaited (Art 12(6)); opening erases nothing; the erasure, when decided, refuses the version a legal
    claim keeps (Art 17(3)(e)) and the report and the audit trail show it all."""
    world = rights.world
    mine = world.seed_recording("C-1", caller_number=CALLER, versions=2) + world.seed_recording(
        "C-2", caller_number=CALLER
    )
    theirs = world.seed_recording("C-9", caller_number=OTHER_CALLER)
    claim = world.place({"reason": "legal-claim", "case_reference": "LC-9", "call_ids": ["C-2"]})

    rights.today = date(2026, 11, 2)
    opened = _open(rights, "erasure", subject=SUBJECT, received_on="2026-11-02", note="letter of 2 November")
    assert opened.status == 201, opened.body
    request_id = opened.body["request_id"]
    assert request_id.startswith("Q-20261102-") or request_id.startswith("Q-")
    assert (opened.body["kind"], opened.body["status"], opened.body["due_on"]) == (
        "erasure",
        "open",
        "2026-12-02",
    )
    assert opened.body["decision"] is None and opened.body["carried_out"] is None
    assert all(deletion.in_s3(version) for version in mine)  # opening changes no recording
    item = rights.sar_item(request_id)
    assert item["kind"] == "erasure-request"
    assert not any(identifier in json.dumps(item, default=repr) for identifier in IDENTIFIERS_IN_CLEAR)
    assert "letter of 2 November" not in world.stored_text(REQUESTS_TABLE)

    rights.today = date(2026, 11, 3)
    paused = rights.call("POST", f"/requests/{request_id}/pause", body={"reason": "identity"})
    assert (paused.status, paused.body["status"], paused.body["pause_reason"]) == (200, "paused", "identity")
    refused = rights.call("POST", f"/requests/{request_id}/erase")
    assert (refused.status, refused.error_code) == (409, "request-paused")
    assert "proof of identity" in refused.body["error"]["message"]
    assert deletion.eraser.requests == [] and all(deletion.in_s3(version) for version in mine)

    rights.today = date(2026, 11, 10)
    resumed = rights.call("POST", f"/requests/{request_id}/resume", principal=OTHER_DPO_ARN)
    assert resumed.status == 200, resumed.body
    assert (resumed.body["identity_verified_on"], resumed.body["due_on"]) == ("2026-11-10", "2026-12-10")
    assert resumed.body["paused_periods"] == [
        {"reason": "identity", "asked_on": "2026-11-03", "answered_on": "2026-11-10", "days_excluded": 0}
    ]

    rights.today = date(2026, 11, 12)
    decided = rights.call("POST", f"/requests/{request_id}/erase", body={"note": "identity checked"})
    assert decided.status == 200, decided.body
    decision = decided.body["decision"]
    assert (decision["decision"], decision["decided_on"], decision["note"]) == (
        "erase",
        "2026-11-12",
        "identity checked",
    )
    erasure = decided.body["carried_out"]["erasure"]
    assert (erasure["status"], erasure["erased"], erasure["refused"], erasure["failed"]) == (
        "partly-refused",
        2,
        1,
        0,
    )
    assert not any(deletion.in_s3(version) for version in mine[:2])
    assert deletion.in_s3(mine[2]) and deletion.in_s3(theirs[0])
    again = rights.call("POST", f"/requests/{request_id}/erase")
    assert (again.status, again.error_code) == (409, "already-decided")

    rights.today = date(2026, 11, 13)
    closed = rights.call("POST", f"/requests/{request_id}/close", body={"note": "told by letter"})
    assert (closed.status, closed.body["status"], closed.body["working_days_left"]) == (200, "closed", None)
    late = rights.call(
        "POST",
        f"/requests/{request_id}/decide",
        body={"decision": "refuse", "refusal_ground": "legal-claims", "note": "x"},
    )
    assert (late.status, late.error_code) == (409, "rights-request-closed")

    report = rights.call("GET", f"/requests/{request_id}")
    assert report.status == 200
    body = report.body
    assert (body["received_on"], body["started_on"], body["due_on"], body["overdue"]) == (
        "2026-11-02",
        "2026-11-10",
        "2026-12-10",
        False,
    )
    assert (
        body["decision"]["decision"] == "erase"
        and body["carried_out"]["erasure"]["erasure_id"] == erasure["erasure_id"]
    )
    outcomes = {(each["call_id"], each["outcome"]) for each in body["erased_recordings"]}
    assert outcomes == {("C-1", "erased"), ("C-2", "refused")}
    [refusal] = [each for each in body["erased_recordings"] if each["outcome"] == "refused"]
    assert refusal["refused_because"][0]["hold_id"] == claim.body["hold_id"]
    assert body["note"] == "letter of 2 November" and body["close_note"] == "told by letter"

    trail = rights.call("GET", "/audit", query={"target": f"request#{request_id}"})
    assert trail.status == 200, trail.body
    entries = sorted(trail.body["entries"], key=lambda entry: entry["at"])
    actions = [entry["action"] for entry in entries]
    assert actions == [
        "rights-request-opened",
        "rights-request-paused",
        "rights-request-resumed",
        "rights-request-decided",
        "rights-request-closed",
    ]
    decided_entry = entries[3]
    assert decided_entry["details"]["erasure_id"] == erasure["erasure_id"]
    assert decided_entry["details"]["erased"] == 2
    erasure_trail = world.audit_entries(f"erasure#{erasure['erasure_id']}")
    assert {entry["why"]["rights_request"] for entry in erasure_trail} == {request_id}
    assert not any(identifier in json.dumps(trail.body) for identifier in IDENTIFIERS_IN_CLEAR)


def test_art_21_an_upheld_objection_restricts_and_a_rejected_one_records_its_ground(rights):
    """Art 21(1): the DPO upholds an objection and restricts processing (Art 18(1)(d) ground), or rejects
    it on compelling legitimate grounds with the reasons recorded; a ground of another kind is refused."""
    world = rights.world
    mine = world.seed_recording("C-1", caller_number=CALLER, versions=2)
    rights.today = date(2026, 11, 30)
    upheld = _open(
        rights, "objection", subject=SUBJECT, received_on="2026-11-30", objection="quality monitoring"
    )
    assert upheld.status == 201, upheld.body
    assert world.call("GET", "/recordings/C-1").body["versions"][0]["restrictions"] == []  # nothing yet

    restricted = rights.call(
        "POST",
        f"/requests/{upheld.body['request_id']}/decide",
        body={"decision": "restrict", "restriction_grounds": "objection-pending", "note": "upheld"},
    )

    assert restricted.status == 200, restricted.body
    assert restricted.body["decision"]["objection"] == "upheld"
    assert restricted.body["decision"]["restriction_grounds_wording"].startswith("UK GDPR Art 18(1)(d)")
    restriction_id = restricted.body["carried_out"]["restriction"]["restriction_id"]
    assert restricted.body["carried_out"]["restriction"]["recordings"] == 2
    versions = world.call("GET", "/recordings/C-1").body["versions"]
    assert [version["restrictions"] for version in versions] == [[restriction_id]] * 2
    restriction = world.call("GET", f"/restrictions/{restriction_id}").body
    assert restriction["rights_request_id"] == upheld.body["request_id"]
    assert {version.key for version in mine} == {
        (each["call_id"], each["version_id"]) for each in restriction["recordings"]
    }

    rejected = (
        _open(rights, "objection", call_ids=["C-1"], received_on="2026-11-30", objection="recording at all")[
            "request_id"
        ]
        if False
        else _open(
            rights, "objection", call_ids=["C-1"], received_on="2026-11-30", objection="recording at all"
        ).body["request_id"]
    )
    no_reasons = rights.call(
        "POST",
        f"/requests/{rejected}/decide",
        body={"decision": "refuse", "refusal_ground": "compelling-legitimate-grounds"},
    )
    wrong_ground = rights.call(
        "POST",
        f"/requests/{rejected}/decide",
        body={"decision": "refuse", "refusal_ground": "data-accurate", "note": "x"},
    )
    assert (no_reasons.status, no_reasons.error_code) == (400, "decision-incomplete")
    assert (wrong_ground.status, wrong_ground.error_code) == (400, "refusal-ground-not-for-kind")
    answer = rights.call(
        "POST",
        f"/requests/{rejected}/decide",
        body={
            "decision": "refuse",
            "refusal_ground": "compelling-legitimate-grounds",
            "note": "fraud prevention",
        },
    )
    assert answer.status == 200, answer.body
    assert answer.body["decision"]["objection"] == "rejected"
    assert answer.body["decision"]["refusal_ground_wording"].startswith("UK GDPR Art 21(1)")
    assert answer.body["carried_out"] is None
    twice = rights.call(
        "POST",
        f"/requests/{rejected}/decide",
        body={"decision": "restrict", "restriction_grounds": "objection-pending"},
    )
    assert (twice.status, twice.error_code) == (409, "already-decided")
    [entry] = [
        each
        for each in world.audit_entries(f"request#{rejected}")
        if each["action"] == "rights-request-decided"
    ]
    assert entry["why"]["objection"] == "rejected"
    assert "fraud prevention" not in json.dumps(entry, default=str)  # the reasons are a sealed note


def test_art_21_an_upheld_objection_may_be_carried_out_by_erasing_through_post_erasures(rights, deletion):
    world = rights.world
    mine = world.seed_recording("C-1", caller_number=CALLER)
    request_id = _open(
        rights, "objection", subject=SUBJECT, received_on="2026-11-30", objection="all of it"
    ).body["request_id"]

    erased = rights.call("POST", "/erasures", body={"request_id": request_id})

    assert erased.status == 201, erased.body
    assert (erased.body["status"], erased.body["rights_request_id"]) == ("erased", request_id)
    assert not deletion.in_s3(mine[0])
    report = rights.call("GET", f"/requests/{request_id}").body
    assert report["decision"]["objection"] == "upheld" and report["carried_out"]["erasure"]["erased"] == 1


def test_art_16_a_rectifications_statement_appears_in_a_later_sar_export_of_that_recording(rights):
    """Art 16: the right to have incomplete personal data completed "including by means of providing a
    supplementary statement": attached to the call, kept sealed, and in every later disclosure package."""
    world = rights.world
    world.seed_recording("C-1", caller_number=CALLER, versions=2)
    world.seed_recording("C-2", caller_number=CALLER)
    statement = "The caller says the adviser misheard: the address is 12 Mill Lane, not 21"
    rights.today = date(2026, 11, 30)
    request_id = _open(
        rights,
        "rectification",
        call_ids=["C-1"],
        received_on="2026-11-30",
        disputed="the address noted is wrong",
    ).body["request_id"]
    empty = rights.call("POST", f"/requests/{request_id}/decide", body={"decision": "rectify"})
    assert (empty.status, empty.error_code) == (400, "decision-incomplete")

    rectified = rights.call(
        "POST", f"/requests/{request_id}/decide", body={"decision": "rectify", "statement": statement}
    )

    assert rectified.status == 200, rectified.body
    assert rectified.body["carried_out"]["rectification"] == {"statement": statement, "call_ids": ["C-1"]}
    assert "Mill Lane" not in world.stored_text(REQUESTS_TABLE)
    assert "Mill Lane" not in world.stored_text(AUDIT_TABLE)

    sar_id = rights.open({"subject": SUBJECT, "received_on": "2026-11-30"}).body["sar_id"]
    package = rights.export(sar_id, body={"link_days": 1})
    assert package.status == 201, package.body
    prefix = f"exports/{sar_id}/{package.body['export_id']}/"
    manifest = json.loads(
        world.s3.get_object(Bucket=EXPORT_BUCKET, Key=prefix + "manifest.json")["Body"].read()
    )
    statements = {
        (each["call_id"], each["version_id"]): each["supplementary_statements"]
        for each in manifest["recordings"]
    }
    assert len(statements) == 3
    assert [value for (call_id, _), value in statements.items() if call_id == "C-1"] == [[statement]] * 2
    assert [value for (call_id, _), value in statements.items() if call_id == "C-2"] == [[]]


def test_art_16_a_statement_filed_before_the_call_markers_is_in_packages_once_the_upgrade_marked_it(rights):
    """A package reads each call's markers and queries only the calls marked: a statement filed by an
    earlier version (no marker) would be left out of every later package, so the upgrade step
    (infra/upgrades/call_markers.py) marks every call with one, and the package has it again."""
    world = rights.world
    world.seed_recording("C-1", caller_number=CALLER)
    world.seed_recording("C-2", caller_number=CALLER)
    rights.today = date(2026, 11, 30)
    request_id = _open(
        rights, "rectification", call_ids=["C-1"], received_on="2026-11-30", disputed="the address is wrong"
    ).body["request_id"]
    statement = "The caller says the address is 12 Mill Lane"
    decided = rights.call(
        "POST", f"/requests/{request_id}/decide", body={"decision": "rectify", "statement": statement}
    )
    assert decided.status == 200, decided.body
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    marker = {"request_id": {"S": "call#C-1"}, "item": {"S": "statements"}}
    assert "Item" in dynamodb.get_item(TableName=REQUESTS_TABLE, Key=marker)
    dynamodb.delete_item(TableName=REQUESTS_TABLE, Key=marker)  # as an earlier version filed it

    def package_statements() -> dict[str, list[str]]:
        sar_id = rights.open({"subject": SUBJECT, "received_on": "2026-11-30"}).body["sar_id"]
        package = rights.export(sar_id)
        assert package.status == 201, package.body
        return {each["call_id"]: each["supplementary_statements"] for each in package.body["recordings"]}

    assert package_statements() == {"C-1": [], "C-2": []}
    assert mark_filed_calls(dynamodb, REQUESTS_TABLE) == 1
    assert package_statements() == {"C-1": [statement], "C-2": []}
    assert mark_filed_calls(dynamodb, REQUESTS_TABLE) == 1  # again: the same marker, nothing else


def test_post_erasures_and_restrictions_without_a_request_are_refused_and_change_nothing(rights, deletion):
    """Issue 15: erasure and restriction happen when a request is decided, never without one."""
    world = rights.world
    mine = world.seed_recording("C-1", caller_number=CALLER)
    rectification = _open(
        rights, "rectification", call_ids=["C-1"], received_on="2026-11-30", disputed="x"
    ).body["request_id"]
    by_calls = _open(
        rights, "objection", call_ids=["C-1"], received_on="2026-11-30", objection="all of it"
    ).body["request_id"]

    answers = {
        "old body": rights.call("POST", "/erasures", body={"subject": SUBJECT}),
        "no body": rights.call("POST", "/erasures", body={}),
        "unknown request": rights.call("POST", "/erasures", body={"request_id": "Q-20261130-0000000000"}),
        "another kind": rights.call("POST", "/erasures", body={"request_id": rectification}),
        "calls, not a person": rights.call("POST", "/erasures", body={"request_id": by_calls}),
        "restriction without one": rights.call(
            "POST", "/restrictions", body={"grounds": "accuracy-contested", "call_ids": ["C-1"]}
        ),
        "restriction of a rectification": rights.call(
            "POST", "/restrictions", body={"request_id": rectification, "grounds": "accuracy-contested"}
        ),
    }

    assert {name: (answer.status, answer.error_code) for name, answer in answers.items()} == {
        "old body": (400, "invalid-request"),
        "no body": (400, "invalid-request"),
        "unknown request": (404, "rights-request-not-found"),
        "another kind": (409, "decision-not-for-kind"),
        "calls, not a person": (409, "request-needs-subject"),
        "restriction without one": (400, "invalid-request"),
        "restriction of a rectification": (409, "decision-not-for-kind"),
    }
    assert deletion.in_s3(mine[0]) and deletion.eraser.requests == []
    assert world.call("GET", "/recordings/C-1").body["versions"][0]["restrictions"] == []
    kinds = {
        item["kind"]
        for item in world.dynamodb_resource_table(REQUESTS_TABLE).scan()["Items"]
        if "kind" in item
    }
    assert kinds == {"rectification-request", "objection-request"}  # no erasure, no restriction made
    assert all(
        rights.call("GET", f"/requests/{each}").body["decision"] is None for each in (rectification, by_calls)
    )


def test_art_12_3_requests_are_listed_by_kind_status_and_overdue_and_paged_across_kinds(rights):
    """Art 12(3): received 1 October 2026, due Monday 2 November; on 3 November it is overdue."""
    rights.today = date(2026, 10, 1)
    made = {
        kind: _open(rights, kind, received_on="2026-10-01", **extra).body["request_id"]
        for kind, extra in {
            "erasure": {"subject": SUBJECT},
            "restriction": {"call_ids": ["C-1"]},
            "objection": {"subject": SUBJECT, "objection": "marketing"},
            "rectification": {"call_ids": ["C-1"], "disputed": "wrong name"},
        }.items()
    }
    rights.today = date(2026, 11, 3)
    rights.call("POST", f"/requests/{made['restriction']}/close")

    pages, token = [], None
    while True:
        page = rights.call(
            "GET", "/requests", query={"limit": "1"} | ({"next_token": token} if token else {})
        )
        assert page.status == 200, page.body
        pages += [each["request_id"] for each in page.body["requests"]]
        token = page.body["next_token"]
        if not token:
            break
    assert pages == list(made.values())  # every kind, one after another

    overdue = rights.call("GET", "/requests", query={"overdue": "true"}).body["requests"]
    assert {each["request_id"] for each in overdue} == {
        made["erasure"],
        made["objection"],
        made["rectification"],
    }
    assert all(each["due_on"] == "2026-11-02" and each["working_days_left"] < 0 for each in overdue)
    closed = rights.call("GET", "/requests", query={"kind": "restriction", "status": "closed"}).body[
        "requests"
    ]
    assert [each["request_id"] for each in closed] == [made["restriction"]]
    assert (
        rights.call("GET", "/requests", query={"next_token": "bm90LWEtdG9rZW4"}).error_code
        == "invalid-page-token"
    )


def test_two_decisions_made_at_once_carry_out_one_the_other_is_refused(rights):
    """The decision is claimed on the request over the revision read: of two restrictions asked at the
    same moment, one is made; the other answers 409 and restricts nothing."""
    world = rights.world
    world.seed_recording("C-1", caller_number=CALLER)
    request_id = _open(rights, "restriction", subject=SUBJECT, received_on="2026-11-30").body["request_id"]
    start = threading.Barrier(2)
    answers = []

    def decide(grounds: str) -> None:
        start.wait()
        answers.append(
            rights.call(
                "POST",
                f"/requests/{request_id}/decide",
                body={"decision": "restrict", "restriction_grounds": grounds},
            )
        )

    threads = [
        threading.Thread(target=decide, args=(grounds,))
        for grounds in ("accuracy-contested", "processing-unlawful")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answer.status for answer in answers) == [200, 409]
    [refused] = [answer for answer in answers if answer.status == 409]
    assert refused.error_code in ("already-decided", "rights-request-changed-concurrently")
    restrictions = world.call("GET", "/restrictions").body["restrictions"]
    assert len(restrictions) == 1
    assert (
        rights.call("GET", f"/requests/{request_id}").body["carried_out"]["restriction"]["restriction_id"]
        == (restrictions[0]["restriction_id"])
    )


def test_art_12_3_the_daily_reminder_lists_every_kind_of_rights_request_with_the_sars(rights, monkeypatch):
    """Issue 15 item 4: reminders cover every open request, not only SARs. As of Thursday 3 December
    2026: an erasure request received 2 November was due Wednesday 2 December (overdue); a restriction
    request received 6 November is due Monday 7 December (2 working days left); an objection received
    27 November is due 29 December (not yet); a closed one is answered."""
    from call_recordings.rights import reminders_handler
    from tests.integration.holds_fixtures import LambdaContext

    rights.world.seed_recording("C-1", caller_number=CALLER)
    opened = {}
    for kind, received_on, extra in (
        ("erasure", "2026-11-02", {}),
        ("restriction", "2026-11-06", {}),
        ("objection", "2026-11-27", {"objection": "objects to being recorded"}),
        ("erasure", "2026-11-03", {}),
    ):
        answer = _open(rights, kind, subject=SUBJECT, received_on=received_on, **extra)
        assert answer.status == 201, answer.body
        opened[(kind, received_on)] = answer.body["request_id"]
    closed = opened[("erasure", "2026-11-03")]
    decided = rights.call(
        "POST",
        f"/requests/{closed}/decide",
        body={"decision": "refuse", "refusal_ground": "legal-claims", "note": "x"},
    )
    assert decided.status == 200, decided.body
    assert rights.call("POST", f"/requests/{closed}/close", body={}).status == 200
    topic = boto3.client("sns", region_name=REGION).create_topic(Name="dpo-alerts")["TopicArn"]
    monkeypatch.setenv("DPO_ALERTS_TOPIC_ARN", topic)
    monkeypatch.setenv("AS_OF", "2026-12-03")
    reminders_handler.reset_dependencies()
    try:
        report = reminders_handler.lambda_handler({}, LambdaContext())
    finally:
        reminders_handler.reset_dependencies()

    assert report["overdue"] == [opened[("erasure", "2026-11-02")]]
    assert report["due_soon"] == [opened[("restriction", "2026-11-06")]]
    assert report["open"] == {"erasure": 1, "restriction": 1, "objection": 1}
