"""Archiving one record of the audit table's stream.

An INSERT is a new entry: it is written to ``entries/`` once. Delivered again (the event source
mapping retries a batch, and may deliver a record twice), it finds its object already there with the
same item, and nothing changes. A MODIFY or REMOVE is a rewrite the table's policy denies to every
principal: it is archived under ``changes/`` with the entry's old and new images, and counted, so the
AuditEntriesChanged alarm reaches the DPO. The archived original stays, under Object Lock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from call_recordings.audit_archive.entries import (
    StreamEvent,
    StreamRecord,
    archived_item,
    change_document,
    change_object_key,
    entry_document,
    entry_object_key,
    same_item,
)

if TYPE_CHECKING:
    from call_recordings.audit_archive.adapters.archive_bucket import AuditArchiveBucket


class ArchiveOutcome(StrEnum):
    ARCHIVED = "archived"  # a new entry, written to entries/
    ALREADY_ARCHIVED = "already-archived"  # the same entry delivered again
    CHANGE_ARCHIVED = "change-archived"  # a rewrite of an entry, written to changes/


@dataclass(frozen=True)
class ArchiverDependencies:
    archive: AuditArchiveBucket


def archive_stream_record(record: StreamRecord, deps: ArchiverDependencies) -> ArchiveOutcome:
    """Archive one stream record; raises if the archive cannot be written (the batch is retried)."""
    if record.event == StreamEvent.INSERT and record.new_image is not None:
        key = entry_object_key(record.key)
        if deps.archive.put_if_new(key, entry_document(record)):
            return ArchiveOutcome.ARCHIVED
        if same_item(archived_item(deps.archive.read(key)), record.new_image):
            return ArchiveOutcome.ALREADY_ARCHIVED
        record = replace(record, event=StreamEvent.INSERT_OVER_ARCHIVED)
    deps.archive.put_if_new(  # False: this change was archived by an earlier delivery
        change_object_key(
            record.key,
            event=record.event,
            sequence_number=record.sequence_number,
            changed_on=record.changed_at.date(),
        ),
        change_document(record),
    )
    return ArchiveOutcome.CHANGE_ARCHIVED
