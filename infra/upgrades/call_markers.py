"""Mark the calls that already have a supplementary statement or an outside recipient filed under them.

From this version a package reads every call's markers (core/adapters/requests_table.py) and queries
only the calls marked. Statements and recipients filed by an earlier version have no marker, so a
package made after the upgrade would leave them out. Run this once, after `cdk deploy` and before the
next package is made:

    .venv/bin/python -m infra.upgrades.call_markers --table <the requests table's name> [--profile P]

It reads the requests table once (a Scan, keys only, of the two kinds of partition), writes the
markers missing (writing one twice changes nothing) and prints how many calls it marked. It needs
dynamodb:Scan and dynamodb:BatchWriteItem on the table: an administrator's credentials, not the DPO's.
A deployment that never filed a statement or a recipient, or a new one, has nothing to mark.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

import boto3

from call_recordings.core.adapters.requests_table import BATCH_WRITE_LIMIT, CALL_MARKER_PREFIX
from call_recordings.core.tables import REQUESTS
from call_recordings.outside_disclosures.adapters.register import DISCLOSED_PREFIX, RECIPIENTS_MARKER
from call_recordings.rights.adapters.rights_requests import STATEMENT_MARKER, STATEMENT_PARTITION_PREFIX

MARKER_OF_PARTITION = {STATEMENT_PARTITION_PREFIX: STATEMENT_MARKER, DISCLOSED_PREFIX: RECIPIENTS_MARKER}


def filed_calls(dynamodb: Any, table: str) -> Iterator[tuple[str, str]]:
    """(call id, marker) of every partition holding statements or recipients, each once."""
    seen: set[tuple[str, str]] = set()
    pages = dynamodb.get_paginator("scan").paginate(
        TableName=table,
        ProjectionExpression="request_id",
        FilterExpression=" OR ".join(
            f"begins_with(request_id, :p{n})" for n in range(len(MARKER_OF_PARTITION))
        ),
        ExpressionAttributeValues={f":p{n}": {"S": prefix} for n, prefix in enumerate(MARKER_OF_PARTITION)},
    )
    for page in pages:
        for item in page.get("Items", []):
            partition = item["request_id"]["S"]
            for prefix, marker in MARKER_OF_PARTITION.items():
                if (
                    partition.startswith(prefix)
                    and (found := (partition.removeprefix(prefix), marker)) not in seen
                ):
                    seen.add(found)
                    yield found


def mark_filed_calls(dynamodb: Any, table: str) -> int:
    """Write the marker of every call with something filed; how many markers (calls and kinds)."""
    markers = [
        {"PutRequest": {"Item": REQUESTS.key(f"{CALL_MARKER_PREFIX}{call_id}", marker)}}
        for call_id, marker in filed_calls(dynamodb, table)
    ]
    for start in range(0, len(markers), BATCH_WRITE_LIMIT):
        pending = {table: markers[start : start + BATCH_WRITE_LIMIT]}
        while pending:
            pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
    return len(markers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--table", required=True, help="the requests table's name (the stack's resources)")
    parser.add_argument("--profile", default=None, help="an AWS profile (else the usual credentials)")
    parser.add_argument("--region", default="eu-west-2")
    arguments = parser.parse_args(argv)
    session = boto3.Session(profile_name=arguments.profile, region_name=arguments.region)
    marked = mark_filed_calls(session.client("dynamodb"), arguments.table)
    print(f"{marked} call markers written to {arguments.table}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
