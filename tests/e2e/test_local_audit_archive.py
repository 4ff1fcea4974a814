"""The audit archive through the local stack, as `make serve` and `make demo` run it: every entry a
function writes reaches the archive bucket through the audit table's stream, and the daily run's
verification compares the two and reports a rewritten entry."""

import json

import pytest

from call_recordings.core.tables import AUDIT
from infra.local.stack import start_local_stack
from tests.e2e.conftest import free_port

VERIFICATION = "call_recordings.audit_archive.verification_handler.lambda_handler"


@pytest.fixture
def running(template_path, tmp_path):
    stack = start_local_stack(free_port(), template_path, handler_log=tmp_path / "handlers.log")
    yield stack
    stack.stop()


def verification_result(running) -> dict:
    [result] = [
        result
        for schedule, result in running.run_daily_jobs()
        if running.local.functions[schedule.function_id].handler == VERIFICATION
    ]
    return result


def test_the_daily_run_archives_every_entry_verifies_them_and_reports_a_rewritten_one(running):
    first = verification_result(running)  # its own entry is the first of the trail
    assert first["differences"] == 0

    second = verification_result(running)
    assert (second["entries_compared"], second["differences"]) == (1, 0)
    s3 = running.session.client("s3")
    archived = s3.list_objects_v2(Bucket=running.audit_archive_bucket, Prefix="entries/")["Contents"]
    assert len(archived) == 2  # both runs' entries, each archived as soon as it was written

    # A principal puts over the first run's entry, straight into the table.
    dynamodb = running.session.client("dynamodb")
    table = running.local.function(VERIFICATION).environment["AUDIT_TABLE"]
    [item, _] = sorted(dynamodb.scan(TableName=table)["Items"], key=lambda each: each["entry"]["S"])
    dynamodb.put_item(TableName=table, Item={**item, "who": {"S": "arn:aws:iam::123456789012:role/x"}})
    running.deliver_streams()

    [change] = s3.list_objects_v2(Bucket=running.audit_archive_bucket, Prefix="changes/")["Contents"]
    body = json.loads(s3.get_object(Bucket=running.audit_archive_bucket, Key=change["Key"])["Body"].read())
    assert body["event"] == "MODIFY" and body["old_item"] == item
    third = verification_result(running)
    assert third["differences"] == 1
    key = AUDIT.key(item["target"]["S"], item["entry"]["S"])
    assert dynamodb.get_item(TableName=table, Key=key)["Item"]["who"]["S"].endswith("role/x")
