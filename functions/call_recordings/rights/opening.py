"""Opening an erasure, restriction, objection or rectification request: record it and start its clock.

Nothing else happens. No recording is looked up, erased, restricted or kept: the person's recordings go
on under their own retention until the DPO decides (rights/deciding.py). An objection does not restrict
processing by itself either: Art 18(1)(d) gives the person a right to ask for restriction while the
objection is weighed, and that is a restriction request of its own (or the DPO upholds the objection and
restricts).

Who it is about: an erasure needs the person (caller number and/or customer reference), since erasure
finds a person's recordings; a rectification names the calls its statement will be attached to; a
restriction or objection may name either. The identifiers are kept only as their keyed hashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.selection import CallSelection, SubjectSelection
from call_recordings.rights.clock import RightsClock, check_received_on
from call_recordings.rights.errors import RequestIncomplete
from call_recordings.rights.records import (
    RIGHT_WORDING,
    RightsKind,
    RightsRequest,
    RightsRequestStatus,
    new_rights_request_id,
    rights_request_target,
)
from call_recordings.subject_access.errors import DateInFuture

if TYPE_CHECKING:
    from call_recordings.rights.dependencies import RightsDependencies


@dataclass(frozen=True)
class NewRightsRequest:
    """What the DPO logs when a request arrives: the right, who or what (identifiers never kept), when."""

    right: RightsKind
    recordings: SubjectSelection | CallSelection
    received_on: date
    identity_verified_on: date | None = None
    note: str | None = None
    disputed: str | None = None  # rectification: what the person says is wrong
    objection: str | None = None  # objection: the processing they object to, and why


def open_rights_request(
    request: NewRightsRequest, *, opened_by: str, deps: RightsDependencies
) -> RightsRequest:
    """The request as opened, its clock started. ReceivedInFuture / DateInFuture for dates after today
    (London), StartedBeforeReceived, RequestIncomplete when the kind lacks what it needs."""
    now, today = deps.clock(), deps.today()
    _check_complete(request)
    check_received_on(request.received_on, today)
    if request.identity_verified_on is not None and request.identity_verified_on > today:
        raise DateInFuture("identity_verified_on", request.identity_verified_on, today)
    clock = RightsClock(received_on=request.received_on, identity_verified_on=request.identity_verified_on)
    by_subject = isinstance(request.recordings, SubjectSelection)
    opened = RightsRequest(
        request_id=new_rights_request_id(now),
        right=request.right,
        status=RightsRequestStatus.OPEN,
        received_on=request.received_on,
        identity_verified_on=request.identity_verified_on,
        due_on=clock.due_on,
        selection=request.recordings.described(),
        call_ids=() if by_subject else tuple(request.recordings.distinct()),  # type: ignore[union-attr]
        subject_hashes=dict(request.recordings.kept(deps.subject_key()).hashes) if by_subject else {},  # type: ignore[union-attr]
        note=request.note,
        disputed=request.disputed,
        objection=request.objection,
        opened_by=opened_by,
        opened_at=now,
    )
    deps.requests.create(opened)
    deps.audit.record(
        who=opened_by,
        action=AuditAction.RIGHTS_REQUEST_OPENED,
        target=rights_request_target(opened.request_id),
        at=now,
        why={"request": RIGHT_WORDING[request.right]},
        details={
            "selection": (
                f"subject ({' and '.join(request.recordings.identifiers())})"  # type: ignore[union-attr]
                if by_subject
                else f"{len(opened.call_ids)} call id(s)"
            ),
            "recorded_from": opened.selection.recorded_from and opened.selection.recorded_from.isoformat(),
            "recorded_to": opened.selection.recorded_to and opened.selection.recorded_to.isoformat(),
            "received_on": opened.received_on.isoformat(),
            "identity_verified_on": opened.identity_verified_on and opened.identity_verified_on.isoformat(),
            "due_on": opened.due_on.isoformat(),
            "effect": "none until decided: no recording is erased, restricted or kept by the request",
        },
    )
    return opened


def _check_complete(request: NewRightsRequest) -> None:
    by_subject = isinstance(request.recordings, SubjectSelection)
    if request.right is RightsKind.ERASURE and not by_subject:
        raise RequestIncomplete(
            "an erasure request names the person (caller_number and/or customer_ref): erasure finds a "
            "person's recordings, and a call id says nothing of whose voice is in it"
        )
    if request.right is RightsKind.RECTIFICATION:
        if by_subject:
            raise RequestIncomplete(
                "a rectification request names the recordings (call_ids) its supplementary statement will "
                "be attached to"
            )
        if not request.disputed:
            raise RequestIncomplete("a rectification request says what the person says is wrong (disputed)")
    if request.right is RightsKind.OBJECTION and not request.objection:
        raise RequestIncomplete(
            "an objection request says which processing the person objects to (objection)"
        )
    if request.disputed and request.right is not RightsKind.RECTIFICATION:
        raise RequestIncomplete("disputed is a rectification request's")
    if request.objection and request.right is not RightsKind.OBJECTION:
        raise RequestIncomplete("objection is an objection request's")
