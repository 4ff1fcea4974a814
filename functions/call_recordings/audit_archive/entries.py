"""What the audit archive holds and how an archived entry is compared with the trail's: pure.

The archive bucket (infra/audit_archive.py) keeps, under Object Lock in compliance mode:

- ``entries/<day>/<target>/<entry>.json``: one object per audit entry, written once, when the audit
  table's stream shows the entry's INSERT. ``<day>`` is the entry's UTC day (the first ten characters
  of its ``entry`` key); ``<target>`` and ``<entry>`` are the item's keys, percent-encoded
  (``recording%23C-1``), so the object key names exactly one entry and can be read back.
- ``changes/<day>/<target>/<entry>/<sequence number>-<event>.json``: a MODIFY or REMOVE of an entry
  (which the table's policy denies, so it is an attack or a mistake by a deployment), or an INSERT over
  an entry archived with other content; ``<day>`` is the day of the change. It holds both images.

Each object is the item as DynamoDB gives it (typed JSON, ``{"S": ...}``) with the stream record's id,
sequence number and time, so it can be compared byte for byte with a GetItem of the same key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import quote, unquote

ENTRIES_PREFIX = "entries/"
CHANGES_PREFIX = "changes/"
_SAFE = ":"  # readable times; '#', '/', '+' and the rest are encoded
_SETS = ("SS", "NS", "BS")


class StreamEvent(StrEnum):
    """A DynamoDB stream record's ``eventName``."""

    INSERT = "INSERT"
    MODIFY = "MODIFY"
    REMOVE = "REMOVE"
    # Not a stream event: an INSERT whose entry the archive already holds with other content (the
    # entry was removed and put again).
    INSERT_OVER_ARCHIVED = "INSERT-OVER-ARCHIVED"


@dataclass(frozen=True)
class EntryKey:
    """An audit entry's key in the table: what it concerns and when (``<ISO time>#<uuid4>``)."""

    target: str
    entry: str

    @property
    def day(self) -> str:
        return self.entry[:10]

    @classmethod
    def of(cls, item: dict[str, Any]) -> EntryKey:
        """The key of an item in DynamoDB's typed form (a stream image, a query's item)."""
        return cls(target=item["target"]["S"], entry=item["entry"]["S"])


def day_prefix(day: date) -> str:
    """Where the entries of one UTC day are archived."""
    return f"{ENTRIES_PREFIX}{day.isoformat()}/"


def entry_object_key(key: EntryKey) -> str:
    return f"{ENTRIES_PREFIX}{key.day}/{quote(key.target, safe=_SAFE)}/{quote(key.entry, safe=_SAFE)}.json"


def entry_key_of_object(object_key: str) -> EntryKey:
    """The entry an ``entries/`` object archives (the inverse of ``entry_object_key``)."""
    _, _, target, name = object_key.split("/", 3)
    return EntryKey(target=unquote(target), entry=unquote(name.removesuffix(".json")))


def change_object_key(key: EntryKey, *, event: StreamEvent, sequence_number: str, changed_on: date) -> str:
    return (
        f"{CHANGES_PREFIX}{changed_on.isoformat()}/{quote(key.target, safe=_SAFE)}/"
        f"{quote(key.entry, safe=_SAFE)}/{sequence_number}-{event.value.lower()}.json"
    )


@dataclass(frozen=True)
class StreamRecord:
    """What the archiver reads of one DynamoDB stream record (NEW_AND_OLD_IMAGES)."""

    event: StreamEvent
    event_id: str
    sequence_number: str
    changed_at: datetime
    key: EntryKey
    new_image: dict[str, Any] | None
    old_image: dict[str, Any] | None
    principal: str | None  # userIdentity.principalId: "dynamodb.amazonaws.com" for a TTL deletion


def entry_document(record: StreamRecord) -> bytes:
    """An ``entries/`` object: the new entry, and where on the stream it came from."""
    return _json({"item": record.new_image, "stream": _origin(record)})


def change_document(record: StreamRecord) -> bytes:
    """A ``changes/`` object: what the entry was and became (either may be absent), and by what event."""
    return _json(
        {
            "event": record.event.value,
            "old_item": record.old_image,
            "new_item": record.new_image,
            "principal": record.principal,
            "stream": _origin(record),
        }
    )


def archived_item(document: bytes) -> dict[str, Any]:
    """The item an ``entries/`` object holds."""
    return json.loads(document)["item"]


def same_item(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Whether two items in DynamoDB's typed form hold the same attributes and values (sets compared as
    sets: DynamoDB does not keep their order)."""
    return _canonical(first) == _canonical(second)


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            name: sorted(_canonical(each) for each in inner) if name in _SETS else _canonical(inner)
            for name, inner in value.items()
        }
    if isinstance(value, list):
        return [_canonical(each) for each in value]
    return value


def _origin(record: StreamRecord) -> dict[str, str]:
    return {
        "event_id": record.event_id,
        "sequence_number": record.sequence_number,
        "approximate_time": record.changed_at.isoformat(),
    }


def _json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
