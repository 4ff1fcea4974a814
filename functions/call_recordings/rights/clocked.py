"""What every rights request keeps of its statutory clock (rights/clock.py), and the changes to it that
the DPO makes: pause, resume and extend, in the same words for every kind of request.

A request's record keeps the facts (received, identity verified, each paused period, the extension
and the day the requester was told of it) and the figures they give (``due_on``, ``days_paused``),
so that lists and reminders need not rebuild the clock; ``clock()`` rebuilds it whenever a change is
made, and the figures are written again from it.
"""

from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict, Field

from call_recordings.core.defaults import no_items
from call_recordings.core.models import BaseModel
from call_recordings.rights.clock import Extension, Pause, PauseReason, RightsClock
from call_recordings.rights.deadlines import CaseworkKind, Deadline
from call_recordings.subject_access.errors import DateInFuture

PAUSE_REASON_WORDING = {
    PauseReason.IDENTITY: "Waiting for proof of identity: the time limit starts when it is received",
    PauseReason.CLARIFICATION: (
        "Waiting for clarification: the days from asking to receiving the answer do not count (Art 12A)"
    ),
}


class PausedPeriod(BaseModel):
    """A finished period the council waited for the requester, and the days it excluded."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    reason: PauseReason
    asked_on: date = Field(description="The day the council asked (excluded, Art 12A)")
    answered_on: date = Field(description="The day the answer arrived (excluded, Art 12A)")
    days_excluded: int = Field(
        ge=0, description="Calendar days not counted, both ends included; 0 for proof of identity"
    )


class ClockedRequest(BaseModel):
    """The clock's facts and figures, shared by subject access requests and every other rights request."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    received_on: date = Field(description="The day the request reached the council (any day of the week)")
    identity_verified_on: date | None = Field(
        default=None, description="The day proof of identity arrived, when the clock started then"
    )
    due_on: date = Field(description="When the response is due (one calendar month, or three if extended)")
    extended: bool = False
    extension_reason: str | None = None
    requester_told_on: date | None = Field(
        default=None, description="The day the requester was told of the extension and its reasons"
    )
    extended_by: str | None = None
    extended_at: datetime | None = None
    paused_on: date | None = Field(default=None, description="Since when the clock is stopped, if it is")
    pause_reason: PauseReason | None = None
    pause_note: str | None = None
    paused_periods: list[PausedPeriod] = Field(default_factory=no_items)
    days_paused: int = Field(
        default=0, ge=0, description="Calendar days excluded by finished clarification periods (Art 12A)"
    )

    @property
    def started_on(self) -> date:
        return self.identity_verified_on or self.received_on

    @property
    def is_closed(self) -> bool:
        """Overridden by each kind of request: a closed one is answered, so never overdue."""
        return False

    def clock(self) -> RightsClock:
        finished = tuple(
            Pause(asked_on=period.asked_on, reason=period.reason, answered_on=period.answered_on)
            for period in self.paused_periods
        )
        current = (
            (Pause(asked_on=self.paused_on, reason=self.pause_reason or PauseReason.CLARIFICATION),)
            if self.paused_on is not None
            else ()
        )
        extension = (
            Extension(self.extension_reason or "", self.requester_told_on or self.received_on)
            if self.extended
            else None
        )
        return RightsClock(
            received_on=self.received_on,
            identity_verified_on=self.identity_verified_on,
            pauses=finished + current,
            extension=extension,
        )

    def is_overdue(self, today: date) -> bool:
        """Outstanding past its due date; a closed request is answered, so never overdue."""
        return not self.is_closed and self.clock().is_overdue(today)

    def working_days_left(self, today: date) -> int | None:
        """Working days to the due date (0 on it, negative exactly when overdue); None once closed."""
        return None if self.is_closed else self.clock().working_days_left(today)

    def deadline(self, kind: CaseworkKind, reference: str, today: date) -> Deadline:
        """The response's deadline as the daily reminder lists it (for an open request)."""
        clock = self.clock()
        reads_on = clock.reading(today)
        remarks = tuple(
            word for word, applies in (("paused", clock.is_paused), ("extended", clock.extended)) if applies
        )
        return Deadline(
            kind=kind,
            reference=reference,
            since=self.received_on,
            due_on=clock.due_on,
            today=today,
            remarks=remarks,
            reads_on=reads_on if reads_on != today else None,
        )


def extended(
    request: ClockedRequest, *, reason: str, requester_told_on: date, by: str, at: datetime, today: date
) -> dict[str, Any]:
    """The fields an extension changes (AlreadyExtended, ExtensionNeedsReason, ExtensionTooLate)."""
    clock = request.clock().extend(reason, requester_told_on=requester_told_on, today=today)
    assert clock.extension is not None
    return {
        "extended": True,
        "extension_reason": clock.extension.reason,
        "requester_told_on": requester_told_on,
        "extended_by": by,
        "extended_at": at,
        "due_on": clock.due_on,
    }


def paused(request: ClockedRequest, *, reason: PauseReason, on: date, note: str | None) -> dict[str, Any]:
    """The fields a pause changes (AlreadyPaused, PausedBeforeStart, PausedAfterDue, ...)."""
    request.clock().pause(on, reason)
    return {"paused_on": on, "pause_reason": reason, "pause_note": note}


def resumed(request: ClockedRequest, *, on: date) -> dict[str, Any]:
    """The fields resuming changes: the finished period is kept; after proof of identity the month
    starts on ``on`` (NotPaused, ResumedBeforePaused)."""
    clock = request.clock().resume(on)
    period = clock.pauses[-1]
    assert period.answered_on is not None
    finished = PausedPeriod(
        reason=period.reason,
        asked_on=period.asked_on,
        answered_on=period.answered_on,
        days_excluded=period.days_excluded(),
    )
    return {
        "paused_on": None,
        "pause_reason": None,
        "pause_note": None,
        "paused_periods": [*request.paused_periods, finished],
        "identity_verified_on": clock.identity_verified_on,
        "days_paused": clock.days_excluded,
        "due_on": clock.due_on,
    }


def past_or_today(what: str, on: date | None, today: date) -> date:
    """The day an event happened (``on``, today by default): DateInFuture if it has not happened yet."""
    if on is None:
        return today
    if on > today:
        raise DateInFuture(what, on, today)
    return on


# What each change's audit entry says of the clock, the same for every kind of request.


def extension_details(before: ClockedRequest, after: ClockedRequest, told_on: date) -> dict[str, Any]:
    return {
        "requester_told_on": told_on.isoformat(),
        "original_due_on": before.clock().original_due_on.isoformat(),
        "due_on_before": before.due_on.isoformat(),
        "due_on": after.due_on.isoformat(),
    }


def pause_details(after: ClockedRequest, on: date) -> dict[str, Any]:
    return {"paused_on": on.isoformat(), "due_on": after.due_on.isoformat()}


def resume_details(before: ClockedRequest, after: ClockedRequest, on: date) -> dict[str, Any]:
    assert before.paused_on is not None  # resumed() refused otherwise
    return {
        "paused_on": before.paused_on.isoformat(),
        "resumed_on": on.isoformat(),
        "days_paused": after.paused_periods[-1].days_excluded,
        "due_on_before": before.due_on.isoformat(),
        "due_on": after.due_on.isoformat(),
    }
