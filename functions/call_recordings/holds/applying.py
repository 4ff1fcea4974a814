"""The hold worker's logic: place or release a hold on the recording versions of one work message.

Per version, placing is exactly three AWS calls: the registry's conditional update (the lock, see
holds/release.py), the S3 legal hold ON, and the version's tags with ``retention=hold``. Per message,
the hold's progress is counted once (conditional on the batch not being counted yet), so a message
delivered twice, or retried after a failure, changes nothing the first delivery did not.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.errors import RecordingGone
from call_recordings.core.identifiers import hold_target
from call_recordings.core.versions import RecordingVersion
from call_recordings.core.vocabulary import RetentionClass
from call_recordings.holds.errors import ReleaseInProgress, ReleaseTokenRefused
from call_recordings.holds.hold import Hold
from call_recordings.holds.records import VersionOutcome, WorkMessage, WorkReport
from call_recordings.holds.release import (
    due_on_after_release,
    lease_ends,
    recording_tags,
    retention_after_release,
    still_held,
)
from call_recordings.holds.vocabulary import HoldStatus, RecordingOutcome, WorkAction

if TYPE_CHECKING:
    from call_recordings.holds.worker_dependencies import WorkerDependencies

# Who the worker's own audit entries name.
HOLD_WORKER = "system:hold-worker"


def apply_work(message: WorkMessage, deps: WorkerDependencies) -> WorkReport:
    """Do one message's work; its progress is counted only when every version in it is done."""
    if not deps.casework.start_work(message.hold_id, message.action, message.batch, deps.clock()):
        return WorkReport(hold_id=message.hold_id, action=message.action, batch=message.batch, applied=False)
    work = place_on_version if message.action is WorkAction.PLACE else release_from_version
    with ThreadPoolExecutor(max_workers=deps.threads) as pool:
        outcomes = list(pool.map(lambda version: work(version, message.hold_id, deps), message.recordings))
    report = WorkReport(
        hold_id=message.hold_id,
        action=message.action,
        batch=message.batch,
        applied=True,
        outcomes=tuple(
            VersionOutcome(call_id=version.call_id, version_id=version.version_id, outcome=outcome)
            for version, outcome in zip(message.recordings, outcomes, strict=True)
        ),
    )
    if not report.complete:
        return report
    hold = _count(report, deps)
    return report.model_copy(update={"hold_status": hold.status if hold else None})


def place_on_version(version: RecordingVersion, hold_id: str, deps: WorkerDependencies) -> RecordingOutcome:
    """Registry first (it excludes a concurrent release), then the legal hold, then the tags."""
    for attempt in range(deps.place_attempts):
        try:
            registered = deps.registry.add_hold(version, hold_id, now=deps.clock())
            break
        except RecordingGone:
            return RecordingOutcome.GONE
        except ReleaseInProgress:
            if attempt + 1 < deps.place_attempts:
                deps.sleep(deps.retry_pause * 2**attempt)
    else:
        return RecordingOutcome.WAITING
    bucket = registered.bucket or deps.recordings_bucket
    deps.legal_holds.hold_version(bucket, registered.object_key, registered.version_id)
    deps.legal_holds.tag_version(
        bucket, registered.object_key, registered.version_id, recording_tags(registered, RetentionClass.HOLD)
    )
    return RecordingOutcome.HELD


def release_from_version(
    version: RecordingVersion, hold_id: str, deps: WorkerDependencies
) -> RecordingOutcome:
    """Take the hold off; if it was the last, return the version to its retention class under a
    release token, so that no hold placed meanwhile can be undone (holds/release.py)."""
    try:
        registered = deps.registry.remove_hold(version, hold_id)
    except RecordingGone:
        return RecordingOutcome.GONE
    if still_held(registered.holds):
        return RecordingOutcome.STILL_HELD
    if registered.retention is not RetentionClass.HOLD:
        return RecordingOutcome.RETURNED  # a previous try of this message finished it
    token = uuid.uuid4().hex
    now = deps.clock()
    try:
        deps.registry.take_release_token(version, token, now=now, until=lease_ends(now))
    except RecordingGone:
        return RecordingOutcome.GONE
    except ReleaseTokenRefused as refused:
        # A hold was placed since step 1: it keeps the version. Otherwise another release of the
        # version's last hold holds the token and returns it.
        return RecordingOutcome.STILL_HELD if refused.current.holds else RecordingOutcome.RETURNED
    retention = retention_after_release(registered.flags)
    bucket = registered.bucket or deps.recordings_bucket
    deps.legal_holds.release_version(bucket, registered.object_key, registered.version_id)
    deps.legal_holds.tag_version(
        bucket, registered.object_key, registered.version_id, recording_tags(registered, retention)
    )
    finished = deps.registry.finish_release(
        version, token, retention=retention, due_on=due_on_after_release(registered.expires_on, deps.clock())
    )
    if not finished:
        raise RuntimeError(
            f"the release of {version.call_id}/{version.version_id} outlasted its token; "
            "the registry item needs checking"
        )
    return RecordingOutcome.RETURNED


def _count(report: WorkReport, deps: WorkerDependencies) -> Hold | None:
    """Count the message on the hold, write the progress entry, and finish the hold when it was the last."""
    if report.action is WorkAction.PLACE:
        counts = {"held": report.count(RecordingOutcome.HELD), "gone": report.count(RecordingOutcome.GONE)}
        action, finished_action = AuditAction.RECORDINGS_HELD, AuditAction.HOLD_ACTIVE
    else:
        returned = report.count(RecordingOutcome.RETURNED)
        counts = {"released": len(report.outcomes), "returned": returned}
        action, finished_action = AuditAction.RECORDINGS_RELEASED, AuditAction.HOLD_RELEASED
    now = deps.clock()
    hold = deps.casework.count_work(report.hold_id, report.action, report.batch, counts, now)
    if hold is None:  # a concurrent delivery of the same message counted it
        return None
    deps.audit.record(
        who=HOLD_WORKER,
        action=action,
        target=hold_target(report.hold_id),
        at=now,
        why={"reason": hold.reason.value, "case_reference": hold.case_reference},
        details={
            "batch": report.batch,
            "outcomes": {
                outcome.value: report.count(outcome) for outcome in RecordingOutcome if report.count(outcome)
            },
            "recordings": [f"{each.call_id}#{each.version_id}" for each in report.outcomes],
        },
    )
    done = hold.held + hold.gone if report.action is WorkAction.PLACE else hold.released
    if done >= hold.total and deps.casework.complete_work(report.hold_id, report.action, now):
        deps.audit.record(
            who=HOLD_WORKER,
            action=finished_action,
            target=hold_target(report.hold_id),
            at=deps.clock(),
            why={"reason": hold.reason.value, "case_reference": hold.case_reference},
            details=_progress(hold),
        )
        return hold.model_copy(
            update={"status": HoldStatus.ACTIVE if report.action is WorkAction.PLACE else HoldStatus.RELEASED}
        )
    return hold


def _progress(hold: Hold) -> dict[str, int]:
    return {
        "total": hold.total,
        "held": hold.held,
        "gone": hold.gone,
        "released": hold.released,
        "returned": hold.returned,
    }
