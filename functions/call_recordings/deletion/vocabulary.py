"""The words of deletion: why a recording version was deleted, what happened to each, the legal
ground on which an erasure is refused for each reason a hold can have, and why an out-of-policy capture
is destroyed."""

from enum import StrEnum

from call_recordings.holds.vocabulary import HoldReason

# Who the sweeper's audit entries name.
RETENTION_SWEEPER = "system:retention-sweeper"

LEGAL_CLAIMS_GROUND = (
    "UK GDPR Art 17(3)(e): needed for the establishment, exercise or defence of legal claims"
)

# The pinned wording of each hold reason's ground for refusing erasure (docs/registry.md).
ERASURE_REFUSAL_GROUNDS: dict[HoldReason, str] = {
    HoldReason.LEGAL_CLAIM: LEGAL_CLAIMS_GROUND,
    HoldReason.THREAT: LEGAL_CLAIMS_GROUND,
    HoldReason.COMPLAINT: (
        "UK GDPR Art 17(1)(a) does not apply: still necessary for the complaint it is kept for"
    ),
    HoldReason.SAR: "preserved for an open subject access request: close the SAR first",
    HoldReason.DISCLOSURE: "preserved for an open disclosure outside the council: close the disclosure first",
    # Worded per restriction, with whose request it was (deletion/erasing.py); this when the restriction's
    # record cannot be read.
    HoldReason.RESTRICTION: (
        "UK GDPR Art 18(2): processing is restricted; storage is all that is allowed while it stands"
    ),
}

# A version the registry lists no hold on, but S3 Object Lock would not let go.
OBJECT_LOCK_GROUND = (
    "S3 Object Lock legal hold is ON although the registry lists no hold: kept until the DPO has "
    "looked into it"
)
RELEASE_IN_PROGRESS_GROUND = "a hold is being released from it: ask again in a few minutes"

# Who the eraser's own audit entries name (a refused invocation: no erasure record names a requester).
ERASER = "system:eraser"

RETENTION_RULE = (
    "kept 3 calendar months from the London date of recording "
    "(1 calendar month for recordings made before 15 July 2020)"
)
ERASURE_LAW = "UK GDPR Art 17(1): erasure at the data subject's request"


def refusal_ground(reason: HoldReason) -> str:
    return ERASURE_REFUSAL_GROUNDS[reason]


class DeletedBecause(StrEnum):
    """A tombstone's ``deleted_because`` (the pinned contract)."""

    RETENTION_PERIOD_ENDED = "retention-period-ended"
    ERASED = "erased"
    DESTROYED_OUT_OF_POLICY = "destroyed-out-of-policy"


class DestructionReason(StrEnum):
    """Why the DPO destroys a quarantined capture: the promise of the privacy notice it breaks. The
    values are ingest's quarantine flags (core/vocabulary.py QUARANTINE_FLAGS), so the alert's flag is
    the reason the DPO gives."""

    PAYMENT_DETAILS_RECORDED = "payment-details-recorded"
    OFFICER_CALL_LEG_RECORDED = "officer-call-leg-recorded"


# What the notice promises, quoted in the destruction's audit entry.
DESTRUCTION_GROUNDS: dict[DestructionReason, str] = {
    DestructionReason.PAYMENT_DETAILS_RECORDED: (
        "the privacy notice says bank and card details are not recorded: this capture should never "
        "have been kept"
    ),
    DestructionReason.OFFICER_CALL_LEG_RECORDED: (
        "the privacy notice says a transferred call is recorded only for the contact-centre part: the "
        "officer's leg should never have been kept"
    ),
}


class DeletionOutcome(StrEnum):
    """What the one deletion path did with one recording version."""

    DELETED = "deleted"  # every trace gone: object version deleted, registry item tombstoned, audited
    HELD = "held"  # a hold covers it (registry), or S3 Object Lock refused: nothing deleted
    RESTRICTED = "restricted"  # sweeper only: an Art 18 restriction covers it; due again once lifted
    ALREADY_DELETED = "already-deleted"  # no item, or a tombstone: deleted before (nothing to do)
    NOT_DUE = "not-due"  # sweeper only: its due date moved on since the index was read
    BUSY = "busy"  # a release of its last hold holds the registry item: try again later
    FAILED = "failed"  # an error stopped it half way; the next attempt resumes it
    # Destruction only: the version is not quarantined (its registry item has no quarantine flag), so it
    # is not an out-of-policy capture: nothing done.
    NOT_QUARANTINED = "not-quarantined"
    # Eraser only: the erasure's (or destruction's) record does not list it (or there is no such
    # request, or it is over): nothing done, the invocation audited as refused.
    NOT_IN_ERASURE = "not-in-erasure"


# The outcomes after which the version needs nothing more today.
DEALT_WITH = frozenset(
    {
        DeletionOutcome.DELETED,
        DeletionOutcome.HELD,
        DeletionOutcome.RESTRICTED,
        DeletionOutcome.ALREADY_DELETED,
        DeletionOutcome.NOT_DUE,
    }
)


class ErasureStatus(StrEnum):
    """How an erasure request ended."""

    ERASING = "erasing"  # recorded, the eraser is at work (or the request stopped there)
    ERASED = "erased"  # every version found was erased
    PARTLY_REFUSED = "partly-refused"  # some erased, some refused (each with its holds and ground)
    REFUSED = "refused"  # every version is kept (held)
    INCOMPLETE = "incomplete"  # an error stopped some erasable versions: ask again to finish them


class DestructionStatus(StrEnum):
    """How the destruction of an out-of-policy capture ended."""

    DESTROYING = "destroying"  # recorded, the eraser is at work (or the request stopped there)
    DESTROYED = "destroyed"  # every version is gone
    # A hold or restriction reached a version between the check and the eraser: that version is kept.
    REFUSED = "refused"
    INCOMPLETE = "incomplete"  # an error stopped some versions: ask again to finish them


class VersionErasure(StrEnum):
    """What an erasure did with one recording version of the subject."""

    ERASED = "erased"
    REFUSED = "refused"
    FAILED = "failed"
