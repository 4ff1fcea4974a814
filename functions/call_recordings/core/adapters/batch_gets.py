"""BatchGetItem as every adapter needs it: keys 100 to a call (DynamoDB's limit), and the keys DynamoDB
leaves unprocessed asked for again, with backoff, until none is left or it never answers them."""

import time
from collections.abc import Iterator, Sequence
from typing import Any

BATCH_GET_LIMIT = 100  # keys in one BatchGetItem
_ATTEMPTS = 8


def batch_get(
    dynamodb: Any, table: str, keys: Sequence[dict[str, Any]], **read: Any
) -> Iterator[dict[str, Any]]:
    """Every item of ``table`` found under ``keys`` (a missing key finds nothing), read with ``read``
    (``ProjectionExpression``, ``ExpressionAttributeNames``); RuntimeError if keys stay unprocessed."""
    for start in range(0, len(keys), BATCH_GET_LIMIT):
        request = {table: {"Keys": list(keys[start : start + BATCH_GET_LIMIT])} | read}
        for attempt in range(_ATTEMPTS):
            response = dynamodb.batch_get_item(RequestItems=request)
            yield from response.get("Responses", {}).get(table, [])
            request = response.get("UnprocessedKeys") or {}
            if not request:
                break
            time.sleep(0.05 * 2**attempt)
        else:
            raise RuntimeError(f"{table} left keys unprocessed after repeated BatchGetItem calls")
