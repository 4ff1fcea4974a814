"""Reading erasure, restriction, objection and rectification requests: one (which the changes read
through too) and the list, where each stands against its clock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from call_recordings.rights.errors import RightsRequestNotFound
from call_recordings.rights.records import RightsKind, RightsRequest, RightsRequestStatus

if TYPE_CHECKING:
    from call_recordings.rights.dependencies import RightsDependencies


def get_rights_request(request_id: str, deps: RightsDependencies) -> RightsRequest:
    found = deps.requests.rights_request(request_id)
    if found is None:
        raise RightsRequestNotFound(request_id)
    return found


def list_rights_requests(
    *,
    right: RightsKind | None,
    status: RightsRequestStatus | None,
    overdue: bool | None,
    limit: int,
    token: str | None,
    deps: RightsDependencies,
) -> tuple[list[RightsRequest], str | None]:
    """Requests of one kind (or every kind, one after another), in one status and/or overdue (or not) as
    of today in London, newest first; a page and a token."""
    today = deps.today()
    statuses = (status,) if status is not None else None
    if overdue:  # only outstanding requests can be overdue
        statuses = tuple(
            each
            for each in (statuses or tuple(RightsRequestStatus))
            if each is not RightsRequestStatus.CLOSED
        )
        if not statuses:
            return [], None
    keep = None if overdue is None else (lambda request: request.is_overdue(today) == overdue)
    kinds = (right,) if right is not None else tuple(RightsKind)
    return deps.requests.rights_requests(kinds=kinds, statuses=statuses, keep=keep, limit=limit, token=token)
