"""The registry's ``restrictions`` set (UK GDPR Art 18): conditional UpdateItems per version to add
or remove a restriction id. Never creates an item.

A restricted version is kept: Art 18(2) allows storing it and little else, and the retention sweeper
deleting it would defeat a restriction asked for because the person needs the recording for a legal
claim (Art 18(1)(c)) or opposes its erasure (Art 18(1)(b)). So restricting removes ``due_on`` (the
sweeper's ``by-due-date`` index no longer lists it; the sweeper's claim refuses a restricted version
anyway), and lifting the last restriction of a version that no hold covers makes it due again, on
its own expiry date or on the day of the lift if that has passed, as releasing its last hold does.
"""

from datetime import date, datetime
from typing import Any

from call_recordings.core.adapters.items import from_item
from call_recordings.core.tables import REGISTRY
from call_recordings.core.versions import RecordingVersion
from call_recordings.holds.release import due_on_after_release

# A live version: it exists and is not a tombstone (a deleted version keeps its item, with deleted_on).
_LIVE = "attribute_exists(call_id) AND attribute_not_exists(deleted_on)"
_NAMES = {"#restrictions": "restrictions"}


class RegistryRestrictions:
    def __init__(self, dynamodb_client: Any, table_name: str) -> None:
        self._dynamodb = dynamodb_client
        self._table = table_name

    def add_restriction(self, version: RecordingVersion, restriction_id: str) -> bool:
        """Add the id to the version's ``restrictions`` (and, for its audit trail, to
        ``restriction_history``, which never shrinks) and take it off the sweeper's index; False if the
        version is gone (no item, or a tombstone). Adding it twice changes nothing."""
        return (
            self._update(
                version,
                "ADD #restrictions :id, #restriction_history :id REMOVE #due_on",
                _LIVE,
                names={"#due_on": "due_on", "#restriction_history": "restriction_history"},
                values={":id": {"SS": [restriction_id]}},
            )
            is not None
        )

    def remove_restriction(
        self, version: RecordingVersion, restriction_id: str, *, lifted_at: datetime
    ) -> bool:
        """Take the id out (DynamoDB drops the set when it empties), tombstone or not; False if there
        is no item at all. A live version left with no restriction and no hold is due again."""
        item = self._update(
            version,
            "DELETE #restrictions :id",
            "attribute_exists(call_id)",
            values={":id": {"SS": [restriction_id]}},
        )
        if item is None:
            return False
        if not item.get("restrictions") and not item.get("holds") and "deleted_on" not in item:
            expires_on = date.fromisoformat(str(item["expires_on"]))
            not_due_before = item.get("not_due_before")
            due_on = due_on_after_release(
                expires_on, lifted_at, date.fromisoformat(str(not_due_before)) if not_due_before else None
            )
            self._make_due(version, due_on.isoformat())
        return True

    def _make_due(self, version: RecordingVersion, due_on: str) -> None:
        """Put the version back on the sweeper's index, unless a restriction or a hold reached it since
        (a hold's own release makes it due again) or it was deleted meanwhile."""
        self._update(
            version,
            "SET #due_on = :due_on",
            f"{_LIVE} AND attribute_not_exists(#restrictions) AND attribute_not_exists(#holds)",
            names={"#due_on": "due_on", "#holds": "holds"},
            values={":due_on": {"S": due_on}},
        )

    def _update(
        self,
        version: RecordingVersion,
        update: str,
        condition: str,
        *,
        names: dict[str, str] | None = None,
        values: dict[str, Any],
    ) -> dict[str, Any] | None:
        """The item after the update, or None when the condition failed."""
        try:
            response = self._dynamodb.update_item(
                TableName=self._table,
                Key=REGISTRY.key(version.call_id, version.version_id),
                UpdateExpression=update,
                ConditionExpression=condition,
                ExpressionAttributeNames=_NAMES | (names or {}),
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return None
        return from_item(response["Attributes"])
