"""The demo's chapter on retention: the daily jobs run as of a later day (AS_OF), and the sweeper
deletes every recording that is due and keeps every one that a hold or a restriction covers; then S3
lifecycle runs as of that day too (infra/local/lifecycle.py applies the bucket's own rules, as S3
would), and the chapter fails if lifecycle would remove or hide any version the registry keeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from infra.local.demo_api import dpo_request
from infra.local.lifecycle import LifecycleAction, LifecycleReport

if TYPE_CHECKING:
    from infra.local.demo import DemoStory

# What the S3 version and the registry item of a recording say after the sweep.
DELETED = ("gone", "deleted")
KEPT_UNDER_HOLD = ("kept, legal hold ON", "hold")
KEPT_UNDER_RESTRICTION = ("kept, legal hold ON", "restricted")  # Art 18: kept by the restriction's hold


@dataclass(frozen=True)
class Before:
    """A registered recording version as it stood before the sweep."""

    call_id: str
    version_id: str
    object_key: str
    expires_on: date
    held: bool
    restricted: bool

    @property
    def kept_by(self) -> str:
        return "restriction" if self.restricted else "hold" if self.held else "-"

    def expected(self, as_of: date) -> tuple[str, str] | None:
        """What the sweep must leave; None when the version is not due yet (anything may be right)."""
        if self.restricted:  # a restriction keeps it under a hold of its own, tagged restricted
            return KEPT_UNDER_RESTRICTION
        if self.held:
            return KEPT_UNDER_HOLD
        return DELETED if self.expires_on <= as_of else None


def sweep_as_of(story: DemoStory) -> None:
    """Run the scheduled functions once as of `story.as_of`; show what was deleted and what was kept."""
    as_of = story.as_of
    story.section(f"7. The daily jobs run as of {as_of or 'today'} (AS_OF)")
    if as_of is None:
        story.problems.append("the demo's stack has no as-of date for the daily jobs")
        return
    registered = story.running.registry_items()
    already_gone = sorted(str(item["call_id"]) for item in registered if item.get("retention") == "deleted")
    before = [
        Before(
            call_id=str(item["call_id"]),
            version_id=str(item["version_id"]),
            object_key=str(item["object_key"]),
            expires_on=date.fromisoformat(str(item["expires_on"])),
            held=bool(item.get("holds")),
            restricted=bool(item.get("restrictions")),
        )
        for item in registered
        if item.get("retention") != "deleted"
    ]
    story.paragraph(
        "EventBridge runs the retention sweeper, the casework reminders and the reconciliation once a day. "
        f"Here they run once, as of {as_of}: the sweeper reads the registry's due-date index for each "
        "day since its last sweep (it never lists the bucket), deletes every due version that no hold "
        "or restriction covers, keeps the registry item as a tombstone without personal data, and writes "
        "one audit entry per deletion."
        + (f" Already erased, so not in the table: {', '.join(already_gone)}." if already_gone else "")
    )
    for schedule, result in story.running.run_daily_jobs():
        figures = ", ".join(
            f"{name} {value}"
            for name, value in (result if isinstance(result, dict) else {}).items()
            if isinstance(value, int | str) and not isinstance(value, bool)
        )
        story.say(f"  {schedule.function_id:<44} {figures}")
    story.say()

    after = {(str(item["call_id"]), str(item["version_id"])): item for item in story.running.registry_items()}
    _lifecycle_after_sweep(story, after)
    lines = []
    for version in sorted(before, key=lambda each: each.call_id):
        found = (
            _object_state(story, version),
            str(after.get((version.call_id, version.version_id), {}).get("retention", "-")),
        )
        expected = version.expected(as_of)
        if expected is not None and found != expected:
            story.problems.append(
                f"{version.call_id} after the sweep and lifecycle was {found}, not {expected}"
            )
        lines.append((version.call_id, version.expires_on.isoformat(), version.kept_by, *found))
    from infra.local.demo import format_columns  # the demo module imports this chapter

    story.say(format_columns(("call id", "expires on", "kept by", "S3 version", "registry"), lines))
    deleted = [version for version in before if version.expected(as_of) == DELETED]
    if deleted:
        trail = dpo_request(story, "GET", f"/audit?target=recording%23{deleted[0].call_id}")
        entry = next((e for e in trail.get("entries", []) if e["action"] == "recording-deleted"), None)
        if entry is None:
            story.problems.append(f"no recording-deleted audit entry for {deleted[0].call_id}")
        else:
            story.paragraph(
                f"The audit entry for {deleted[0].call_id} (GET /audit): {entry['action']} by {entry['who']} "
                f"at {entry['at']} (the clock's time; the as-of date is deleted_on); why: {entry['why']}; "
                f"details: {entry['details']}"
            )
    restricted = sum(1 for version in before if version.restricted)
    held = sum(1 for version in before if version.held and not version.restricted)
    story.paragraph(
        f"{len(deleted)} recording version(s) were due and deleted; {held} kept under a hold (Object Lock "
        f"would have refused their deletion anyway) and {restricted} under a restriction (Art 18), until "
        "it is lifted."
    )


def _lifecycle_after_sweep(story: DemoStory, registry: dict[tuple[str, str], dict]) -> None:
    """Run S3 lifecycle as of the daily moment; a problem for every version the registry keeps (not
    deleted) that lifecycle hid behind a delete marker or removed."""
    reports = story.running.run_lifecycle()
    report = reports.get(story.running.bucket, LifecycleReport())
    kept = {
        (str(item["object_key"]), version_id): call_id
        for (call_id, version_id), item in registry.items()
        if item.get("retention") != "deleted"
    }
    for event in report.events:
        call_id = kept.get((event.key, event.version_id))
        if call_id is not None and event.action in (
            LifecycleAction.MARKER_ADDED,
            LifecycleAction.VERSION_DELETED,
        ):
            story.problems.append(
                f"S3 lifecycle ({event.rule_id}) would leave {call_id} {event.action.value}, "
                "though the registry keeps it"
            )
    counts = ", ".join(
        f"{len(report.of(action))} {action.value}" for action in LifecycleAction if report.of(action)
    )
    story.paragraph(
        "Then S3 lifecycle, as S3 would run it by the same day (moto never does, so the local stack "
        "applies the bucket's own rules: tag filters, days from upload, delete markers, noncurrent "
        f"expiry, legal holds blocking deletion): {counts or 'nothing to do'}. The lifecycle rules are a "
        "backstop; no kept recording carries a tag they match."
    )


def _object_state(story: DemoStory, version: Before) -> str:
    s3 = story.running.session.client("s3")
    listed = s3.list_object_versions(Bucket=story.running.bucket, Prefix=version.object_key)
    marker_on_top = any(
        marker["Key"] == version.object_key and marker["IsLatest"]
        for marker in listed.get("DeleteMarkers", [])
    )
    try:
        head = s3.head_object(
            Bucket=story.running.bucket, Key=version.object_key, VersionId=version.version_id
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NoSuchVersion"):
            return "gone"
        raise
    lock = head.get("ObjectLockLegalHoldStatus", "OFF")
    state = "kept, legal hold ON" if lock == "ON" else "kept"
    return f"{state}, behind a delete marker" if marker_on_top else state
