"""Placing a hold, as the DPO asks for it: find the recordings, record the hold, have it applied.

Nothing is written until every recording asked for is found. A hold over at most ``sync_limit``
versions is applied while the DPO waits (the hold worker, invoked synchronously); a larger one, or
one the worker could not finish at once, goes to the work queue and is reported as ``placing``.
The hold records when its work was handed over, so that a request retried with its Idempotency-Key
after failing half way (hold recorded, work not handed over) hands the work over then.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.errors import NoRecordingsForSubject, RecordingsNotFound
from call_recordings.core.identifiers import hold_target, new_hold_id
from call_recordings.core.selection import CallSelection, Selection, SubjectSelection, subject_versions
from call_recordings.core.versions import RecordingVersion, in_order
from call_recordings.holds.errors import HoldWorkerFailed, IdempotencyKeyReused
from call_recordings.holds.hold import Hold
from call_recordings.holds.records import IdempotencyRecord, WorkMessage, work_messages
from call_recordings.holds.review import check_review_on, default_review_on, is_reviewable
from call_recordings.holds.selection import HoldRequest
from call_recordings.holds.vocabulary import HoldStatus, WorkAction

if TYPE_CHECKING:
    from call_recordings.holds.dependencies import HoldsDependencies


def place_hold(
    request: HoldRequest, *, placed_by: str, idempotency_key: str | None, deps: HoldsDependencies
) -> Hold:
    """The hold as it stands once placed (``active``) or handed to the work queue (``placing``).

    With an Idempotency-Key, the same request made again returns the hold the first one made.
    """
    now = deps.clock()
    review_on = first_review_on(request, deps)  # ReviewDateNotAhead, ReviewDateTooFar: before any write
    fingerprint = request.fingerprint(deps.subject_key()) if idempotency_key else None
    hold_id = new_hold_id(now)
    earlier: IdempotencyRecord | None = None
    if idempotency_key:
        earlier = deps.casework.idempotency_record(idempotency_key)
        if earlier is not None:
            made = _made_earlier(earlier, fingerprint, deps)
            if made is not None:
                return _resume(made, by=placed_by, deps=deps)
            hold_id = earlier.hold_id  # the earlier request stopped before it made the hold
    versions = find_recordings(request.selection, deps)
    if idempotency_key and earlier is None:
        earlier = deps.casework.claim_idempotency_key(idempotency_key, hold_id, fingerprint, now)
        if earlier is not None:  # a concurrent request with the same key claimed it first
            made = _made_earlier(earlier, fingerprint, deps)
            if made is not None:
                return made  # the concurrent request is placing it
            hold_id = earlier.hold_id

    messages = hold_messages(hold_id, WorkAction.PLACE, versions, deps)
    hold = Hold(
        hold_id=hold_id,
        status=HoldStatus.PLACING,
        reason=request.reason,
        case_reference=request.case_reference,
        note=request.note,
        placed_by=placed_by,
        placed_at=now,
        selection=request.selection.described(),
        total=len(versions),
        batches=len(messages),
        review_on=review_on,
    )
    batches = {version.key: message.batch for message in messages for version in message.recordings}
    if not deps.casework.create_hold(hold, versions, batches=batches):
        return deps.casework.hold(hold_id) or hold  # made by a concurrent retry of this request
    deps.audit.record(
        who=placed_by,
        action=AuditAction.HOLD_PLACED,
        target=hold_target(hold_id),
        at=now,
        why={"reason": request.reason.value, "case_reference": request.case_reference},
        details={
            "selection": _selection_words(request.selection),
            "recorded_from": hold.selection.recorded_from and hold.selection.recorded_from.isoformat(),
            "recorded_to": hold.selection.recorded_to and hold.selection.recorded_to.isoformat(),
            "recordings": len(versions),
            "calls": len({version.call_id for version in versions}),
            "applied": "now" if len(versions) <= deps.sync_limit else "through the work queue",
            "review_on": review_on and review_on.isoformat(),
        },
    )
    hand_over(hold_id, WorkAction.PLACE, messages, deps=deps)
    return deps.casework.hold(hold_id) or hold


def first_review_on(request: HoldRequest, deps: HoldsDependencies) -> date | None:
    """The date the DPO gave (after today, within twelve months), or the default for the hold's reason
    from today; None for a request's own hold (a SAR's, a restriction's), which ends with the request."""
    today = deps.today()
    if not is_reviewable(request.reason):
        return None
    if request.review_on is not None:
        return check_review_on(request.review_on, today)
    return default_review_on(request.reason, today, deps.review_months)


def find_recordings(selection: Selection, deps: HoldsDependencies) -> list[RecordingVersion]:
    """Every version of every call the selection names, or every version carrying the subject's own
    identifiers (core.selection.subject_versions, never widened through a call id); RecordingsNotFound
    naming unknown call ids, NoRecordingsForSubject when a subject has none."""
    if isinstance(selection, CallSelection):
        call_ids = selection.distinct()
        found = deps.registry.versions_of_calls(call_ids)
        unknown = [call_id for call_id in call_ids if not found.get(call_id)]
        if unknown:
            raise RecordingsNotFound(unknown)
        return in_order(registered.version() for versions in found.values() for registered in versions)
    matched = subject_versions(selection, deps.subject_key(), deps.registry)
    if not matched:
        raise NoRecordingsForSubject(selection.identifiers())
    return [registered.version() for registered in matched]


def hold_messages(
    hold_id: str, action: WorkAction, versions: list[RecordingVersion], deps: HoldsDependencies
) -> list[WorkMessage]:
    """One message for a hold the worker applies while the DPO waits, batches for the work queue."""
    synchronous = len(versions) <= deps.sync_limit
    return work_messages(hold_id, action, versions, max(len(versions), 1) if synchronous else deps.batch_size)


def recorded_messages(hold_id: str, action: WorkAction, deps: HoldsDependencies) -> list[WorkMessage]:
    """The hold's work messages as its record keeps them: its versions in the batches they were placed
    in (the hold worker acts on a version only in its own batch). A hold recorded before its members
    kept their batch is split again as when it was placed."""
    members = deps.casework.all_hold_members(hold_id)
    if any(member.batch is None for member in members):
        return hold_messages(hold_id, action, [member.version for member in members], deps)
    batches: dict[int, list[RecordingVersion]] = {}
    for member in members:
        batches.setdefault(member.batch, []).append(member.version)  # type: ignore[arg-type]
    return [
        WorkMessage(action=action, hold_id=hold_id, batch=batch, recordings=tuple(versions))
        for batch, versions in sorted(batches.items())
    ]


def hand_over(
    hold_id: str, action: WorkAction, messages: list[WorkMessage], *, deps: HoldsDependencies
) -> None:
    """Apply a small hold's single message now, or queue the messages; work the worker could not
    finish at once (it met a release in progress, or failed) goes to the queue too. Then note on the
    hold that its work is handed over."""
    applied = False
    if len(messages) == 1 and len(messages[0].recordings) <= deps.sync_limit:
        try:
            applied = deps.worker.apply(messages[0]).complete
        except HoldWorkerFailed:
            applied = False
    if not applied:
        deps.work_queue.enqueue(messages)
    deps.casework.note_handed_over(hold_id, action, deps.clock())


def resume_hand_over(hold: Hold, action: WorkAction, *, by: str, deps: HoldsDependencies) -> Hold:
    """Hand over the work of a hold whose request failed before handing it over (it stays ``placing``
    or ``releasing`` with nothing to move it on). Handing work over twice is harmless: the worker
    counts each batch once."""
    messages = recorded_messages(hold.hold_id, action, deps)
    deps.audit.record(
        who=by,
        action=AuditAction.HOLD_PLACING_RESUMED
        if action is WorkAction.PLACE
        else AuditAction.HOLD_RELEASE_RESUMED,
        target=hold_target(hold.hold_id),
        at=deps.clock(),
        why={"reason": hold.reason.value, "case_reference": hold.case_reference},
        details={"recordings": sum(len(message.recordings) for message in messages)},
    )
    hand_over(hold.hold_id, action, messages, deps=deps)
    return deps.casework.hold(hold.hold_id) or hold


def _resume(hold: Hold, *, by: str, deps: HoldsDependencies) -> Hold:
    if hold.status is HoldStatus.PLACING and hold.handed_over_at is None:
        return resume_hand_over(hold, WorkAction.PLACE, by=by, deps=deps)
    return hold


def _made_earlier(
    earlier: IdempotencyRecord, fingerprint: str | None, deps: HoldsDependencies
) -> Hold | None:
    """The hold an earlier request with the same key made; None if it stopped before making it.
    IdempotencyKeyReused if the earlier request was a different one."""
    if earlier.fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    return deps.casework.hold(earlier.hold_id)


def _selection_words(selection: Selection) -> str:
    if isinstance(selection, SubjectSelection):
        return f"subject ({' and '.join(selection.identifiers())})"
    return f"{len(selection.distinct())} call id(s)"
