"""How a hold comes off a recording version without ever leaving it unprotected while a hold is active.

The registry item is the lock. Per version, a release

1. removes its hold id from the item's ``holds`` set; if other holds remain, it is done;
2. takes a release token on the item, conditional on ``holds`` being absent (a hold placed
   meanwhile makes this fail: the version simply stays held) and on no unexpired token;
3. turns the S3 legal hold OFF; 4. re-tags the version with its own retention class;
5. sets that class and ``due_on`` on the item and drops the token, conditional on still owning it.

Placing a hold on a version is conditional on there being no unexpired token, so it cannot land
between steps 2 and 5 and then be undone by step 3; it waits for the release and tries again.
The token expires after ``RELEASE_LEASE``, longer than the hold worker can run, so a release that
died between steps 2 and 5 cannot block holds for ever, and a live one cannot outlast its token.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from call_recordings.core.retention import LONDON
from call_recordings.core.versions import RegisteredVersion
from call_recordings.core.vocabulary import QUARANTINE_FLAGS, RetentionClass
from call_recordings.holds.vocabulary import HoldReason

# Far longer than the hold worker's 120 s timeout (infra/holds.py): a release still running is
# always inside its lease.
RELEASE_LEASE = timedelta(minutes=15)


def lease_ends(now: datetime) -> datetime:
    return now + RELEASE_LEASE


def still_held(remaining_holds: Iterable[str]) -> bool:
    """After removing one hold: does another hold keep the version (so it stays exactly as it is)?"""
    return any(True for _ in remaining_holds)


# The classes of a version some hold keeps: no lifecycle rule matches either (infra/storage.py).
KEPT_CLASSES = frozenset({RetentionClass.HOLD, RetentionClass.RESTRICTED})


def placed_class(reason: HoldReason) -> RetentionClass:
    """The class a hold of this reason gives the version it is placed on."""
    return RetentionClass.RESTRICTED if reason is HoldReason.RESTRICTION else RetentionClass.HOLD


def kept_class(restriction_holds: Iterable[str]) -> RetentionClass:
    """The class of a version that holds keep, whatever order they came in: ``restricted`` while any
    restriction's hold is among them (Art 18(2): storage and little else, the stricter of the two),
    ``hold`` otherwise. Both keep it from every lifecycle rule; the registry's ``holds`` and
    ``restrictions`` say exactly which requests keep it."""
    return RetentionClass.RESTRICTED if any(True for _ in restriction_holds) else RetentionClass.HOLD


def retention_after_release(flags: Iterable[str]) -> RetentionClass:
    """The retention class a version returns to when its last hold ends: a quarantined recording (out
    of policy, flagged by ingest) goes back to quarantine, every other one to standard retention."""
    return RetentionClass.QUARANTINE if QUARANTINE_FLAGS & set(flags) else RetentionClass.STANDARD


def due_on_after_release(expires_on: date, released_at: datetime, not_due_before: date | None = None) -> date:
    """When a version whose last hold ends falls due: its own expiry date, or the release date (London)
    if that has passed, so that the next daily sweep deletes it; never before the end of the grace a
    late arrival was given (`not_due_before`, DESIGN section 8), which a hold must not cut short."""
    return max(expires_on, released_at.astimezone(LONDON).date(), not_due_before or expires_on)


def recording_tags(registered: RegisteredVersion, retention: RetentionClass) -> dict[str, str]:
    """The version's whole tag set (PutObjectTagging replaces it): the four tags ingest wrote, with
    ``retention`` changed."""
    return {
        "purpose": registered.purpose,
        "source": registered.source,
        "retention": retention.value,
        "expires-on": registered.expires_on.isoformat(),
    }
