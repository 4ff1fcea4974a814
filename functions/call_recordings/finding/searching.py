"""Finding a person's recordings by their caller number or customer reference, for the DPO's Find a
recording (POST /recordings/search): one query on the identifier's subject index, a page at a time,
newest first.

A search of a person's recordings is itself a processing of their data that the DPO must be able to
account for (UK GDPR Art 5(2), accountability): every search is audited, who searched, when, by which
kind of identifier, over which dates and what was found, under ``search#<London date>``. The identifier
is never in the entry, nor in the page token: the audit trail holds no personal data, and the token
carries no keyed hash (the hash is made again from the identifier each page is asked with).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from call_recordings.core.audit_vocabulary import AuditAction, TargetKind, audit_target
from call_recordings.core.errors import EmptySelection, InvalidPageToken
from call_recordings.core.paging import page_position, page_token
from call_recordings.core.retention import LONDON
from call_recordings.core.selection import SubjectSelection

if TYPE_CHECKING:
    from call_recordings.core.versions import RegisteredVersion
    from call_recordings.holds.dependencies import HoldsDependencies


def search_target(day: date) -> str:
    """What the audit entries of a London day's searches are filed under: ``search#<date>``."""
    return audit_target(TargetKind.SEARCH, day.isoformat())


@dataclass(frozen=True)
class RecordingSearch:
    """One identifier of a person (a caller number or a customer reference, never both: each is its own
    index), and optional London dates of recording."""

    caller_number: str | None = field(default=None, repr=False)
    customer_ref: str | None = field(default=None, repr=False)
    recorded_from: date | None = None
    recorded_to: date | None = None

    def selection(self) -> SubjectSelection:
        """The subject as holds and SARs select them (normalises; raises InvalidSubjectIdentifier and
        EmptySelection), of exactly one identifier."""
        if self.caller_number is not None and self.customer_ref is not None:
            raise EmptySelection("search by caller_number or by customer_ref, not both")
        return SubjectSelection(
            caller_number=self.caller_number,
            customer_ref=self.customer_ref,
            recorded_from=self.recorded_from,
            recorded_to=self.recorded_to,
        )


@dataclass(frozen=True)
class SearchPage:
    recordings: list[RegisteredVersion]
    next_token: str | None


def search_recordings(
    search: RecordingSearch, *, searched_by: str, limit: int, token: str | None, deps: HoldsDependencies
) -> SearchPage:
    """A page of the person's live versions, newest first, and the token of the next; audited."""
    selection = search.selection()
    (lookup,) = selection.lookups(deps.subject_key())
    start = _start_from(page_position(token), lookup.index.partition_key, lookup.subject_hash)
    versions, last = deps.registry.page_of_subject(lookup, limit=limit, start=start)
    now = deps.clock()
    deps.audit.record(
        who=searched_by,
        action=AuditAction.RECORDINGS_SEARCHED,
        target=search_target(now.astimezone(LONDON).date()),
        at=now,
        details={
            "by": selection.identifiers()[0],
            "recorded_from": selection.recorded_from and selection.recorded_from.isoformat(),
            "recorded_to": selection.recorded_to and selection.recorded_to.isoformat(),
            "page": "next" if token else "first",
            "found": len(versions),
            "call_ids": sorted({version.call_id for version in versions}),
        },
    )
    return SearchPage(versions, page_token(_without_hash(last, lookup.index.partition_key)))


def _without_hash(position: dict[str, Any] | None, hash_attribute: str) -> dict[str, Any] | None:
    """Where the next page starts, without the keyed hash: a token the client holds carries none."""
    return {name: value for name, value in position.items() if name != hash_attribute} if position else None


_POSITION = frozenset({"call_id", "version_id", "recorded_at"})


def _start_from(position: dict[str, Any] | None, hash_attribute: str, subject_hash: str) -> dict | None:
    """The index position a token stands for, with this search's own hash put back; InvalidPageToken for
    a token no search of this API returned."""
    if position is None:
        return None
    if set(position) != _POSITION or not all(
        isinstance(value, dict) and set(value) == {"S"} and isinstance(value["S"], str)
        for value in position.values()
    ):
        raise InvalidPageToken()
    return position | {hash_attribute: {"S": subject_hash}}
