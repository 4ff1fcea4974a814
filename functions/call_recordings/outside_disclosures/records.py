"""A disclosure outside the council as the register keeps it, and what a later subject access package
says of it for each recording it reached (``Recipient``).

The record never holds a data subject's identifiers: only which kinds were given, as a hold's selection
does. ``recipient`` and ``request_reference`` are the outside body's own name and case number, kept in
clear (they are what the register is searched by and what a subject is told); ``note`` and
``close_note`` are the DPO's free text, sealed (core/notes.py).
"""

import re
import secrets
from collections.abc import Iterable
from datetime import date, datetime

from pydantic import ConfigDict, Field

from call_recordings.core.audit_vocabulary import TargetKind, audit_target
from call_recordings.core.hold_selection import HoldSelection
from call_recordings.core.identifiers import DISCLOSURE_ID_PATTERN
from call_recordings.core.models import BaseModel
from call_recordings.outside_disclosures.vocabulary import (
    LAWFUL_BASIS_WORDING,
    NO_OUTSIDE_RECIPIENT,
    DisclosureStatus,
    LawfulBasis,
)

_DISCLOSURE_ID = re.compile(DISCLOSURE_ID_PATTERN)

DISCLOSURE_KIND = "disclosure"  # the requests table's `kind` of a disclosure's header item


def new_disclosure_id(recorded_at: datetime) -> str:
    """A new disclosure id, e.g. ``OD-20261128-3F9A1C2B7D``."""
    return f"OD-{recorded_at:%Y%m%d}-{secrets.token_hex(5).upper()}"


def is_disclosure_id(text: str) -> bool:
    return bool(_DISCLOSURE_ID.fullmatch(text))


def disclosure_target(disclosure_id: str) -> str:
    """What an audit entry about an outside disclosure is filed under."""
    return audit_target(TargetKind.DISCLOSURE, disclosure_id)


class OutsideDisclosure(BaseModel):
    """Who received which recordings, on which basis, at whose request and with whose approval."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    disclosure_id: str = Field(pattern=DISCLOSURE_ID_PATTERN)
    status: DisclosureStatus
    recipient: str = Field(description="The organisation the recordings are disclosed to")
    lawful_basis: LawfulBasis
    request_reference: str = Field(description="The recipient's reference for its request")
    approved_by: str = Field(description="Who approved the disclosure (a name or role)")
    note: str | None = None
    recorded_by: str = Field(description="The IAM principal that recorded it")
    recorded_at: datetime
    selection: HoldSelection = Field(description="How the recordings were named (never the identifiers)")
    hold_id: str = Field(description="The hold (reason disclosure) that preserves its recordings while open")
    total: int = Field(ge=0, description="Recording versions it covers")
    exports: int = Field(default=0, ge=0, description="Packages made for the recipient")
    disclosed_at: datetime | None = Field(
        default=None, description="When the first package was made: the recordings were disclosed then"
    )
    last_exported_by: str | None = None
    last_exported_at: datetime | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None
    close_note: str | None = None

    @property
    def is_closed(self) -> bool:
        return self.status is DisclosureStatus.CLOSED


class Recipient(BaseModel):
    """One outside body a recording version was actually disclosed to, as a SAR manifest lists it."""

    model_config = ConfigDict(frozen=True)

    organisation: str
    disclosed_on: date = Field(description="The London date the package was made")
    lawful_basis: LawfulBasis
    lawful_basis_wording: str

    @classmethod
    def of_register(cls, *, organisation: str, disclosed_on: date, lawful_basis: LawfulBasis) -> "Recipient":
        return cls(
            organisation=organisation,
            disclosed_on=disclosed_on,
            lawful_basis=lawful_basis,
            lawful_basis_wording=LAWFUL_BASIS_WORDING[lawful_basis],
        )


def recipients_wording(recipients: Iterable[Recipient]) -> str:
    """A recording's recipients in one line, oldest first: each organisation, date and basis; or that
    nobody outside the council has received it."""
    ordered = sorted(recipients, key=lambda each: (each.disclosed_on, each.organisation))
    if not ordered:
        return NO_OUTSIDE_RECIPIENT
    return "; ".join(
        f"{each.organisation}, on {each.disclosed_on.isoformat()}: {each.lawful_basis_wording}"
        for each in ordered
    )
