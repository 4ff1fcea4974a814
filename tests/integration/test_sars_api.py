"""Subject access requests through the real DPO API handler and the real hold worker, on moto.

Deadlines asserted here follow the ICO's guidance "Right of access: how long do we have to comply?"
(subject_access/clock.py quotes it); each test names the worked example or rule it applies.
"""

import contextlib
import json
import threading
from datetime import date

import pytest

from tests.integration import sar_fixtures
from tests.integration.holds_fixtures import AUDIT_TABLE, BUCKET, DPO_ARN, OTHER_DPO_ARN, REQUESTS_TABLE
from tests.integration.sar_fixtures import CALLER, EXPORT_BUCKET, OTHER_CALLER

world = sar_fixtures.world
sar_world = sar_fixtures.sar_world

SUBJECT = {"subject": {"caller_number": CALLER}}
IDENTIFIERS_IN_CLEAR = ("861234", "+441803861234", "900123", "CUST-77")


def _seed_the_subject(world):
    """Three recordings of the caller (one of them uploaded twice), and one of somebody else."""
    mine = (
        world.seed_recording("C-1", caller_number=CALLER, recorded_at="2026-08-20T10:15:00+01:00", versions=2)
        + world.seed_recording(
            "C-2", caller_number="+44 1803 861234", recorded_at="2026-08-25T09:00:00+01:00"
        )
        + world.seed_recording("C-3", caller_number="(01803) 861234", recorded_at="2026-08-28T16:40:00+01:00")
    )
    theirs = world.seed_recording("C-9", caller_number=OTHER_CALLER, recorded_at="2026-08-21T11:00:00+01:00")
    return mine, theirs


def _no_identifier_anywhere(world, *targets):
    text = json.dumps([world.audit_entries(target) for target in targets], default=str)
    assert not any(identifier in text for identifier in IDENTIFIERS_IN_CLEAR)


def test_ico_the_whole_life_of_a_sar_received_3_september(sar_world):
    """ICO worked example: "an organisation receives a request on 3 September ... until 3 October to
    comply". 3 October 2026 is a Saturday, so (ICO) it is due the next working day, Monday 5 October.
    Clarification asked on 10 September and answered on 17 September: both days excluded (Art 12A), 8
    days do not count (11 October, a Sunday -> Monday 12); the extension, told on 18 September, makes it
    three months from the original start plus the pause (3 December + 8 days = Friday 11 December 2026)."""
    world = sar_world.world
    mine, theirs = _seed_the_subject(world)
    # C-3 is also evidence in a legal claim: closing the SAR must leave it held.
    claim = world.place({"reason": "legal-claim", "case_reference": "LC-2026-031", "call_ids": ["C-3"]})
    assert claim.status == 201

    # Open -------------------------------------------------------------------------------------------
    sar_world.today = date(2026, 9, 3)
    opened = sar_world.open({**SUBJECT, "received_on": "2026-09-03", "note": "letter of 3 September"})
    assert opened.status == 201, opened.body
    sar_id = opened.body["sar_id"]
    assert sar_id.startswith("S-20260903-")
    assert opened.body["status"] == "open"
    assert opened.body["due_on"] == "2026-10-05"
    assert opened.body["overdue"] is False
    assert opened.body["total"] == 4  # three recordings, one of them in two versions
    assert opened.body["selection"] == {
        "by": "subject",
        "call_ids": None,
        "identifiers": ["caller number"],
        "recorded_from": None,
        "recorded_to": None,
    }
    preservation = opened.body["preservation"]
    assert preservation["status"] == "active"
    assert (preservation["held"], preservation["total"]) == (4, 4)
    assert {(each["call_id"], each["version_id"]) for each in opened.body["recordings"]} == {
        version.key for version in mine
    }
    assert all(each["held_by"] for each in opened.body["recordings"])
    [c3] = [each for each in opened.body["recordings"] if each["call_id"] == "C-3"]
    assert c3["held_by"] == ["legal-claim", "sar"]
    assert c3["purpose_wording"] == "Quality and Training Purposes"
    for version in mine:
        assert world.legal_hold(version) == "ON"
        assert world.tags(version)["retention"] == "hold"
        assert preservation["hold_id"] in world.holds_on(version)
    for version in theirs:
        assert world.legal_hold(version) == "OFF"
        assert "holds" not in world.registry_item(version)
    sar_item = sar_world.sar_item(sar_id)
    assert sar_item["kind"] == "sar"
    assert not any(identifier in json.dumps(sar_item, default=repr) for identifier in IDENTIFIERS_IN_CLEAR)

    # Pause for clarification on 10 September, resume on 17 September ----------------------------------
    sar_world.today = date(2026, 9, 10)
    paused = sar_world.call(
        "POST", f"/sars/{sar_id}/pause", body={"reason": "clarification", "note": "which calls?"}
    )
    assert paused.status == 200, paused.body
    assert (paused.body["status"], paused.body["paused_on"]) == ("paused", "2026-09-10")
    assert paused.body["pause_reason"] == "clarification"

    sar_world.today = date(2026, 9, 17)
    resumed = sar_world.call(
        "POST", f"/sars/{sar_id}/resume", body={"on": "2026-09-17"}, principal=OTHER_DPO_ARN
    )
    assert resumed.status == 200, resumed.body
    assert resumed.body["status"] == "open"
    assert resumed.body["days_paused"] == 8
    assert resumed.body["paused_periods"] == [
        {"reason": "clarification", "asked_on": "2026-09-10", "answered_on": "2026-09-17", "days_excluded": 8}
    ]
    assert resumed.body["due_on"] == "2026-10-12"

    # Extend: three months from the original start, once ------------------------------------------------
    sar_world.today = date(2026, 9, 18)
    extended = sar_world.call(
        "POST", f"/sars/{sar_id}/extend", body={"reason": "recordings held across several systems"}
    )
    assert extended.status == 200, extended.body
    assert extended.body["extended"] is True
    assert extended.body["requester_told_on"] == "2026-09-18"
    assert extended.body["due_on"] == "2026-12-11"
    again = sar_world.call("POST", f"/sars/{sar_id}/extend", body={"reason": "still complex"})
    assert (again.status, again.error_code) == (409, "already-extended")
    assert sar_world.call("GET", f"/sars/{sar_id}").body["due_on"] == "2026-12-11"

    # Export: the copies are the originals, byte for byte ------------------------------------------------
    sar_world.today = date(2026, 10, 1)
    undecided = sar_world.call("POST", f"/sars/{sar_id}/export", body={"link_days": 3})
    assert (undecided.status, undecided.error_code) == (409, "decisions-outstanding")
    exported = sar_world.export(sar_id, body={"link_days": 3})
    assert exported.status == 201, exported.body
    package = exported.body
    assert package["sar_id"] == sar_id
    assert len(package["recordings"]) == 4
    originals = {version.key: version for version in mine}
    prefix = f"exports/{sar_id}/{package['export_id']}/"
    for recording in package["recordings"]:
        version = originals[(recording["call_id"], recording["version_id"])]
        original = world.s3.get_object(Bucket=BUCKET, Key=version.object_key, VersionId=version.version_id)
        copy = world.s3.get_object(Bucket=EXPORT_BUCKET, Key=prefix + recording["file_name"])
        assert copy["Body"].read() == original["Body"].read()
    assert sar_world.call("GET", f"/sars/{sar_id}").body["exports"] == 1

    # Close: the SAR's hold is released; the legal claim keeps C-3 --------------------------------------
    sar_world.today = date(2026, 10, 2)
    closed = sar_world.call("POST", f"/sars/{sar_id}/close", body={"note": "response sent by post"})
    assert closed.status == 200, closed.body
    assert closed.body["status"] == "closed"
    assert closed.body["closed_by"] == DPO_ARN
    assert closed.body["preservation"]["status"] == "released"
    assert closed.body["working_days_left"] is None
    for version in mine:
        if version.call_id == "C-3":
            assert world.legal_hold(version) == "ON"
            assert world.tags(version)["retention"] == "hold"
            assert world.holds_on(version) == {claim.body["hold_id"]}
        else:
            assert world.legal_hold(version) == "OFF"
            assert world.tags(version)["retention"] == "standard"
            assert "holds" not in world.registry_item(version)
            assert world.registry_item(version)["retention"] == "standard"

    refused = sar_world.call("POST", f"/sars/{sar_id}/export", body={})
    assert (refused.status, refused.error_code) == (409, "sar-closed")
    assert sar_world.call("POST", f"/sars/{sar_id}/close").error_code == "sar-closed"

    # Audit: every change, who made it, and no identifier ----------------------------------------------
    entries = sorted(world.audit_entries(f"sar#{sar_id}"), key=lambda entry: entry["entry"])
    actions = [entry["action"] for entry in entries]
    assert actions[:4] == ["sar-opened", "sar-paused", "sar-resumed", "sar-extended"]
    # Decided and disclosed at the same instant (the world's clock): their order is the entries' ids'.
    assert sorted(actions[4:6]) == ["sar-disclosed", "sar-recordings-decided"]
    assert actions[6:] == ["sar-closed"]
    assert [entry["who"] for entry in entries][:3] == [DPO_ARN, DPO_ARN, OTHER_DPO_ARN]
    assert entries[0]["details"]["selection"] == "subject (caller number)"
    assert entries[2]["details"]["days_paused"] == 8
    assert entries[3]["details"]["requester_told_on"] == "2026-09-18"
    assert entries[3]["details"]["original_due_on"] == "2026-10-12"
    _no_identifier_anywhere(world, f"sar#{sar_id}", f"hold#{preservation['hold_id']}")


def test_a_sar_that_matches_no_recording_is_opened_with_nothing_preserved(sar_world):
    """The council must still answer: "we hold no recordings of you"."""
    sar_world.world.seed_recording("C-9", caller_number=OTHER_CALLER)
    opened = sar_world.open({"subject": {"customer_ref": "cust-77"}, "received_on": "2026-11-27"})
    assert opened.status == 201, opened.body
    assert opened.body["total"] == 0
    assert opened.body["hold_id"] is None
    assert opened.body["preservation"] is None
    assert opened.body["recordings"] == []
    assert opened.body["selection"]["identifiers"] == ["customer reference"]
    assert [item for item in sar_world.world.hold_headers() if item["kind"] == "hold"] == []
    closed = sar_world.call("POST", f"/sars/{opened.body['sar_id']}/close", body={"note": "none held"})
    assert (closed.status, closed.body["status"]) == (200, "closed")


def test_a_date_range_limits_what_is_matched_and_preserved(sar_world):
    world = sar_world.world
    mine, _ = _seed_the_subject(world)
    opened = sar_world.open(
        {
            "subject": {"caller_number": CALLER, "recorded_from": "2026-08-24", "recorded_to": "2026-08-31"},
            "received_on": "2026-11-02",
        }
    )
    assert opened.status == 201, opened.body
    assert sorted(each["call_id"] for each in opened.body["recordings"]) == ["C-2", "C-3"]
    assert opened.body["selection"]["recorded_from"] == "2026-08-24"
    assert all(world.legal_hold(version) == "OFF" for version in mine if version.call_id == "C-1")


def test_ico_identity_asked_for_the_time_limit_starts_when_it_arrives(sar_world):
    """ICO: where proof of identity is asked for, "the period for responding to the request begins when
    you receive the additional information". Received Thursday 26 November 2026, identity asked for the
    same day and received Monday 30 November: due one month from 30 November, Wednesday 30 December
    (not 26 December + 4 days)."""
    sar_world.today = date(2026, 11, 26)
    sar_id = sar_world.open({**SUBJECT, "received_on": "2026-11-26"}).body["sar_id"]
    paused = sar_world.call("POST", f"/sars/{sar_id}/pause", body={"reason": "identity"})
    assert paused.body["pause_reason_wording"].startswith("Waiting for proof of identity")
    sar_world.today = date(2026, 11, 30)
    resumed = sar_world.call("POST", f"/sars/{sar_id}/resume", body={})
    assert resumed.status == 200, resumed.body
    assert resumed.body["identity_verified_on"] == "2026-11-30"
    assert resumed.body["started_on"] == "2026-11-30"
    assert resumed.body["due_on"] == "2026-12-30"
    assert resumed.body["days_paused"] == 0


def test_ico_identity_verified_when_opening_starts_the_clock_then(sar_world):
    """ICO: received 30 March, due 30 April; with proof of identity only on 31 March, due 30 April too
    (April has no 31st: its last day), Thursday 30 April 2026."""
    sar_world.today = date(2026, 4, 1)
    opened = sar_world.open({**SUBJECT, "received_on": "2026-03-30", "identity_verified_on": "2026-03-31"})
    assert opened.status == 201, opened.body
    assert (opened.body["started_on"], opened.body["due_on"]) == ("2026-03-31", "2026-04-30")


# Bad input: each with its status and JSON error --------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"subject": {}, "received_on": "2026-11-20"}, 400, "empty-selection"),
        ({"subject": {"caller_number": "withheld"}, "received_on": "2026-11-20"}, 400, "empty-selection"),
        (
            {"subject": {"caller_number": "12"}, "received_on": "2026-11-20"},
            400,
            "invalid-subject-identifier",
        ),
        (
            {"subject": {"caller_number": "phone me"}, "received_on": "2026-11-20"},
            400,
            "invalid-subject-identifier",
        ),
        ({**SUBJECT, "received_on": "2026-12-01"}, 400, "received-in-future"),
        (
            {**SUBJECT, "received_on": "2026-11-20", "identity_verified_on": "2026-11-19"},
            400,
            "identity-verified-before-received",
        ),
        (
            {**SUBJECT, "received_on": "2026-11-20", "identity_verified_on": "2026-12-02"},
            400,
            "date-in-future",
        ),
        ({**SUBJECT}, 400, "invalid-request"),
        ({"received_on": "2026-11-20"}, 400, "invalid-request"),
    ],
)
def test_opening_refuses_bad_input_and_keeps_nothing(sar_world, body, status, code):
    sar_world.world.seed_recording("C-1", caller_number=CALLER)
    answer = sar_world.open(body)
    assert (answer.status, answer.error_code) == (status, code), answer.body
    assert answer.body["error"]["message"]
    assert "861234" not in json.dumps(answer.body) and "phone me" not in json.dumps(answer.body)
    assert sar_world.world.hold_headers() == []  # neither a hold nor a SAR
    assert sar_world.call("GET", "/sars").body["sars"] == []


def test_received_on_in_the_future_is_refused_with_the_dates(sar_world):
    answer = sar_world.open({**SUBJECT, "received_on": "2026-12-25"})
    assert (answer.status, answer.error_code) == (400, "received-in-future")
    assert "2026-12-25" in answer.body["error"]["message"] and "2026-11-30" in answer.body["error"]["message"]


def test_state_conflicts_answer_409_and_change_nothing(sar_world):
    sar_id = sar_world.open({**SUBJECT, "received_on": "2026-11-20"}).body["sar_id"]

    resume = sar_world.call("POST", f"/sars/{sar_id}/resume", body={})
    assert (resume.status, resume.error_code) == (409, "not-paused")

    assert sar_world.call("POST", f"/sars/{sar_id}/extend", body={"reason": "complex"}).status == 200
    twice = sar_world.call("POST", f"/sars/{sar_id}/extend", body={"reason": "complex again"})
    assert (twice.status, twice.error_code) == (409, "already-extended")
    assert "only once" in twice.body["error"]["message"]

    assert sar_world.call("POST", f"/sars/{sar_id}/pause", body={"reason": "clarification"}).status == 200
    paused_twice = sar_world.call("POST", f"/sars/{sar_id}/pause", body={"reason": "clarification"})
    assert (paused_twice.status, paused_twice.error_code) == (409, "already-paused")

    future = sar_world.call("POST", f"/sars/{sar_id}/resume", body={"on": "2026-12-01"})
    assert (future.status, future.error_code) == (400, "date-in-future")
    before = sar_world.call("POST", f"/sars/{sar_id}/resume", body={"on": "2026-11-29"})
    assert (before.status, before.error_code) == (400, "resumed-before-paused")

    assert sar_world.call("POST", f"/sars/{sar_id}/close", body={}).status == 200
    for action, body in (("pause", {"reason": "identity"}), ("resume", {}), ("extend", {"reason": "x"})):
        closed = sar_world.call("POST", f"/sars/{sar_id}/{action}", body=body)
        assert (closed.status, closed.error_code) == (409, "sar-closed"), action
    export = sar_world.call("POST", f"/sars/{sar_id}/export", body={"link_days": 1})
    assert (export.status, export.error_code) == (409, "sar-closed")
    actions = [entry["action"] for entry in sar_world.world.audit_entries(f"sar#{sar_id}")]
    assert sorted(actions) == sorted(["sar-opened", "sar-extended", "sar-paused", "sar-closed"])


def test_pausing_before_the_clock_started_or_in_the_future_is_refused(sar_world):
    sar_id = sar_world.open({**SUBJECT, "received_on": "2026-11-20"}).body["sar_id"]
    early = sar_world.call(
        "POST", f"/sars/{sar_id}/pause", body={"reason": "clarification", "on": "2026-11-19"}
    )
    assert (early.status, early.error_code) == (400, "paused-before-start")
    late = sar_world.call(
        "POST", f"/sars/{sar_id}/pause", body={"reason": "clarification", "on": "2026-12-01"}
    )
    assert (late.status, late.error_code) == (400, "date-in-future")
    unknown = sar_world.call("POST", f"/sars/{sar_id}/pause", body={"reason": "holiday"})
    assert (unknown.status, unknown.error_code) == (400, "invalid-request")


def test_export_link_days_must_be_1_to_7(sar_world):
    sar_world.world.seed_recording("C-1", caller_number=CALLER)
    sar_id = sar_world.open({**SUBJECT, "received_on": "2026-11-20"}).body["sar_id"]
    for days in (0, 8):
        answer = sar_world.call("POST", f"/sars/{sar_id}/export", body={"link_days": days})
        assert (answer.status, answer.error_code) == (400, "invalid-request")
    assert sar_world.call("GET", f"/sars/{sar_id}").body["exports"] == 0


def test_unknown_sar_answers_404_and_a_malformed_id_400(sar_world):
    for method, path in (
        ("GET", "/sars/S-20261130-0000000000"),
        ("POST", "/sars/S-20261130-0000000000/close"),
        ("POST", "/sars/S-20261130-0000000000/export"),
    ):
        answer = sar_world.call(method, path, body={} if method == "POST" else None)
        assert (answer.status, answer.error_code) == (404, "sar-not-found"), path
    assert sar_world.call("GET", "/sars/H-20261130-0000000000").error_code == "invalid-request"


def test_post_holds_refuses_reason_sar(sar_world):
    sar_world.world.seed_recording("C-1")
    answer = sar_world.world.place(
        {"reason": "sar", "case_reference": "S-20261130-0000000000", "call_ids": ["C-1"]}
    )
    assert (answer.status, answer.error_code) == (400, "hold-reason-reserved")
    assert "POST /sars" in answer.body["error"]["message"]
    assert sar_world.world.hold_headers() == []


# Large SARs, races and listings ---------------------------------------------------------------------------


def test_closing_while_a_large_preservation_hold_is_still_placed_is_refused_then_allowed(sar_world):
    world = sar_world.world
    world.sync_limit = 2  # three versions fan out through the work queue
    mine, _ = _seed_the_subject(world)
    opened = sar_world.open({**SUBJECT, "received_on": "2026-11-20"})
    assert opened.status == 201
    assert opened.body["preservation"]["status"] == "placing"
    sar_id = opened.body["sar_id"]

    early = sar_world.call("POST", f"/sars/{sar_id}/close", body={})
    assert (early.status, early.error_code) == (409, "sar-still-preserving")
    assert opened.body["preservation"]["hold_id"] in early.body["error"]["message"]
    assert sar_world.call("GET", f"/sars/{sar_id}").body["status"] == "open"

    world.deliver_work()
    assert sar_world.call("GET", f"/sars/{sar_id}").body["preservation"]["status"] == "active"
    closed = sar_world.call("POST", f"/sars/{sar_id}/close", body={})
    assert closed.status == 200
    world.deliver_work()
    assert sar_world.call("GET", f"/sars/{sar_id}").body["preservation"]["status"] == "released"
    assert all(world.legal_hold(version) == "OFF" for version in mine)


def test_two_extensions_at_the_same_moment_extend_once(sar_world, monkeypatch):
    sar_id = sar_world.open({**SUBJECT, "received_on": "2026-11-20"}).body["sar_id"]
    barrier = threading.Barrier(2)
    read = sar_world.sars.sar

    def read_together(sar_id_read):  # both requests read the SAR before either saves
        found = read(sar_id_read)
        with contextlib.suppress(threading.BrokenBarrierError):  # the loser's second read, once saved
            barrier.wait(timeout=2)
        return found

    monkeypatch.setattr(sar_world.sars, "sar", read_together)
    answers = []

    def extend(reason):
        answers.append(sar_world.call("POST", f"/sars/{sar_id}/extend", body={"reason": reason}))

    threads = [threading.Thread(target=extend, args=(reason,)) for reason in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answer.status for answer in answers) == [200, 409]
    assert {answer.error_code for answer in answers} == {None, "already-extended"}
    item = sar_world.sar_item(sar_id)
    assert item["extended"] is True and item["revision"] == 2
    extended = [e for e in sar_world.world.audit_entries(f"sar#{sar_id}") if e["action"] == "sar-extended"]
    assert len(extended) == 1


def test_a_change_saved_over_a_stale_revision_is_refused(sar_world):
    sar_id = sar_world.open({**SUBJECT, "received_on": "2026-11-20"}).body["sar_id"]
    stale = sar_world.sars.sar(sar_id)
    assert sar_world.sars.save(
        stale.model_copy(update={"revision": 2, "extended": True}), expected_revision=1
    )
    assert not sar_world.sars.save(
        stale.model_copy(update={"revision": 2, "note": "lost"}), expected_revision=1
    )
    assert sar_world.sars.sar(sar_id).extended is True


def test_the_list_filters_by_status_and_overdue_as_of_today(sar_world):
    """ICO: a response on the due date is on time. Received 1 October 2026: due Monday 2 November, so
    overdue on 30 November; received 27 November: 27 December is a Sunday and Monday 28 the substitute
    Boxing Day bank holiday, so due Tuesday 29 December."""
    opened = {}
    for today, name, received_on in (
        (28, "late", "2026-10-01"),
        (29, "recent", "2026-11-27"),
        (30, "paused", "2026-11-28"),
    ):
        sar_world.today = date(2026, 11, today)  # opened a day apart: the list is newest first
        opened[name] = sar_world.open({**SUBJECT, "received_on": received_on}).body
    late, recent, paused = opened["late"], opened["recent"], opened["paused"]
    sar_world.call("POST", f"/sars/{paused['sar_id']}/pause", body={"reason": "identity"})
    late = sar_world.call("GET", f"/sars/{late['sar_id']}").body
    assert (late["due_on"], late["overdue"], late["working_days_left"]) == ("2026-11-02", True, -20)
    assert (recent["due_on"], recent["overdue"]) == ("2026-12-29", False)

    def ids(query):
        answer = sar_world.call("GET", "/sars", query=query)
        assert answer.status == 200, answer.body
        return [each["sar_id"] for each in answer.body["sars"]]

    assert ids({}) == [paused["sar_id"], recent["sar_id"], late["sar_id"]]  # newest first
    assert ids({"overdue": "true"}) == [late["sar_id"]]
    assert ids({"status": "paused"}) == [paused["sar_id"]]
    assert ids({"status": "open", "overdue": "false"}) == [recent["sar_id"]]
    sar_world.call("POST", f"/sars/{late['sar_id']}/close", body={"note": "answered late"})
    assert ids({"overdue": "true"}) == []
    assert ids({"status": "closed", "overdue": "true"}) == []

    first = sar_world.call("GET", "/sars", query={"limit": "2"})
    assert len(first.body["sars"]) == 2 and first.body["next_token"]
    rest = sar_world.call("GET", "/sars", query={"limit": "2", "next_token": first.body["next_token"]})
    assert [each["sar_id"] for each in rest.body["sars"]] == [late["sar_id"]]
    bad = sar_world.call("GET", "/sars", query={"next_token": "bm90LWEtdG9rZW4"})
    assert (bad.status, bad.error_code) == (400, "invalid-page-token")


def test_a_sars_notes_are_sealed_in_the_table_and_shown_only_on_its_own_report(sar_world, monkeypatch):
    """Issue 14: the notes of a SAR (opening, pause, closing) may hold personal data: never in clear in
    the requests table or the audit trail; shown on the SAR's own report, not in the list."""
    world = sar_world.world
    _seed_the_subject(world)
    number = "the caller's mobile is 07700 900123"
    kms_calls = world.count_kms_calls(monkeypatch)

    opened = sar_world.open({**SUBJECT, "received_on": "2026-11-20", "note": f"letter; {number}"})
    sar_id = opened.body["sar_id"]
    paused = sar_world.call("POST", f"/sars/{sar_id}/pause", body={"reason": "clarification", "note": number})
    sar_world.call("POST", f"/sars/{sar_id}/resume")
    closed = sar_world.call("POST", f"/sars/{sar_id}/close", body={"note": f"sent; {number}"})

    assert (opened.status, paused.status, closed.status) == (201, 200, 200)
    assert opened.body["note"] == f"letter; {number}"
    assert paused.body["pause_note"] == number
    assert (closed.body["note"], closed.body["close_note"]) == (f"letter; {number}", f"sent; {number}")
    # One per note written, none for a note carried over: the DPO's three, and the notes of the SAR's hold
    # (placed at opening, released at closing).
    assert kms_calls["encrypt"] == 5
    for table in (REQUESTS_TABLE, AUDIT_TABLE):
        assert "07700" not in world.stored_text(table)
    assert sar_world.call("GET", f"/sars/{sar_id}").body["close_note"] == f"sent; {number}"
    before = kms_calls["decrypt"]
    [listed] = sar_world.call("GET", "/sars").body["sars"]
    assert (listed["sar_id"], listed["note"], listed["close_note"]) == (sar_id, None, None)
    assert kms_calls["decrypt"] == before


def test_art_12_3_a_late_extension_is_refused_with_409_naming_the_original_due_date(sar_world):
    """Issue 15: received 2026-01-01 and due 2026-02-02, a SAR extended on 2026-03-01 must not become due
    2026-04-01: the requester must be told within the original month (Art 12(3); DPA 2018 s.54(3B)).
    Refused with 409, the SAR unchanged and still overdue, and nothing audited."""
    sar_world.world.seed_recording("C-1", caller_number=CALLER)
    sar_world.today = date(2026, 1, 1)
    sar_id = sar_world.open({**SUBJECT, "received_on": "2026-01-01"}).body["sar_id"]
    before = sar_world.sar_item(sar_id)

    sar_world.today = date(2026, 3, 1)
    late = sar_world.call("POST", f"/sars/{sar_id}/extend", body={"reason": "complex"})

    assert (late.status, late.error_code) == (409, "extension-too-late")
    assert "2026-02-02" in late.body["error"]["message"]
    assert sar_world.sar_item(sar_id) == before
    report = sar_world.call("GET", f"/sars/{sar_id}").body
    assert (report["due_on"], report["overdue"], report["extended"]) == ("2026-02-02", True, False)
    actions = [entry["action"] for entry in sar_world.world.audit_entries(f"sar#{sar_id}")]
    assert actions == ["sar-opened"]

    told_late = sar_world.call(
        "POST", f"/sars/{sar_id}/extend", body={"reason": "complex", "requester_told_on": "2026-02-03"}
    )
    assert (told_late.status, told_late.error_code) == (409, "extension-too-late")


def test_art_12_3_a_timely_extension_records_when_the_requester_was_told(sar_world):
    """Recorded on the due date, told two days before: three months from receipt, and the day told kept."""
    sar_world.world.seed_recording("C-1", caller_number=CALLER)
    sar_world.today = date(2026, 1, 1)
    sar_id = sar_world.open({**SUBJECT, "received_on": "2026-01-01"}).body["sar_id"]

    sar_world.today = date(2026, 2, 2)
    future = sar_world.call(
        "POST", f"/sars/{sar_id}/extend", body={"reason": "complex", "requester_told_on": "2026-02-03"}
    )
    assert (future.status, future.error_code) == (400, "date-in-future")
    extended = sar_world.call(
        "POST", f"/sars/{sar_id}/extend", body={"reason": "complex", "requester_told_on": "2026-01-31"}
    )

    assert extended.status == 200, extended.body
    assert (extended.body["due_on"], extended.body["requester_told_on"]) == ("2026-04-01", "2026-01-31")
    assert sar_world.sar_item(sar_id)["requester_told_on"] == "2026-01-31"
    [entry] = [e for e in sar_world.world.audit_entries(f"sar#{sar_id}") if e["action"] == "sar-extended"]
    assert entry["details"]["requester_told_on"] == "2026-01-31"
    assert entry["details"]["original_due_on"] == "2026-02-02"


def test_art_12a_a_sar_paused_twice_excludes_both_periods_inclusively(sar_world):
    """Issue 15's example through the API (received 2026-06-01, asked 06-05, answered 06-12: due 07-09),
    then a second clarification (asked 06-20, answered 06-20: one more day)."""
    sar_world.world.seed_recording("C-1", caller_number=CALLER)
    sar_world.today = date(2026, 6, 1)
    sar_id = sar_world.open({**SUBJECT, "received_on": "2026-06-01"}).body["sar_id"]
    sar_world.today = date(2026, 6, 30)
    for asked, answered in (("2026-06-05", "2026-06-12"), ("2026-06-20", "2026-06-20")):
        paused = sar_world.call(
            "POST", f"/sars/{sar_id}/pause", body={"reason": "clarification", "on": asked}
        )
        assert paused.status == 200, paused.body
        resumed = sar_world.call("POST", f"/sars/{sar_id}/resume", body={"on": answered})
        assert resumed.status == 200, resumed.body
        if asked == "2026-06-05":
            assert resumed.body["due_on"] == "2026-07-09"
    assert resumed.body["days_paused"] == 9
    assert resumed.body["due_on"] == "2026-07-10"
    assert [period["days_excluded"] for period in resumed.body["paused_periods"]] == [8, 1]
