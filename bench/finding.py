"""Find a recording and the recordings that need the DPO (issue 18): AWS calls to find a person's 3
recordings by caller number (POST /recordings/search: one subject-index query, one audit entry), and to
list the 3 recordings flagged for the DPO (GET /recordings?needs=dpo: one query of the sparse
by-needs-dpo index), among N registered. Neither may grow with the registry (no Scan): `make bench`
shows both for 1,000 and for 20,000 registered recordings.
"""

from __future__ import annotations

from collections import Counter

import boto3

from bench.counting import ApiCallCounter
from bench.holds import CASEWORK_HANDLER, api
from bench.sars import SUBJECT_RECORDINGS, seed_registry
from call_recordings.core.vocabulary import NEEDS_DPO
from infra.local.provision import LocalStack

FLAGGED = 3


def _seeded(stack: LocalStack, session: boto3.Session, registered: int, prefix: str) -> str:
    """The registry at `registered` items, the subject's 3 among them, and 3 others flagged for the DPO
    as ingest flags an out-of-policy upload; the subject's caller number."""
    caller_number = f"01803 87{registered % 10_000:04d}"
    seed_registry(stack, session, registered, caller_number, prefix)
    table = stack.function(CASEWORK_HANDLER).environment["REGISTRY_TABLE"]
    dynamodb = session.client("dynamodb")
    for n in range(FLAGGED):
        dynamodb.update_item(
            TableName=table,
            Key={"call_id": {"S": f"{prefix}-{n:05d}"}, "version_id": {"S": "v1"}},
            UpdateExpression="SET needs_dpo = :yes, flags = :flags, #retention = :quarantine",
            ExpressionAttributeNames={"#retention": "retention"},
            ExpressionAttributeValues={
                ":yes": {"S": NEEDS_DPO},
                ":flags": {"SS": ["payment-details-recorded"]},
                ":quarantine": {"S": "quarantine"},
            },
        )
    return caller_number


def search_calls(
    stack: LocalStack, session: boto3.Session, counter: ApiCallCounter, registered: int
) -> tuple[float, dict[str, int]]:
    """AWS calls made by POST /recordings/search for a person with 3 recordings among `registered`."""
    caller_number = _seeded(stack, session, registered, f"FIND{registered}")
    # Warm the casework container first (the subject key is read once per container).
    status, body = api(stack, "POST", "/recordings/search", {"customer_ref": f"WARM-{registered}"})
    if status != 200:
        raise RuntimeError(f"POST /recordings/search answered {status}: {body}")
    counter.calls.clear()
    with counter.counting():
        status, body = api(stack, "POST", "/recordings/search", {"caller_number": caller_number})
    if status != 200 or len(body.get("recordings", [])) != SUBJECT_RECORDINGS:
        raise RuntimeError(f"POST /recordings/search answered {status}: {str(body)[:500]}")
    return float(counter.total), dict(Counter(counter.calls))


def flagged_calls(
    stack: LocalStack, session: boto3.Session, counter: ApiCallCounter, registered: int
) -> tuple[float, dict[str, int]]:
    """AWS calls made by GET /recordings?needs=dpo with 3 recordings flagged among `registered`."""
    _seeded(stack, session, registered, f"FLAG{registered}")
    counter.calls.clear()
    with counter.counting():
        status, body = api(stack, "GET", "/recordings?needs=dpo")
    if status != 200 or len(body.get("recordings", [])) != FLAGGED:
        raise RuntimeError(f"GET /recordings?needs=dpo answered {status}: {str(body)[:500]}")
    return float(counter.total), dict(Counter(counter.calls))
