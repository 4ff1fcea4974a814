"""The DPO's daily SAR reminder: which outstanding requests are due within five working days, which
are overdue, and the one message that says so. Pure domain code: "today" is passed in.

The message names SARs by id, with their dates and status: never who they are about.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from call_recordings.subject_access.records import SarStatus, SubjectAccessRequest

DUE_SOON_WORKING_DAYS = 5


@dataclass(frozen=True)
class ReminderLine:
    sar_id: str
    status: SarStatus
    received_on: date
    due_on: date
    working_days_left: int
    extended: bool

    def text(self) -> str:
        if self.working_days_left < 0:
            when = f"{-self.working_days_left} working day(s) overdue"
        elif self.working_days_left == 0:
            when = "due today"
        else:
            when = f"{self.working_days_left} working day(s) left"
        extras = [
            word
            for word, applies in (("paused", self.status is SarStatus.PAUSED), ("extended", self.extended))
            if applies
        ]
        suffix = f" ({', '.join(extras)})" if extras else ""
        return f"- {self.sar_id}: received {self.received_on}, due {self.due_on}, {when}{suffix}"


@dataclass(frozen=True)
class SarReminder:
    """Today's figures and lines: overdue first (most overdue first), then those due soon (soonest first)."""

    today: date
    outstanding: int
    overdue: tuple[ReminderLine, ...]
    due_soon: tuple[ReminderLine, ...]

    @property
    def needed(self) -> bool:
        """A message is sent only when a SAR is overdue or due soon (the metrics are published every day)."""
        return bool(self.overdue or self.due_soon)

    def subject(self) -> str:
        """The e-mail subject (SNS allows 100 ASCII characters)."""
        return (
            f"Subject access requests: {len(self.overdue)} overdue, {len(self.due_soon)} due within "
            f"{DUE_SOON_WORKING_DAYS} working days"
        )

    def body(self) -> str:
        lines = [
            f"Subject access requests on {self.today.isoformat()} (London): {self.outstanding} outstanding.",
            "UK GDPR Art 12(3): a request must be answered within one month of receipt (three if extended).",
            "",
        ]
        if self.overdue:
            lines += ["Overdue:", *(line.text() for line in self.overdue), ""]
        if self.due_soon:
            lines += [
                f"Due within {DUE_SOON_WORKING_DAYS} working days:",
                *(line.text() for line in self.due_soon),
                "",
            ]
        lines.append(
            "Details: GET /sars/{sar_id} on the DPO API; GET /sars?overdue=true lists the overdue ones."
        )
        return "\n".join(lines)


def sar_reminder(sars: Iterable[SubjectAccessRequest], today: date) -> SarReminder:
    """Sort the open and paused SARs into overdue and due within five working days (closed ones are
    answered and left out)."""
    overdue: list[ReminderLine] = []
    due_soon: list[ReminderLine] = []
    outstanding = 0
    for sar in sars:
        if sar.status is SarStatus.CLOSED:
            continue
        outstanding += 1
        left = sar.clock().working_days_left(today)
        line = ReminderLine(
            sar_id=sar.sar_id,
            status=sar.status,
            received_on=sar.received_on,
            due_on=sar.due_on,
            working_days_left=left,
            extended=sar.extended,
        )
        if sar.is_overdue(today):
            overdue.append(line)
        elif left <= DUE_SOON_WORKING_DAYS:
            due_soon.append(line)
    return SarReminder(
        today=today,
        outstanding=outstanding,
        overdue=tuple(sorted(overdue, key=lambda line: (line.due_on, line.sar_id))),
        due_soon=tuple(sorted(due_soon, key=lambda line: (line.due_on, line.sar_id))),
    )
