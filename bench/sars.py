"""Subject access: AWS calls to open a SAR for a subject with 3 recordings, among N registered.

Matching is one subject-index query per identifier, then the matched calls' versions, so the figure
must not grow with the registry: `make bench` shows it for 1,000 and for 20,000 registered recordings.
The count covers the whole POST /sars: the DPO API (lookup, SAR and hold records, audit) and the hold
worker it invokes for the preservation hold (registry update, legal hold and tags per version).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import boto3

from bench.counting import ApiCallCounter
from bench.holds import CASEWORK_HANDLER, api
from call_recordings.core.subjects import normalise_caller_number, subject_hash
from infra.local.provision import LocalStack

SUBJECT_RECORDINGS = 3
BATCH_WRITE_LIMIT = 25


def _recordings_bucket(stack: LocalStack) -> str:
    return next(
        name for logical_id, name in stack.buckets.items() if logical_id.startswith("StorageRecordings")
    )


def seed_registry(
    stack: LocalStack, session: boto3.Session, registered: int, caller_number: str, prefix: str
) -> None:
    """Fill the registry up to `registered` items: the subject's 3 recordings (object versions in the
    bucket, registered with the caller's keyed hash, as ingest leaves them) and as many others as it
    takes (registry items only, written 25 at a time: nothing reads their objects)."""
    s3, dynamodb = session.client("s3"), session.client("dynamodb")
    environment = stack.function(CASEWORK_HANDLER).environment
    table = environment["REGISTRY_TABLE"]
    key = session.client("secretsmanager").get_secret_value(SecretId=environment["HMAC_SECRET_ARN"])[
        "SecretString"
    ]
    caller_hash = subject_hash(key.encode(), "caller", normalise_caller_number(caller_number) or "")
    existing = dynamodb.scan(TableName=table, Select="COUNT")["Count"]  # moto answers in one page
    others = registered - existing - SUBJECT_RECORDINGS
    if others < 0:
        raise ValueError(f"the registry already holds {existing} items; cannot make it {registered}")
    bucket = _recordings_bucket(stack)
    recorded = datetime.now(UTC) - timedelta(days=3)
    expires = (recorded.date() + timedelta(days=90)).isoformat()

    def item(call_id: str, version: str, object_key: str) -> dict:
        return {
            "call_id": {"S": call_id},
            "version_id": {"S": version},
            "bucket": {"S": bucket},
            "object_key": {"S": object_key},
            "recorded_at": {"S": recorded.isoformat(timespec="seconds")},
            "expires_on": {"S": expires},
            "due_on": {"S": expires},
            "purpose": {"S": "complaints-disputes"},
            "source": {"S": "data-subject"},
            "retention": {"S": "standard"},
        }

    # Registered directly, so the bucket must not announce the subject's uploads to ingest meanwhile.
    notifications = s3.get_bucket_notification_configuration(Bucket=bucket)
    notifications.pop("ResponseMetadata", None)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
    try:
        for n in range(SUBJECT_RECORDINGS):
            call_id, object_key = f"{prefix}-S{n}", f"recordings/bench/{prefix}-S{n}.wav"
            version = s3.put_object(Bucket=bucket, Key=object_key, Body=b"RIFF")["VersionId"]
            dynamodb.put_item(
                TableName=table, Item=item(call_id, version, object_key) | {"caller_hash": {"S": caller_hash}}
            )
    finally:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=notifications)
    requests = [
        {"PutRequest": {"Item": item(f"{prefix}-{n:05d}", "v1", f"recordings/bench/{prefix}-{n:05d}.wav")}}
        for n in range(others)
    ]
    for start in range(0, len(requests), BATCH_WRITE_LIMIT):
        pending = {table: requests[start : start + BATCH_WRITE_LIMIT]}
        while pending:
            pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}


def sar_open_calls(
    stack: LocalStack, session: boto3.Session, counter: ApiCallCounter, registered: int
) -> tuple[float, dict[str, int]]:
    """AWS calls made by POST /sars (API and the hold worker it invokes) for a subject with 3 recordings
    among `registered` registered recordings; the calls by operation."""
    caller_number = f"01803 86{registered % 10_000:04d}"
    prefix = f"SAR{registered}"
    seed_registry(stack, session, registered, caller_number, prefix)
    received_on = datetime.now(UTC).date().isoformat()
    # Warm the API's container first (the subject key is read once per container), as the ingest
    # figure shows its once-per-container calls apart.
    status, body = api(
        stack,
        "POST",
        "/sars",
        {"subject": {"customer_ref": f"WARM-{registered}"}, "received_on": received_on},
    )
    if status != 201:
        raise RuntimeError(f"POST /sars answered {status}: {body}")
    counter.calls.clear()
    with counter.counting():
        status, body = api(
            stack, "POST", "/sars", {"subject": {"caller_number": caller_number}, "received_on": received_on}
        )
    if status != 201 or body.get("total") != SUBJECT_RECORDINGS or body["preservation"]["status"] != "active":
        raise RuntimeError(f"POST /sars answered {status}: {json.dumps(body)[:500]}")
    return float(counter.total), dict(Counter(counter.calls))


if __name__ == "__main__":  # python -m bench.sars: the two figures alone
    import os
    from contextlib import redirect_stdout
    from pathlib import Path

    from moto import mock_aws

    from infra.local.moto_adjustments import adjust_moto
    from infra.local.provision import provision
    from infra.local.runner import emulate_lambda_invoke

    root = Path(__file__).parent.parent
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="eu-west-2"
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    restore = adjust_moto()
    (root / ".local").mkdir(exist_ok=True)
    with mock_aws(), (root / ".local" / "bench-sars.log").open("w") as log:
        boto3.setup_default_session(region_name="eu-west-2")
        counter = ApiCallCounter()
        session = boto3.Session(region_name="eu-west-2")
        stack = provision(
            json.loads((root / "cdk.out" / "CallRecordings.template.json").read_text()), session
        )
        emulate_lambda_invoke(stack, boto3.DEFAULT_SESSION)
        figures = {}
        for registered in (1_000, 20_000):
            with redirect_stdout(log):
                figures[registered] = sar_open_calls(stack, session, counter, registered)
    restore()
    for registered, (calls, by_operation) in figures.items():
        detail = ", ".join(f"{op} x{n}" for op, n in sorted(by_operation.items()))
        print(f"sar_open_calls_{registered}: {calls:.0f} ({detail})")
