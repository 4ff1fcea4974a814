"""S3 lifecycle, run locally: what S3 would do to a bucket's versions under its lifecycle rules.

moto stores a bucket's lifecycle configuration but never acts on it, so the local stack applies the
rules itself on each daily run (DESIGN section 8), reading them back from the bucket as provisioned
from the synthesized template. The semantics follow the Amazon S3 User Guide:

- "Lifecycle configuration elements" (Filter): a rule applies to an object whose key starts with the
  rule's prefix and which carries every tag the rule names, each with exactly that value (an `And`
  of tags is all of them; tags are compared by equality only). A rule that is not `Enabled` does
  nothing.
- "Lifecycle configuration elements" (Expiration, Days) and "Expiring objects": S3 adds the number
  of days to the object's creation time and rounds the result up to the next midnight UTC; from then
  on the object is expired. In a versioning-enabled bucket, expiring the current version does not
  delete data: S3 adds a delete marker, which becomes the current version, and the expired version
  becomes noncurrent. When several expiration rules apply, the shortest wins ("Lifecycle
  configuration elements": conflicting actions).
- "How Amazon S3 calculates when an object became noncurrent": a version becomes noncurrent when
  the next version of the same key is created (a newer object or a delete marker); NoncurrentDays
  counts from then, rounded up to the next midnight UTC, and the noncurrent version is then
  permanently deleted.
- ExpiredObjectDeleteMarker: a delete marker that is the key's only remaining version (an "expired
  object delete marker") is removed.
- "Object Lock" ("Managing Object Lock": lifecycle and legal holds): lifecycle never deletes a version
  under a legal hold or an unexpired retention period; it may still add a delete marker above it.

Each run acts as of one moment (the local run's "today"), as S3's daily evaluation would. Within a
run, a version whose expiry adds a delete marker counts as noncurrent from its expiry moment, as in
S3; in later runs, from the marker's own time, which moto dates by its clock (S3 is no more exact:
its lifecycle actions are asynchronous).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from botocore.exceptions import ClientError


class LifecycleAction(StrEnum):
    MARKER_ADDED = "delete-marker-added"  # the current version expired: it is noncurrent now
    VERSION_DELETED = "version-deleted"  # a noncurrent version expired: gone for good
    DELETION_BLOCKED = "deletion-blocked-by-object-lock"  # due, but a legal hold or retention keeps it
    MARKER_REMOVED = "expired-delete-marker-removed"


@dataclass(frozen=True)
class LifecycleEvent:
    action: LifecycleAction
    key: str
    version_id: str
    rule_id: str


@dataclass(frozen=True)
class _Version:
    key: str
    version_id: str
    created: datetime
    is_latest: bool
    is_marker: bool
    noncurrent_since: datetime | None  # when the next version of the key was created


@dataclass
class LifecycleReport:
    events: list[LifecycleEvent] = field(default_factory=list)

    def of(self, action: LifecycleAction) -> list[LifecycleEvent]:
        return [event for event in self.events if event.action is action]


def due_moment(start: datetime, days: int) -> datetime:
    """`start` plus `days` days, rounded up to the next midnight UTC (a moment already at midnight stays)."""
    moment = start.astimezone(UTC) + timedelta(days=days)
    midnight = datetime.combine(moment.date(), time(0), tzinfo=UTC)
    return midnight if moment == midnight else midnight + timedelta(days=1)


def rule_matches(rule: Mapping[str, Any], key: str, tags: Mapping[str, str]) -> bool:
    """Whether an enabled rule's filter (prefix, tags by equality, ANDed) selects this object."""
    if rule.get("Status") != "Enabled":
        return False
    found = rule.get("Filter", {"Prefix": rule.get("Prefix", "")})
    conditions = found.get("And", found)
    wanted = [*conditions.get("Tags", []), *([conditions["Tag"]] if "Tag" in conditions else [])]
    return key.startswith(conditions.get("Prefix", "")) and all(
        tags.get(tag["Key"]) == tag["Value"] for tag in wanted
    )


def apply_lifecycle(s3: Any, bucket: str, now: datetime) -> LifecycleReport:
    """Do to `bucket` what S3's lifecycle would have done by `now` under the bucket's own rules."""
    try:
        rules = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "NoSuchLifecycleConfiguration":
            return LifecycleReport()
        raise
    report = LifecycleReport()
    versioned = s3.get_bucket_versioning(Bucket=bucket).get("Status") in ("Enabled", "Suspended")
    by_key: dict[str, list[_Version]] = {}
    for version in _versions(s3, bucket):
        by_key.setdefault(version.key, []).append(version)
    for key, versions in by_key.items():
        if versioned:
            _apply_to_key(s3, bucket, key, versions, rules, now, report)
        else:
            _expire_unversioned(s3, bucket, versions[0], rules, now, report)
    return report


def _expire_unversioned(
    s3: Any, bucket: str, version: _Version, rules: list[dict], now: datetime, report: LifecycleReport
) -> None:
    """In a bucket without versioning, expiration deletes the object itself ("Expiring objects")."""
    expiring = _shortest(rules, "Expiration", "Days", version.key, _tags(s3, bucket, version))
    if expiring and now >= due_moment(version.created, expiring[0]):
        s3.delete_object(Bucket=bucket, Key=version.key)
        report.events.append(
            LifecycleEvent(LifecycleAction.VERSION_DELETED, version.key, "null", expiring[1])
        )


def _shortest(
    rules: list[dict], action: str, days: str, key: str, tags: Mapping[str, str]
) -> tuple[int, str] | None:
    """(days, rule id) of the shortest of the matching rules' `action`, or None: the shortest wins."""
    matching = [
        (rule[action][days], rule["ID"])
        for rule in rules
        if days in rule.get(action, {}) and rule_matches(rule, key, tags)
    ]
    return min(matching) if matching else None


def _apply_to_key(
    s3: Any,
    bucket: str,
    key: str,
    versions: list[_Version],
    rules: list[dict],
    now: datetime,
    report: LifecycleReport,
) -> None:
    current = next((version for version in versions if version.is_latest), None)
    if current is not None and not current.is_marker:
        expiring = _shortest(rules, "Expiration", "Days", key, _tags(s3, bucket, current))
        if expiring:
            days, rule_id = expiring
            expired_at = due_moment(current.created, days)
            if now >= expired_at:
                marker = s3.delete_object(Bucket=bucket, Key=key)  # versioned: adds a delete marker
                report.events.append(
                    LifecycleEvent(LifecycleAction.MARKER_ADDED, key, current.version_id, rule_id)
                )
                # S3 would have added the marker when the version expired: noncurrent since then.
                versions = [
                    _Version(
                        v.key, v.version_id, v.created, False, v.is_marker, v.noncurrent_since or expired_at
                    )
                    for v in versions
                ] + [_Version(key, marker.get("VersionId", "null"), expired_at, True, True, None)]
    left = list(versions)
    for version in versions:
        if version.is_latest or version.is_marker or version.noncurrent_since is None:
            continue
        noncurrent = _shortest(
            rules, "NoncurrentVersionExpiration", "NoncurrentDays", key, _tags(s3, bucket, version)
        )
        if noncurrent is None:
            continue
        days, rule_id = noncurrent
        if now < due_moment(version.noncurrent_since, days):
            continue
        if _locked(s3, bucket, version, now):
            report.events.append(
                LifecycleEvent(LifecycleAction.DELETION_BLOCKED, key, version.version_id, rule_id)
            )
            continue
        s3.delete_object(Bucket=bucket, Key=key, VersionId=version.version_id)
        report.events.append(
            LifecycleEvent(LifecycleAction.VERSION_DELETED, key, version.version_id, rule_id)
        )
        left.remove(version)
    # An expired object delete marker: the key's only version left is a delete marker.
    if len(left) == 1 and left[0].is_marker and left[0].is_latest:
        cleaning = [
            rule["ID"]
            for rule in rules
            if rule.get("Expiration", {}).get("ExpiredObjectDeleteMarker") and rule_matches(rule, key, {})
        ]
        if cleaning:
            s3.delete_object(Bucket=bucket, Key=key, VersionId=left[0].version_id)
            report.events.append(
                LifecycleEvent(LifecycleAction.MARKER_REMOVED, key, left[0].version_id, cleaning[0])
            )


def _versions(s3: Any, bucket: str) -> Iterator[_Version]:
    """Every version and delete marker of the bucket, each with when it became noncurrent."""
    entries: list[dict] = []
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        entries += [{**each, "marker": False} for each in page.get("Versions", [])]
        entries += [{**each, "marker": True} for each in page.get("DeleteMarkers", [])]
    by_key: dict[str, list[dict]] = {}
    for entry in entries:
        by_key.setdefault(entry["Key"], []).append(entry)
    for key, found in by_key.items():
        # Newest first: the latest is current; each older one became noncurrent when the next was made.
        ordered = sorted(found, key=lambda each: (not each["IsLatest"], -each["LastModified"].timestamp()))
        newer: dict | None = None
        for entry in ordered:
            yield _Version(
                key=key,
                version_id=entry["VersionId"],
                created=entry["LastModified"].astimezone(UTC),
                is_latest=bool(entry["IsLatest"]),
                is_marker=entry["marker"],
                noncurrent_since=None if newer is None else newer["LastModified"].astimezone(UTC),
            )
            newer = entry


def _tags(s3: Any, bucket: str, version: _Version) -> dict[str, str]:
    which = {} if version.version_id == "null" else {"VersionId": version.version_id}
    tag_set = s3.get_object_tagging(Bucket=bucket, Key=version.key, **which)["TagSet"]
    return {tag["Key"]: tag["Value"] for tag in tag_set}


def _locked(s3: Any, bucket: str, version: _Version, now: datetime) -> bool:
    """A legal hold ON, or a retention period not yet over, keeps the version from lifecycle."""
    head = s3.head_object(Bucket=bucket, Key=version.key, VersionId=version.version_id)
    if head.get("ObjectLockLegalHoldStatus") == "ON":
        return True
    until = head.get("ObjectLockRetainUntilDate")
    return until is not None and until.astimezone(UTC) > now


def deleted_versions(report: LifecycleReport) -> Iterable[tuple[str, str]]:
    """(key, version id) of every version the run deleted for good."""
    return [(event.key, event.version_id) for event in report.of(LifecycleAction.VERSION_DELETED)]
