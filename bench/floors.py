"""A SAR export of 500 recordings and an erasure of 2,000 versions through the API, against the floor.

Each is timed from the request that does the work to its result: answered at once (201 or 200), or
answered 202 with a job (issue 17), then the queue delivered to the workers and ``GET /jobs/{job_id}``
asked until it is ``done``. Its floor is a bare boto3 loop, in the same world, making only the calls
the work cannot do without: for the export, a CopyObject of each disclosed version into the export
location and one manifest PutObject; for the erasure, for each of 2,000 other recordings, the claim
on its registry item, the DeleteObject of its version and its tombstone. What the ratio shows over 1
is the rest: the API, the records of the SAR or request, the queue, the audit, the package's links.
The function doing the work is warm when the timer starts (``bench.holds.warm``: one request of the
same route refused with 404 first), as the floor's client is made before its timer starts.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import boto3

from bench.counting import Took, stopwatch
from bench.holds import CASEWORK_HANDLER, Seeded, api, floor_loop, seed, warm
from call_recordings.core.subjects import normalise_caller_number, subject_hash
from infra.local import runner
from infra.local.provision import LocalStack

EXPORT_RECORDINGS = 500
ERASURE_VERSIONS = 2_000
JOB_TIMEOUT_SECONDS = 1800
# Ids of the right shape that nobody has: the routes timed refuse them (404) when warmed.
NO_SUCH_SAR = "S-20000101-0000000000"
NO_SUCH_REQUEST = "Q-20000101-0000000000"


@dataclass(frozen=True)
class AgainstFloor:
    """A measurement: the two times, what happened, and whether the API did the work at all."""

    took: Took
    floor: Took
    detail: str
    done: bool = True


def caller_hash(stack: LocalStack, session: boto3.Session, caller_number: str) -> str:
    """The registry's keyed hash of a caller number, with the deployment's subject key."""
    secret = stack.function(CASEWORK_HANDLER).environment["HMAC_SECRET_ARN"]
    key = session.client("secretsmanager").get_secret_value(SecretId=secret)["SecretString"]
    return subject_hash(key.encode(), "caller", normalise_caller_number(caller_number) or "")


def seed_subject(
    stack: LocalStack, session: boto3.Session, count: int, prefix: str, caller_number: str
) -> list[Seeded]:
    """``count`` recordings of one caller, as ingest registers them (the caller's hash on each)."""
    hashed = caller_hash(stack, session, caller_number)
    return seed(stack, session, count, prefix, extra={"caller_hash": {"S": hashed}})


@contextmanager
def longest_invocation() -> Iterator[dict[str, float]]:
    """Time every function invocation made meanwhile (an API request, a queue batch, the eraser invoked
    by the worker): the longest, by function, must stay inside the 29 s API Gateway and the DPO
    functions allow."""
    longest: dict[str, float] = {}
    original = runner.invoke

    def timed(function, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(function, *args, **kwargs)
        finally:
            took = time.perf_counter() - started
            longest[function.logical_id] = max(took, longest.get(function.logical_id, 0.0))

    runner.invoke = timed
    try:
        yield longest
    finally:
        runner.invoke = original


def _longest(longest: dict[str, float]) -> str:
    name, took = max(longest.items(), key=lambda each: each[1])
    return f"longest invocation {took:.1f} s ({name})"


def until_done(stack: LocalStack, session: boto3.Session, status: int, body: dict) -> tuple[int, dict]:
    """The answer of work done at once as it is; a 202's job followed to its end (the queue delivered
    to the workers, the job asked for) and its result."""
    if status != 202:
        return status, body
    job_id = body["job_id"]
    started = time.perf_counter()
    while True:
        # A batch a queue at a time, then the job asked for: the work the job's end starts (a SAR
        # package's zip, issue 18) is not the job's, and is left queued for the caller.
        runner.deliver_queued(stack, session, max_batches=1)
        status, job = api(stack, "GET", f"/jobs/{job_id}")
        if status != 200 or job.get("status") in ("done", "failed"):
            return status, job
        if time.perf_counter() - started > JOB_TIMEOUT_SECONDS:
            raise RuntimeError(f"job {job_id} not done after 30 minutes: {job.get('progress')}")


def export_against_floor(stack: LocalStack, session: boto3.Session) -> AgainstFloor:
    """A SAR for a caller with 500 recordings, every one decided disclose; its export timed, against
    500 bare copies of the same versions and one manifest write."""
    caller_number = "01803 862000"
    recordings = seed_subject(stack, session, EXPORT_RECORDINGS, "EX", caller_number)
    today = datetime.now(UTC).date().isoformat()
    opening = {"subject": {"caller_number": caller_number}, "received_on": today}
    status, sar = api(stack, "POST", "/sars", opening)
    if status != 201 or sar.get("total") != EXPORT_RECORDINGS:
        raise RuntimeError(f"POST /sars answered {status}: {json.dumps(sar)[:500]}")
    runner.deliver_queued(stack, session)  # its preservation hold, fanned out
    sar_id = sar["sar_id"]
    decisions = [{"call_id": each.call_id, "decision": "disclose"} for each in recordings]
    status, decided = api(stack, "POST", f"/sars/{sar_id}/decisions", {"decisions": decisions})
    if status != 200:
        raise RuntimeError(f"POST /sars/{sar_id}/decisions answered {status}: {json.dumps(decided)[:500]}")

    floor_before = export_floor(stack, session, recordings[: EXPORT_RECORDINGS // 2], "before")
    warm(api(stack, "POST", f"/sars/{NO_SUCH_SAR}/export"))
    with stopwatch() as took, longest_invocation() as longest:
        status, answer = until_done(stack, session, *api(stack, "POST", f"/sars/{sar_id}/export"))
    package = (answer.get("result") or answer) if status in (200, 201) else None
    if package is None or len(package.get("recordings", [])) != EXPORT_RECORDINGS:
        raise RuntimeError(f"POST /sars/{sar_id}/export answered {status}: {json.dumps(answer)[:500]}")
    # The package's zip (issue 18), a job of its own started by the package's end: made now, outside
    # the export's time (its own work: every copy read again and written into one object), shown apart.
    with stopwatch() as zipped:
        status, zip_job = until_done(stack, session, 202, {"job_id": package["zip_job_id"]})
    if status != 200 or zip_job.get("status") != "done":
        raise RuntimeError(f"the package's zip job ended {status}: {json.dumps(zip_job)[:500]}")
    floor_after = export_floor(stack, session, recordings[EXPORT_RECORDINGS // 2 :], "after")
    how = "through a job" if "job_id" in answer else f"answered {status} at once"
    return AgainstFloor(
        took,
        floor_before + floor_after,
        f"{EXPORT_RECORDINGS} recordings, {how}, {_longest(longest)}; its zip after, apart, "
        f"{zipped.wall:.1f} s",
    )


def export_floor(stack: LocalStack, session: boto3.Session, recordings: list[Seeded], part: str) -> Took:
    """The export's floor for these recordings: a copy of each into the export location, as the
    package makes it (the exact version, its own content type and name, a SHA-256), and one manifest
    for the half (the whole export writes one: half a manifest each, near enough)."""
    s3 = session.client("s3")
    bucket = _export_bucket(stack)
    prefix = f"exports/floor-{uuid.uuid4().hex}"
    with stopwatch() as took:
        for each in recordings:
            _copy(s3, bucket, prefix, each)
        if part == "before":
            manifest = json.dumps(
                [{"call_id": each.call_id, "version": each.version_id} for each in recordings]
            )
            s3.put_object(Bucket=bucket, Key=f"{prefix}/manifest.json", Body=manifest.encode())
    return took


def _copy(s3: Any, bucket: str, prefix: str, each: Seeded) -> None:
    """One disclosed version copied, as the package copies it."""
    s3.copy_object(
        Bucket=bucket,
        Key=f"{prefix}/{each.call_id}.wav",
        CopySource={"Bucket": each.bucket, "Key": each.object_key, "VersionId": each.version_id},
        MetadataDirective="REPLACE",
        ContentType="audio/wav",
        ContentDisposition=f'attachment; filename="{each.call_id}.wav"',
        TaggingDirective="REPLACE",
        ChecksumAlgorithm="SHA256",
    )


def _export_bucket(stack: LocalStack) -> str:
    for function in stack.functions.values():
        if bucket := function.environment.get("EXPORT_BUCKET"):
            return bucket
    raise RuntimeError("no function of the template names the export bucket")


def erasure_against_floor(stack: LocalStack, session: boto3.Session) -> AgainstFloor:
    """An erasure request for a caller with 2,000 recording versions, opened, then erased and timed;
    against 2,000 other recordings' bare claim, delete and tombstone."""
    caller_number = "01803 862001"
    seed_subject(stack, session, ERASURE_VERSIONS, "ER", caller_number)
    others = seed(stack, session, ERASURE_VERSIONS, "EF")
    today = datetime.now(UTC).date().isoformat()
    status, opened = api(
        stack,
        "POST",
        "/requests",
        {"kind": "erasure", "subject": {"caller_number": caller_number}, "received_on": today},
    )
    if status != 201:
        raise RuntimeError(f"POST /requests answered {status}: {json.dumps(opened)[:500]}")
    request_id = opened["request_id"]

    floor_before = erasure_floor(stack, session, others[: ERASURE_VERSIONS // 2])
    warm(api(stack, "POST", f"/requests/{NO_SUCH_REQUEST}/erase"))
    with stopwatch() as took, longest_invocation() as longest:
        status, answer = until_done(stack, session, *api(stack, "POST", f"/requests/{request_id}/erase"))
    floor_after = erasure_floor(stack, session, others[ERASURE_VERSIONS // 2 :])
    floor = floor_before + floor_after
    if status not in (200, 201):
        raise RuntimeError(f"POST /requests/{request_id}/erase answered {status}: {json.dumps(answer)[:500]}")
    how = "through a job" if "job_id" in answer else f"answered {status} at once"
    return AgainstFloor(took, floor, f"{ERASURE_VERSIONS} versions, {how}, {_longest(longest)}")


def erasure_floor(stack: LocalStack, session: boto3.Session, recordings: list[Seeded]) -> Took:
    """The erasure's floor for these recordings, each as the eraser must: the claim on its registry
    item (live, no hold, no other lease), the DeleteObject of its exact version, its tombstone (the
    claim still ours, the personal data removed)."""
    return floor_loop(stack, session, recordings, _erase)


def _erase(s3: Any, dynamodb: Any, table: str, each: Seeded) -> None:
    """One version erased with nothing else: the claim, the delete, the tombstone."""
    key = {"call_id": {"S": each.call_id}, "version_id": {"S": each.version_id}}
    token, now = uuid.uuid4().hex, datetime.now(UTC)
    dynamodb.update_item(
        TableName=table,
        Key=key,
        UpdateExpression="SET #token = :token, #token_expires = :until",
        ConditionExpression=(
            "attribute_exists(call_id) AND attribute_not_exists(deleted_on) AND "
            "attribute_not_exists(#holds) AND (attribute_not_exists(#token) OR #token_expires < :now)"
        ),
        ExpressionAttributeNames={
            "#holds": "holds",
            "#token": "release_token",
            "#token_expires": "release_expires",
        },
        ExpressionAttributeValues={
            ":token": {"S": token},
            ":until": {"S": (now + timedelta(minutes=15)).isoformat()},
            ":now": {"S": now.isoformat()},
        },
        ReturnValues="ALL_NEW",
    )
    s3.delete_object(Bucket=each.bucket, Key=each.object_key, VersionId=each.version_id)
    dynamodb.update_item(
        TableName=table,
        Key=key,
        UpdateExpression=(
            "SET #retention = :deleted, #deleted_on = :on, #deleted_because = :because "
            "REMOVE #bucket, #object_key, #caller_hash, #customer_hash, #token, #token_expires"
        ),
        ConditionExpression="#token = :token",
        ExpressionAttributeNames={
            "#retention": "retention",
            "#deleted_on": "deleted_on",
            "#deleted_because": "deleted_because",
            "#bucket": "bucket",
            "#object_key": "object_key",
            "#caller_hash": "caller_hash",
            "#customer_hash": "customer_hash",
            "#token": "release_token",
            "#token_expires": "release_expires",
        },
        ExpressionAttributeValues={
            ":deleted": {"S": "deleted"},
            ":on": {"S": date.today().isoformat()},
            ":because": {"S": "erasure"},
            ":token": {"S": token},
        },
    )
