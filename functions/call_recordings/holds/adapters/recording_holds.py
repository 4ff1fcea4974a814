"""The registry (docs/registry.md) as holds use it: the DPO's lookups, and the conditional updates
by which the hold worker places and releases holds on a recording version (holds/release.py).

Ingest's write is in adapters/registry.py; this module never creates an item, only reads and
updates the items ingest wrote.
"""

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from call_recordings.audit.recording_trail import VersionHistory
from call_recordings.core.adapters.batch_gets import batch_get
from call_recordings.core.adapters.items import from_item
from call_recordings.core.adapters.requests_table import instant  # lease times compare as text: one writer
from call_recordings.core.at_once import each_at_once
from call_recordings.core.errors import InvalidPageToken, RecordingGone
from call_recordings.core.selection import SubjectLookup
from call_recordings.core.tables import CALL_IDS, NEEDS_DPO_INDEX, REGISTRY, VERSIONS_LISTED
from call_recordings.core.versions import FlaggedVersion, RecordingVersion, RegisteredVersion
from call_recordings.core.vocabulary import NEEDS_DPO, NEEDS_DPO_FLAGS, RetentionClass, needs_dpo
from call_recordings.corrections.errors import RecordingRestricted
from call_recordings.deletion.records import Tombstone
from call_recordings.holds.errors import ReleaseInProgress, ReleaseTokenRefused
from call_recordings.holds.release import placed_class
from call_recordings.holds.vocabulary import HoldReason

LOOKUP_THREADS = 8  # concurrent per-call queries when a hold names thousands of call ids

# What the DPO's reads fetch: never the subject hashes.
_READ = {
    "#call_id": "call_id",
    "#version_id": "version_id",
    "#bucket": "bucket",
    "#object_key": "object_key",
    "#recorded_at": "recorded_at",
    "#expires_on": "expires_on",
    "#due_on": "due_on",
    "#purpose": "purpose",
    "#source": "source",
    "#retention": "retention",
    "#flags": "flags",
    "#holds": "holds",
    "#restriction_holds": "restriction_holds",
    "#restrictions": "restrictions",
    "#size": "size",
}
_PROJECTION = ", ".join(_READ)

# A deleted version's item stays as its tombstone (``deleted_on``): to holds it is gone.
_EXISTS = "attribute_exists(call_id) AND attribute_not_exists(deleted_on)"
_NOT_DELETED = "attribute_not_exists(#deleted_on)"
_CORRECTED_FIELDS = frozenset({"purpose", "source"})  # what POST /recordings/{call_id}/purpose, /source set
_NO_LIVE_RELEASE = "(attribute_not_exists(#token) OR #token_expires < :now)"


class RecordingHolds:
    def __init__(
        self,
        dynamodb_client: Any,
        table_name: str,
        *,
        call_ids_table: str | None = None,
        lookup_threads: int = LOOKUP_THREADS,
    ) -> None:
        self._dynamodb = dynamodb_client
        self._table = table_name
        self._call_ids = call_ids_table  # its claims list each call's versions (core.tables.CALL_IDS)
        self._threads = lookup_threads

    # The DPO's lookups -------------------------------------------------------------------------

    def versions_of_call(self, call_id: str) -> list[RegisteredVersion]:
        """Every registered version of a recording: one query on the table's partition key."""
        return self._query(
            KeyConditionExpression="#call_id = :call_id",
            ExpressionAttributeValues={":call_id": {"S": call_id}},
        )

    def versions_of_calls(self, call_ids: Sequence[str]) -> dict[str, list[RegisteredVersion]]:
        """Every registered version of each recording (none for an unknown id), in version id order as
        a query gives them. Where the call ids table lists a call's versions, their items are read a
        hundred to a BatchGetItem; any other call (none listed yet, or no claim) is queried, the
        queries run concurrently (the client is thread-safe)."""
        listed = self._listed_versions(call_ids)
        items = self.registered_versions(
            (call_id, version_id) for call_id in call_ids for version_id in listed.get(call_id, ())
        )
        found = {
            call_id: [items[call_id, version_id] for version_id in versions if (call_id, version_id) in items]
            for call_id, versions in listed.items()
        }
        queried = [call_id for call_id in call_ids if call_id not in listed]
        return found | dict(
            zip(queried, each_at_once(self.versions_of_call, queried, threads=self._threads), strict=True)
        )

    def _listed_versions(self, call_ids: Sequence[str]) -> dict[str, list[str]]:
        """The versions the call ids table lists for each of these calls, in version id order: only
        once every version registered is listed (the item VERSIONS_LISTED), and only for a call whose
        claim has a list; nothing otherwise (the call is queried). One call id is one query either way,
        where its claim and then its items would be two calls: it is queried."""
        if self._call_ids is None or len(call_ids) < 2:
            return {}
        claims = {
            item["call_id"]["S"]: item
            for item in batch_get(
                self._dynamodb,
                self._call_ids,
                [CALL_IDS.key(key) for key in dict.fromkeys([VERSIONS_LISTED, *call_ids])],
                ProjectionExpression="call_id, versions",
            )
        }
        if VERSIONS_LISTED not in claims:
            return {}
        return {
            call_id: sorted(claim["versions"]["SS"])
            for call_id, claim in claims.items()
            if call_id != VERSIONS_LISTED and "versions" in claim
        }

    def versions_of_subject(self, lookup: SubjectLookup) -> list[RegisteredVersion]:
        """The versions a subject index lists under an identifier's hash, within a range of
        ``recorded_at``: one query (paged through)."""
        condition, values = _subject_condition(lookup)
        return self._query(
            IndexName=lookup.index.name,
            KeyConditionExpression=condition,
            ExpressionAttributeValues=values,
            extra_names={"#subject": lookup.index.partition_key},
        )

    def page_of_subject(
        self, lookup: SubjectLookup, *, limit: int, start: dict[str, Any] | None
    ) -> tuple[list[RegisteredVersion], dict[str, Any] | None]:
        """One page of the versions a subject index lists under an identifier's hash, newest first, and
        where the next page starts (None at the end). Tombstones carry no hash: the index never lists them."""
        condition, values = _subject_condition(lookup)
        page = self._page(
            start,
            IndexName=lookup.index.name,
            KeyConditionExpression=condition,
            ExpressionAttributeValues=values,
            ProjectionExpression=_PROJECTION,
            ExpressionAttributeNames=_READ | {"#subject": lookup.index.partition_key},
            ScanIndexForward=False,
            Limit=limit,
        )
        return [self._version(item) for item in page.get("Items", [])], page.get("LastEvaluatedKey")

    def page_needing_dpo(
        self, *, limit: int, start: dict[str, Any] | None
    ) -> tuple[list[FlaggedVersion], dict[str, Any] | None]:
        """One page of the live versions with a flag that needs the DPO (the sparse by-needs-dpo index,
        what it projects: no subject hash), newest first, and where the next page starts."""
        if start is not None and start.get(NEEDS_DPO_INDEX.partition_key) != {"S": NEEDS_DPO}:
            raise InvalidPageToken()
        page = self._page(
            start,
            IndexName=NEEDS_DPO_INDEX.name,
            KeyConditionExpression="#needs_dpo = :needs_dpo",
            ExpressionAttributeNames={"#needs_dpo": NEEDS_DPO_INDEX.partition_key},
            ExpressionAttributeValues={":needs_dpo": {"S": NEEDS_DPO}},
            ScanIndexForward=False,
            Limit=limit,
        )
        flagged = [FlaggedVersion.model_validate(from_item(item)) for item in page.get("Items", [])]
        return flagged, page.get("LastEvaluatedKey")

    def registered_versions(
        self, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], RegisteredVersion]:
        """The items of these versions (call_id, version_id) that are still registered."""
        found: dict[tuple[str, str], RegisteredVersion] = {}
        for item in batch_get(
            self._dynamodb,
            self._table,
            [REGISTRY.key(*key) for key in dict.fromkeys(keys)],
            ProjectionExpression=f"{_PROJECTION}, #deleted_on",
            ExpressionAttributeNames=_READ | {"#deleted_on": "deleted_on"},
        ):
            if "deleted_on" in item:
                continue  # a tombstone: the version was deleted
            version = self._version(item)
            found[version.key] = version
        return found

    def tombstones_of_call(self, call_id: str) -> list[Tombstone]:
        """The deleted versions of a recording (their tombstones, docs/registry.md): one query."""
        items = self._items(
            KeyConditionExpression="#call_id = :call_id",
            FilterExpression="attribute_exists(#deleted_on)",
            ProjectionExpression="#call_id, version_id, #deleted_on, deleted_because, expires_on",
            ExpressionAttributeNames={"#call_id": "call_id", "#deleted_on": "deleted_on"},
            ExpressionAttributeValues={":call_id": {"S": call_id}},
        )
        return [Tombstone.model_validate(from_item(item)) for item in items]

    def recording_history(self, call_id: str) -> list[VersionHistory]:
        """Every item of a recording, tombstones included, as its audit trail reads them (registration,
        flags, every hold and restriction it was under; never a subject hash): one query, paged."""
        names = {
            "#call_id": "call_id",
            "#version_id": "version_id",
            "#registered_at": "registered_at",
            "#flags": "flags",
            "#flags_cleared": "flags_cleared",
            "#holds": "holds",
            "#hold_history": "hold_history",
            "#restrictions": "restrictions",
            "#restriction_history": "restriction_history",
            "#deleted_on": "deleted_on",
        }
        items = self._items(
            KeyConditionExpression="#call_id = :call_id",
            ProjectionExpression=", ".join(names),
            ExpressionAttributeNames=names,
            ExpressionAttributeValues={":call_id": {"S": call_id}},
        )
        return [VersionHistory.model_validate(from_item(item)) for item in items]

    # The hold worker's conditional updates ---------------------------------------------------------

    def add_hold(
        self, version: RecordingVersion, hold_id: str, *, reason: HoldReason, now: datetime
    ) -> RegisteredVersion:
        """Add the hold to the version's ``holds`` (and, for its audit trail, to ``hold_history``, which
        never shrinks; a restriction's hold to ``restriction_holds`` too) and give it the class the
        reason gives (``hold``, or ``restricted``) with no ``due_on``; refused while a release of its
        last hold is under way (ReleaseInProgress). The item as it is afterwards: the worker corrects
        the class when another hold's reason calls for the other one (holds/release.py, kept_class)."""
        return self._update(
            version,
            **placing_update(hold_id, reason, now),
            refused=lambda _current: ReleaseInProgress(f"{version.call_id}/{version.version_id}"),
        )

    def set_kept_class(self, version: RecordingVersion, retention: RetentionClass) -> bool:
        """Set the class of a version holds keep (``hold`` or ``restricted``), only while a hold keeps
        it; False when none does any more (its release returns it to retention)."""
        try:
            self._update(
                version,
                update="SET #retention = :class",
                condition=f"{_EXISTS} AND attribute_exists(#holds)",
                names={"#retention": "retention", "#holds": "holds"},
                values={":class": {"S": retention.value}},
                refused=lambda current: RecordingGone(f"{current.call_id}/{current.version_id}"),
            )
        except RecordingGone:
            return False
        return True

    # The DPO's correction of a version's purpose or source (corrections/correcting.py) ---------------

    def correct(
        self, version: RecordingVersion, field: str, value: str, *, clears: frozenset[str]
    ) -> RegisteredVersion | None:
        """Set ``field`` (purpose or source) to ``value``, moving ``clears`` from ``flags`` to
        ``flags_cleared`` (kept: the recording's trail still shows what ingest flagged), on the condition
        that the version is live and unrestricted (Art 18(2)); the item after it, None if the version is
        gone, RecordingRestricted if a restriction reached it since it was read."""
        if field not in _CORRECTED_FIELDS:
            raise ValueError(f"{field!r} is not a field a correction changes")
        update, names = "SET #field = :value", {"#field": field, "#restrictions": "restrictions"}
        values: dict[str, Any] = {":value": {"S": value}}
        if clears:
            update += " ADD #flags_cleared :clears DELETE #flags :clears"
            names |= {"#flags": "flags", "#flags_cleared": "flags_cleared"}
            values[":clears"] = {"SS": sorted(clears)}
        try:
            corrected = self._update(
                version,
                update=update,
                condition=f"{_EXISTS} AND attribute_not_exists(#restrictions)",
                names=names,
                values=values,
                refused=lambda current: RecordingRestricted(current.call_id, sorted(current.restrictions)),
            )
        except RecordingGone:
            return None
        if clears and not needs_dpo(corrected.flags):
            self._settle_needs_dpo(version)
        return corrected

    def _settle_needs_dpo(self, version: RecordingVersion) -> None:
        """Take the version off the DPO's list (the by-needs-dpo index) once no flag that needs them is
        left: on the condition that none came meanwhile (reconciliation's ``object-missing``)."""
        flags = sorted(NEEDS_DPO_FLAGS)
        none_left = " AND ".join(f"NOT contains(#flags, :f{number})" for number in range(len(flags)))
        # A flag that needs the DPO came meanwhile (the condition fails): the version stays on their list.
        with contextlib.suppress(self._dynamodb.exceptions.ConditionalCheckFailedException):
            self._dynamodb.update_item(
                TableName=self._table,
                Key=REGISTRY.key(version.call_id, version.version_id),
                UpdateExpression="REMOVE #needs_dpo",
                ConditionExpression=f"attribute_not_exists(#flags) OR ({none_left})",
                ExpressionAttributeNames={"#needs_dpo": "needs_dpo", "#flags": "flags"},
                ExpressionAttributeValues={f":f{number}": {"S": flag} for number, flag in enumerate(flags)},
            )

    def remove_hold(self, version: RecordingVersion, hold_id: str) -> RegisteredVersion:
        """Take the hold out of the version's ``holds`` and ``restriction_holds`` (DynamoDB drops a set
        when it empties); the item as it is afterwards."""
        return self._update(
            version,
            update="DELETE #holds :hold, #restriction_holds :hold",
            condition=_EXISTS,
            names={"#holds": "holds", "#restriction_holds": "restriction_holds"},
            values={":hold": {"SS": [hold_id]}},
            refused=None,
        )

    def take_release_token(
        self, version: RecordingVersion, token: str, *, now: datetime, until: datetime
    ) -> RegisteredVersion:
        """Claim the version for returning it to retention: only if no hold covers it and no other
        release holds an unexpired token. ReleaseTokenRefused (with the item) otherwise."""
        return self._update(
            version,
            update="SET #token = :token, #token_expires = :until",
            condition=f"{_EXISTS} AND attribute_not_exists(#holds) AND {_NO_LIVE_RELEASE}",
            names={"#holds": "holds", "#token": "release_token", "#token_expires": "release_expires"},
            values={":token": {"S": token}, ":until": {"S": instant(until)}, ":now": {"S": instant(now)}},
            refused=ReleaseTokenRefused,
        )

    def finish_release(
        self, version: RecordingVersion, token: str, *, retention: RetentionClass, due_on: date
    ) -> bool:
        """Back to its retention class and due date, dropping the token: only while the token is ours."""
        try:
            self._update(
                version,
                update="SET #retention = :class, #due_on = :due_on REMOVE #token, #token_expires",
                condition="#token = :token",
                names={
                    "#retention": "retention",
                    "#due_on": "due_on",
                    "#token": "release_token",
                    "#token_expires": "release_expires",
                },
                values={
                    ":class": {"S": retention.value},
                    ":due_on": {"S": due_on.isoformat()},
                    ":token": {"S": token},
                },
                refused=lambda _current: ReleaseInProgress("the release token was lost"),
            )
        except (ReleaseInProgress, RecordingGone):
            return False
        return True

    # ------------------------------------------------------------------------------------------------

    def _update(
        self,
        version: RecordingVersion,
        *,
        update: str,
        condition: str,
        names: dict[str, str],
        values: dict[str, Any],
        refused: Callable[[RegisteredVersion], Exception] | None,
    ) -> RegisteredVersion:
        """One conditional UpdateItem returning the item after it. When the condition fails: RecordingGone
        if there is no item, else what ``refused`` makes of the item as it stands."""
        try:
            response = self._dynamodb.update_item(
                TableName=self._table,
                Key=REGISTRY.key(version.call_id, version.version_id),
                UpdateExpression=update,
                ConditionExpression=condition,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException as failed:
            current = failed.response.get("Item")
            if not current or "deleted_on" in current or refused is None:
                raise RecordingGone(f"{version.call_id}/{version.version_id}") from None
            raise refused(self._version(current)) from None
        return self._version(response["Attributes"])

    def _query(self, *, extra_names: dict[str, str] | None = None, **request: Any) -> list[RegisteredVersion]:
        names = _READ | (extra_names or {}) | {"#deleted_on": "deleted_on"}
        items = self._items(
            ProjectionExpression=_PROJECTION,
            FilterExpression=_NOT_DELETED,  # tombstones are not recordings any more
            ExpressionAttributeNames=names,
            **request,
        )
        return [self._version(item) for item in items]

    def _page(self, start: dict[str, Any] | None, **request: Any) -> dict[str, Any]:
        """One page of a query; InvalidPageToken when ``start`` (from a token the caller gave) is not a
        position DynamoDB accepts."""
        try:
            return self._dynamodb.query(
                TableName=self._table, **request, **({"ExclusiveStartKey": start} if start else {})
            )
        except self._dynamodb.exceptions.ClientError as error:
            if start is not None and error.response.get("Error", {}).get("Code") == "ValidationException":
                raise InvalidPageToken() from None
            raise

    def _items(self, **request: Any) -> Iterator[dict[str, Any]]:
        """Every item a query finds, page after page."""
        start: dict | None = None
        while True:
            page = self._dynamodb.query(
                TableName=self._table, **request, **({"ExclusiveStartKey": start} if start else {})
            )
            yield from page.get("Items", [])
            start = page.get("LastEvaluatedKey")
            if not start:
                return

    @staticmethod
    def _version(item: dict[str, Any]) -> RegisteredVersion:
        return RegisteredVersion.model_validate(from_item(item))


def _subject_condition(lookup: SubjectLookup) -> tuple[str, dict[str, Any]]:
    """The key condition of a query on a subject index: the identifier's hash, and the range of
    ``recorded_at`` if any (the names ``#subject`` and ``#recorded_at``)."""
    condition = "#subject = :subject"
    values: dict[str, Any] = {":subject": {"S": lookup.subject_hash}}
    if lookup.recorded_from and lookup.recorded_to:
        condition += " AND #recorded_at BETWEEN :from AND :to"
        values |= {":from": {"S": lookup.recorded_from}, ":to": {"S": lookup.recorded_to}}
    elif lookup.recorded_from:
        condition += " AND #recorded_at >= :from"
        values[":from"] = {"S": lookup.recorded_from}
    elif lookup.recorded_to:
        condition += " AND #recorded_at <= :to"
        values[":to"] = {"S": lookup.recorded_to}
    return condition, values


def placing_update(hold_id: str, reason: HoldReason, now: datetime) -> dict[str, Any]:
    """The conditional update that places a hold on a version (RecordingHolds.add_hold): its update,
    condition, names and values. ``make bench`` makes the same request in its floor for a hold."""
    restriction = reason is HoldReason.RESTRICTION
    names = {
        "#holds": "holds",
        "#hold_history": "hold_history",
        "#retention": "retention",
        "#due_on": "due_on",
        "#token": "release_token",
        "#token_expires": "release_expires",
    } | ({"#restriction_holds": "restriction_holds"} if restriction else {})
    return {
        "update": (
            f"ADD #holds :hold, #hold_history :hold{', #restriction_holds :hold' if restriction else ''} "
            "SET #retention = :hold_class REMOVE #due_on, #token, #token_expires"
        ),
        "condition": f"{_EXISTS} AND {_NO_LIVE_RELEASE}",
        "names": names,
        "values": {
            ":hold": {"SS": [hold_id]},
            ":hold_class": {"S": placed_class(reason).value},
            ":now": {"S": instant(now)},
        },
    }
