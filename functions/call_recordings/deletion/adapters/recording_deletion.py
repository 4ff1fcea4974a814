"""The registry, the recordings bucket and the requests table as deletion uses them (deletion/deleting.py).

Per version: a conditional claim on the registry item (the release lease of holds/release.py, so no
hold can be placed while it is held), DeleteObject of the exact version, then the tombstone
(docs/registry.md), conditional on still owning the claim. The sweeper finds due versions through the
``by-due-date`` index, one partition per day, and keeps its checkpoint in the requests table.
"""

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from call_recordings.core.adapters.items import from_item
from call_recordings.core.adapters.requests_table import instant  # lease times compare as text: one writer
from call_recordings.core.at_once import each_at_once
from call_recordings.core.tables import DUE_INDEX, REGISTRY, REQUESTS
from call_recordings.core.vocabulary import QUARANTINE_FLAGS
from call_recordings.deletion.errors import (
    DeletionClaimLost,
    ObjectLockRefused,
    VersionBusy,
    VersionGone,
    VersionHeld,
    VersionNotDeleted,
    VersionNotDue,
    VersionNotQuarantined,
    VersionRestricted,
)
from call_recordings.deletion.records import ClaimedVersion, DueVersion, VersionKey
from call_recordings.deletion.vocabulary import DeletedBecause

DELETED = "deleted"  # a tombstone's retention class

# Everything a tombstone keeps no more: personal data, where the object was, and the claim.
TOMBSTONE_REMOVES = (
    "caller_hash",
    "customer_hash",
    "agent_id",
    "recorded_at",
    "uploaded_at",
    "registered_at",
    "size",
    "due_on",
    "dpo_notified_at",
    "release_token",
    "release_expires",
    "bucket",
    "object_key",
)
# Of those, the ones a live item can gain after ingest registered it (ingest writes the others once, in
# the conditional PutItem that registers the version, and nothing adds them later): a restriction's
# lift or a hold's release sets ``due_on`` again, a claim sets the lease. The tombstone removes these
# whether or not the claimed item held them.
GAINED_AFTER_REGISTRATION = frozenset({"due_on", "release_token", "release_expires"})

_LIVE = "attribute_exists(call_id) AND attribute_not_exists(deleted_on)"
_NO_LIVE_LEASE = "(attribute_not_exists(#token) OR #token_expires < :now)"
# S3 says "gone" for a key or version that does not exist (no body on some calls: status only).
_GONE = frozenset({"404", "NoSuchKey", "NoSuchVersion"})
DELETE_OBJECTS_LIMIT = 1000  # keys in one DeleteObjects


def _key(version: VersionKey) -> dict[str, Any]:
    return REGISTRY.key(version.call_id, version.version_id)


class RegistryDeletion:
    def __init__(self, dynamodb_client: Any, table_name: str) -> None:
        self._dynamodb = dynamodb_client
        self._table = table_name

    def due_on(self, day: date) -> Iterator[DueVersion]:
        """Every version the index lists as due on this day: one query, paged through."""
        start: dict | None = None
        while True:
            page = self._dynamodb.query(
                TableName=self._table,
                IndexName=DUE_INDEX.name,
                KeyConditionExpression="#due_on = :day",
                ExpressionAttributeNames={"#due_on": "due_on"},
                ExpressionAttributeValues={":day": {"S": day.isoformat()}},
                **({"ExclusiveStartKey": start} if start else {}),
            )
            for item in page.get("Items", []):
                yield DueVersion.model_validate(from_item(item))
            start = page.get("LastEvaluatedKey")
            if not start:
                return

    def claim(
        self,
        version: VersionKey,
        token: str,
        *,
        now: datetime,
        until: datetime,
        due_by: date | None,
        quarantined_only: bool = False,
    ) -> ClaimedVersion:
        """Take the version's lease for deleting it: only if it is registered and not a tombstone, no
        hold covers it, no release holds a live lease, (``due_by``, the sweeper) it is due by then and
        no restriction covers it, and (``quarantined_only``, a destruction) it carries a quarantine flag
        and no restriction covers it. Raises VersionGone, VersionHeld, VersionRestricted, VersionBusy,
        VersionNotDue or VersionNotQuarantined, read from the item as it stands."""
        condition = f"{_LIVE} AND attribute_not_exists(#holds) AND {_NO_LIVE_LEASE}"
        names = {"#holds": "holds", "#token": "release_token", "#token_expires": "release_expires"}
        values = {":token": {"S": token}, ":until": {"S": instant(until)}, ":now": {"S": instant(now)}}
        if due_by is not None or quarantined_only:
            condition += " AND attribute_not_exists(#restrictions)"
            names["#restrictions"] = "restrictions"
        if due_by is not None:
            condition += " AND #due_on <= :due_by"
            names["#due_on"] = "due_on"
            values[":due_by"] = {"S": due_by.isoformat()}
        if quarantined_only:
            flags = {
                f":quarantine{number}": {"S": flag} for number, flag in enumerate(sorted(QUARANTINE_FLAGS))
            }
            condition += f" AND ({' OR '.join(f'contains(#flags, {name})' for name in flags)})"
            names["#flags"] = "flags"
            values |= flags
        try:
            response = self._dynamodb.update_item(
                TableName=self._table,
                Key=_key(version),
                UpdateExpression="SET #token = :token, #token_expires = :until",
                ConditionExpression=condition,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException as failed:
            item = from_item(failed.response.get("Item") or {})
            raise _refusal(item, now=now, due_by=due_by, quarantined_only=quarantined_only) from None
        claimed = from_item(response["Attributes"])
        return ClaimedVersion.model_validate(claimed | {"attributes": frozenset(claimed)})

    def release_claim(self, version: VersionKey, token: str) -> None:
        """Give the lease back, leaving the item as it was (still due): only while it is ours."""
        try:
            self._dynamodb.update_item(
                TableName=self._table,
                Key=_key(version),
                UpdateExpression="REMOVE #token, #token_expires",
                ConditionExpression="#token = :token",
                ExpressionAttributeNames={"#token": "release_token", "#token_expires": "release_expires"},
                ExpressionAttributeValues={":token": {"S": token}},
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return  # not ours any more: its lease expired and someone else holds it

    def tombstone(
        self,
        version: VersionKey,
        token: str,
        *,
        deleted_on: date,
        because: DeletedBecause,
        held: frozenset[str] = frozenset(),
    ) -> None:
        """Keep only the record that the version existed (docs/registry.md, Tombstones), conditional
        on still owning the claim (DeletionClaimLost otherwise). ``held``: the item's attributes once
        claimed (ClaimedVersion.attributes), so that the update names only those it removes."""
        removed = {f"#r{number}": name for number, name in enumerate(tombstone_removes(held))}
        try:
            self._dynamodb.update_item(
                TableName=self._table,
                Key=_key(version),
                UpdateExpression=(
                    "SET #retention = :deleted, #deleted_on = :on, #deleted_because = :because "
                    f"REMOVE {', '.join(removed)}"
                ),
                ConditionExpression="#token = :token",
                ExpressionAttributeNames={
                    "#retention": "retention",
                    "#deleted_on": "deleted_on",
                    "#deleted_because": "deleted_because",
                    "#token": "release_token",
                }
                | removed,
                ExpressionAttributeValues={
                    ":deleted": {"S": DELETED},
                    ":on": {"S": deleted_on.isoformat()},
                    ":because": {"S": because.value},
                    ":token": {"S": token},
                },
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            raise DeletionClaimLost(f"{version.call_id}/{version.version_id}") from None


def tombstone_removes(held: frozenset[str]) -> tuple[str, ...]:
    """What a tombstone removes of an item that held ``held`` once claimed: of TOMBSTONE_REMOVES, those it
    held and those it can have gained since (GAINED_AFTER_REGISTRATION); every one when ``held`` is
    empty (not known). Removing an attribute an item lacks changes nothing in DynamoDB, so the
    tombstone is the same; the update is only shorter (under moto, whose cost for an UpdateItem grows
    with the expression's length, a third cheaper for the bench's items)."""
    if not held:
        return TOMBSTONE_REMOVES
    return tuple(name for name in TOMBSTONE_REMOVES if name in held or name in GAINED_AFTER_REGISTRATION)


def _refusal(
    item: dict[str, Any], *, now: datetime, due_by: date | None, quarantined_only: bool
) -> Exception:
    """Why a claim was refused, from the item as it stood."""
    if not item or "deleted_on" in item:
        return VersionGone()
    if item.get("holds"):
        return VersionHeld(sorted(item["holds"]))
    if (due_by is not None or quarantined_only) and item.get("restrictions"):
        return VersionRestricted(sorted(item["restrictions"]))
    if quarantined_only and not QUARANTINE_FLAGS & set(item.get("flags") or ()):
        return VersionNotQuarantined()
    if "release_token" in item and str(item.get("release_expires", "")) >= instant(now):
        return VersionBusy()
    if due_by is not None and ("due_on" not in item or str(item["due_on"]) > due_by.isoformat()):
        return VersionNotDue()
    return VersionBusy()  # changed between the read and this answer: try again later


class RecordingVersionDeletion:
    """The recordings bucket, as deletion touches it: one exact version, nothing else."""

    def __init__(self, s3_client: Any) -> None:
        self._s3 = s3_client

    def delete_version(self, bucket: str, key: str, version_id: str) -> bool:
        """Delete exactly this version (never the current object: that would only add a delete
        marker). Whether S3 still had it: a version deleted by hand is not an error.

        ObjectLockRefused when a legal hold keeps it; any other refusal is raised as it is.
        Throttling (SlowDown, 503) is retried by the client's retry mode (the handlers set it).
        """
        if not self._exists(bucket, key, version_id):
            return False
        try:
            self._s3.delete_object(Bucket=bucket, Key=key, VersionId=version_id)
        except self._s3.exceptions.ClientError as error:
            if _code(error) == "AccessDenied" and self._legal_hold_on(bucket, key, version_id):
                # The version, never the key: a key may carry personal data.
                raise ObjectLockRefused(f"version {version_id}") from None
            raise
        return True

    def delete_versions(
        self, versions: Sequence[tuple[str, str, str]], *, threads: int = 8
    ) -> list[bool | Exception]:
        """Delete exactly these versions ((bucket, key, version id) each), many to a DeleteObjects call
        (at most 1,000, S3's limit); for each, in order, whether S3 still had it, or the error that kept
        it: ObjectLockRefused when a legal hold does, else the refusal as S3 gave it. Whether each
        exists is read first, as ``delete_version`` does (``threads`` at a time)."""

        def exists(version: tuple[str, str, str]) -> bool | Exception:
            try:
                return self._exists(*version)
            except Exception as error:  # that version's failure alone
                return error

        results = each_at_once(exists, versions, threads=threads)
        by_bucket: dict[str, list[int]] = {}
        for index, found in enumerate(results):
            if found is True:
                by_bucket.setdefault(versions[index][0], []).append(index)
        for bucket, indexes in by_bucket.items():
            for start in range(0, len(indexes), DELETE_OBJECTS_LIMIT):
                chunk = indexes[start : start + DELETE_OBJECTS_LIMIT]
                try:
                    answer = self._s3.delete_objects(
                        Bucket=bucket,
                        Delete={
                            "Objects": [{"Key": versions[i][1], "VersionId": versions[i][2]} for i in chunk],
                            "Quiet": True,  # only the refusals are listed
                        },
                    )
                except Exception as error:  # the whole call failed: each of its versions did
                    for index in chunk:
                        results[index] = error
                    continue
                refused = {
                    (each.get("Key"), each.get("VersionId")): each for each in answer.get("Errors", [])
                }
                for index in chunk:
                    _, key, version_id = versions[index]
                    error = refused.get((key, version_id))
                    if error is not None:
                        results[index] = self._refusal(bucket, key, version_id, str(error.get("Code", "")))
        return results

    def _refusal(self, bucket: str, key: str, version_id: str, code: str) -> Exception:
        """What S3's refusal to delete one version of a DeleteObjects means."""
        if code == "AccessDenied" and self._legal_hold_on(bucket, key, version_id):
            return ObjectLockRefused(f"version {version_id}")
        return VersionNotDeleted(f"S3 refused to delete version {version_id}: {code}")

    def delete_markers(self, bucket: str, key: str) -> int:
        """Delete every delete marker of exactly this key (by its version id): a marker holds no
        recording, but a destroyed capture leaves nothing at all. How many there were."""
        removed = 0
        paginator = self._s3.get_paginator("list_object_versions")
        for page in paginator.paginate(Bucket=bucket, Prefix=key):
            for marker in page.get("DeleteMarkers", []):
                if marker["Key"] == key:  # the prefix also finds longer keys: never theirs
                    self._s3.delete_object(Bucket=bucket, Key=key, VersionId=marker["VersionId"])
                    removed += 1
        return removed

    def _exists(self, bucket: str, key: str, version_id: str) -> bool:
        """Read the version's tags (no content, no metadata): the cheapest look that needs no read
        of the recording."""
        try:
            self._s3.get_object_tagging(Bucket=bucket, Key=key, VersionId=version_id)
        except self._s3.exceptions.ClientError as error:
            if _code(error) in _GONE:
                return False
            raise
        return True

    def _legal_hold_on(self, bucket: str, key: str, version_id: str) -> bool:
        try:
            answer = self._s3.get_object_legal_hold(Bucket=bucket, Key=key, VersionId=version_id)
        except self._s3.exceptions.ClientError:
            return False  # no Object Lock configuration on it: the refusal was something else
        return answer.get("LegalHold", {}).get("Status") == "ON"


def _code(error: Exception) -> str:
    return str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))


class SweepCheckpoint:
    """The last date the sweeper swept completely: one item of the requests table."""

    REQUEST_ID = "sweeper"
    ITEM = "checkpoint"

    def __init__(self, dynamodb_client: Any, table_name: str) -> None:
        self._dynamodb = dynamodb_client
        self._table = table_name

    def last_swept(self) -> date | None:
        response = self._dynamodb.get_item(
            TableName=self._table,
            Key=REQUESTS.key(self.REQUEST_ID, self.ITEM),
            ConsistentRead=True,
        )
        swept = response.get("Item", {}).get("last_swept", {}).get("S")
        return date.fromisoformat(swept) if swept else None

    def advance(self, swept_on: date, *, at: datetime) -> bool:
        """Move the checkpoint to ``swept_on``, never back (a concurrent later sweep wins)."""
        try:
            self._dynamodb.put_item(
                TableName=self._table,
                Item=REQUESTS.key(self.REQUEST_ID, self.ITEM)
                | {
                    "last_swept": {"S": swept_on.isoformat()},
                    "swept_at": {"S": instant(at)},
                },
                ConditionExpression="attribute_not_exists(last_swept) OR last_swept <= :swept_on",
                ExpressionAttributeValues={":swept_on": {"S": swept_on.isoformat()}},
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True
