"""The hold worker's logic: place or release a hold on the recording versions of one work message.

The worker takes ids, not instructions (DESIGN section 8): a message names a hold, an action, a batch
and the versions of that batch, and the worker acts only on what the hold's record in the requests
table says. Per message, two reads of the record: the header (the conditional update that starts the
batch returns it: the hold exists, is being placed or released, and its reason, hence the tag), and
the message's versions among the hold's members (one query over the range of member items the batch
is): each must be a member of that batch. A message naming an unknown hold, or a version the hold's
record does not list for that batch, changes nothing: it is refused and the refusal audited
(``hold-work-refused``).

Per version, placing is exactly three AWS calls: the registry's conditional update (the lock, see
holds/release.py), the S3 legal hold ON, and the version's tags with ``retention=hold`` (or
``restricted``, for a restriction's hold; a fourth call, rarely, when another hold's reason calls for
the other class, holds/release.py kept_class). Per message, the hold's progress is counted once
(conditional on the batch not being counted yet), so a message delivered twice, or retried after a
failure, changes nothing the first delivery did not. So a message of n versions costs 3n + 4 calls (the
start, the members' query, the count and its audit entry), and the hold's last message two more (the
hold active, audited): with messages as large as they may be (holds/dependencies.py), 3.00 a recording.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from call_recordings.core.at_once import each_at_once
from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.errors import RecordingGone
from call_recordings.core.identifiers import hold_target
from call_recordings.core.versions import RecordingVersion
from call_recordings.holds.errors import ReleaseInProgress, ReleaseTokenRefused
from call_recordings.holds.hold import Hold
from call_recordings.holds.records import VersionOutcome, WorkMessage, WorkReport
from call_recordings.holds.release import (
    KEPT_CLASSES,
    due_on_after_release,
    kept_class,
    lease_ends,
    recording_tags,
    retention_after_release,
    still_held,
)
from call_recordings.holds.vocabulary import HoldReason, HoldStatus, RecordingOutcome, WorkAction

if TYPE_CHECKING:
    from call_recordings.holds.worker_dependencies import WorkerDependencies

# Who the worker's own audit entries name.
HOLD_WORKER = "system:hold-worker"


def apply_work(message: WorkMessage, deps: WorkerDependencies) -> WorkReport:
    """Do one message's work, as the hold's record says; its progress is counted only when every
    version in it is done. A message the record does not bear out is refused (and audited)."""
    hold = deps.casework.start_work(message.hold_id, message.action, message.batch, deps.clock())
    if hold is None:
        recorded = deps.casework.hold(message.hold_id)
        if recorded is None:
            return _refuse(message, f"hold {message.hold_id} does not exist", message.recordings, deps)
        if message.batch > recorded.batches:
            return _refuse(
                message,
                f"hold {message.hold_id} was split into {recorded.batches} batch(es), not {message.batch}",
                message.recordings,
                deps,
            )
        return WorkReport(hold_id=message.hold_id, action=message.action, batch=message.batch, applied=False)
    members = deps.casework.hold_members(message.hold_id, [version.key for version in message.recordings])
    strangers = [
        version
        for version in message.recordings
        if version.key not in members or members[version.key].batch not in (None, message.batch)
    ]
    if strangers:
        return _refuse(
            message,
            f"the record of hold {message.hold_id} does not list these versions in batch {message.batch}",
            strangers,
            deps,
        )
    # The record's own versions (where the object is), not the message's.
    recordings = [members[version.key].version for version in message.recordings]
    work = place_on_version if message.action is WorkAction.PLACE else release_from_version
    outcomes = each_at_once(
        lambda version: work(version, hold.hold_id, hold.reason, deps), recordings, threads=deps.threads
    )
    report = WorkReport(
        hold_id=message.hold_id,
        action=message.action,
        batch=message.batch,
        applied=True,
        outcomes=tuple(
            VersionOutcome(call_id=version.call_id, version_id=version.version_id, outcome=outcome)
            for version, outcome in zip(recordings, outcomes, strict=True)
        ),
    )
    if not report.complete:
        return report
    counted = _count(report, deps)
    return report.model_copy(update={"hold_status": counted.status if counted else None})


def place_on_version(
    version: RecordingVersion, hold_id: str, reason: HoldReason, deps: WorkerDependencies
) -> RecordingOutcome:
    """Registry first (it excludes a concurrent release), then the legal hold, then the tags."""
    for attempt in range(deps.place_attempts):
        try:
            registered = deps.registry.add_hold(version, hold_id, reason=reason, now=deps.clock())
            break
        except RecordingGone:
            return RecordingOutcome.GONE
        except ReleaseInProgress:
            if attempt + 1 < deps.place_attempts:
                deps.sleep(deps.retry_pause * 2**attempt)
    else:
        return RecordingOutcome.WAITING
    retention = kept_class(registered.restriction_holds)
    if registered.retention is not retention:  # another hold's reason calls for the other class
        deps.registry.set_kept_class(version, retention)
    bucket = registered.bucket or deps.recordings_bucket
    deps.legal_holds.hold_version(bucket, registered.object_key, registered.version_id)
    deps.legal_holds.tag_version(
        bucket, registered.object_key, registered.version_id, recording_tags(registered, retention)
    )
    return RecordingOutcome.HELD


def release_from_version(
    version: RecordingVersion, hold_id: str, reason: HoldReason, deps: WorkerDependencies
) -> RecordingOutcome:
    """Take the hold off; if it was the last, return the version to its retention class under a
    release token, so that no hold placed meanwhile can be undone (holds/release.py). If other holds
    keep it, it stays held; its class changes only when this hold's reason was the one that set it
    (a restriction lifted while a legal claim's hold remains: back to ``hold``)."""
    try:
        registered = deps.registry.remove_hold(version, hold_id)
    except RecordingGone:
        return RecordingOutcome.GONE
    if still_held(registered.holds):
        retention = kept_class(registered.restriction_holds)
        if registered.retention is not retention and deps.registry.set_kept_class(version, retention):
            bucket = registered.bucket or deps.recordings_bucket
            deps.legal_holds.tag_version(
                bucket, registered.object_key, registered.version_id, recording_tags(registered, retention)
            )
        return RecordingOutcome.STILL_HELD
    if registered.retention not in KEPT_CLASSES:
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
        version,
        token,
        retention=retention,
        due_on=due_on_after_release(registered.expires_on, deps.clock(), registered.not_due_before),
    )
    if not finished:
        raise RuntimeError(
            f"the release of {version.call_id}/{version.version_id} outlasted its token; "
            "the registry item needs checking"
        )
    return RecordingOutcome.RETURNED


def _refuse(
    message: WorkMessage, refused: str, versions: Sequence[RecordingVersion], deps: WorkerDependencies
) -> WorkReport:
    """A message the hold's record does not bear out: nothing is done, and the refusal is audited
    under the hold it names, with the versions it named that the record does not list."""
    deps.audit.record(
        who=HOLD_WORKER,
        action=AuditAction.HOLD_WORK_REFUSED,
        target=hold_target(message.hold_id),
        at=deps.clock(),
        why={"refused": f"{refused}: the hold worker acts only on what the hold's record lists"},
        details={
            "action": message.action.value,
            "batch": message.batch,
            "recordings": [f"{version.call_id}#{version.version_id}" for version in versions],
        },
    )
    return WorkReport(
        hold_id=message.hold_id, action=message.action, batch=message.batch, applied=False, refused=refused
    )


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
