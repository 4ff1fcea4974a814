"""The registry table (docs/registry.md): one item per recording version, written once."""

from collections.abc import Mapping
from typing import Any

from call_recordings.core.adapters.items import from_item, to_item
from call_recordings.core.tables import REGISTRY

_NEW_VERSION = "attribute_not_exists(call_id)"


class Registry:
    def __init__(self, dynamodb_client: Any, table_name: str) -> None:
        self._dynamodb = dynamodb_client
        self._table = table_name

    def register(self, item: Mapping[str, Any]) -> dict[str, Any] | None:
        """Write a recording version's item unless it is there already.

        One conditional PutItem. Returns None when the item is new, or the item already
        registered (returned by the failed condition at no extra call) for a duplicate.
        Omit absent attributes from ``item`` (None is not stored).
        """
        try:
            self._dynamodb.put_item(
                TableName=self._table,
                Item=to_item(item),
                ConditionExpression=_NEW_VERSION,
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException as failed:
            return from_item(failed.response.get("Item") or {}) or {"call_id": item["call_id"]}
        return None

    def registered_item(self, call_id: str, version_id: str) -> dict[str, Any] | None:
        """The item registered for a recording version, or None (a consistent read)."""
        response = self._dynamodb.get_item(
            TableName=self._table,
            Key=REGISTRY.key(call_id, version_id),
            ConsistentRead=True,
        )
        return from_item(response.get("Item") or {}) or None
