"""What can go wrong with an erasure, restriction, objection or rectification request, in the DPO's
terms. The API maps each to an HTTP status in one place (dpo_api/resolver.py ERRORS); the clock's own
errors (rights/clock.py) are mapped there too. No message repeats a caller number or customer reference.

Every DPO function imports this module (for the error map), and most never build a rights request: the
request's record (rights/records.py, its pydantic models) is named here only in type hints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from call_recordings.rights.clock import PauseReason

if TYPE_CHECKING:
    from call_recordings.rights.records import Decision, RefusalGround, RightsKind


class RightsRequestError(Exception):
    """A request about a rights request that cannot be done as asked."""


class RightsRequestNotFound(RightsRequestError):
    def __init__(self, request_id: str) -> None:
        self.request_id = request_id
        super().__init__(f"rights request {request_id} does not exist")


class RightsRequestClosed(RightsRequestError):
    """A closed request changes no more: it was answered."""

    def __init__(self, request_id: str, what: str) -> None:
        super().__init__(f"rights request {request_id} is closed: it cannot {what}")


class AlreadyDecided(RightsRequestError):
    """A request is decided once; its decision is carried out and stays on record."""

    def __init__(self, request_id: str, decision: Decision, what: str) -> None:
        super().__init__(
            f"rights request {request_id} was decided already ({decision.value}): it cannot {what}"
        )


class DecisionWhilePaused(RightsRequestError):
    """The clock waits for the requester: proof of identity first (Art 12(6)), or the clarification."""

    def __init__(self, request_id: str, reason: PauseReason | None) -> None:
        waiting = "proof of identity" if reason is PauseReason.IDENTITY else "the requester's clarification"
        super().__init__(
            f"rights request {request_id} waits for {waiting}: resume it "
            f"(POST /requests/{request_id}/resume) before deciding it"
        )


class DecisionNotForKind(RightsRequestError):
    """A decision this kind of request cannot have (e.g. erase on a rectification)."""

    def __init__(self, request_id: str, kind: RightsKind, decision: Decision) -> None:
        super().__init__(
            f"rights request {request_id} is a request for {kind.value}: "
            f"it cannot be decided {decision.value}"
        )


class RefusalGroundNotForKind(RightsRequestError):
    def __init__(self, kind: RightsKind, ground: RefusalGround, allowed: frozenset[RefusalGround]) -> None:
        super().__init__(
            f"a {kind.value} request cannot be refused on {ground.value}; its grounds are "
            f"{', '.join(sorted(each.value for each in allowed))}"
        )


class DecisionIncomplete(RightsRequestError):
    """A decision without what it needs: a refusal's ground and reasons, a restriction's Art 18(1)
    ground, a rectification's statement."""


class RequestNeedsSubject(RightsRequestError):
    """An erasure finds a person's recordings by their identifiers: a request naming only call ids cannot
    be erased (a call id says nothing of whose voice is in it)."""

    def __init__(self, request_id: str) -> None:
        super().__init__(
            f"rights request {request_id} names recordings by call id, not the person: an erasure needs "
            "the person's caller number or customer reference (open a request naming them)"
        )


class RequestIncomplete(RightsRequestError):
    """A request opened without what its kind needs: an erasure its subject, a rectification the calls and
    what is wrong, an objection the processing objected to."""


class RightsRequestChangedConcurrently(RightsRequestError):
    def __init__(self, request_id: str) -> None:
        super().__init__(
            f"rights request {request_id} was changed by another request at the same time; read it again "
            f"(GET /requests/{request_id}) and repeat the change if it still applies"
        )
