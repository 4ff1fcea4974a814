"""DynamoDB streams delivered to their function as Lambda's event source mapping would, locally.

moto keeps a table's stream (DescribeStream, GetShardIterator, GetRecords) but runs no Lambda. This
reads each stream from where the last delivery stopped and gives its function the event Lambda sends
(``Records`` with ``eventName``, ``dynamodb.Keys/NewImage/OldImage/SequenceNumber``), in order. As
the mapping does with ``ReportBatchItemFailures``, a batch that fails (the handler raises, or names a
failed record) is retried from its first failed record on the next delivery; after the mapping's
``MaximumRetryAttempts`` the batch's description goes to its on-failure queue and the stream moves on.
(Splitting a failing batch in two, ``BisectBatchOnFunctionError``, is not imitated: it changes which
records are retried together, not which are delivered.)
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import boto3
from botocore.config import Config

# moto answers DynamoDB Streams at streams.dynamodb.<region>, not at the account-based endpoints that
# botocore now prefers for it.
STREAMS_CLIENT_CONFIG = Config(account_id_endpoint_mode="disabled")


@dataclass
class StreamPositions:
    """Where each shard's delivery stopped, and how often the batch starting there has failed."""

    delivered: dict[tuple[str, str], str] = field(default_factory=dict)  # (stream, shard) -> sequence no.
    failures: dict[tuple[str, str, str | None], int] = field(default_factory=dict)


@dataclass
class StreamDeliveryReport:
    delivered: int = 0
    failed: int = 0
    sent_to_on_failure: int = 0


def stream_event(records: list[dict], stream_arn: str, region: str) -> dict:
    """The event Lambda's DynamoDB event source sends for a batch of stream records."""
    return {
        "Records": [
            {
                "eventID": record["eventID"],
                "eventName": record["eventName"],
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": region,
                "dynamodb": {
                    **{
                        name: value
                        for name, value in record["dynamodb"].items()
                        if name != "ApproximateCreationDateTime"
                    },
                    "ApproximateCreationDateTime": _epoch(record["dynamodb"]["ApproximateCreationDateTime"]),
                },
                **({"userIdentity": record["userIdentity"]} if "userIdentity" in record else {}),
                "eventSourceARN": stream_arn,
            }
            for record in records
        ]
    }


def deliver_stream(
    session: boto3.Session,
    stream_arn: str,
    *,
    function: Callable[[dict], Any],
    batch_size: int,
    retries: int,
    on_failure_queue_url: str | None,
    positions: StreamPositions,
    region: str,
) -> StreamDeliveryReport:
    """Give the stream's new records to ``function`` (the handler, called with the event), batch by batch,
    until none are left or a batch fails (it is retried on the next call)."""
    streams = session.client("dynamodbstreams", config=STREAMS_CLIENT_CONFIG)
    report = StreamDeliveryReport()
    shards = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"].get("Shards", [])
    for shard in shards:
        place = (stream_arn, shard["ShardId"])
        while records := _next_records(streams, stream_arn, place, positions, batch_size):
            response = _call(function, stream_event(records, stream_arn, region))
            failed_at = _first_failure(response, records)
            if failed_at is None:
                positions.delivered[place] = records[-1]["dynamodb"]["SequenceNumber"]
                positions.failures.pop((*place, records[0]["dynamodb"]["SequenceNumber"]), None)
                report.delivered += len(records)
                continue
            report.delivered += failed_at
            report.failed += len(records) - failed_at
            if failed_at:
                positions.delivered[place] = records[failed_at - 1]["dynamodb"]["SequenceNumber"]
            attempt = (*place, records[failed_at]["dynamodb"]["SequenceNumber"])
            positions.failures[attempt] = positions.failures.get(attempt, 0) + 1
            if 0 <= retries < positions.failures[attempt]:
                rest = records[failed_at:]
                _send_on_failure(session, on_failure_queue_url, stream_arn, shard["ShardId"], rest)
                positions.delivered[place] = rest[-1]["dynamodb"]["SequenceNumber"]
                positions.failures.pop(attempt)
                report.sent_to_on_failure += len(rest)
                continue
            break
    return report


def _next_records(streams, stream_arn: str, place: tuple[str, str], positions: StreamPositions, limit: int):
    after = positions.delivered.get(place)
    iterator = streams.get_shard_iterator(
        StreamArn=stream_arn,
        ShardId=place[1],
        **(
            {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": after}
            if after
            else {"ShardIteratorType": "TRIM_HORIZON"}
        ),
    )["ShardIterator"]
    return streams.get_records(ShardIterator=iterator, Limit=limit).get("Records", [])


def _call(function: Callable[[dict], Any], event: dict) -> Any:
    try:
        return function(event) or {}
    except Exception:  # as Lambda: the whole batch failed, and is retried; the trace to the handler log
        traceback.print_exc(file=sys.stdout)
        return None


def _first_failure(response: Any, records: list[dict]) -> int | None:
    """The index of the first record to retry from; None when the whole batch succeeded."""
    if response is None:
        return 0
    failed = {item.get("itemIdentifier") for item in response.get("batchItemFailures", [])}
    for index, record in enumerate(records):
        if record["dynamodb"]["SequenceNumber"] in failed:
            return index
    return None


def _send_on_failure(
    session, queue_url: str | None, stream_arn: str, shard_id: str, records: list[dict]
) -> None:
    """What Lambda sends an on-failure destination for a stream batch: where it was, not its records."""
    if queue_url is None:
        return
    body = {
        "requestContext": {"condition": "RetryAttemptsExhausted", "approximateInvokeCount": 1},
        "responseContext": {"statusCode": 200, "functionError": "Unhandled"},
        "version": "1.0",
        "timestamp": datetime.now(UTC).isoformat(),
        "DDBStreamBatchInfo": {
            "shardId": shard_id,
            "startSequenceNumber": records[0]["dynamodb"]["SequenceNumber"],
            "endSequenceNumber": records[-1]["dynamodb"]["SequenceNumber"],
            "batchSize": len(records),
            "streamArn": stream_arn,
        },
    }
    session.client("sqs").send_message(QueueUrl=queue_url, MessageBody=json.dumps(body))


def _epoch(value: Any) -> float:
    return value.timestamp() if isinstance(value, datetime) else float(value)
