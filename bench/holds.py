"""Legal holds: a 10,000-recording hold through the API and the hold worker, against the floor.

The floor is a bare boto3 loop making, for 10,000 other recordings of the same world, only the calls
holding a version cannot do without, each as the worker makes it: the registry's conditional update
(the hold added under the release lock of holds/release.py, returning the item its tags come from),
the S3 legal hold and the version's four tags. Half of it is timed just before the hold and half just
after, so that the load of a shared machine weighs on both alike. What the ratio shows over 1 is the
rest: the API's lookup of every call id and its records of the hold, the queue, and the worker's
reads, progress and audit. The same hold gives the worker's AWS calls per recording.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
from moto.s3.models import s3_backends

from bench.counting import ApiCallCounter, Took, stopwatch
from call_recordings.holds.adapters.recording_holds import placing_update
from call_recordings.holds.vocabulary import HoldReason
from infra.local import runner
from infra.local.api_gateway import api_request
from infra.local.provision import ACCOUNT, LocalStack

LARGE_HOLD = 10_000
# The DPO API function that holds the subject key and places holds: its environment names the tables.
CASEWORK_HANDLER = "call_recordings.dpo_api.casework_handler.lambda_handler"
WORKER_HANDLER = "call_recordings.holds.worker_handler.lambda_handler"
INGEST_HANDLER = "call_recordings.ingest.handler.lambda_handler"
BATCH_WRITE_LIMIT = 25
FLOOR_HOLD_ID = "H-20261203-F100F100F1"


@dataclass(frozen=True)
class Seeded:
    """A recording as ingest leaves it: its registry key, where its object version is, its tags."""

    call_id: str
    version_id: str
    bucket: str
    object_key: str
    purpose: str = "complaints-disputes"
    source: str = "data-subject"
    expires_on: str = ""


SEEDED_BYTES = b"RIFF"  # each seeded version's bytes: ingest registers their size


def recordings_bucket(stack: LocalStack) -> str:
    return next(
        name for logical_id, name in stack.buckets.items() if logical_id.startswith("StorageRecordings")
    )


def seed(
    stack: LocalStack,
    session: boto3.Session,
    count: int,
    prefix: str,
    *,
    extra: dict[str, dict] | None = None,
    recorded: datetime | None = None,
) -> list[Seeded]:
    """``count`` recordings as ingest leaves them: an object version each, its registry item (with
    ``extra`` typed attributes, a subject hash say) and its call id's claim, written 25 to a call. The
    versions are put in moto's S3 directly, announced to nobody (ingest would register them again):
    seeding is not what is measured, and a request each would take minutes of a 10,000-recording
    bench."""
    dynamodb = session.client("dynamodb")
    s3 = s3_backends[ACCOUNT]["aws"]
    bucket = recordings_bucket(stack)
    table = stack.function(CASEWORK_HANDLER).environment["REGISTRY_TABLE"]
    recorded = recorded or datetime.now(UTC) - timedelta(days=3)
    expires = (recorded.date() + timedelta(days=90)).isoformat()
    seeded: list[Seeded] = []
    for n in range(count):
        call_id, key = f"{prefix}-{n:05d}", f"recordings/bench/{prefix}-{n:05d}.wav"
        version = s3.put_object(bucket, key, SEEDED_BYTES, disable_notification=True).version_id
        seeded.append(Seeded(call_id, version, bucket, key, expires_on=expires))
    items = [
        {
            "PutRequest": {
                "Item": {
                    "call_id": {"S": each.call_id},
                    "version_id": {"S": each.version_id},
                    "bucket": {"S": each.bucket},
                    "object_key": {"S": each.object_key},
                    "recorded_at": {"S": recorded.isoformat(timespec="seconds")},
                    "expires_on": {"S": expires},
                    "due_on": {"S": expires},
                    "purpose": {"S": each.purpose},
                    "source": {"S": each.source},
                    "retention": {"S": "standard"},
                    "size": {"N": str(len(SEEDED_BYTES))},
                }
                | (extra or {})
            }
        }
        for each in seeded
    ]
    # And each call id's claim, listing its version, as ingest writes it beside the item.
    claims = [
        {
            "PutRequest": {
                "Item": {
                    "call_id": {"S": each.call_id},
                    "version_id": {"S": each.version_id},
                    "object_key": {"S": each.object_key},
                    "claimed_at": {"S": recorded.isoformat(timespec="seconds")},
                    "versions": {"SS": [each.version_id]},
                }
            }
        }
        for each in seeded
    ]
    call_ids = stack.function(INGEST_HANDLER).environment["CALL_IDS_TABLE"]
    for table_name, writes in ((table, items), (call_ids, claims)):
        for start in range(0, len(writes), BATCH_WRITE_LIMIT):
            pending = {table_name: writes[start : start + BATCH_WRITE_LIMIT]}
            while pending:
                pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
    return seeded


def api(stack: LocalStack, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    """One request through the template's API, to the function that serves it, in this process."""
    request = api_request(
        stack, method, path, {"content-type": "application/json"}, json.dumps(body).encode() if body else None
    )
    if request is None:
        raise RuntimeError(f"the API has no route {method} {path}")
    response = runner.invoke(*request, stack.region)
    return response["statusCode"], json.loads(response["body"] or "{}")


def warm(answered: tuple[int, dict]) -> None:
    """Check the request just made of the route about to be timed was refused, changing nothing (404:
    it names a case or call nobody has). It was made so that the function serving the route is warm
    when the timer starts, as the floor's boto3 client is made before its own: the handler module
    imported, its clients made, the route analysed by Powertools. A cold start is a container's cost,
    not the work's: the import rows measure it. Without this, the export's window also held the
    disclosure function's cold start (its import and its clients: about 0.05 s of its 1.6 s)."""
    status, answer = answered
    if status != 404:
        raise RuntimeError(
            f"the warming request was to be refused with 404, not {status}: {json.dumps(answer)[:300]}"
        )


def place_hold(stack: LocalStack, call_ids: list[str], case: str) -> tuple[int, dict]:
    return api(
        stack,
        "POST",
        "/holds",
        {"reason": "legal-claim", "case_reference": case, "call_ids": call_ids},
    )


def hold_took(
    stack: LocalStack, session: boto3.Session, call_ids: list[str], counter: ApiCallCounter | None = None
) -> tuple[Took, dict, Counter[str]]:
    """The time from POST /holds to the hold report saying every recording is held; the report, and
    (with a counter) the AWS calls the hold worker made, by operation."""
    worker = stack.function(WORKER_HANDLER)
    original_invoke = runner.invoke

    def counted_invoke(function, *args, **kwargs):
        if counter is not None and function is worker:
            with counter.counting():
                return original_invoke(function, *args, **kwargs)
        return original_invoke(function, *args, **kwargs)

    if counter is not None:
        counter.calls.clear()
    runner.invoke = counted_invoke
    try:
        with stopwatch() as took:
            status, body = place_hold(stack, call_ids, "BENCH-10K")
            if status not in (201, 202):
                raise RuntimeError(f"POST /holds answered {status}: {body}")
            hold_id = body["hold_id"]
            for _ in range(100):
                runner.deliver_queued(stack, session)
                status, report = api(stack, "GET", f"/holds/{hold_id}")
                if report.get("status") == "active":
                    break
            else:
                raise RuntimeError(f"hold {hold_id} not active: {report.get('progress')}")
    finally:
        runner.invoke = original_invoke
    return took, report, Counter(counter.calls if counter else {})


def floor_loop(
    stack: LocalStack,
    session: boto3.Session,
    recordings: list[Seeded],
    calls: Callable[[Any, Any, str, Seeded], None],
) -> Took:
    """A floor: ``calls`` (S3 and DynamoDB clients, the registry table, a recording) for each
    recording, in a bare loop, timed."""
    s3, dynamodb = session.client("s3"), session.client("dynamodb")
    table = stack.function(CASEWORK_HANDLER).environment["REGISTRY_TABLE"]
    with stopwatch() as took:
        for each in recordings:
            calls(s3, dynamodb, table, each)
    return took


def hold_floor(stack: LocalStack, session: boto3.Session, recordings: list[Seeded]) -> Took:
    """The floor: for each recording, the three calls holding it cannot do without."""
    return floor_loop(stack, session, recordings, _hold_floor_calls)


def _hold_floor_calls(s3: Any, dynamodb: Any, table: str, each: Seeded) -> None:
    """Placing ``each`` with nothing else: the registry update, the legal hold, the tags."""
    update = placing_update(FLOOR_HOLD_ID, HoldReason.LEGAL_CLAIM, datetime.now(UTC))
    dynamodb.update_item(
        TableName=table,
        Key={"call_id": {"S": each.call_id}, "version_id": {"S": each.version_id}},
        UpdateExpression=update["update"],
        ConditionExpression=update["condition"],
        ExpressionAttributeNames=update["names"],
        ExpressionAttributeValues=update["values"],
        ReturnValues="ALL_NEW",
        ReturnValuesOnConditionCheckFailure="ALL_OLD",
    )
    s3.put_object_legal_hold(
        Bucket=each.bucket, Key=each.object_key, VersionId=each.version_id, LegalHold={"Status": "ON"}
    )
    s3.put_object_tagging(
        Bucket=each.bucket,
        Key=each.object_key,
        VersionId=each.version_id,
        Tagging={
            "TagSet": [
                {"Key": "purpose", "Value": each.purpose},
                {"Key": "source", "Value": each.source},
                {"Key": "retention", "Value": "hold"},
                {"Key": "expires-on", "Value": each.expires_on},
            ]
        },
    )


@dataclass(frozen=True)
class HoldAgainstFloor:
    hold: Took
    floor: Took
    held: int
    total: int
    calls_per_recording: float
    calls: Counter[str]


def hold_against_floor(
    stack: LocalStack, session: boto3.Session, counter: ApiCallCounter, size: int = LARGE_HOLD
) -> HoldAgainstFloor:
    """A hold of ``size`` recordings through the API and the worker, and the floor for as many others,
    half timed before the hold and half after; the worker's calls per recording on the way."""
    held, floor = seed(stack, session, size, "HK"), seed(stack, session, size, "FL")
    before = hold_floor(stack, session, floor[: size // 2])
    warm(place_hold(stack, ["NO-SUCH-CALL"], "WARM"))
    took, report, calls = hold_took(stack, session, [each.call_id for each in held], counter)
    after = hold_floor(stack, session, floor[size // 2 :])
    return HoldAgainstFloor(
        hold=took,
        floor=before + after,
        held=report["held"],
        total=report["total"],
        calls_per_recording=sum(calls.values()) / size,
        calls=calls,
    )
