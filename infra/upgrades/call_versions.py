"""List every registered version under its call id's claim, then say the lists are complete.

From this version ingest lists each version it registers on its call id's claim in the call ids table
(core.tables.CALL_IDS, `versions`), and a hold naming call ids reads those lists and the items they
name a hundred to a BatchGetItem instead of querying each call. Versions registered by an earlier
version are in no list (and those from before the call ids table have no claim at all). Until this step
has run, holds query each call as before: nothing is missed, it is only slower. Run it once after
`cdk deploy` (a new deployment too: it then has nothing to list and only says so):

    .venv/bin/python -m infra.upgrades.call_versions \\
        --registry <the registry table's name> --call-ids <the call ids table's name> [--profile P]

It reads the registry once (a Scan of the keys and the first registration's object key and time),
adds each call's versions to its claim (an UpdateItem a call: a version added twice is listed once,
and what ingest lists meanwhile is kept), claims an unclaimed call id for its first version, and last
writes the item VERSIONS_LISTED. It needs dynamodb:Scan on the registry and dynamodb:UpdateItem and
dynamodb:PutItem on the call ids table: an administrator's credentials, not the DPO's.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import boto3

from call_recordings.core.tables import CALL_IDS, VERSIONS_LISTED


@dataclass
class CallVersions:
    """The versions the registry holds under one call id, and its first registration."""

    versions: set[str] = field(default_factory=set)
    first: tuple[str, str, str] | None = None  # (registered_at, version_id, object_key)


def registered_calls(dynamodb: Any, registry: str) -> dict[str, CallVersions]:
    """Every call id of the registry with its versions (tombstones too: a deleted version stays listed,
    and a hold finds its item deleted)."""
    calls: dict[str, CallVersions] = {}
    for item in _scanned(dynamodb, registry):
        call = calls.setdefault(item["call_id"]["S"], CallVersions())
        version_id = item["version_id"]["S"]
        call.versions.add(version_id)
        registered = (
            item.get("registered_at", {}).get("S", ""),
            version_id,
            item.get("object_key", {}).get("S", ""),
        )
        if call.first is None or registered < call.first:
            call.first = registered
    return calls


def _scanned(dynamodb: Any, registry: str) -> Iterator[dict[str, Any]]:
    pages = dynamodb.get_paginator("scan").paginate(
        TableName=registry, ProjectionExpression="call_id, version_id, registered_at, object_key"
    )
    for page in pages:
        yield from page.get("Items", [])


def list_call_versions(dynamodb: Any, registry: str, call_ids: str, *, at: datetime | None = None) -> int:
    """List every call's versions on its claim, then write VERSIONS_LISTED; how many calls."""
    at = at or datetime.now(UTC)
    calls = registered_calls(dynamodb, registry)
    for call_id, call in calls.items():
        registered_at, version_id, object_key = call.first or ("", "", "")
        # A claim stays its version's; an unclaimed call id (registered before the table) is claimed for
        # its first version, as ingest would have (a deleted version's tombstone has no object key).
        claim = {"version_id": version_id, "claimed_at": registered_at or at.isoformat()}
        if object_key:
            claim["object_key"] = object_key
        dynamodb.update_item(
            TableName=call_ids,
            Key=CALL_IDS.key(call_id),
            UpdateExpression="SET "
            + ", ".join(f"{name} = if_not_exists({name}, :{name})" for name in claim)
            + " ADD versions :versions",
            ExpressionAttributeValues={f":{name}": {"S": value} for name, value in claim.items()}
            | {":versions": {"SS": sorted(call.versions)}},
        )
    dynamodb.put_item(
        TableName=call_ids,
        Item=CALL_IDS.key(VERSIONS_LISTED)
        | {"listed_at": {"S": at.isoformat()}, "calls": {"N": str(len(calls))}},
    )
    return len(calls)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", required=True, help="the registry table's name (the stack's resources)")
    parser.add_argument("--call-ids", required=True, help="the call ids table's name (the stack's resources)")
    parser.add_argument("--profile", default=None, help="an AWS profile (else the usual credentials)")
    parser.add_argument("--region", default="eu-west-2")
    arguments = parser.parse_args(argv)
    session = boto3.Session(profile_name=arguments.profile, region_name=arguments.region)
    listed = list_call_versions(session.client("dynamodb"), arguments.registry, arguments.call_ids)
    print(f"the versions of {listed} call ids listed in {arguments.call_ids}; holds now read the lists")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
