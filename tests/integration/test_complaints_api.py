"""/complaints (DPA 2018 s.164A, in force 19 June 2026) through the real DPO API handlers on moto: log a
complaint, acknowledge it within the 30 days the ICO counts from the day after receipt, keep the
complainant informed, answer it saying whether they were told of their right to go to the ICO; every
step audited under complaint#<id> naming the DPO, never the complainant; the complainant's identifiers
only as keyed hashes and the summary and notes sealed, in the requests table and the audit trail; and
every refused step (4xx) changing nothing."""

from datetime import UTC, date, datetime

import boto3
import pytest

from call_recordings.complaints.adapters.complaint_records import ComplaintRecords
from call_recordings.complaints.dependencies import ComplaintsDependencies
from call_recordings.core.adapters.audit_trail import AuditTrail
from call_recordings.core.notice import ICO_ADDRESS, ICO_TELEPHONE, NOTICE_COMPLAINT
from call_recordings.core.subjects import subject_hash
from call_recordings.dpo_api.dependencies import complaints_dependencies
from call_recordings.dpo_api.handler import app
from tests.integration import holds_fixtures
from tests.integration.holds_fixtures import AUDIT_TABLE, DPO_ARN, OTHER_DPO_ARN, REGION, REQUESTS_TABLE

holds_world = holds_fixtures.world

CALLER = "07700 900123"
CUSTOMER = "cr-5521/a"
SUMMARY = "Mrs Example, 07700 900123: says her call of 2 Nov was kept after she asked for erasure"
NOTE = "told her the eraser ran on 5 Nov; her mobile 07700 900123"
COMPLAINT = {
    "received_on": "2026-11-25",
    "about": {"topic": "recording", "reference": "C-1001"},
    "summary": SUMMARY,
    "complainant": {"caller_number": CALLER, "customer_ref": CUSTOMER},
}


class ComplaintWorld:
    """The holds world with the complaints dependencies on moto, on a London day the test chooses."""

    def __init__(self, world) -> None:
        self.world = world
        self.today = date(2026, 12, 3)
        self.records = ComplaintRecords(
            boto3.client("dynamodb", region_name=REGION), REQUESTS_TABLE, notes=lambda: world.notes
        )

    def dependencies(self) -> ComplaintsDependencies:
        return ComplaintsDependencies(
            records=self.records,
            audit=AuditTrail(boto3.client("dynamodb", region_name=REGION), AUDIT_TABLE),
            subject_key=lambda: self.world.hmac_key,
            # The chosen day at the (ticking) time of day, so that each step is later than the one before.
            clock=lambda: datetime.combine(self.today, datetime.now(UTC).time(), tzinfo=UTC),
        )

    def call(self, *args, **options):
        return self.world.call(*args, **options)

    def log(self, body: dict | None = None):
        return self.call("POST", "/complaints", body=body or COMPLAINT)

    def stored(self) -> str:
        return self.world.stored_text(REQUESTS_TABLE) + self.world.stored_text(AUDIT_TABLE)

    def item(self, complaint_id: str) -> dict:
        return self.world.dynamodb.get_item(
            TableName=REQUESTS_TABLE, Key={"request_id": {"S": complaint_id}, "item": {"S": "request"}}
        )["Item"]

    def trail(self, complaint_id: str) -> list[dict]:
        return sorted(self.world.audit_entries(f"complaint#{complaint_id}"), key=lambda entry: entry["entry"])


@pytest.fixture
def complaints(holds_world):
    here = ComplaintWorld(holds_world)
    app.dependency_overrides[complaints_dependencies] = here.dependencies
    try:
        yield here
    finally:
        app.dependency_overrides.pop(complaints_dependencies, None)


def test_s164a_a_complaint_logged_acknowledged_kept_informed_and_answered_with_the_ico_right(complaints):
    """Received 25 November 2026: acknowledgement due Tuesday 29 December (s.164A(3); ICO: Christmas,
    Boxing Day's weekend and its substitute on the 28th are not working days)."""
    logged = complaints.log()

    assert logged.status == 201
    complaint_id = logged.body["complaint_id"]
    assert complaint_id.startswith("CP-20261203-")
    assert logged.body["status"] == "received"
    assert logged.body["acknowledgement_due_on"] == "2026-12-29"
    assert logged.body["acknowledgement_overdue"] is False
    assert logged.body["acknowledgement_working_days_left"] == 16  # 4, 7-11, 14-18, 21-24, 29 Dec
    assert logged.body["under_s164a"] is True
    assert logged.body["about"] == {"topic": "recording", "reference": "C-1001"}
    assert logged.body["complainant_identified_by"] == ["caller number", "customer reference"]
    assert logged.body["summary"] == SUMMARY and logged.body["logged_by"] == DPO_ARN
    assert "complainant_hashes" not in logged.body
    assert logged.body["ico"] == {
        "right": NOTICE_COMPLAINT,
        "telephone": ICO_TELEPHONE,
        "website": "www.ico.org.uk/concerns",
        "address": list(ICO_ADDRESS),
    }
    key = complaints.world.hmac_key
    assert set(complaints.item(complaint_id)["complainant_hashes"]["SS"]) == {
        subject_hash(key, "caller", "+447700900123"),
        subject_hash(key, "customer", "CR-5521/A"),
    }

    acknowledged = complaints.call(
        "POST", f"/complaints/{complaint_id}/acknowledge", body={"on": "2026-11-27"}
    )
    informed = complaints.call(
        "POST",
        f"/complaints/{complaint_id}/update",
        body={"on": "2026-12-01", "note": NOTE},
        principal=OTHER_DPO_ARN,
    )
    answered = complaints.call(
        "POST",
        f"/complaints/{complaint_id}/answer",
        body={"outcome": "partly-upheld", "told_of_ico_right": True, "note": f"apologised; {NOTE}"},
    )

    assert (acknowledged.status, informed.status, answered.status) == (200, 200, 200)
    assert acknowledged.body["status"] == "acknowledged"
    assert (acknowledged.body["acknowledged_on"], acknowledged.body["acknowledged_by"]) == (
        "2026-11-27",
        DPO_ARN,
    )
    assert acknowledged.body["acknowledgement_working_days_left"] is None
    [update] = informed.body["updates"]
    assert (update["on"], update["note"], update["noted_by"]) == ("2026-12-01", NOTE, OTHER_DPO_ARN)
    assert answered.body["status"] == "answered"
    assert (answered.body["answered_on"], answered.body["outcome"]) == ("2026-12-03", "partly-upheld")
    assert answered.body["told_of_ico_right"] is True
    assert answered.body["outcome_note"] == f"apologised; {NOTE}"
    assert answered.body["acknowledged_by_answer"] is False

    shown = complaints.call("GET", f"/complaints/{complaint_id}")
    assert shown.status == 200
    assert (shown.body["summary"], shown.body["updates"][0]["note"]) == (SUMMARY, NOTE)

    trail = complaints.trail(complaint_id)
    assert [(entry["action"], entry["who"]) for entry in trail] == [
        ("complaint-received", DPO_ARN),
        ("complaint-acknowledged", DPO_ARN),
        ("complaint-progress-noted", OTHER_DPO_ARN),
        ("complaint-answered", DPO_ARN),
    ]
    assert trail[0]["details"]["acknowledgement_due_on"] == "2026-12-29"
    assert trail[1]["details"] == {
        "acknowledged_on": "2026-11-27",
        "acknowledgement_due_on": "2026-12-29",
        "late": False,
    }
    assert trail[3]["details"]["told_of_ico_right"] is True
    assert trail[3]["details"]["outcome"] == "partly-upheld"


def test_no_identifier_summary_or_note_of_a_complaint_is_in_clear_in_the_tables_or_the_trail(
    complaints, monkeypatch
):
    kms_calls = complaints.world.count_kms_calls(monkeypatch)
    complaint_id = complaints.log().body["complaint_id"]
    complaints.call("POST", f"/complaints/{complaint_id}/update", body={"note": NOTE})
    complaints.call("POST", f"/complaints/{complaint_id}/update", body={"note": f"second; {NOTE}"})
    complaints.call(
        "POST",
        f"/complaints/{complaint_id}/answer",
        body={"outcome": "upheld", "told_of_ico_right": False, "note": NOTE},
    )

    stored = complaints.stored()
    for clear in ("07700", "900123", "+447700900123", "CR-5521", "cr-5521", "Mrs Example", "eraser ran"):
        assert clear not in stored
    # The summary, two progress notes and the outcome note: one Encrypt each, none for a note carried over.
    assert kms_calls["encrypt"] == 4

    before = kms_calls["decrypt"]
    [listed] = complaints.call("GET", "/complaints").body["complaints"]
    assert listed["complaint_id"] == complaint_id
    assert (listed["summary"], listed["outcome_note"], listed["updates"][0]["note"]) == (None, None, None)
    assert kms_calls["decrypt"] == before  # a list opens nothing
    shown = complaints.call("GET", f"/complaints/{complaint_id}").body
    assert [each["note"] for each in shown["updates"]] == [NOTE, f"second; {NOTE}"]
    assert kms_calls["decrypt"] == before + 4


def test_a_sealed_progress_note_cannot_be_opened_as_another(complaints):
    """Each progress note is sealed under its own field (update#<n>): moved to another, it does not open."""
    complaint_id = complaints.log().body["complaint_id"]
    complaints.call("POST", f"/complaints/{complaint_id}/update", body={"note": "first"})
    complaints.call("POST", f"/complaints/{complaint_id}/update", body={"note": "second"})
    item = complaints.item(complaint_id)
    updates = item["updates"]["L"]
    updates[0]["M"]["note"], updates[1]["M"]["note"] = updates[1]["M"]["note"], updates[0]["M"]["note"]
    complaints.world.dynamodb.put_item(TableName=REQUESTS_TABLE, Item=item)

    swapped = complaints.call("GET", f"/complaints/{complaint_id}")
    assert swapped.status == 500


def test_ico_an_answer_within_30_days_stands_as_the_acknowledgement(complaints):
    complaint_id = complaints.log().body["complaint_id"]

    answered = complaints.call(
        "POST",
        f"/complaints/{complaint_id}/answer",
        body={"on": "2026-12-02", "outcome": "not-upheld", "told_of_ico_right": True},
    )

    assert answered.status == 200
    assert (answered.body["acknowledged_on"], answered.body["acknowledged_by_answer"]) == ("2026-12-02", True)
    assert answered.body["acknowledgement_overdue"] is False
    assert complaints.trail(complaint_id)[-1]["details"]["acknowledged_by_answer"] is True


def refused_changes_nothing(complaints, complaint_id: str, path: str, body: dict) -> dict:
    item, trail = complaints.item(complaint_id), complaints.trail(complaint_id)
    answer = complaints.call("POST", f"/complaints/{complaint_id}/{path}", body=body)
    assert complaints.item(complaint_id) == item
    assert complaints.trail(complaint_id) == trail
    return {"status": answer.status, "code": answer.error_code}


def test_refused_steps_answer_4xx_and_change_nothing(complaints):
    complaint_id = complaints.log().body["complaint_id"]

    def refused(path: str, body: dict) -> tuple[int, str]:
        answer = refused_changes_nothing(complaints, complaint_id, path, body)
        return answer["status"], answer["code"]

    assert refused("acknowledge", {"on": "2026-12-04"}) == (400, "date-in-future")
    assert refused("acknowledge", {"on": "2026-11-24"}) == (400, "date-before-received")
    assert refused("update", {"on": "2026-12-04", "note": "x"}) == (400, "date-in-future")
    assert refused("answer", {"outcome": "upheld"}) == (400, "ico-right-not-stated")
    assert refused("answer", {"outcome": "maybe", "told_of_ico_right": True}) == (400, "invalid-request")
    assert complaints.call("POST", f"/complaints/{complaint_id}/acknowledge", body={}).status == 200
    assert refused("acknowledge", {}) == (409, "complaint-already-acknowledged")
    assert refused("answer", {"on": "2026-11-30", "outcome": "upheld", "told_of_ico_right": True}) == (
        400,
        "date-before-received",
    )  # before it was acknowledged (today)
    assert (
        complaints.call(
            "POST", f"/complaints/{complaint_id}/withdraw", body={"note": "resolved by phone"}
        ).status
        == 200
    )
    assert refused("update", {"note": "x"}) == (409, "complaint-closed")
    assert refused("answer", {"outcome": "upheld", "told_of_ico_right": True}) == (409, "complaint-closed")
    assert refused("withdraw", {}) == (409, "complaint-closed")


def test_s164a_an_unacknowledged_complaint_answered_after_the_30_days_is_refused(complaints):
    complaints.today = date(2026, 10, 1)
    complaint_id = complaints.log({**COMPLAINT, "received_on": "2026-10-01"}).body["complaint_id"]
    complaints.today = date(2026, 11, 3)  # due 2 November (31 October a Saturday)

    refused = refused_changes_nothing(
        complaints, complaint_id, "answer", {"outcome": "upheld", "told_of_ico_right": True}
    )

    assert refused == {"status": 409, "code": "complaint-not-acknowledged"}
    late = complaints.call("POST", f"/complaints/{complaint_id}/acknowledge", body={})
    assert (late.body["acknowledged_on"], late.body["acknowledged_late"]) == ("2026-11-03", True)
    assert complaints.trail(complaint_id)[-1]["details"]["late"] is True


def test_logging_refuses_a_future_receipt_a_bad_reference_or_identifier_and_stores_nothing(complaints):
    answers = [
        complaints.log({**COMPLAINT, "received_on": "2026-12-04"}),
        complaints.log({**COMPLAINT, "about": {"topic": "sar", "reference": "C-1001"}}),
        complaints.log({**COMPLAINT, "about": {"topic": "other", "reference": "C-1001"}}),
        complaints.log({**COMPLAINT, "complainant": {"caller_number": "not a number"}}),
        complaints.log({**COMPLAINT, "summary": "bad\x00text"}),
        complaints.log({key: value for key, value in COMPLAINT.items() if key != "summary"}),
    ]

    assert [(answer.status, answer.error_code) for answer in answers] == [
        (400, "received-in-future"),
        (400, "invalid-request"),
        (400, "invalid-request"),
        (400, "invalid-subject-identifier"),
        (400, "invalid-request"),
        (400, "invalid-request"),
    ]
    assert "not a number" not in str([answer.body for answer in answers])
    assert complaints.world.dynamodb.scan(TableName=REQUESTS_TABLE)["Items"] == []
    assert complaints.world.dynamodb.scan(TableName=AUDIT_TABLE)["Items"] == []


def test_a_complaint_before_19_june_2026_is_accepted_outside_s164a_and_one_without_identifiers(complaints):
    logged = complaints.log(
        {"received_on": "2026-06-18", "about": {"topic": "other"}, "summary": "letter about the notice"}
    )
    assert logged.status == 201
    assert (logged.body["under_s164a"], logged.body["acknowledgement_due_on"]) == (False, "2026-07-20")
    assert logged.body["complainant_identified_by"] == []
    assert "complainant_hashes" not in complaints.item(logged.body["complaint_id"])


def test_complaints_are_listed_by_status_and_overdue_acknowledgement_and_paged(complaints):
    complaints.today = date(2026, 10, 1)
    overdue = complaints.log({**COMPLAINT, "received_on": "2026-10-01"}).body["complaint_id"]
    complaints.today = date(2026, 12, 3)
    pending = complaints.log().body["complaint_id"]
    acknowledged = complaints.log().body["complaint_id"]
    complaints.call("POST", f"/complaints/{acknowledged}/acknowledge", body={})

    def listed(**query) -> list[str]:
        answer = complaints.call("GET", "/complaints", query=query)
        assert answer.status == 200
        return [each["complaint_id"] for each in answer.body["complaints"]]

    assert listed(acknowledgement_overdue="true") == [overdue]
    assert set(listed(acknowledgement_overdue="false")) == {pending, acknowledged}
    assert listed(status="acknowledged") == [acknowledged]
    assert set(listed(status="received")) == {overdue, pending}
    [row] = [
        each
        for each in complaints.call("GET", "/complaints").body["complaints"]
        if each["complaint_id"] == overdue
    ]
    assert (row["acknowledgement_overdue"], row["acknowledgement_working_days_left"]) == (True, -23)
    first = complaints.call("GET", "/complaints", query={"limit": "2"})
    rest = complaints.call("GET", "/complaints", query={"limit": "2", "next_token": first.body["next_token"]})
    assert len(first.body["complaints"]) == 2 and len(rest.body["complaints"]) == 1
    bad = complaints.call("GET", "/complaints", query={"next_token": "bm90LWEtdG9rZW4"})
    assert (bad.status, bad.error_code) == (400, "invalid-page-token")
    assert {complaint.complaint_id for complaint in complaints.records.outstanding()} == {
        overdue,
        pending,
        acknowledged,
    }


def test_an_unknown_complaint_is_404_and_a_malformed_id_400(complaints):
    missing = complaints.call("GET", "/complaints/CP-20261203-0000000000")
    malformed = complaints.call("POST", "/complaints/K-20261203-0000000000/acknowledge", body={})
    assert (missing.status, missing.error_code) == (404, "complaint-not-found")
    assert malformed.status == 400


def test_two_acknowledgements_at_once_save_one_and_refuse_the_other_as_already_acknowledged(complaints):
    """Saves are revision-checked, as a SAR's: a change read before another was saved is made again on the
    newer complaint, which refuses a second acknowledgement (409), the first one kept as it was."""
    complaint_id = complaints.log().body["complaint_id"]
    save = complaints.records.save
    raced = []

    def another_request_first(complaint, *, expected_revision):
        if not raced:  # another request acknowledges between this one's read and its save
            raced.append(True)
            assert (
                complaints.call(
                    "POST", f"/complaints/{complaint_id}/acknowledge", body={"on": "2026-11-26"}
                ).status
                == 200
            )
        return save(complaint, expected_revision=expected_revision)

    complaints.records.save = another_request_first
    second = complaints.call("POST", f"/complaints/{complaint_id}/acknowledge", body={"on": "2026-12-01"})

    assert (second.status, second.error_code) == (409, "complaint-already-acknowledged")
    shown = complaints.call("GET", f"/complaints/{complaint_id}").body
    assert (shown["acknowledged_on"], shown["revision"]) == ("2026-11-26", 2)
    assert [entry["action"] for entry in complaints.trail(complaint_id)].count("complaint-acknowledged") == 1


def test_a_complaint_changed_again_and_again_meanwhile_is_refused_409_unchanged(complaints):
    complaint_id = complaints.log().body["complaint_id"]
    complaints.records.save = lambda complaint, *, expected_revision: False

    refused = refused_changes_nothing(complaints, complaint_id, "update", {"note": "x"})

    assert refused == {"status": 409, "code": "complaint-changed-concurrently"}


def test_s164a_the_daily_reminder_lists_a_complaint_whose_acknowledgement_falls_due(complaints, monkeypatch):
    """Issue 15 done means: a complaint's acknowledgement falls due 30 days after receipt (ICO: counted
    from the day after; received Wednesday 25 November 2026 -> Friday 25 December, Christmas, then the
    substitute Boxing Day on Monday 28 -> Tuesday 29 December) and the reminder job lists it: due within
    5 working days on 22 December, overdue on 30 December unless acknowledged; an acknowledged one is
    counted as open but never listed."""
    from call_recordings.rights import reminders_handler
    from tests.integration.holds_fixtures import LambdaContext

    waiting = complaints.log().body["complaint_id"]
    acknowledged = complaints.log({**COMPLAINT, "received_on": "2026-11-20"}).body["complaint_id"]
    assert complaints.call("POST", f"/complaints/{acknowledged}/acknowledge", body={}).status == 200
    topic = boto3.client("sns", region_name=REGION).create_topic(Name="dpo-alerts")["TopicArn"]
    monkeypatch.setenv("DPO_ALERTS_TOPIC_ARN", topic)

    def remind(as_of: str) -> dict:
        monkeypatch.setenv("AS_OF", as_of)
        reminders_handler.reset_dependencies()
        return reminders_handler.lambda_handler({}, LambdaContext())

    try:
        soon = remind("2026-12-22")
        late = remind("2026-12-30")
    finally:
        reminders_handler.reset_dependencies()

    assert complaints.call("GET", f"/complaints/{waiting}").body["acknowledgement_due_on"] == "2026-12-29"
    assert (soon["due_soon"], soon["overdue"]) == ([waiting], [])
    assert (late["due_soon"], late["overdue"]) == ([], [waiting])
    assert late["open"] == {"complaint": 2}
