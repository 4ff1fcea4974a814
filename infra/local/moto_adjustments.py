"""Two local-only adjustments to moto, so that the local stack behaves as AWS does where it matters.

Both are undone by the function `adjust_moto()` returns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from moto.dynamodb.models import table as moto_dynamodb_table
from moto.s3 import notifications as moto_s3_notifications

# Table.query(hash_key, range_comparison, range_objs, limit, exclusive_start_key,
#             scan_index_forward, projection_expressions, index_name, ...)
_INDEX_NAME_POSITION = 6


def adjust_moto() -> Callable[[], None]:
    """Apply both adjustments; the function that undoes them."""
    return _chain(name_versions_in_s3_events(), query_partitions_directly())


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
