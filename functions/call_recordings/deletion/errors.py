"""What can stop or refuse a deletion, in the DPO's terms. No message repeats a caller number or
customer reference."""

from collections.abc import Sequence
from datetime import date

from call_recordings.core.errors import NoRecordingsForSubject, RequestError


class VersionGone(Exception):
    """The version has no registry item, or only its tombstone: it was deleted before."""


class VersionHeld(Exception):
    """A hold covers the version (the registry lists it): it must not be deleted."""

    def __init__(self, hold_ids: Sequence[str]) -> None:
        self.hold_ids = tuple(sorted(hold_ids))
        super().__init__(f"held by {', '.join(self.hold_ids)}")


class VersionRestricted(Exception):
    """Sweeper only: a restriction of processing (UK GDPR Art 18) covers the version. Storage is all
    Art 18(2) allows, so it is kept until the restriction is lifted; lifting makes it due again."""

    def __init__(self, restriction_ids: Sequence[str]) -> None:
        self.restriction_ids = tuple(sorted(restriction_ids))
        super().__init__(f"restricted by {', '.join(self.restriction_ids)}")


class VersionNotQuarantined(Exception):
    """Destruction only: the registry item carries no quarantine flag, so the version is no
    out-of-policy capture and is not destroyed."""


class VersionBusy(Exception):
    """A release of the version's last hold holds the registry item (its lease is live)."""


class VersionNotDue(Exception):
    """Sweeper only: the version is no longer due on or before the sweep's date."""


class ObjectLockRefused(Exception):
    """S3 refused to delete the version because an Object Lock legal hold is ON."""


class VersionNotDeleted(Exception):
    """S3 refused to delete the version for another reason (its code in the message)."""


class DeletionClaimLost(Exception):
    """The claim on a version expired before its tombstone was written: the item needs checking."""


class SweepDateBeforeCheckpoint(Exception):
    """The sweep was asked to run as of a date before the last date already swept."""

    def __init__(self, today: date, checkpoint: date) -> None:
        super().__init__(
            f"the sweep was asked to run as of {today.isoformat()}, but every recording due up to "
            f"{checkpoint.isoformat()} has already been swept; a sweep cannot go back in time "
            "(check AS_OF, or the clock)"
        )


class NoRecordingsToErase(NoRecordingsForSubject):
    """Answered as ``subject-has-no-recordings`` (it is one)."""

    def __init__(self, identifiers: Sequence[str]) -> None:
        Exception.__init__(
            self,
            f"no recording of this subject ({' or '.join(identifiers)}) is in the registry for the "
            "dates given (recordings deleted or erased before are not found); nothing was erased",
        )


class ErasureNotFound(RequestError):
    def __init__(self, erasure_id: str) -> None:
        super().__init__(f"erasure {erasure_id} does not exist")


class RecordingDeleted(RequestError):
    """Every version of the recording has been deleted; only tombstones remain."""

    def __init__(self, call_id: str, deleted_on: date, because: str) -> None:
        self.call_id = call_id
        why = {
            "retention-period-ended": "at the end of its retention period",
            "destroyed-out-of-policy": "destroyed as an out-of-policy capture",
        }.get(because, "by erasure")
        super().__init__(
            f"recording {call_id} was deleted on {deleted_on.isoformat()} ({why}); the audit trail "
            f"says who and why: GET /audit?target=recording%23{call_id}"
        )


class EraserFailed(Exception):
    """The eraser, invoked synchronously, returned no report (it raised, timed out or could not be
    invoked)."""


class RecordingNotQuarantined(RequestError):
    """Destruction is for out-of-policy captures only: an in-policy recording is erased at a data
    subject's request (POST /erasures) or deleted on its date, never destroyed on the DPO's word."""

    def __init__(self, call_id: str, version_ids: Sequence[str]) -> None:
        super().__init__(
            f"recording {call_id} is not quarantined (version {', '.join(version_ids)} declares neither "
            "card or bank details nor an officer's call leg): only an out-of-policy capture is destroyed "
            "by call id; an in-policy recording is erased at the data subject's request (POST "
            "/erasures) or deleted on its date; nothing was destroyed"
        )


class RecordingKept(RequestError):
    """A hold or a restriction of processing keeps a version of the capture: it must end first."""

    def __init__(self, call_id: str, hold_ids: Sequence[str], restriction_ids: Sequence[str]) -> None:
        self.hold_ids = tuple(sorted(hold_ids))
        self.restriction_ids = tuple(sorted(restriction_ids))
        kept = [f"hold {hold_id}" for hold_id in self.hold_ids] + [
            f"restriction {restriction_id} (UK GDPR Art 18)" for restriction_id in self.restriction_ids
        ]
        super().__init__(
            f"recording {call_id} is kept by {', '.join(kept)}: release the hold or lift the "
            f"restriction first (GET /recordings/{call_id} shows each); nothing was destroyed"
        )
