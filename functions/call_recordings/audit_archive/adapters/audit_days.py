"""The audit table read by day (the ``by-day`` index, which projects every attribute), for the daily
verification: a day's items as DynamoDB holds them (typed), or only how many there are."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from call_recordings.core.tables import DAY_INDEX


class AuditDays:
    def __init__(self, dynamodb_client: Any, table_name: str) -> None:
        self._dynamodb = dynamodb_client
        self._table = table_name

    def items_of(self, day: date) -> Iterator[dict[str, Any]]:
        for page in self._pages(day, {}):
            yield from page.get("Items", [])

    def count_of(self, day: date) -> int:
        return sum(page["Count"] for page in self._pages(day, {"Select": "COUNT"}))

    def _pages(self, day: date, extra: dict[str, Any]) -> Iterator[dict[str, Any]]:
        start: dict | None = None
        while True:
            page = self._dynamodb.query(
                TableName=self._table,
                IndexName=DAY_INDEX.name,
                KeyConditionExpression="#day = :day",
                ExpressionAttributeNames={"#day": DAY_INDEX.partition_key},
                ExpressionAttributeValues={":day": {"S": day.isoformat()}},
                **extra,
                **({"ExclusiveStartKey": start} if start else {}),
            )
            yield page
            start = page.get("LastEvaluatedKey")
            if not start:
                return
