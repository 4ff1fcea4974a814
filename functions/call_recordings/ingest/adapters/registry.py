"""The registry table (docs/registry.md): one item per recording version, written once; and the call ids
table, in which the first version registered under a call id claims it and every version registered
under it is listed (core.tables.CALL_IDS)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from call_recordings.core.adapters.items import from_item, to_item
from call_recordings.core.tables import CALL_IDS, REGISTRY

_NEW_VERSION = "attribute_not_exists(call_id)"
# Free, or claimed by this very version (a repeated delivery of the version that claimed it).
_CALL_ID_FREE = "attribute_not_exists(call_id) OR version_id = :version_id"


@dataclass(frozen=True)
class Registration:
    """What registering a version found: nothing (it is registered now), the item already registered
    for it (a repeated delivery), or the version that claimed its call id first (nothing was written)."""

    existing: dict[str, Any] | None = None
    call_id_claimed_by: str | None = None  # another version's id

    @property
    def call_id_reused(self) -> bool:
        return self.existing is None and self.call_id_claimed_by is not None


@dataclass(frozen=True)
class Earlier:
    """What the registry already holds for a version: its item, and which version claimed its call id."""

    item: dict[str, Any] | None
    call_id_claimed_by: str | None

    def claimed_by_another(self, version_id: str) -> bool:
        return self.call_id_claimed_by not in (None, version_id)


class Registry:
    def __init__(self, dynamodb_client: Any, table_name: str, call_ids_table: str) -> None:
        self._dynamodb = dynamodb_client
        self._table = table_name
        self._call_ids = call_ids_table

    def register(self, item: Mapping[str, Any], *, claim_call_id: bool = True) -> Registration:
        """Write a recording version's item unless it is there already, and (``claim_call_id``) claim its
        call id for it unless another version has.

        One TransactWriteItems either way: the item, and the claim naming this version (or, when the call
        id is known to be another version's, this version added to the claim's list of the call's
        versions). A failed condition returns what it met at no extra call
        (ReturnValuesOnConditionCheckFailure); a transaction writes both or neither.
        Omit absent attributes from ``item`` (None is not stored).
        """
        put = {
            "TableName": self._table,
            "Item": to_item(item),
            "ConditionExpression": _NEW_VERSION,
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
        if not claim_call_id:
            # The call id is another version's: the item, and this version listed on the claim beside it.
            try:
                self._dynamodb.transact_write_items(
                    TransactItems=[{"Put": put}, {"Update": self._listing(item)}]
                )
            except self._dynamodb.exceptions.TransactionCanceledException as cancelled:
                version, _ = _cancellation_reasons(cancelled)
                if version.get("Code") == "ConditionalCheckFailed":
                    return Registration(existing=_existing(version.get("Item"), item))
                raise
            return Registration()
        claim = self._listing(item) | {
            "UpdateExpression": (
                "SET version_id = :version_id, object_key = :object_key, claimed_at = :claimed_at "
                "ADD versions :versions"
            ),
            "ConditionExpression": _CALL_ID_FREE,
            "ExpressionAttributeValues": {
                ":version_id": {"S": item["version_id"]},
                ":object_key": {"S": item["object_key"]},
                ":claimed_at": {"S": item["registered_at"]},
                ":versions": {"SS": [item["version_id"]]},
            },
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
        try:
            self._dynamodb.transact_write_items(TransactItems=[{"Put": put}, {"Update": claim}])
        except self._dynamodb.exceptions.TransactionCanceledException as cancelled:
            version, call_id = _cancellation_reasons(cancelled)
            if version.get("Code") == "ConditionalCheckFailed":
                return Registration(existing=_existing(version.get("Item"), item))
            if call_id.get("Code") == "ConditionalCheckFailed":
                claimant = from_item(call_id.get("Item") or {}).get("version_id")
                return Registration(call_id_claimed_by=str(claimant or "unknown"))
            raise  # cancelled for another reason (a conflicting transaction): retried with the message
        return Registration()

    def _listing(self, item: Mapping[str, Any]) -> dict[str, Any]:
        """The update adding the version to its call id's list (`versions`, the claim's set of every
        version registered under the call id: holds/adapters/recording_holds.py reads it)."""
        return {
            "TableName": self._call_ids,
            "Key": CALL_IDS.key(item["call_id"]),
            "UpdateExpression": "ADD versions :versions",
            "ExpressionAttributeValues": {":versions": {"SS": [item["version_id"]]}},
        }

    def earlier(self, call_id: str, version_id: str) -> Earlier:
        """The item registered for a recording version, if any, and which version claimed its call id:
        one TransactGetItems (a consistent read of both)."""
        response = self._dynamodb.transact_get_items(
            TransactItems=[
                {"Get": {"TableName": self._table, "Key": REGISTRY.key(call_id, version_id)}},
                {"Get": {"TableName": self._call_ids, "Key": CALL_IDS.key(call_id)}},
            ]
        )
        version, claim = (from_item(each.get("Item") or {}) for each in response["Responses"])
        return Earlier(item=version or None, call_id_claimed_by=claim.get("version_id"))


def _cancellation_reasons(cancelled: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    reasons = cancelled.response.get("CancellationReasons") or []
    if len(reasons) != 2:
        raise cancelled
    return reasons[0], reasons[1]


def _existing(found: Mapping[str, Any] | None, item: Mapping[str, Any]) -> dict[str, Any]:
    return from_item(found or {}) or {"call_id": item["call_id"]}
