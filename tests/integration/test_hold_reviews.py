"""Hold reviews (issue 16 item 2), through the real DPO API handler and hold worker on moto: every hold
the DPO places has a review date; the DPO keeps it until a new date or releases it, each review
audited; GET /holds lists those past their date; the daily reminder names them.

The notice promises recordings are kept three months: a hold keeps one longer only while its reason
stands, so its reason is looked at again (DESIGN.md section 1)."""

from datetime import UTC, date, datetime

import pytest

from call_recordings.rights import reminders_handler
from tests.integration import holds_fixtures
from tests.integration.holds_fixtures import DPO_ARN, LambdaContext

world = holds_fixtures.world

# The suite's today is Thursday 3 December 2026 (tests/conftest.py SUITE_NOW).
LEGAL = {"reason": "legal-claim", "case_reference": "LC-2026-014", "call_ids": ["C-1"]}


def test_a_hold_is_reviewed_six_months_after_a_legal_claim_three_after_a_complaint(world):
    world.seed_recording("C-1")
    world.seed_recording("C-2")

    claim = world.place(LEGAL)
    complaint = world.place({"reason": "complaint", "case_reference": "CMP-7", "call_ids": ["C-2"]})

    assert claim.status == 201, claim.body
    assert (claim.body["review_on"], claim.body["review_overdue"]) == ("2027-06-03", False)
    assert complaint.body["review_on"] == "2027-03-03"
    [placed] = [
        e for e in world.audit_entries(f"hold#{claim.body['hold_id']}") if e["action"] == "hold-placed"
    ]
    assert placed["details"]["review_on"] == "2027-06-03"


def test_the_dpo_may_set_the_first_review_date_within_twelve_months(world):
    world.seed_recording("C-1")
    given = world.place({**LEGAL, "review_on": "2027-01-15"})
    assert (given.status, given.body["review_on"]) == (201, "2027-01-15")

    for review_on, code in (("2026-12-03", "review-date-not-ahead"), ("2027-12-04", "review-date-too-far")):
        refused = world.place({**LEGAL, "review_on": review_on})
        assert (refused.status, refused.error_code) == (400, code), refused.body
    assert len(world.hold_headers()) == 1  # nothing written for the refused ones


def test_a_hold_past_its_review_date_is_listed_kept_until_a_new_date_and_audited(world, fixed_today):
    """Done means (issue 16): a hold past its review_on appears in the reminder and the list; a review
    extends it, audited, and the reason is kept sealed."""
    versions = world.seed_recording("C-1")
    hold_id = world.place({**LEGAL, "review_on": "2027-01-15"}).body["hold_id"]

    fixed_today.move_to(datetime(2027, 1, 18, 9, 0, tzinfo=UTC))  # Monday, three days past
    overdue = world.call("GET", "/holds", query={"review_overdue": "true"})
    assert [hold["hold_id"] for hold in overdue.body["holds"]] == [hold_id]
    assert overdue.body["holds"][0]["review_overdue"] is True
    assert world.call("GET", "/holds", query={"review_overdue": "false"}).body["holds"] == []

    kept = world.call(
        "POST",
        f"/holds/{hold_id}/review",
        body={"decision": "keep", "review_on": "2027-04-30", "note": "claim still before the court"},
    )

    assert kept.status == 200, kept.body
    assert (kept.body["status"], kept.body["review_on"], kept.body["review_overdue"]) == (
        "active",
        "2027-04-30",
        False,
    )
    assert kept.body["review_note"] == "claim still before the court"
    [review] = kept.body["reviews"]
    assert (review["decision"], review["reviewed_on"], review["reviewed_by"]) == (
        "keep",
        "2027-01-18",
        DPO_ARN,
    )
    assert (review["review_on_before"], review["review_on"]) == ("2027-01-15", "2027-04-30")
    assert world.call("GET", "/holds", query={"review_overdue": "true"}).body["holds"] == []
    assert world.legal_hold(versions[0]) == "ON"
    [entry] = [e for e in world.audit_entries(f"hold#{hold_id}") if e["action"] == "hold-reviewed"]
    assert entry["who"] == DPO_ARN
    assert entry["details"] == {
        "decision": "keep",
        "review_on_before": "2027-01-15",
        "review_on": "2027-04-30",
    }
    assert "claim still before the court" not in world.stored_text(holds_fixtures.REQUESTS_TABLE)
    assert "claim still before the court" not in str(entry)


def test_a_review_that_releases_the_hold_returns_its_recordings_to_retention(world):
    versions = world.seed_recording("C-1")
    hold_id = world.place(LEGAL).body["hold_id"]

    released = world.call(
        "POST", f"/holds/{hold_id}/review", body={"decision": "release", "note": "claim settled"}
    )

    assert released.status == 200, released.body
    assert released.body["status"] == "released"
    assert "review_on" not in released.body or released.body["review_on"] is None
    assert [review["decision"] for review in released.body["reviews"]] == ["release"]
    assert world.legal_hold(versions[0]) == "OFF"
    actions = [e["action"] for e in sorted(world.audit_entries(f"hold#{hold_id}"), key=lambda e: e["entry"])]
    assert actions.index("hold-reviewed") < actions.index("hold-release-requested")
    again = world.call(
        "POST", f"/holds/{hold_id}/review", body={"decision": "keep", "review_on": "2027-02-01", "note": "x"}
    )
    assert (again.status, again.error_code) == (409, "hold-already-released")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"decision": "keep", "note": "still needed"}, 400, "review-date-needed"),
        ({"decision": "keep", "review_on": "2026-12-03", "note": "x"}, 400, "review-date-not-ahead"),
        ({"decision": "keep", "review_on": "2028-01-01", "note": "x"}, 400, "review-date-too-far"),
        ({"decision": "release", "review_on": "2027-02-01", "note": "x"}, 400, "review-date-not-wanted"),
        ({"decision": "keep", "review_on": "2027-02-01"}, 400, "invalid-request"),
        ({"decision": "forget", "note": "x"}, 400, "invalid-request"),
    ],
)
def test_a_review_the_rules_refuse_changes_nothing(world, body, status, code):
    world.seed_recording("C-1")
    hold_id = world.place(LEGAL).body["hold_id"]
    before = world.hold_headers()

    refused = world.call("POST", f"/holds/{hold_id}/review", body=body)

    assert (refused.status, refused.error_code) == (status, code), refused.body
    assert world.hold_headers() == before
    assert not [e for e in world.audit_entries(f"hold#{hold_id}") if e["action"] == "hold-reviewed"]


def test_a_requests_own_hold_has_no_review_date_and_cannot_be_reviewed(world):
    versions = world.seed_recording("C-1")
    sar_hold = world.new_hold(versions, reason="sar")
    assert sar_hold.review_on is None

    refused = world.call(
        "POST", f"/holds/{sar_hold.hold_id}/review", body={"decision": "release", "note": "answered"}
    )

    assert (refused.status, refused.error_code) == (409, "hold-not-reviewable")
    assert "ends when that does" in refused.body["error"]["message"]


def test_the_daily_reminder_lists_holds_due_for_review_and_counts_those_overdue(
    world, fixed_today, monkeypatch, emitted
):
    world.seed_recording("C-1")
    world.seed_recording("C-2")
    overdue = world.place({**LEGAL, "review_on": "2027-01-04"}).body["hold_id"]
    soon = world.place({**LEGAL, "call_ids": ["C-2"], "review_on": "2027-01-08"}).body["hold_id"]
    monkeypatch.setenv("DPO_ALERTS_TOPIC_ARN", "arn:aws:sns:eu-west-2:123456789012:dpo-alerts")
    import boto3

    boto3.client("sns", region_name="eu-west-2").create_topic(Name="dpo-alerts")
    monkeypatch.setenv("AS_OF", "2027-01-05")
    reminders_handler.reset_dependencies()
    emitted()

    report = reminders_handler.lambda_handler({}, LambdaContext())

    assert (report["overdue"], report["due_soon"]) == ([overdue], [soon])
    assert report["open"] == {"hold-review": 2}
    assert emitted().metrics["HoldReviewsOverdue"] == 1
    reminders_handler.reset_dependencies()


def test_a_hold_placed_before_review_dates_is_due_for_review_at_once():
    """Holds recorded before this change have no review_on: the reminder lists them as due since they
    were placed, so none is kept without a look."""
    from call_recordings.core.hold_selection import HoldSelection
    from call_recordings.holds.hold import Hold
    from call_recordings.holds.vocabulary import HoldReason, HoldStatus

    hold = Hold(
        hold_id="H-20260601-0123456789",
        status=HoldStatus.ACTIVE,
        reason=HoldReason.THREAT,
        case_reference="T-1",
        placed_by=DPO_ARN,
        placed_at=datetime(2026, 6, 1, 9, tzinfo=UTC),
        selection=HoldSelection(by="call-ids", call_ids=1),
        total=1,
        batches=1,
    )
    deadline = reminders_handler.hold_review_deadline(hold, date(2026, 12, 3))
    assert (deadline.due_on, deadline.overdue) == (date(2026, 6, 1), True)
