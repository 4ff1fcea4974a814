"""Changes to an erasure, restriction, objection or rectification request in the words a SAR's have
(subject_access/changes.py): extend, pause, resume and close (reading them is rights/reporting.py).

Each change is made on the request as read and saved only over the revision it was read at; when another
change was saved in between, it is made again on the newer request (which may refuse it). Every change is
audited under ``request#<id>``, naming the caller and never the subject. A decided request may still be
extended and closed, but not paused or resumed: the decision is made, what is left is to tell the person.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.revisions import save_change
from call_recordings.rights.clock import PauseReason
from call_recordings.rights.clocked import (
    extended,
    extension_details,
    past_or_today,
    pause_details,
    paused,
    resume_details,
    resumed,
)
from call_recordings.rights.errors import (
    AlreadyDecided,
    RightsRequestChangedConcurrently,
    RightsRequestClosed,
)
from call_recordings.rights.records import RightsRequest, RightsRequestStatus, rights_request_target
from call_recordings.rights.reporting import get_rights_request

if TYPE_CHECKING:
    from call_recordings.rights.dependencies import RightsDependencies

Change = Callable[[RightsRequest], dict[str, Any]]


def change_rights_request(
    request_id: str, change: Change, deps: RightsDependencies
) -> tuple[RightsRequest, RightsRequest]:
    """The request before and after ``change`` (which returns the fields to update, or raises), saved over
    the revision it was made from; RightsRequestChangedConcurrently after ``save_attempts`` lost races."""
    saved = save_change(
        lambda: get_rights_request(request_id, deps),
        change,
        lambda changed, revision: deps.requests.save(changed, expected_revision=revision),
        attempts=deps.save_attempts,
        kept=("subject_hashes",),
    )
    if saved is None:
        raise RightsRequestChangedConcurrently(request_id)
    return saved


def extend_rights_request(
    request_id: str,
    *,
    reason: str,
    requester_told_on: date | None,
    extended_by: str,
    deps: RightsDependencies,
) -> RightsRequest:
    """Two further months, once, told to the requester within the original month (Art 12(3))."""
    now, today = deps.clock(), deps.today()
    told_on = past_or_today("requester_told_on", requester_told_on, today)

    def extend(request: RightsRequest) -> dict[str, Any]:
        still_open(request, "be extended")
        return extended(
            request, reason=reason, requester_told_on=told_on, by=extended_by, at=now, today=today
        )

    before, after = change_rights_request(request_id, extend, deps)
    audit_change(
        deps,
        extended_by,
        AuditAction.RIGHTS_REQUEST_EXTENDED,
        after,
        why={"extension_reason": after.extension_reason},
        details=extension_details(before, after, told_on),
    )
    return after


def pause_rights_request(
    request_id: str,
    *,
    reason: PauseReason,
    on: date | None,
    note: str | None,
    paused_by: str,
    deps: RightsDependencies,
) -> RightsRequest:
    """Stop the clock on ``on`` (today by default) while the council waits for the requester."""
    on = past_or_today("the pause date", on, deps.today())

    def pause(request: RightsRequest) -> dict[str, Any]:
        still_undecided(request, "be paused")
        return paused(request, reason=reason, on=on, note=note) | {"status": RightsRequestStatus.PAUSED}

    _, after = change_rights_request(request_id, pause, deps)
    audit_change(
        deps,
        paused_by,
        AuditAction.RIGHTS_REQUEST_PAUSED,
        after,
        why={"pause_reason": reason.value},
        details=pause_details(after, on),
    )
    return after


def resume_rights_request(
    request_id: str, *, on: date | None, resumed_by: str, deps: RightsDependencies
) -> RightsRequest:
    """Start the clock again on ``on``: after proof of identity the month runs from that day (ICO); after
    a clarification the due date moves by the days from asking to the answer, both included (Art 12A)."""
    on = past_or_today("the resume date", on, deps.today())

    def resume(request: RightsRequest) -> dict[str, Any]:
        still_undecided(request, "be resumed")
        return resumed(request, on=on) | {"status": RightsRequestStatus.OPEN}

    before, after = change_rights_request(request_id, resume, deps)
    audit_change(
        deps,
        resumed_by,
        AuditAction.RIGHTS_REQUEST_RESUMED,
        after,
        why={"pause_reason": before.pause_reason and before.pause_reason.value},
        details=resume_details(before, after, on)
        | {"identity_verified_on": after.identity_verified_on and after.identity_verified_on.isoformat()},
    )
    return after


def close_rights_request(
    request_id: str, *, note: str | None, closed_by: str, deps: RightsDependencies
) -> RightsRequest:
    """The request is answered (the person told of the decision), or withdrawn: its clock stops for good."""
    now = deps.clock()

    def close(request: RightsRequest) -> dict[str, Any]:
        still_open(request, "be closed again")
        return {
            "status": RightsRequestStatus.CLOSED,
            "closed_by": closed_by,
            "closed_at": now,
            "close_note": note,
        }

    before, after = change_rights_request(request_id, close, deps)
    audit_change(
        deps,
        closed_by,
        AuditAction.RIGHTS_REQUEST_CLOSED,
        after,
        why={},
        details={
            "status_before": before.status.value,
            "decision": before.decision and before.decision.value,
            "due_on": after.due_on.isoformat(),
            "answered_late": before.clock().is_overdue(deps.today()) or None,
        },
    )
    return after


def still_open(request: RightsRequest, what: str) -> None:
    if request.is_closed:
        raise RightsRequestClosed(request.request_id, what)


def still_undecided(request: RightsRequest, what: str) -> None:
    still_open(request, what)
    if request.decision is not None:
        raise AlreadyDecided(request.request_id, request.decision, what)


def audit_change(
    deps: RightsDependencies,
    who: str,
    action: AuditAction,
    request: RightsRequest,
    *,
    why: dict,
    details: dict,
) -> None:
    """A change's audit entry, filed under the request (``request#<id>``) and naming who made it."""
    deps.audit.record(
        who=who,
        action=action,
        target=rights_request_target(request.request_id),
        at=deps.clock(),
        why={"request": request.right.value} | why,
        details=details,
    )
