"""The daily casework reminders, through the real handler on moto: one SNS message to the DPO for what
is overdue or due within five working days, and the figures as metrics every day."""

import json
from datetime import date

import boto3
import pytest

from call_recordings.rights import reminders_handler as handler
from tests.integration import sar_fixtures
from tests.integration.holds_fixtures import ACCOUNT, REGION, REQUESTS_TABLE, LambdaContext
from tests.integration.sar_fixtures import CALLER

world = sar_fixtures.world
sar_world = sar_fixtures.sar_world

SUBJECT = {"subject": {"caller_number": CALLER}}


@pytest.fixture
def inbox(sar_world, monkeypatch):
    """The DPO's alerts topic, read through a subscribed queue; the reminders' environment."""
    sns, sqs = boto3.client("sns", region_name=REGION), boto3.client("sqs", region_name=REGION)
    topic_arn = sns.create_topic(Name="dpo-alerts")["TopicArn"]
    inbox_url = sqs.create_queue(QueueName="dpo-inbox")["QueueUrl"]
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{ACCOUNT}:dpo-inbox")
    monkeypatch.setenv("REQUESTS_TABLE", REQUESTS_TABLE)
    monkeypatch.setenv("DPO_ALERTS_TOPIC_ARN", topic_arn)
    handler.reset_dependencies()

    def read() -> list[dict]:
        messages = sqs.receive_message(QueueUrl=inbox_url, MaxNumberOfMessages=10).get("Messages", [])
        for message in messages:
            sqs.delete_message(QueueUrl=inbox_url, ReceiptHandle=message["ReceiptHandle"])
        return [json.loads(message["Body"]) for message in messages]

    yield read
    handler.reset_dependencies()


def _open(sar_world, received_on: str) -> str:
    sar_world.today = date.fromisoformat(received_on)
    answer = sar_world.open({**SUBJECT, "received_on": received_on})
    assert answer.status == 201, answer.body
    return answer.body["sar_id"]


def _remind(monkeypatch, as_of: str) -> dict:
    monkeypatch.setenv("AS_OF", as_of)
    handler.reset_dependencies()
    return handler.lambda_handler({"source": "aws.events", "detail-type": "Scheduled Event"}, LambdaContext())


def test_ico_one_message_lists_the_overdue_and_those_due_within_five_working_days(
    sar_world, inbox, emitted, monkeypatch
):
    """As of Monday 30 November 2026 (ICO: due the corresponding date next month, or the next working
    day): received 1 October -> due Monday 2 November, overdue (20 working days); received 2 November ->
    due Wednesday 2 December, 2 working days left; received 27 November -> due Tuesday 29 December,
    not yet; a closed request is answered, whatever its dates."""
    sar_world.world.seed_recording("C-1", caller_number=CALLER)
    overdue = _open(sar_world, "2026-10-01")
    due_soon = _open(sar_world, "2026-11-02")
    _open(sar_world, "2026-11-27")
    answered = _open(sar_world, "2026-10-02")
    assert sar_world.call("POST", f"/sars/{answered}/close", body={"note": "answered"}).status == 200
    emitted()

    report = _remind(monkeypatch, "2026-11-30")

    assert report["overdue"] == [overdue] and report["due_soon"] == [due_soon]
    assert report["outstanding"] == 3
    [message] = inbox()
    assert message["Subject"] == "DPO deadlines: 1 overdue, 1 due within 5 working days"
    body = message["Message"]
    assert f"- {overdue}: received 2026-10-01, response due 2026-11-02, 20 working day(s) overdue" in body
    assert f"- {due_soon}: received 2026-11-02, response due 2026-12-02, 2 working day(s) left" in body
    assert "Subject access requests (Art 15): 3 (60)" in body  # open, and the oldest's age in days
    assert body.index("Overdue:") < body.index(overdue) < body.index("Due within 5") < body.index(due_soon)
    assert answered not in body
    assert "861234" not in body and "C-1" not in body
    figures = emitted()
    assert figures.metrics["RequestsOverdue"] == 1 and figures.metrics["RequestsDueSoon"] == 1
    assert figures.metrics["OpenCasework"] == 3  # access 3, every other kind 0
    assert figures.metrics["OldestOpenCaseworkDays"] == 60
    assert "861234" not in figures.text


def test_a_paused_request_is_listed_as_paused_and_its_clock_stands_still(sar_world, inbox, monkeypatch):
    """Due Wednesday 2 December; clarification asked on Friday 27 November, so the clock reads Thursday
    26 November (Art 12A: the day asked does not count) with 4 working days left; it still has 4 on
    30 November, and is listed as paused."""
    sar_id = _open(sar_world, "2026-11-02")
    sar_world.today = date(2026, 11, 27)
    assert sar_world.call("POST", f"/sars/{sar_id}/pause", body={"reason": "clarification"}).status == 200

    _remind(monkeypatch, "2026-11-30")

    [message] = inbox()
    assert (
        f"- {sar_id}: received 2026-11-02, response due 2026-12-02, 4 working day(s) left (paused)"
        in message["Message"]
    )


def test_no_message_when_nothing_is_due_but_the_counts_are_published_as_zero(
    sar_world, inbox, emitted, monkeypatch
):
    _open(sar_world, "2026-11-27")  # due Tuesday 29 December 2026
    emitted()

    report = _remind(monkeypatch, "2026-11-30")

    assert report["message_id"] is None
    assert inbox() == []
    figures = emitted()
    for name in (
        "RequestsOverdue",
        "RequestsDueSoon",
        "ComplaintAcknowledgementsOverdue",
        "HoldReviewsOverdue",
    ):
        assert figures.metrics[name] == 0 and name in figures.text, name
    by_kind = [json.loads(line) for line in figures.text.splitlines() if '"OpenCasework"' in line]
    assert {(record["kind"], *record["OpenCasework"]) for record in by_kind} == {
        (kind, 1 if kind == "access" else 0)
        for kind in (
            "access",
            "erasure",
            "restriction",
            "objection",
            "rectification",
            "complaint",
            "hold-review",
        )
    }
    assert all(
        record["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["service", "kind"]] for record in by_kind
    )
