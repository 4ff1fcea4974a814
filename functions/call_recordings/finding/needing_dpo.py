"""The recordings that need the DPO, for the console's Today page (GET /recordings?needs=dpo): every live
version with a flag that needs them (core/vocabulary.py NEEDS_DPO_FLAGS), quarantined ones among them,
newest first, each with why in ingest's words (core/vocabulary.py FLAG_MEANINGS).

One query of the registry's sparse by-needs-dpo index a page, whatever the size of the registry: the
index lists only the versions marked `needs_dpo` (set by ingest and reconciliation, removed by the
correction that answers the last such flag; a tombstone leaves it). Nothing read identifies anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from call_recordings.core.paging import page_position, page_token
from call_recordings.core.vocabulary import FLAG_MEANINGS, NEEDS_DPO_FLAGS, QUARANTINE_FLAGS, RetentionClass

if TYPE_CHECKING:
    from call_recordings.core.versions import FlaggedVersion
    from call_recordings.holds.dependencies import HoldsDependencies


@dataclass(frozen=True)
class NeedingDpoPage:
    recordings: list[FlaggedVersion]
    next_token: str | None


def recordings_needing_dpo(*, limit: int, token: str | None, deps: HoldsDependencies) -> NeedingDpoPage:
    """A page of the versions that need the DPO, newest first, and the token of the next."""
    versions, last = deps.registry.page_needing_dpo(limit=limit, start=page_position(token))
    return NeedingDpoPage(versions, page_token(last))


def why_it_needs_the_dpo(flags: frozenset[str]) -> dict[str, str]:
    """Each flag of the version that needs the DPO, with what it means, in flag order."""
    return {flag: FLAG_MEANINGS[flag] for flag in sorted(flags & NEEDS_DPO_FLAGS)}


def is_quarantined(version: FlaggedVersion) -> bool:
    """Out of policy: quarantined at ingest (and so still, while a hold keeps it as ``hold``)."""
    return version.retention is RetentionClass.QUARANTINE or bool(version.flags & QUARANTINE_FLAGS)
