"""Local-only adjustments to moto, so that the local stack behaves as AWS does where it matters: what
S3 events carry, and how a query's or an answer's cost grows (with the partition and the answer, not
with the table or moto's own machinery).

All are undone by the function `adjust_moto()` returns.
"""

from __future__ import annotations

import base64
import copy
import json
import threading
from collections.abc import Callable
from typing import Any

from botocore.utils import merge_dicts
from moto.core import responses as moto_responses
from moto.dynamodb import models as moto_dynamodb_models
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
        transactions_back_up_their_items(),
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


class _TablesKept:
    """moto's `copy` for its DynamoDB backend while a transaction runs: a table is not copied (the
    transaction backs up the items it writes instead), anything else is."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def deepcopy(self, value: Any, memo: Any = None) -> Any:
        if isinstance(value, moto_dynamodb_table.Table):
            return value
        return self._module.deepcopy(value, memo)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


def transactions_back_up_their_items() -> Callable[[], None]:
    """Make a cancelled TransactWriteItems undo only what it wrote, as DynamoDB's all-or-nothing does.

    moto backs a transaction up by deep-copying every table it names, once per item it writes (100
    audit entries in one transaction copied the audit table a hundred times), and puts the copies back
    if it is cancelled. Here each item written is backed up (the item as it was, or its absence) with
    the length of its table's stream, and on cancellation the items are put back and the stream
    records written since dropped: the tables end as moto's copies would leave them. What a
    transaction answers is moto's own. Transactions run one at a time, under a lock."""
    original = moto_dynamodb_models.DynamoDBBackend.transact_write_items
    lock = threading.Lock()
    kept = _TablesKept(copy)

    def transact_write_items(self, transact_items):
        with lock:
            backups, streams = [], {}
            for entry in transact_items:
                _, operation = next(iter(entry.items()))
                table = self.tables.get(operation.get("TableName"))
                if table is None:
                    continue
                key = operation.get("Key") or {
                    name: operation.get("Item", {}).get(name)
                    for name in (table.hash_key_attr, table.range_key_attr)
                    if name is not None
                }
                if any(value is None for value in key.values()):
                    continue  # moto refuses it: nothing is written
                hash_value = moto_dynamodb_type.DynamoType(key[table.hash_key_attr])
                range_value = (
                    moto_dynamodb_type.DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
                )
                found = table.get_item(hash_value, range_value)
                backups.append((table, hash_value, range_value, copy.deepcopy(found)))
                if table.stream_shard is not None:
                    streams.setdefault(id(table), (table.stream_shard, len(table.stream_shard.items)))
            moto_dynamodb_models.copy = kept
            try:
                return original(self, transact_items)
            except Exception:
                for table, hash_value, range_value, item in reversed(backups):
                    _put_back(table, hash_value, range_value, item)
                for shard, length in streams.values():
                    del shard.items[length:]
                raise
            finally:
                moto_dynamodb_models.copy = copy

    moto_dynamodb_models.DynamoDBBackend.transact_write_items = transact_write_items

    def restore() -> None:
        moto_dynamodb_models.DynamoDBBackend.transact_write_items = original

    return restore


def _put_back(table: Any, hash_value: Any, range_value: Any, item: Any) -> None:
    """The item as it was before a cancelled transaction (None: it did not exist)."""
    if range_value is None:
        if item is None:
            table.items.pop(hash_value, None)
        else:
            table.items[hash_value] = item
    elif item is None:
        table.items.get(hash_value, {}).pop(range_value, None)
    else:
        table.items[hash_value][range_value] = item
