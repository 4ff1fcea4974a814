"""The published months, kept in the requests table's ``statistics`` partition (core/tables.py): one
item per month, written once, on the condition that the month has none, and never updated."""

from typing import Any

from call_recordings.core.tables import REQUESTS, STATISTICS_PARTITION
from call_recordings.statistics.releases import MonthRelease

_MONTH_ITEM = "month#"


class MonthReleases:
    def __init__(self, dynamodb_client: Any, table_name: str) -> None:
        self._dynamodb = dynamodb_client
        self._table = table_name

    def published(self, first: str, last: str) -> dict[str, MonthRelease]:
        """The months from ``first`` to ``last`` already published, by month: one query (a strongly
        consistent read, so a release stored a moment ago is found)."""
        found: dict[str, MonthRelease] = {}
        start: dict | None = None
        while True:
            page = self._dynamodb.query(
                TableName=self._table,
                KeyConditionExpression="#partition = :partition AND #item BETWEEN :first AND :last",
                ExpressionAttributeNames={"#partition": REQUESTS.partition_key, "#item": REQUESTS.sort_key},
                ExpressionAttributeValues={
                    ":partition": {"S": STATISTICS_PARTITION},
                    ":first": {"S": _MONTH_ITEM + first},
                    ":last": {"S": _MONTH_ITEM + last},
                },
                ConsistentRead=True,
                **({"ExclusiveStartKey": start} if start else {}),
            )
            for item in page.get("Items", []):
                release = _release(item)
                found[release.month] = release
            start = page.get("LastEvaluatedKey")
            if not start:
                return found

    def publish(self, release: MonthRelease) -> MonthRelease:
        """Store the month's release unless one is stored already; the release stored either way
        (another reader's, if it came first: the month is never published twice)."""
        key = REQUESTS.key(STATISTICS_PARTITION, _MONTH_ITEM + release.month)
        try:
            self._dynamodb.put_item(
                TableName=self._table,
                Item={
                    **key,
                    "month": {"S": release.month},
                    "published_at": {"S": release.published_at.isoformat()},
                    "version": {"N": str(release.version)},
                    # The release exactly as it is answered: later reads return this text's figures.
                    "release": {"S": release.model_dump_json()},
                },
                ConditionExpression="attribute_not_exists(#partition)",
                ExpressionAttributeNames={"#partition": REQUESTS.partition_key},
            )
            return release
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            stored = self._dynamodb.get_item(TableName=self._table, Key=key, ConsistentRead=True)
            return _release(stored["Item"])


def _release(item: dict[str, Any]) -> MonthRelease:
    return MonthRelease.model_validate_json(item["release"]["S"])
