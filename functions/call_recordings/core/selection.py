"""Which recordings a DPO's request covers: named call ids, or a data subject's recording versions
found by the keyed hash of a caller number or customer reference (one index query per identifier), within
London dates; and how a request records that choice without the identifiers (HoldSelection, kept in
core/hold_selection.py for the readers of requests, who never select)."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, Protocol

from call_recordings.core.errors import EmptySelection
from call_recordings.core.hold_selection import HoldSelection
from call_recordings.core.retention import LONDON
from call_recordings.core.subjects import normalise_caller_number, normalise_customer_ref, subject_hash
from call_recordings.core.tables import CALLER_INDEX, CUSTOMER_INDEX, Index
from call_recordings.core.versions import RegisteredVersion

_IDENTIFIER_WORDING = {"caller": "caller number", "customer": "customer reference"}


@dataclass(frozen=True)
class CallSelection:
    """Recordings named by call id: every version of each."""

    call_ids: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.call_ids:
            raise EmptySelection("call_ids is empty: name at least one recording")

    def distinct(self) -> list[str]:
        return list(dict.fromkeys(self.call_ids))

    def described(self) -> HoldSelection:
        return HoldSelection(by="call-ids", call_ids=len(self.distinct()))

    def canonical(self) -> dict:
        return {"call_ids": sorted(self.distinct())}


@dataclass(frozen=True)
class SubjectLookup:
    """One query on a subject index: the identifier's keyed hash and the range of ``recorded_at``."""

    index: Index  # CALLER_INDEX or CUSTOMER_INDEX
    kind: Literal["caller", "customer"]
    subject_hash: str = field(repr=False)
    recorded_from: str | None  # inclusive, as the registry writes recorded_at (UTC, to the second)
    recorded_to: str | None  # inclusive


@dataclass(frozen=True)
class SubjectSelection:
    """A data subject's recordings: by caller number and/or customer reference, within London dates."""

    caller_number: str | None = field(default=None, repr=False)
    customer_ref: str | None = field(default=None, repr=False)
    recorded_from: date | None = None
    recorded_to: date | None = None

    def __post_init__(self) -> None:
        if self.recorded_from and self.recorded_to and self.recorded_from > self.recorded_to:
            raise EmptySelection("recorded_from is after recorded_to: the date range holds no day")
        # Normalise now (raises InvalidSubjectIdentifier), so every later use sees one form.
        object.__setattr__(self, "caller_number", normalise_caller_number(self.caller_number))
        object.__setattr__(self, "customer_ref", normalise_customer_ref(self.customer_ref))
        if self.caller_number is None and self.customer_ref is None:
            raise EmptySelection("subject names neither a caller_number nor a customer_ref")

    def identifiers(self) -> list[str]:
        """Which identifiers were given, in words (for the hold record, audit and errors)."""
        given = {"caller": self.caller_number, "customer": self.customer_ref}
        return [_IDENTIFIER_WORDING[kind] for kind, value in given.items() if value is not None]

    def lookups(self, key: bytes) -> list[SubjectLookup]:
        """One index query per identifier given."""
        recorded_from, recorded_to = recorded_at_bounds(self.recorded_from, self.recorded_to)
        lookups = []
        if self.caller_number is not None:
            lookups.append(
                SubjectLookup(
                    CALLER_INDEX,
                    "caller",
                    subject_hash(key, "caller", self.caller_number),
                    recorded_from,
                    recorded_to,
                )
            )
        if self.customer_ref is not None:
            lookups.append(
                SubjectLookup(
                    CUSTOMER_INDEX,
                    "customer",
                    subject_hash(key, "customer", self.customer_ref),
                    recorded_from,
                    recorded_to,
                )
            )
        return lookups

    def described(self) -> HoldSelection:
        return HoldSelection(
            by="subject",
            identifiers=tuple(self.identifiers()),
            recorded_from=self.recorded_from,
            recorded_to=self.recorded_to,
        )

    def kept(self, key: bytes) -> "KeptSubject":
        """The subject as a rights request keeps it: each identifier's keyed hash, never the identifier."""
        return KeptSubject(
            hashes=tuple((lookup.kind, lookup.subject_hash) for lookup in self.lookups(key)),
            recorded_from=self.recorded_from,
            recorded_to=self.recorded_to,
        )

    def canonical(self) -> dict:
        return {
            "caller_number": self.caller_number,
            "customer_ref": self.customer_ref,
            "recorded_from": self.recorded_from and self.recorded_from.isoformat(),
            "recorded_to": self.recorded_to and self.recorded_to.isoformat(),
        }


@dataclass(frozen=True)
class KeptSubject:
    """A data subject as a rights request keeps them (rights/records.py): the keyed hash of each
    identifier given, by kind, and the London dates; found exactly as SubjectSelection finds them, when
    the DPO decides the request, without the identifiers being given again."""

    hashes: tuple[tuple[Literal["caller", "customer"], str], ...] = field(repr=False)
    recorded_from: date | None = None
    recorded_to: date | None = None

    def __post_init__(self) -> None:
        if not self.hashes:
            raise EmptySelection("subject names neither a caller_number nor a customer_ref")

    def identifiers(self) -> list[str]:
        return [_IDENTIFIER_WORDING[kind] for kind, _ in self.hashes]

    def lookups(self, key: bytes) -> list[SubjectLookup]:
        """One index query per identifier kept (``key`` is not needed: the hashes are made)."""
        recorded_from, recorded_to = recorded_at_bounds(self.recorded_from, self.recorded_to)
        indexes = {"caller": CALLER_INDEX, "customer": CUSTOMER_INDEX}
        return [
            SubjectLookup(indexes[kind], kind, subject_hash, recorded_from, recorded_to)
            for kind, subject_hash in self.hashes
        ]

    def described(self) -> HoldSelection:
        return HoldSelection(
            by="subject",
            identifiers=tuple(self.identifiers()),
            recorded_from=self.recorded_from,
            recorded_to=self.recorded_to,
        )

    def canonical(self) -> dict:
        return {
            "subject_hashes": dict(self.hashes),
            "recorded_from": self.recorded_from and self.recorded_from.isoformat(),
            "recorded_to": self.recorded_to and self.recorded_to.isoformat(),
        }


# A data subject, as the DPO names them or as a rights request keeps them.
Subject = SubjectSelection | KeptSubject
Selection = CallSelection | SubjectSelection | KeptSubject


def recorded_at_bounds(recorded_from: date | None, recorded_to: date | None) -> tuple[str | None, str | None]:
    """The first and last instants (UTC, to the second, as the registry writes ``recorded_at``) of a
    range of London dates, both inclusive; None where the range is open."""
    first = _london_midnight(recorded_from) if recorded_from else None
    last = _london_midnight(recorded_to + timedelta(days=1)) - timedelta(seconds=1) if recorded_to else None
    return (
        first and first.astimezone(UTC).isoformat(timespec="seconds"),
        last and last.astimezone(UTC).isoformat(timespec="seconds"),
    )


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=LONDON)


class SubjectIndexReader(Protocol):
    """What finding a subject's recordings needs of the registry."""

    def versions_of_subject(self, lookup: SubjectLookup) -> list[RegisteredVersion]: ...


def subject_versions(selection: Subject, key: bytes, registry: SubjectIndexReader) -> list[RegisteredVersion]:
    """Every live version whose own subject hash the subject's identifiers match, in call id and version
    order; empty when the subject has none. One index query per identifier.

    Per version, never widened through a shared call id (DESIGN section 8): a call id is the telephony
    system's, and a version uploaded under one that another version carries (a reused id, flagged
    ``call-id-reused`` at ingest) may be another person's call. A version uploaded without the
    identifier is not found by it. Tombstones are not found: their subject hashes are gone."""
    unique = {
        registered.key: registered
        for lookup in selection.lookups(key)
        for registered in registry.versions_of_subject(lookup)
    }
    return [unique[key] for key in sorted(unique)]
