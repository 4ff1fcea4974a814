"""A recording's audit trail: everything that happened to it, oldest first, gathered without a scan.

What is filed under ``recording#<call_id>`` is only what happened to the recording alone (its
deletion or erasure, an Object Lock refusal, a lost object). The rest was done to it as one of many,
and is filed under the request that did it, where writing one entry per recording would cost a call
per recording:

- its **registration** is not an audit entry at all (ingest stays at three calls per upload): it is
  presented from the version's registry item, as ingest wrote it (``registered_at``, the flags ingest
  set). A deleted version's tombstone keeps no time of registration (it went with the personal data):
  its deletion entry keeps the day (``registered_on``), so it is shown at the start of that UTC day;
- **holds**, a SAR's preservation among them: each version's registry item lists every hold it was
  ever under (``hold_history``); of each hold's entries the trail takes the DPO's steps and the hold
  worker's batches that name a version of this call;
- **SARs**: a SAR preserves what it matched with a hold of reason ``sar`` whose case reference is the
  SAR's id, so its entries (opened, disclosed, closed) are found through that hold;
- **restrictions**: listed on each version (``restriction_history``), placed and lifted;
- **outside disclosures**: found as SARs are, through their preservation hold (reason ``disclosure``,
  the disclosure id its case reference): recorded, packaged for the recipient, closed.

Cost: one registry query for the call's items (tombstones included), one audit query for the
recording's own entries, and one per hold, SAR and restriction that ever covered a version of it
(each paged beyond 1 MB). No entry is written to keep this trail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time

from pydantic import ConfigDict

from call_recordings.core.audit_entries import AuditEntry
from call_recordings.core.audit_vocabulary import AuditAction, TargetKind, audit_target
from call_recordings.core.errors import InvalidPageToken
from call_recordings.core.models import BaseModel
from call_recordings.core.paging import page_position, page_token
from call_recordings.core.vocabulary import OBJECT_MISSING
from call_recordings.holds.vocabulary import HoldReason

# Who a registration is shown as made by: its entry is never written, but presented from the registry.
INGEST = "system:ingest"

# Of the entries of a hold, SAR or restriction that covered a version of the recording, those that
# say what was done to it. The others are about the request alone: a hold's completion, a resumed
# hand-over, a SAR's clock (paused, resumed, extended).
STEPS_ON_RECORDINGS = frozenset(
    {
        AuditAction.HOLD_PLACED,
        AuditAction.RECORDINGS_HELD,
        AuditAction.HOLD_RELEASE_REQUESTED,
        AuditAction.RECORDINGS_RELEASED,
        AuditAction.SAR_OPENED,
        AuditAction.SAR_DISCLOSED,
        AuditAction.SAR_CLOSED,
        AuditAction.RESTRICTION_PLACED,
        AuditAction.RESTRICTION_LIFTED,
        AuditAction.DISCLOSURE_RECORDED,
        AuditAction.DISCLOSURE_PACKAGED,
        AuditAction.DISCLOSURE_CLOSED,
    }
)
_DELETIONS = frozenset(
    {AuditAction.RECORDING_DELETED, AuditAction.RECORDING_ERASED, AuditAction.RECORDING_DESTROYED}
)
# Flags set after registration, each with an entry of its own (object-missing-reported).
_FLAGGED_LATER = frozenset({OBJECT_MISSING})


class VersionHistory(BaseModel):
    """A registry item as the trail reads it: what ingest registered and every request it was under.
    Never a subject hash, and nothing the tombstone removes but ``registered_at``, read while live."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    call_id: str
    version_id: str
    registered_at: datetime | None = None  # absent on a tombstone
    flags: frozenset[str] = frozenset()
    # Flags a correction of purpose or source answered (corrections/): no longer for review, but set
    # at registration all the same.
    flags_cleared: frozenset[str] = frozenset()
    holds: frozenset[str] = frozenset()
    hold_history: frozenset[str] = frozenset()
    restrictions: frozenset[str] = frozenset()
    restriction_history: frozenset[str] = frozenset()
    deleted_on: date | None = None

    @property
    def hold_ids(self) -> frozenset[str]:
        return self.holds | self.hold_history  # `holds` alone on items held before the history began

    @property
    def restriction_ids(self) -> frozenset[str]:
        return self.restrictions | self.restriction_history


def recording_trail(
    call_id: str, versions: Iterable[VersionHistory], entries_for: Callable[[str], list[AuditEntry]]
) -> list[AuditEntry]:
    """Everything that happened to the recording, oldest first: ``versions`` are its registry items
    (tombstones included), ``entries_for`` reads every entry of one target."""
    versions = list(versions)
    own = entries_for(audit_target(TargetKind.RECORDING, call_id))
    hold_ids = sorted({hold_id for version in versions for hold_id in version.hold_ids})
    restriction_ids = sorted({each for version in versions for each in version.restriction_ids})
    held = [entry for hold_id in hold_ids for entry in entries_for(audit_target(TargetKind.HOLD, hold_id))]
    sar_ids = _cases_of(held, HoldReason.SAR)
    disclosure_ids = _cases_of(held, HoldReason.DISCLOSURE)
    requests = (
        held
        + [entry for sar_id in sar_ids for entry in entries_for(audit_target(TargetKind.SAR, sar_id))]
        + [
            entry
            for disclosure_id in disclosure_ids
            for entry in entries_for(audit_target(TargetKind.DISCLOSURE, disclosure_id))
        ]
        + [
            entry
            for restriction_id in restriction_ids
            for entry in entries_for(audit_target(TargetKind.RESTRICTION, restriction_id))
        ]
    )
    about_it = [entry for entry in requests if _about(entry, call_id)]
    return sorted(own + about_it + registrations(call_id, versions, own), key=lambda entry: entry.entry)


def registrations(
    call_id: str, versions: Iterable[VersionHistory], own: Iterable[AuditEntry]
) -> list[AuditEntry]:
    """Each version's registration, as its registry item (or, once deleted, its deletion entry) tells."""
    registered_on = {
        str(entry.details.get("version_id")): date.fromisoformat(str(entry.details["registered_on"]))
        for entry in own
        if entry.action in _DELETIONS and entry.details.get("registered_on")
    }
    shown = []
    for version in versions:
        flags = (version.flags | version.flags_cleared) - _FLAGGED_LATER
        details = {"version_id": version.version_id, "flags": sorted(flags)}
        if version.registered_at is not None:
            at = version.registered_at.astimezone(UTC)
            details["recorded_in"] = "the registry item ingest wrote (registration writes no audit entry)"
        elif version.version_id in registered_on:
            day = registered_on[version.version_id]
            at = datetime.combine(day, time(0, 0), tzinfo=UTC)
            details["registered_on"] = day.isoformat()
            details["recorded_in"] = (
                "the version's tombstone and its deletion entry, which keep the day of registration, "
                "not the time: shown at the start of that day (UTC)"
            )
        else:
            continue  # deleted before its deletion entry kept the day: nothing says when
        shown.append(
            AuditEntry(
                target=audit_target(TargetKind.RECORDING, call_id),
                entry=f"{at.isoformat(timespec='microseconds')}#registered#{version.version_id}",
                at=at,
                who=INGEST,
                action=AuditAction.RECORDING_REGISTERED.value,
                details=details,
            )
        )
    return shown


def trail_page(
    trail: list[AuditEntry],
    target: str,
    *,
    first_day: date | None,
    last_day: date | None,
    limit: int,
    token: str | None,
) -> tuple[list[AuditEntry], str | None]:
    """A page of a trail gathered in full (oldest first), within days (UTC, inclusive), after the
    entry a token names; and the next page's token. InvalidPageToken for a token of another target."""
    position = page_position(token)
    after = None
    if position is not None:
        if set(position) != {"target", "entry"} or position["target"] != {"S": target}:
            raise InvalidPageToken()
        after = position["entry"].get("S") if isinstance(position["entry"], dict) else None
        if not isinstance(after, str):
            raise InvalidPageToken()
    chosen = [
        entry
        for entry in trail
        if (first_day is None or entry.at.astimezone(UTC).date() >= first_day)
        and (last_day is None or entry.at.astimezone(UTC).date() <= last_day)
        and (after is None or entry.entry > after)
    ]
    page = chosen[:limit]
    more = len(chosen) > limit
    return page, page_token({"target": {"S": target}, "entry": {"S": page[-1].entry}}) if more else None


def _cases_of(held: Iterable[AuditEntry], reason: HoldReason) -> list[str]:
    """The requests (SARs, outside disclosures) whose preservation holds placed these entries."""
    return sorted(
        {
            str(entry.why["case_reference"])
            for entry in held
            if entry.action == AuditAction.HOLD_PLACED
            and entry.why.get("reason") == reason
            and entry.why.get("case_reference")
        }
    )


def _about(entry: AuditEntry, call_id: str) -> bool:
    """A step on recordings that concerns this call: a batch names one of its versions; a step on
    the whole request (no list of recordings) concerns every recording the request covered."""
    if entry.action not in STEPS_ON_RECORDINGS:
        return False
    named = entry.details.get("recordings")
    if not isinstance(named, list):  # a step on the whole request ("recordings" is then a count)
        return True
    return any(str(each).split("#", 1)[0] == call_id for each in named)
