"""What can go wrong with a hold, in the DPO's terms. The API maps each to an HTTP status in one place.

No message repeats a caller number or customer reference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from call_recordings.core.errors import RequestError

if TYPE_CHECKING:
    from call_recordings.core.versions import RegisteredVersion


class HoldError(RequestError):
    """A request about holds that cannot be done as asked."""


class HoldNotFound(HoldError):
    def __init__(self, hold_id: str) -> None:
        self.hold_id = hold_id
        super().__init__(f"hold {hold_id} does not exist")


class HoldAlreadyReleased(HoldError):
    def __init__(self, hold_id: str, status: str) -> None:
        self.hold_id = hold_id
        super().__init__(f"hold {hold_id} is already {status}")


class HoldStillPlacing(HoldError):
    """A hold can be released only once every recording it covers is held (then it is ``active``)."""

    def __init__(self, hold_id: str, held: int, total: int) -> None:
        self.hold_id = hold_id
        super().__init__(
            f"hold {hold_id} is still being placed ({held} of {total} recordings held); "
            "release it once it is active"
        )


class IdempotencyKeyReused(HoldError):
    def __init__(self) -> None:
        super().__init__(
            "this Idempotency-Key was already used for a different request; use a new key for a new hold"
        )


class ReleaseInProgress(Exception):
    """Placing met a release of the recording's last hold half way: try again once it has finished."""


class ReleaseTokenRefused(Exception):
    """Returning a version to retention was refused: a hold covers it again, or another release is
    returning it. ``current`` is the registry item as it stands."""

    def __init__(self, current: RegisteredVersion) -> None:
        self.current = current
        super().__init__(f"release token refused on {current.call_id}/{current.version_id}")


class HoldWorkerFailed(Exception):
    """The hold worker, invoked synchronously, returned no report (it raised, timed out or could not
    be invoked). Its message goes to the work queue instead."""


# Who places and who ends a hold of each reason only the system gives.
_RESERVED_OWNERS = {
    "sar": ("opening a subject access request (POST /sars)", "closing it"),
    "restriction": (
        "restricting processing (POST /restrictions)",
        "lifting the restriction (POST /restrictions/{id}/lift)",
    ),
    "disclosure": (
        "recording a disclosure outside the council (POST /disclosures)",
        "closing it (POST /disclosures/{id}/close)",
    ),
}


class HoldReasonReserved(HoldError):
    """A reason only the system gives a hold: ``sar`` is placed by opening a subject access request,
    ``restriction`` by restricting processing, ``disclosure`` by recording a disclosure outside the
    council; each is ended by its own request, never by POST /holds/{id}/release."""

    def __init__(self, reason: str, *, releasing: bool = False) -> None:
        placed, ended = _RESERVED_OWNERS.get(reason, ("the system", "its own request"))
        if releasing:
            message = f"a hold with reason '{reason}' is released only by {ended}, not through /holds"
        else:
            message = (
                f"a hold with reason '{reason}' is placed only by {placed} and released by {ended}; "
                "choose legal-claim, threat or complaint"
            )
        super().__init__(message)
