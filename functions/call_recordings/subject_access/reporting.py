"""Reading subject access requests: one SAR (get_sar, which the changes read through too), the SAR report
and the SAR list: where each request stands against its clock, and what it matched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from call_recordings.core.versions import RecordingVersion, RegisteredVersion
from call_recordings.subject_access.errors import SarNotFound
from call_recordings.subject_access.records import SarStatus, SubjectAccessRequest

if TYPE_CHECKING:  # a SAR's preservation hold is read and shown by the reports, never by the package's maker
    from call_recordings.holds.hold import Hold
    from call_recordings.subject_access.dependencies import SarDependencies


def get_sar(sar_id: str, deps: SarDependencies) -> SubjectAccessRequest:
    sar = deps.sars.sar(sar_id)
    if sar is None:
        raise SarNotFound(sar_id)
    return sar


def sar_report(
    sar_id: str,
    *,
    limit: int,
    token: str | None,
    deps: SarDependencies,
    sar: SubjectAccessRequest | None = None,
) -> tuple[
    SubjectAccessRequest, Hold | None, list[tuple[RecordingVersion, RegisteredVersion | None]], str | None
]:
    """The SAR, its preservation hold, a page of the versions it matched with their registry items
    (None for a version no longer registered), and the next page's token. ``sar``: the SAR as a
    change has just saved it, so that it is not read again."""
    sar = sar or get_sar(sar_id, deps)
    hold = deps.holds.casework.hold(sar.hold_id) if sar.hold_id else None
    versions, next_token = deps.sars.sar_recordings(sar_id, limit=limit, token=token)
    registered = deps.holds.registry.registered_versions(version.key for version in versions)
    return sar, hold, [(version, registered.get(version.key)) for version in versions], next_token


def list_sars(
    *, status: SarStatus | None, overdue: bool | None, limit: int, token: str | None, deps: SarDependencies
) -> tuple[list[SubjectAccessRequest], str | None]:
    """SARs newest first, in one status and/or overdue (or not) as of today in London; a page and a token."""
    today = deps.today()
    statuses = (status,) if status is not None else None
    if overdue:  # only outstanding requests can be overdue
        statuses = tuple(each for each in (statuses or tuple(SarStatus)) if each is not SarStatus.CLOSED)
        if not statuses:
            return [], None
    keep = None if overdue is None else (lambda sar: sar.is_overdue(today) == overdue)
    return deps.sars.sars(statuses=statuses, keep=keep, limit=limit, token=token)
