"""Retention sweep: the AWS calls a sweep makes to delete 10 due recordings among many registered.

The sweeper finds due versions through the registry's ``by-due-date`` index (one partition per day),
so the figure must not grow with the number of recordings registered: compare 1,000 and 20,000.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, datetime, timedelta

import boto3

from bench.counting import ApiCallCounter
from call_recordings.core.retention import LONDON
from infra.local import runner
from infra.local.provision import LocalStack

SWEEPER_HANDLER = "call_recordings.deletion.sweeper_handler.lambda_handler"
DUE = 10
WRITE_BATCH = 25


def seed_for_sweep(stack: LocalStack, session: boto3.Session, registered: int, prefix: str) -> list[str]:
    """``registered`` recordings as ingest leaves them, ``DUE`` of them due today (London): their call ids.

    Only the due ones get an object version in S3; the rest are registered only, since the sweeper
    never reads the bucket for a recording that is not due (the call count shows it). The items are
    written 25 to a BatchWriteItem, so that 20,000 take seconds.
    """
    s3, dynamodb = session.client("s3"), session.client("dynamodb")
    bucket = next(
        name for logical_id, name in stack.buckets.items() if logical_id.startswith("StorageRecordings")
    )
    table = stack.function(SWEEPER_HANDLER).environment["REGISTRY_TABLE"]
    today = datetime.now(UTC).astimezone(LONDON).date()
    recorded = (datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="seconds")
    notifications = s3.get_bucket_notification_configuration(Bucket=bucket)
    notifications.pop("ResponseMetadata", None)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
    due_ids, items = [], []
    for n in range(registered):
        call_id, key = f"{prefix}-{n:05d}", f"recordings/bench/{prefix}-{n:05d}.wav"
        is_due = n < DUE
        due_on = today if is_due else today + timedelta(days=1 + n % 90)
        version = s3.put_object(Bucket=bucket, Key=key, Body=b"RIFF")["VersionId"] if is_due else f"v-{n}"
        items.append(
            {
                "call_id": {"S": call_id},
                "version_id": {"S": version},
                "bucket": {"S": bucket},
                "object_key": {"S": key},
                "recorded_at": {"S": recorded},
                "expires_on": {"S": due_on.isoformat()},
                "due_on": {"S": due_on.isoformat()},
                "purpose": {"S": "quality-training"},
                "source": {"S": "data-subject"},
                "retention": {"S": "standard"},
                "caller_hash": {"S": f"{n:064x}"},
            }
        )
        if is_due:
            due_ids.append(call_id)
    for start in range(0, len(items), WRITE_BATCH):
        pending = {table: [{"PutRequest": {"Item": item}} for item in items[start : start + WRITE_BATCH]]}
        while pending:
            pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=notifications)
    return due_ids


def sweep_calls(
    stack: LocalStack, session: boto3.Session, counter: ApiCallCounter, registered: int
) -> tuple[float, dict[str, int]]:
    """Seed ``registered`` recordings (10 due today), run the sweeper's handler in-process once, and count
    every AWS call it makes: (calls for the sweep, calls by operation)."""
    due = seed_for_sweep(stack, session, registered, f"SW{registered}")
    sweeper = stack.function(SWEEPER_HANDLER)
    # The daily sweep in its steady state: yesterday's sweep completed (the first sweep of a stack
    # looks back a year, once).
    yesterday = datetime.now(UTC).astimezone(LONDON).date() - timedelta(days=1)
    session.client("dynamodb").put_item(
        TableName=sweeper.environment["REQUESTS_TABLE"],
        Item={
            "request_id": {"S": "sweeper"},
            "item": {"S": "checkpoint"},
            "last_swept": {"S": yesterday.isoformat()},
        },
    )
    runner.start_new_containers(stack)  # a cold start: its clients are made inside the count
    os.environ.pop("AS_OF", None)  # the real London date
    counter.calls.clear()
    with counter.counting():
        answer = runner.invoke(
            sweeper, {"source": "aws.events", "detail-type": "Scheduled Event"}, stack.region
        )
    if not answer.get("completed") or answer.get("deleted") != len(due):
        raise RuntimeError(
            f"the sweep of {registered} recordings did not delete the {len(due)} due: {answer}"
        )
    return float(counter.total), dict(Counter(counter.calls))
