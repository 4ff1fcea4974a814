"""The audit trail: append-only entries of who did what, when, why and to what.

Entries are filed by ``target`` ("hold#H-…", "recording#C-…") and ``entry`` ("<ISO time>#<uuid4>"),
and by ``day`` (UTC) in the ``by-day`` index. They are only ever put, on ``attribute_not_exists``
(DESIGN section 8): a put never replaces an entry. The table's resource policy denies every update and
delete, its stream copies each entry to the audit archive (call_recordings.audit_archive), and a daily
check compares the two. No entry holds a caller number or a customer reference (the callers of
``record`` say "subject (caller number)", never the number).

A key that is already taken (the time to the microsecond and a uuid4: in practice only a key someone
wrote there ahead of us) is never overwritten: the entry is put again under a fresh uuid, and after
``KEY_ATTEMPTS`` taken keys ``AuditKeyTaken`` is raised, so the step fails loudly and its caller's
retry (the queue's, the schedule's, the DPO's) writes it later.

Many entries at once (a batch of deletions) go a hundred to a TransactWriteItems of the same
conditional puts (``record_many``): all of a call are written or none, so an entry is never half
there, and the puts need only ``dynamodb:PutItem``, as one entry does.
"""

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from call_recordings.core.adapters.items import from_item, plain_numbers, to_item
from call_recordings.core.audit_entries import AuditEntry
from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.errors import InvalidPageToken
from call_recordings.core.observability import logger
from call_recordings.core.paging import page_position, page_token
from call_recordings.core.tables import DAY_INDEX

KEY_ATTEMPTS = 3


TRANSACTION_LIMIT = 100  # items in one TransactWriteItems
_KEY_IS_NEW = {
    "ConditionExpression": "attribute_not_exists(#target)",
    "ExpressionAttributeNames": {"#target": "target"},
}


class AuditKeyTaken(Exception):
    """Every key tried for a new audit entry was already taken: nothing was written or replaced."""


def _new_entry(
    *,
    who: str,
    action: AuditAction,
    target: str,
    at: datetime,
    why: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """An entry under a fresh key: the time to the microsecond and a uuid4."""
    at = at.astimezone(UTC)
    return AuditEntry(
        target=target,
        entry=f"{at.isoformat(timespec='microseconds')}#{uuid.uuid4()}",
        at=at,
        who=who,
        action=action.value,
        why={name: value for name, value in (why or {}).items() if value is not None},
        details={name: value for name, value in (details or {}).items() if value is not None},
    )


def _item(entry: AuditEntry) -> dict[str, Any]:
    return to_item(
        {
            "target": entry.target,
            "entry": entry.entry,
            "day": entry.at.date().isoformat(),
            "at": entry.at.isoformat(timespec="microseconds"),
            "who": entry.who,
            "action": entry.action,
            "why": entry.why,
            "details": entry.details,
        }
    )


def _taken(entry: AuditEntry) -> None:
    logger.warning(
        "An audit entry's key was already taken; the entry is written under a fresh key",
        extra={"target": entry.target, "entry": entry.entry},
    )


class AuditTrail:
    def __init__(self, dynamodb_client: Any, table_name: str) -> None:
        self._dynamodb = dynamodb_client
        self._table = table_name

    def record(
        self,
        *,
        who: str,
        action: AuditAction,
        target: str,
        at: datetime,
        why: dict[str, Any] | None = None,
        details: dict[str, Any] | None = None,
    ) -> AuditEntry:
        """Append one entry (one PutItem, conditional on the key being new; another under a fresh key in
        the unheard-of case that it was taken)."""
        for _ in range(KEY_ATTEMPTS):
            entry = _new_entry(who=who, action=action, target=target, at=at, why=why, details=details)
            if self._put_if_new(entry):
                return entry
            _taken(entry)
        raise AuditKeyTaken(f"{KEY_ATTEMPTS} keys for a new entry of {target} were already taken")

    def record_many(self, entries: Sequence[Mapping[str, Any]]) -> list[AuditEntry]:
        """Append many entries (each given as ``record``'s arguments), a hundred to a TransactWriteItems:
        each Put conditional on its key being new, and all of a call written or none. A call cancelled
        because a key was taken wrote nothing: that entry gets a fresh key and the call is made again
        (AuditKeyTaken after ``KEY_ATTEMPTS``); a call that fails otherwise raises, nothing written."""
        made = [_new_entry(**each) for each in entries]
        for start in range(0, len(made), TRANSACTION_LIMIT):
            chunk = made[start : start + TRANSACTION_LIMIT]
            for _ in range(KEY_ATTEMPTS):
                taken = self._put_all_if_new(chunk)
                if not taken:
                    break
                for index in taken:
                    _taken(chunk[index])
                    chunk[index] = _new_entry(**entries[start + index])
            else:
                raise AuditKeyTaken(f"{KEY_ATTEMPTS} keys for new entries were already taken")
            made[start : start + TRANSACTION_LIMIT] = chunk
        return made

    def _put_if_new(self, entry: AuditEntry) -> bool:
        """Put the entry unless its key is taken (then change nothing and say so)."""
        try:
            self._dynamodb.put_item(TableName=self._table, Item=_item(entry), **_KEY_IS_NEW)
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def _put_all_if_new(self, entries: Sequence[AuditEntry]) -> list[int]:
        """Put every entry, or none if a key is taken: the positions of the keys taken (none: all put)."""
        try:
            self._dynamodb.transact_write_items(
                TransactItems=[
                    {"Put": {"TableName": self._table, "Item": _item(entry), **_KEY_IS_NEW}}
                    for entry in entries
                ]
            )
        except self._dynamodb.exceptions.TransactionCanceledException as cancelled:
            reasons = cancelled.response.get("CancellationReasons") or []
            taken = [
                index
                for index, reason in enumerate(reasons)
                if reason.get("Code") == "ConditionalCheckFailed"
            ]
            if not taken:
                raise  # cancelled for another reason (a conflict, a throttle): the caller's retry
            return taken
        return []

    def entries_for(
        self, target: str, *, first_day: date | None, last_day: date | None, limit: int, token: str | None
    ) -> tuple[list[AuditEntry], str | None]:
        """A target's entries, newest first, optionally within days (UTC, inclusive); a page and the
        next page's token."""
        start = page_position(token)
        if start is not None and (set(start) != {"target", "entry"} or start["target"] != {"S": target}):
            raise InvalidPageToken()
        condition = "#target = :target"
        values: dict[str, Any] = {":target": {"S": target}}
        low = first_day.isoformat() if first_day else None
        high = f"{last_day.isoformat()}~" if last_day else None  # "~" sorts after every time of the day
        if low and high:
            condition += " AND #entry BETWEEN :low AND :high"
            values |= {":low": {"S": low}, ":high": {"S": high}}
        elif low:
            condition += " AND #entry >= :low"
            values[":low"] = {"S": low}
        elif high:
            condition += " AND #entry <= :high"
            values[":high"] = {"S": high}
        names = {"#target": "target"} | ({"#entry": "entry"} if low or high else {})
        page = self._query(
            {
                "KeyConditionExpression": condition,
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
                "Limit": limit,
            },
            start,
        )
        return [self._entry(item) for item in page.get("Items", [])], page_token(page.get("LastEvaluatedKey"))

    def every_entry_for(self, target: str) -> list[AuditEntry]:
        """Every entry of a target, oldest first: one query, paged through (a recording's trail reads
        its own and those of the requests that covered it, audit_trail/recording_trail.py)."""
        found: list[AuditEntry] = []
        start: dict | None = None
        while True:
            page = self._query(
                {
                    "KeyConditionExpression": "#target = :target",
                    "ExpressionAttributeNames": {"#target": "target"},
                    "ExpressionAttributeValues": {":target": {"S": target}},
                },
                start,
                newest_first=False,
            )
            found.extend(self._entry(item) for item in page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                return found

    def entries_between(
        self, first_day: date, last_day: date, *, limit: int, token: str | None
    ) -> tuple[list[AuditEntry], str | None]:
        """Every entry of these days (UTC, inclusive), newest first: one query per day on ``by-day``."""
        position = page_position(token)
        day, start = last_day, None
        if position is not None:
            try:
                day = date.fromisoformat(position["day"])
                start = position.get("key")
            except (KeyError, TypeError, ValueError):
                raise InvalidPageToken() from None
            if not first_day <= day <= last_day or (
                start is not None
                and (
                    not isinstance(start, dict)
                    or set(start) != {"target", "entry", "day"}
                    or start["day"] != {"S": day.isoformat()}
                )
            ):
                raise InvalidPageToken()
        found: list[AuditEntry] = []
        while day >= first_day:
            page = self._query(
                {
                    "IndexName": DAY_INDEX.name,
                    "KeyConditionExpression": "#day = :day",
                    "ExpressionAttributeNames": {"#day": "day"},
                    "ExpressionAttributeValues": {":day": {"S": day.isoformat()}},
                    "Limit": limit - len(found),
                },
                start,
            )
            found.extend(self._entry(item) for item in page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if start is None:
                day -= timedelta(days=1)
            if len(found) >= limit:
                break
        if day < first_day:
            return found, None
        return found, page_token({"day": day.isoformat(), "key": start})

    def _query(
        self, request: dict[str, Any], start: dict | None, *, newest_first: bool = True
    ) -> dict[str, Any]:
        try:
            return self._dynamodb.query(
                TableName=self._table,
                ScanIndexForward=not newest_first,
                **request,
                **({"ExclusiveStartKey": start} if start else {}),
            )
        except self._dynamodb.exceptions.ClientError as error:
            if start is not None and error.response.get("Error", {}).get("Code") == "ValidationException":
                raise InvalidPageToken() from None
            raise

    @staticmethod
    def _entry(item: dict[str, Any]) -> AuditEntry:
        plain = from_item(item)
        return AuditEntry(
            target=plain["target"],
            entry=plain["entry"],
            at=datetime.fromisoformat(plain["at"]),
            who=plain["who"],
            action=plain["action"],
            why=plain_numbers(plain.get("why") or {}),
            details=plain_numbers(plain.get("details") or {}),
        )
