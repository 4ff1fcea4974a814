"""Ingest: AWS calls per upload through the real handler under moto."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import boto3

from bench.counting import ApiCallCounter
from infra.local import runner
from infra.local.provision import LocalStack

WARM_UP = 10
UPLOADS = 100
INGEST_HANDLER = "call_recordings.ingest.handler.lambda_handler"


def calls_per_upload(
    stack: LocalStack, session: boto3.Session, counter: ApiCallCounter
) -> tuple[float, Counter[str], Counter[str]]:
    """Steady-state calls per upload, and the calls a container makes once (on its first batch).

    A first batch of WARM_UP uploads starts the container; UPLOADS more are then counted.
    """
    bucket = next(
        name for logical_id, name in stack.buckets.items() if logical_id.startswith("StorageRecordings")
    )
    _upload(session.client("s3"), bucket, range(WARM_UP))
    cold = _deliver_counted(stack, session, counter)
    _upload(session.client("s3"), bucket, range(WARM_UP, WARM_UP + UPLOADS))
    warm = _deliver_counted(stack, session, counter)
    registered = session.client("dynamodb").scan(
        TableName=stack.function(INGEST_HANDLER).environment["REGISTRY_TABLE"], Select="COUNT"
    )["Count"]
    if registered != WARM_UP + UPLOADS:
        raise RuntimeError(f"bench uploads were not all registered: {registered}/{WARM_UP + UPLOADS}")
    once_per_container = cold - Counter({op: n * WARM_UP // UPLOADS for op, n in warm.items()})
    return warm.total() / UPLOADS, warm, once_per_container


def _upload(s3, bucket: str, numbers: range) -> None:
    now = datetime.now(UTC)
    for n in numbers:
        s3.put_object(
            Bucket=bucket,
            Key=f"recordings/bench/B-{n:05d}.wav",
            Body=b"RIFF" + bytes(64),
            Metadata={
                "call-id": f"B-{n:05d}",
                "recorded-at": (now - timedelta(minutes=n)).isoformat(),
                "caller-number": f"07700 900{n % 1000:03d}",
                "customer-ref": f"SH-{100000 + n}",
                "agent-id": "agent-7",
                "source": "data-subject",
                "purpose": "complaints-disputes",
            },
        )


def _deliver_counted(stack: LocalStack, session: boto3.Session, counter: ApiCallCounter) -> Counter[str]:
    """Deliver what is queued, counting only the calls the handler makes (not the event source's)."""
    counter.calls.clear()
    original_invoke = runner.invoke

    def counted_invoke(*args, **kwargs):
        with counter.counting():
            return original_invoke(*args, **kwargs)

    runner.invoke = counted_invoke
    try:
        report = runner.deliver_queued(stack, session)
    finally:
        runner.invoke = original_invoke
    if report.failed:
        raise RuntimeError(f"{report.failed} bench messages failed in the ingest handler")
    return Counter(counter.calls)
