"""A rights request other than subject access, as the requests table keeps it: erasure (UK GDPR Art 17),
restriction (Art 18), objection (Art 21) or rectification (Art 16).

Each must be answered within one month of receipt, or of proof of identity (Art 12(3)), so each keeps
the statutory clock every rights request keeps (rights/clocked.py). Opening one starts the clock and
changes nothing else: no recording is erased, restricted or kept by it. Erasure and restriction happen
when the DPO decides them (rights/deciding.py), through the existing erasure and restriction code,
whose records then name the request.

Who the request is about is kept as the registry's subject indexes keep it: the keyed hash of each
identifier given (``subject_hashes``, never shown, never the identifier), with the dates it was limited
to, so that the decision finds the same recordings without the DPO typing the number again; or the call
ids named (call ids are the telephony system's, not a person's identifier). What the person says is
wrong (rectification), what processing they object to (objection), the supplementary statement and the
DPO's notes are free text that may hold personal data: sealed with KMS like every note (core/notes.py).
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from call_recordings.core.audit_vocabulary import TargetKind, audit_target
from call_recordings.core.defaults import no_entries
from call_recordings.core.hold_selection import HoldSelection
from call_recordings.core.identifiers import RIGHTS_REQUEST_ID_PATTERN
from call_recordings.deletion.vocabulary import ErasureStatus
from call_recordings.restrictions.vocabulary import RestrictionGround
from call_recordings.rights.clocked import ClockedRequest

if TYPE_CHECKING:  # finding recordings is the deciding functions' (the reports function never imports it)
    from call_recordings.core.selection import CallSelection, KeptSubject

_RIGHTS_REQUEST_ID = re.compile(RIGHTS_REQUEST_ID_PATTERN)

# How many recordings a request may name by call id: the header item keeps them (DynamoDB's 400 KB).
MAX_REQUEST_CALL_IDS = 200


class RightsKind(StrEnum):
    """The right a request exercises."""

    ERASURE = "erasure"  # Art 17
    RESTRICTION = "restriction"  # Art 18
    OBJECTION = "objection"  # Art 21
    RECTIFICATION = "rectification"  # Art 16


# The requests table's ``kind`` of each request's header item (the ``by-kind`` index): one per right,
# apart from the ``erasure`` and ``restriction`` records that carrying a decision out makes.
TABLE_KINDS: dict[RightsKind, str] = {kind: f"{kind.value}-request" for kind in RightsKind}
KIND_OF_TABLE_KIND = {table_kind: kind for kind, table_kind in TABLE_KINDS.items()}

RIGHT_WORDING: dict[RightsKind, str] = {
    RightsKind.ERASURE: "erasure (UK GDPR Art 17)",
    RightsKind.RESTRICTION: "restriction of processing (UK GDPR Art 18)",
    RightsKind.OBJECTION: "objection to processing (UK GDPR Art 21)",
    RightsKind.RECTIFICATION: "rectification (UK GDPR Art 16)",
}


class RightsRequestStatus(StrEnum):
    OPEN = "open"  # the clock runs; no decision yet
    PAUSED = "paused"  # the clock is stopped, waiting for the requester (identity or clarification)
    DECIDED = "decided"  # the DPO decided, and what was decided was carried out; the person is yet to be told
    CLOSED = "closed"  # answered: the person was told (or the request was withdrawn)


class Decision(StrEnum):
    """What the DPO decided. For an objection, erase or restrict means it was upheld (Art 21(1))."""

    ERASE = "erase"
    RESTRICT = "restrict"
    RECTIFY = "rectify"  # by a supplementary statement (Art 16)
    REFUSE = "refuse"


class RefusalGround(StrEnum):
    """Why a request is refused, in the law's words; each kind allows its own (REFUSAL_GROUNDS)."""

    LEGAL_OBLIGATION = "legal-obligation"  # Art 17(3)(b)
    LEGAL_CLAIMS = "legal-claims"  # Art 17(3)(e); Art 21(1) for an objection
    COMPELLING_LEGITIMATE_GROUNDS = "compelling-legitimate-grounds"  # Art 21(1)
    NO_GROUND_FOR_RESTRICTION = "no-ground-for-restriction"  # none of Art 18(1)(a)-(d) applies
    DATA_ACCURATE = "data-accurate"  # Art 16: the recording is accurate
    MANIFESTLY_UNFOUNDED_OR_EXCESSIVE = "manifestly-unfounded-or-excessive"  # Art 12(5)


REFUSAL_WORDING: dict[RefusalGround, str] = {
    RefusalGround.LEGAL_OBLIGATION: (
        "UK GDPR Art 17(3)(b): the processing is necessary for compliance with a legal obligation"
    ),
    RefusalGround.LEGAL_CLAIMS: (
        "the establishment, exercise or defence of legal claims (UK GDPR Art 17(3)(e); Art 21(1) for an "
        "objection)"
    ),
    RefusalGround.COMPELLING_LEGITIMATE_GROUNDS: (
        "UK GDPR Art 21(1): compelling legitimate grounds for the processing which override the "
        "interests, rights and freedoms of the data subject"
    ),
    RefusalGround.NO_GROUND_FOR_RESTRICTION: "none of UK GDPR Art 18(1)(a)-(d) applies",
    RefusalGround.DATA_ACCURATE: "UK GDPR Art 16: the recording is an accurate record of the call",
    RefusalGround.MANIFESTLY_UNFOUNDED_OR_EXCESSIVE: (
        "UK GDPR Art 12(5): the request is manifestly unfounded or excessive"
    ),
}

REFUSAL_GROUNDS: dict[RightsKind, frozenset[RefusalGround]] = {
    RightsKind.ERASURE: frozenset(
        {
            RefusalGround.LEGAL_OBLIGATION,
            RefusalGround.LEGAL_CLAIMS,
            RefusalGround.MANIFESTLY_UNFOUNDED_OR_EXCESSIVE,
        }
    ),
    RightsKind.RESTRICTION: frozenset(
        {RefusalGround.NO_GROUND_FOR_RESTRICTION, RefusalGround.MANIFESTLY_UNFOUNDED_OR_EXCESSIVE}
    ),
    RightsKind.OBJECTION: frozenset(
        {
            RefusalGround.COMPELLING_LEGITIMATE_GROUNDS,
            RefusalGround.LEGAL_CLAIMS,
            RefusalGround.MANIFESTLY_UNFOUNDED_OR_EXCESSIVE,
        }
    ),
    RightsKind.RECTIFICATION: frozenset(
        {RefusalGround.DATA_ACCURATE, RefusalGround.MANIFESTLY_UNFOUNDED_OR_EXCESSIVE}
    ),
}

# What each kind may be decided to do, besides refusing it.
DECISIONS: dict[RightsKind, frozenset[Decision]] = {
    RightsKind.ERASURE: frozenset({Decision.ERASE}),
    RightsKind.RESTRICTION: frozenset({Decision.RESTRICT}),
    RightsKind.OBJECTION: frozenset({Decision.ERASE, Decision.RESTRICT}),  # upheld: erase or restrict
    RightsKind.RECTIFICATION: frozenset({Decision.RECTIFY}),
}


def new_rights_request_id(opened_at: datetime) -> str:
    """A new request id, e.g. ``Q-20261128-3F9A1C2B7D``."""
    return f"Q-{opened_at:%Y%m%d}-{secrets.token_hex(5).upper()}"


def is_rights_request_id(text: str) -> bool:
    return bool(_RIGHTS_REQUEST_ID.fullmatch(text))


def rights_request_target(request_id: str) -> str:
    """What an audit entry about a rights request is filed under."""
    return audit_target(TargetKind.RIGHTS_REQUEST, request_id)


class RightsRequest(ClockedRequest):
    """An erasure, restriction, objection or rectification request (header item): its clock, who it is
    about, the decision and what carrying it out did.

    ``revision`` counts the saved changes: a change is saved only over the revision it was made from.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    request_id: str = Field(pattern=RIGHTS_REQUEST_ID_PATTERN)
    right: RightsKind = Field(description="The right exercised (the API calls it the request's kind)")
    status: RightsRequestStatus
    selection: HoldSelection = Field(description="Who or what it is about: never the identifiers")
    call_ids: tuple[str, ...] = Field(default=(), description="The recordings named, when named by call id")
    # The keyed hash of each identifier given, as the registry's subject indexes keep them: never shown.
    subject_hashes: SkipJsonSchema[dict[str, str]] = Field(
        default_factory=no_entries, exclude=True, repr=False
    )
    note: str | None = None
    disputed: str | None = Field(default=None, description="Rectification: what the person says is wrong")
    objection: str | None = Field(default=None, description="Objection: the processing objected to")
    opened_by: str
    opened_at: datetime
    # The decision.
    decision: Decision | None = None
    refusal_ground: RefusalGround | None = None
    restriction_grounds: RestrictionGround | None = None
    decided_by: str | None = None
    decided_on: date | None = None
    decided_at: datetime | None = None
    decision_note: str | None = None
    # What carrying it out did.
    erasure_id: str | None = None
    erasure_status: ErasureStatus | None = None
    erased: int | None = None
    erasure_refused: int | None = None
    erasure_failed: int | None = None
    restriction_id: str | None = None
    restricted: int | None = None
    statement: str | None = Field(default=None, description="Rectification: the supplementary statement")
    statement_call_ids: tuple[str, ...] = ()
    closed_by: str | None = None
    closed_at: datetime | None = None
    close_note: str | None = None
    revision: int = Field(default=1, ge=1)

    @property
    def is_closed(self) -> bool:
        return self.status is RightsRequestStatus.CLOSED

    @property
    def is_decided(self) -> bool:
        return self.decision is not None

    def subject(self) -> KeptSubject | None:
        """The subject as kept (their identifiers' keyed hashes and dates); None when named by call ids."""
        from call_recordings.core.selection import KeptSubject

        if not self.subject_hashes:
            return None
        return KeptSubject(
            hashes=tuple(sorted(self.subject_hashes.items())),
            recorded_from=self.selection.recorded_from,
            recorded_to=self.selection.recorded_to,
        )

    def recordings(self) -> KeptSubject | CallSelection | None:
        """Whose or which recordings a decision acts on."""
        from call_recordings.core.selection import CallSelection

        return self.subject() or (CallSelection(self.call_ids) if self.call_ids else None)
