"""The DPO's daily reminder of every statutory deadline the council must keep, and the one message
that says so. Pure domain code: "today" is passed in.

Each piece of open casework gives one deadline:
- a rights request (access, erasure, restriction, objection, rectification): its response, due one
  month from receipt under Art 12(3), as its clock (rights/clock.py) computes it;
- a complaint (DPA 2018 s.164A): its acknowledgement, due 30 days after receipt (ICO);
- a hold for a legal claim, a threat or a complaint: its review date, after which the DPO must decide
  again whether the recording may still be kept beyond the notice's three months.

A deadline is "due soon" within five working days, "overdue" once its working days left are negative
(rights/clock.py ``working_days_left``: the two never disagree, whatever the day of the week). The
message names casework by its own id, with dates and status: never who it is about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from call_recordings.rights.clock import working_days_left

DUE_SOON_WORKING_DAYS = 5


class CaseworkKind(StrEnum):
    """What a deadline belongs to: the kinds of rights request, complaints and hold reviews."""

    ACCESS = "access"
    ERASURE = "erasure"
    RESTRICTION = "restriction"
    OBJECTION = "objection"
    RECTIFICATION = "rectification"
    COMPLAINT = "complaint"
    HOLD_REVIEW = "hold-review"

    @property
    def is_rights_request(self) -> bool:
        return self not in (CaseworkKind.COMPLAINT, CaseworkKind.HOLD_REVIEW)


KIND_WORDING = {
    CaseworkKind.ACCESS: ("Subject access requests (Art 15)", "response due"),
    CaseworkKind.ERASURE: ("Erasure requests (Art 17)", "response due"),
    CaseworkKind.RESTRICTION: ("Restriction requests (Art 18)", "response due"),
    CaseworkKind.OBJECTION: ("Objections (Art 21)", "response due"),
    CaseworkKind.RECTIFICATION: ("Rectification requests (Art 16)", "response due"),
    CaseworkKind.COMPLAINT: ("Complaints (DPA 2018 s.164A)", "acknowledgement due"),
    CaseworkKind.HOLD_REVIEW: ("Holds to review", "review due"),
}


@dataclass(frozen=True)
class Deadline:
    """One piece of open casework, the date it must be dealt with by, and where it stands today."""

    kind: CaseworkKind
    reference: str  # S-..., R-..., CP-..., H-...: never a person
    since: date  # received (or, for a hold, placed) on
    due_on: date | None  # None: open, but with no date it must be dealt with by (an acknowledged complaint)
    today: date
    remarks: tuple[str, ...] = ()  # "paused", "extended"
    reads_on: date | None = None  # the day a stopped clock reads (the day before it was paused), not today

    @property
    def working_days_left(self) -> int | None:
        if self.due_on is None:
            return None
        return working_days_left(self.reads_on or self.today, self.due_on)

    @property
    def overdue(self) -> bool:
        left = self.working_days_left
        return left is not None and left < 0

    @property
    def due_soon(self) -> bool:
        left = self.working_days_left
        return left is not None and 0 <= left <= DUE_SOON_WORKING_DAYS

    @property
    def age_days(self) -> int:
        """Calendar days since it arrived (the day it arrived is day 0)."""
        return (self.today - self.since).days

    def text(self) -> str:
        left = self.working_days_left
        if left is None:
            when = "no date set"
        elif left < 0:
            when = f"{-left} working day(s) overdue"
        elif left == 0:
            when = "due today"
        else:
            when = f"{left} working day(s) left"
        what = KIND_WORDING[self.kind][1]
        since = "placed" if self.kind is CaseworkKind.HOLD_REVIEW else "received"
        suffix = f" ({', '.join(self.remarks)})" if self.remarks else ""
        return f"- {self.reference}: {since} {self.since}, {what} {self.due_on}, {when}{suffix}"


@dataclass(frozen=True)
class OpenCasework:
    """How many of one kind are open, and how old the oldest is (the dashboard's figures)."""

    kind: CaseworkKind
    count: int
    oldest_age_days: int


@dataclass(frozen=True)
class CaseworkReminder:
    """Today's deadlines: overdue first (most overdue first), then those due soon (soonest first)."""

    today: date
    open: tuple[OpenCasework, ...]
    overdue: tuple[Deadline, ...]
    due_soon: tuple[Deadline, ...]

    @property
    def outstanding(self) -> int:
        return sum(each.count for each in self.open)

    @property
    def needed(self) -> bool:
        """A message is sent only when something is overdue or due soon (the metrics go out every day)."""
        return bool(self.overdue or self.due_soon)

    def overdue_of(self, *kinds: CaseworkKind) -> int:
        return sum(deadline.kind in kinds for deadline in self.overdue)

    def due_soon_of(self, *kinds: CaseworkKind) -> int:
        return sum(deadline.kind in kinds for deadline in self.due_soon)

    def subject(self) -> str:
        """The e-mail subject (SNS allows 100 ASCII characters)."""
        return (
            f"DPO deadlines: {len(self.overdue)} overdue, {len(self.due_soon)} due within "
            f"{DUE_SOON_WORKING_DAYS} working days"
        )

    def body(self) -> str:
        lines = [
            f"Casework on {self.today.isoformat()} (London): {self.outstanding} open.",
            "UK GDPR Art 12(3): a rights request must be answered within one month of receipt (three if "
            "extended). DPA 2018 s.164A: a complaint must be acknowledged within 30 days.",
            "",
        ]
        for title, deadlines in (
            ("Overdue", self.overdue),
            (f"Due within {DUE_SOON_WORKING_DAYS} working days", self.due_soon),
        ):
            if not deadlines:
                continue
            lines.append(f"{title}:")
            for kind in CaseworkKind:
                of_kind = [deadline for deadline in deadlines if deadline.kind is kind]
                if of_kind:
                    lines += [f"  {KIND_WORDING[kind][0]}:", *(f"  {d.text()}" for d in of_kind)]
            lines.append("")
        if self.open:
            lines.append("Open, by kind (oldest in days):")
            lines += [
                f"  {KIND_WORDING[each.kind][0]}: {each.count} ({each.oldest_age_days})" for each in self.open
            ]
            lines.append("")
        lines.append(
            "Details on the DPO API: GET /sars, /requests, /complaints and /holds (each with overdue=true "
            "where it applies), and GET /<kind>/<id>."
        )
        return "\n".join(lines)


def casework_reminder(deadlines: Iterable[Deadline], today: date) -> CaseworkReminder:
    """Sort the open casework's deadlines into overdue and due within five working days, and count the
    open casework by kind (closed casework is answered, and never given here)."""
    overdue: list[Deadline] = []
    due_soon: list[Deadline] = []
    ages: dict[CaseworkKind, list[int]] = defaultdict(list)
    for deadline in deadlines:
        ages[deadline.kind].append(deadline.age_days)
        if deadline.overdue:
            overdue.append(deadline)
        elif deadline.due_soon:
            due_soon.append(deadline)
    open_by_kind = tuple(
        OpenCasework(kind=kind, count=len(ages[kind]), oldest_age_days=max(ages[kind]))
        for kind in CaseworkKind
        if ages[kind]
    )
    return CaseworkReminder(
        today=today,
        open=open_by_kind,
        overdue=tuple(sorted(overdue, key=_by_date)),
        due_soon=tuple(sorted(due_soon, key=_by_date)),
    )


def _by_date(deadline: Deadline) -> tuple[date, CaseworkKind, str]:
    assert deadline.due_on is not None  # only dated deadlines are overdue or due soon
    return deadline.due_on, deadline.kind, deadline.reference
