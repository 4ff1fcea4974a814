"""What the recordings bucket and the registry disagree about: the daily reconciliation's findings.

Two kinds of difference:

- a recording version in the bucket that the registry lacks: its ObjectCreated event was lost or its
  ingest failed for good. It is sent back through ingest as the S3 event S3 would have sent, so the
  ordinary (idempotent) ingest registers and tags it. A version younger than the settling time is
  left alone: its event may still be on its way.
- a live registry item whose object version is gone from the bucket (deleted outside the system, or
  never there): flagged ``object-missing`` once and reported to the DPO.

What is in the bucket but is not a recording at all (outside ``recordings/``, a "folder" key) is not
compared here: ``contract`` judges it, and the reconciliation reports it apart.

Tombstones (items with ``deleted_on``: the version was deleted by the sweeper or the eraser and the
item stays as the record that it existed) are not live: they are never compared.

Pure domain code: no AWS, no environment.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import quote_plus

from call_recordings.core.vocabulary import OBJECT_MISSING, needs_dpo
from call_recordings.reconciliation.contract import is_recording_key

# How long after an upload its ObjectCreated event may still be on its way (S3 delivers within seconds,
# SQS retries and a backlog of the ingest queue within minutes).
SETTLING_TIME = timedelta(minutes=15)
REINGEST_EVENT_NAME = "ObjectCreated:Put"


@dataclass(frozen=True)
class ListedVersion:
    """An object version the bucket listing returned (delete markers are not versions of a recording)."""

    bucket: str
    object_key: str
    version_id: str
    last_modified: datetime
    size: int = 0
    etag: str = ""

    @property
    def location(self) -> tuple[str, str, str]:
        return (self.bucket, self.object_key, self.version_id)


@dataclass(frozen=True)
class RegisteredObject:
    """What the reconciliation reads of a live registry item: where its object should be."""

    call_id: str
    version_id: str
    bucket: str
    object_key: str
    flags: frozenset[str] = frozenset()
    on_dpo_list: bool = False  # marked `needs_dpo` (the by-needs-dpo index, core/tables.py)

    @property
    def location(self) -> tuple[str, str, str]:
        return (self.bucket, self.object_key, self.version_id)

    @property
    def missing_from_dpo_list(self) -> bool:
        """Flagged for the DPO but not on their list: a version registered before the list existed."""
        return needs_dpo(self.flags) and not self.on_dpo_list


@dataclass(frozen=True)
class Differences:
    unregistered: list[ListedVersion] = field(default_factory=list)  # to send back through ingest
    newly_missing: list[RegisteredObject] = field(default_factory=list)  # to flag and report
    still_missing: list[RegisteredObject] = field(default_factory=list)  # flagged on an earlier run
    settling: int = 0  # versions too young to judge


def find_differences(
    listed: Iterable[ListedVersion],
    registered: Iterable[RegisteredObject],
    *,
    bucket: str,
    prefix: str,
    now: datetime,
    settling_time: timedelta = SETTLING_TIME,
) -> Differences:
    """Compare a listing of ``bucket`` with the registry's live items for it.

    Only recordings are compared: a listed key outside ``prefix``, or a "folder" key (ending in ``/``),
    is not one (ingest ignores them too; the reconciliation reports them apart, ``contract``).
    Registry items of another bucket or outside the prefix are not judged.
    """
    cutoff = now - settling_time
    seen: set[tuple[str, str, str]] = set()
    young = 0
    candidates: list[ListedVersion] = []
    for version in listed:
        if not is_recording_key(version.object_key, prefix):
            continue
        seen.add(version.location)
        if version.last_modified > cutoff:
            young += 1
        else:
            candidates.append(version)

    known: set[tuple[str, str, str]] = set()
    newly_missing: list[RegisteredObject] = []
    still_missing: list[RegisteredObject] = []
    for item in registered:
        known.add(item.location)
        if item.bucket != bucket or not item.object_key.startswith(prefix) or item.location in seen:
            continue
        (still_missing if OBJECT_MISSING in item.flags else newly_missing).append(item)

    unregistered = [version for version in candidates if version.location not in known]
    return Differences(
        unregistered=sorted(unregistered, key=lambda v: v.location),
        newly_missing=sorted(newly_missing, key=lambda i: (i.call_id, i.version_id)),
        still_missing=sorted(still_missing, key=lambda i: (i.call_id, i.version_id)),
        settling=young,
    )


def reingest_message(version: ListedVersion, *, region: str, sent_at: datetime) -> str:
    """The SQS message body S3 would have sent for the upload: one ObjectCreated:Put record naming the
    exact version, the key URL-encoded as S3 encodes it (spaces as ``+``)."""
    record = {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": region,
        "eventTime": sent_at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "eventName": REINGEST_EVENT_NAME,
        "userIdentity": {"principalId": "system:reconciliation"},
        "requestParameters": {"sourceIPAddress": "reconciliation"},
        "responseElements": {},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "daily-reconciliation",
            "bucket": {"name": version.bucket, "arn": f"arn:aws:s3:::{version.bucket}"},
            "object": {
                "key": quote_plus(version.object_key, safe="/"),
                "size": version.size,
                "eTag": version.etag.strip('"'),
                "versionId": version.version_id,
            },
        },
    }
    return json.dumps({"Records": [record]})


def missing_objects_summary(missing: Iterable[RegisteredObject], *, bucket: str) -> str:
    """The DPO's summary of a run's newly flagged items: call ids and versions, no personal data."""
    lines = [
        "Daily reconciliation found registry items whose recording is no longer in the recordings",
        f"bucket ({bucket}). Each is flagged '{OBJECT_MISSING}' in the registry and audited. Someone",
        "deleted or lost the recording outside this system: find out how before anything else.",
        "",
        *(f"- call {item.call_id}, version {item.version_id}" for item in missing),
    ]
    return "\n".join(lines)
