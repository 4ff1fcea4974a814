"""Local-only adjustments to moto, so that the local stack behaves as AWS does where it matters: what
S3 events carry, and how a query's or an answer's cost grows (with the partition and the answer, not
with the table or moto's own machinery).

All are undone by the function `adjust_moto()` returns.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable
from typing import Any

from botocore.utils import merge_dicts
from moto.core import responses as moto_responses
from moto.dynamodb.models import dynamo_type as moto_dynamodb_type
from moto.dynamodb.models import table as moto_dynamodb_table
from moto.dynamodb.models.utilities import find_nested_key
from moto.s3 import notifications as moto_s3_notifications

# Table.query(hash_key, range_comparison, range_objs, limit, exclusive_start_key,
#             scan_index_forward, projection_expressions, index_name, ...)
_INDEX_NAME_POSITION = 6


def adjust_moto() -> Callable[[], None]:
    """Apply every adjustment; the function that undoes them."""
    return _chain(
        name_versions_in_s3_events(),
        query_partitions_directly(),
        answer_items_directly(),
        project_items_once(),
    )


def _chain(*restores: Callable[[], None]) -> Callable[[], None]:
    def restore_all() -> None:
        for restore in reversed(restores):
            restore()

    return restore_all


def query_partitions_directly() -> Callable[[], None]:
    """Make moto answer a base-table Query from the queried partition alone, as DynamoDB does.

    moto walks every item of the table for each Query, so a hold naming 10,000 call ids (a
    query each) takes minutes locally. Only the candidate items change, not what the query
    returns. The method is shadowed per table for the length of one query, under a lock,
    because moto serves requests on several threads. Returns the function that undoes it.
    """
    original = moto_dynamodb_table.Table.query
    lock = threading.Lock()

    def query(self, hash_key, *args, **kwargs):
        index_name = kwargs.get(
            "index_name", args[_INDEX_NAME_POSITION] if len(args) > _INDEX_NAME_POSITION else None
        )
        if index_name or self.range_key_attr is None or hash_key is None:
            return original(self, hash_key, *args, **kwargs)
        partition = list(self.items.get(hash_key, {}).values())
        with lock:
            self.all_items = lambda: partition
            try:
                return original(self, hash_key, *args, **kwargs)
            finally:
                del self.all_items

    moto_dynamodb_table.Table.query = query

    def restore() -> None:
        moto_dynamodb_table.Table.query = original

    return restore


def name_versions_in_s3_events() -> Callable[[], None]:
    """Make moto's S3 notifications carry the object's `versionId`, as S3's do in a versioned bucket.

    moto leaves it out, and the ingest handler reads the exact version it is told about. Returns
    the function that puts moto back as it was.
    """
    original = moto_s3_notifications._get_s3_event

    def s3_event_with_version(event_name, bucket, key, notification_id):
        event = original(event_name, bucket, key, notification_id)
        if bucket.is_versioned:
            for record in event["Records"]:
                record["s3"]["object"].setdefault("versionId", key.version_id)
        return event

    moto_s3_notifications._get_s3_event = s3_event_with_version

    def restore() -> None:
        moto_s3_notifications._get_s3_event = original

    return restore


# DynamoDB's item operations: their answers are items (attribute-value maps), counts, keys and
# consumed capacity, which moto already holds in the wire's JSON shape.
ITEM_OPERATIONS = frozenset(
    {
        "GetItem",
        "BatchGetItem",
        "Query",
        "Scan",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "BatchWriteItem",
        "TransactGetItems",
        "TransactWriteItems",
    }
)


def answer_items_directly() -> Callable[[], None]:
    """Make moto write a DynamoDB item operation's answer as the JSON it already holds.

    moto 5.2 passes every answer through a serializer that walks the operation's output shape and
    looks each value up under several spellings of its name: about 1 ms an item, so reading 100
    registry items costs as much as 40 server-side copies, where in DynamoDB an item more in an
    answer costs next to nothing. The answer stays the same: only the output shape's members,
    binary values in base64 (the two things that serializer does to these answers); errors, and
    every other operation, go through moto's serializer as before (tests/integration/
    test_moto_adjustments.py compares both for every item operation and attribute type).
    """
    original = moto_responses.ActionResult.execute_result

    def execute_result(self, context):
        if (
            context.service_model.service_name != "dynamodb"
            or context.operation_model.name not in ITEM_OPERATIONS
            or not isinstance(self.result, dict)
        ):
            return original(self, context)
        members = context.operation_model.output_shape.members
        answer = {name: value for name, value in self.result.items() if name in members}
        body = json.dumps(answer, default=_base64)
        return 200, {"Content-Type": "application/x-amz-json-1.0"}, body

    moto_responses.ActionResult.execute_result = execute_result

    def restore() -> None:
        moto_responses.ActionResult.execute_result = original

    return restore


def _base64(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} in a DynamoDB answer")


def project_items_once() -> Callable[[], None]:
    """Make moto read an item once for a projection, not once for each attribute projected.

    moto 5.2 turns the whole item into plain JSON again for every name in a ProjectionExpression: a
    registry read naming fifteen attributes costs fifteen conversions of each item, where DynamoDB
    projects for nothing. Top-level names are taken from the item as it is; nested paths are found in
    the same JSON, once converted (the test compares projected answers, nested ones too).
    """
    original = moto_dynamodb_type.Item.project

    def project(self, projection_expressions):
        if all(len(expression) == 1 and "[" not in expression[0] for expression in projection_expressions):
            # Top-level attributes only (every read of ours): the item's own values, each named.
            names = {expression[0] for expression in projection_expressions}
            return moto_dynamodb_type.Item(
                hash_key=self.hash_key,
                range_key=self.range_key,
                attrs={name: value.to_json() for name, value in self.attrs.items() if name in names},
            )
        item = self.to_regular_json()
        projected: dict[str, Any] = {}
        for expression in projection_expressions:
            merge_dicts(projected, find_nested_key(expression, item))
        return moto_dynamodb_type.Item(
            hash_key=self.hash_key,
            range_key=self.range_key,
            attrs=moto_dynamodb_type.serializer.serialize(projected)["M"],
        )

    moto_dynamodb_type.Item.project = project

    def restore() -> None:
        moto_dynamodb_type.Item.project = original

    return restore
