"""Legal holds: AWS calls per recording, and the wall time to hold 10,000 recordings locally."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import boto3

from bench.counting import ApiCallCounter
from infra.local import runner
from infra.local.api_gateway import api_request
from infra.local.provision import LocalStack

LARGE_HOLD = 10_000
# The DPO API function that holds the subject key and places holds: its environment names the tables.
CASEWORK_HANDLER = "call_recordings.dpo_api.casework_handler.lambda_handler"
WORKER_HANDLER = "call_recordings.holds.worker_handler.lambda_handler"


def seed_recordings(stack: LocalStack, session: boto3.Session, count: int, prefix: str) -> list[str]:
    """Recordings as ingest leaves them: an object version and its registry item. Their call ids."""
    s3, dynamodb = session.client("s3"), session.client("dynamodb")
    bucket = next(
        name for logical_id, name in stack.buckets.items() if logical_id.startswith("StorageRecordings")
    )
    table = stack.function(CASEWORK_HANDLER).environment["REGISTRY_TABLE"]
    recorded = datetime.now(UTC) - timedelta(days=3)
    call_ids = []
    # Registered directly, so the bucket must not announce them to ingest meanwhile.
    notifications = s3.get_bucket_notification_configuration(Bucket=bucket)
    notifications.pop("ResponseMetadata", None)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
    for n in range(count):
        call_id, key = f"{prefix}-{n:05d}", f"recordings/bench/{prefix}-{n:05d}.wav"
        version = s3.put_object(Bucket=bucket, Key=key, Body=b"RIFF")["VersionId"]
        expires = (recorded.date() + timedelta(days=90)).isoformat()
        dynamodb.put_item(
            TableName=table,
            Item={
                "call_id": {"S": call_id},
                "version_id": {"S": version},
                "bucket": {"S": bucket},
                "object_key": {"S": key},
                "recorded_at": {"S": recorded.isoformat(timespec="seconds")},
                "expires_on": {"S": expires},
                "due_on": {"S": expires},
                "purpose": {"S": "complaints-disputes"},
                "source": {"S": "data-subject"},
                "retention": {"S": "standard"},
            },
        )
        call_ids.append(call_id)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=notifications)
    return call_ids


def api(stack: LocalStack, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    """One request through the template's API, to the function that serves it, in this process."""
    request = api_request(
        stack, method, path, {"content-type": "application/json"}, json.dumps(body).encode() if body else None
    )
    if request is None:
        raise RuntimeError(f"the API has no route {method} {path}")
    response = runner.invoke(*request, stack.region)
    return response["statusCode"], json.loads(response["body"] or "{}")


def place_hold(stack: LocalStack, call_ids: list[str], case: str) -> tuple[int, dict]:
    return api(
        stack,
        "POST",
        "/holds",
        {"reason": "legal-claim", "case_reference": case, "call_ids": call_ids},
    )


def worker_calls_per_recording(
    stack: LocalStack, session: boto3.Session, counter: ApiCallCounter, call_ids: list[str]
) -> tuple[float, Counter[str]]:
    """Hold `call_ids` and count the calls the hold worker makes (sync or fanned out) per recording."""
    worker = stack.function(WORKER_HANDLER)
    original_invoke = runner.invoke

    def counted_invoke(function, *args, **kwargs):
        if function is worker:
            with counter.counting():
                return original_invoke(function, *args, **kwargs)
        return original_invoke(function, *args, **kwargs)

    counter.calls.clear()
    runner.invoke = counted_invoke
    try:
        status, body = place_hold(stack, call_ids, "BENCH-CALLS")
        runner.deliver_queued(stack, session)
    finally:
        runner.invoke = original_invoke
    if status not in (201, 202):
        raise RuntimeError(f"POST /holds answered {status}: {body}")
    return counter.total / len(call_ids), Counter(counter.calls)


def hold_seconds(stack: LocalStack, session: boto3.Session, call_ids: list[str]) -> tuple[float, dict]:
    """Wall time from POST /holds to the hold report saying every recording is held."""
    started = time.perf_counter()
    status, body = place_hold(stack, call_ids, "BENCH-10K")
    if status not in (201, 202):
        raise RuntimeError(f"POST /holds answered {status}: {body}")
    hold_id = body["hold_id"]
    while True:
        runner.deliver_queued(stack, session)
        status, report = api(stack, "GET", f"/holds/{hold_id}")
        if report.get("status") == "active":
            return time.perf_counter() - started, report
        if time.perf_counter() - started > 1800:
            raise RuntimeError(f"hold {hold_id} not active after 30 minutes: {report.get('progress')}")
