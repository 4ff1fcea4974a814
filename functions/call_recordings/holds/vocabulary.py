"""The words of legal holds: why a hold is placed, where it stands, what happened to each recording."""

from enum import StrEnum


class HoldReason(StrEnum):
    """Why the council keeps recordings beyond their retention period (the notice's two, complaints, and
    subject access requests being answered)."""

    LEGAL_CLAIM = "legal-claim"
    THREAT = "threat"
    COMPLAINT = "complaint"
    # Placed only by opening a subject access request (never through POST /holds), released when it closes.
    SAR = "sar"
    # Placed only by restricting processing (POST /restrictions, UK GDPR Art 18), released by lifting it.
    RESTRICTION = "restriction"
    # Placed only by recording a disclosure outside the council (POST /disclosures), released by closing it.
    DISCLOSURE = "disclosure"


# The reasons only the system gives a hold: POST /holds refuses them, and POST /holds/{id}/release
# refuses to release a hold given one (its own request ends it: closing the SAR, lifting the restriction).
RESERVED_REASONS = frozenset({HoldReason.SAR, HoldReason.RESTRICTION, HoldReason.DISCLOSURE})


HOLD_REASON_WORDING: dict[HoldReason, str] = {
    HoldReason.LEGAL_CLAIM: "Kept for the establishment, exercise or defence of a legal claim",
    HoldReason.THREAT: "Kept as evidence of a threat against a member of staff",
    HoldReason.COMPLAINT: "Kept while a complaint about the call is investigated",
    HoldReason.SAR: "Preserved while a subject access request about it is answered",
    HoldReason.RESTRICTION: "Kept, out of routine use, while its processing is restricted (UK GDPR Art 18)",
    HoldReason.DISCLOSURE: "Preserved while a disclosure outside the council (the register) is open",
}


class HoldStatus(StrEnum):
    """Where a hold stands. It protects its recordings from ``placing`` until ``released``."""

    PLACING = "placing"  # recordings are being put under hold (a large hold fans out through a queue)
    ACTIVE = "active"  # every recording it covers is held
    RELEASING = "releasing"  # the DPO ended it; recordings are being released
    RELEASED = "released"  # no recording is held by it any more


class RecordingHoldStatus(StrEnum):
    """What a hold means for one recording version it covers, read from the registry."""

    HELD = "held"  # the registry lists the hold on the version
    PENDING = "pending"  # the hold is still being placed and has not reached this version yet
    RELEASED = "released"  # the hold has been released from this version
    GONE = "gone"  # the version is no longer in the registry (deleted before the hold reached it)
    NOT_HELD = "not-held"  # an active hold that the registry does not list: needs the DPO's attention


class WorkAction(StrEnum):
    """What the hold worker is asked to do to the recordings of one work message."""

    PLACE = "place"
    RELEASE = "release"


class RecordingOutcome(StrEnum):
    """What the hold worker did to one recording version."""

    HELD = "held"  # under this hold: registry, legal hold ON and tags done
    RETURNED = "returned"  # this hold was its last: legal hold OFF, back to its own retention class
    STILL_HELD = "still-held"  # this hold is off it, but another hold keeps it (legal hold stays ON)
    GONE = "gone"  # no longer in the registry: nothing to hold or release
    WAITING = "waiting"  # a release of its last hold was in progress: placing must be tried again
