"""The registry's ``by-month`` index as GET /statistics reads it: what was recorded in a London
month, as purpose, source and restrictions only (no keys that say who, nothing that says when)."""

from typing import Any

from call_recordings.core.adapters.items import from_item
from call_recordings.core.tables import MONTH_INDEX


class RecordingsByMonth:
    def __init__(self, dynamodb_client: Any, table_name: str) -> None:
        self._dynamodb = dynamodb_client
        self._table = table_name

    def recorded_in(self, month: str) -> list[dict[str, Any]]:
        """Every version (tombstones included) recorded in the month: one query, paged through."""
        found: list[dict[str, Any]] = []
        start: dict | None = None
        while True:
            page = self._dynamodb.query(
                TableName=self._table,
                IndexName=MONTH_INDEX.name,
                KeyConditionExpression="#month = :month",
                ProjectionExpression="#purpose, #source, #restrictions",
                ExpressionAttributeNames={
                    "#month": "recorded_month",
                    "#purpose": "purpose",
                    "#source": "source",
                    "#restrictions": "restrictions",
                },
                ExpressionAttributeValues={":month": {"S": month}},
                **({"ExclusiveStartKey": start} if start else {}),
            )
            found.extend(from_item(item) for item in page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                return found
