"""How long the council keeps a call recording, and when it falls due for deletion.

The privacy notice: "We will retain recordings into the call centre for a period of 3 calendar
months from the date of recording. Please note, until 15 July 2020 we only retained recordings
for 1 calendar month."

Read as follows:

- "the date of recording" is the calendar date in London (GMT or BST, whichever was in force) at
  the moment the call was recorded, whatever offset the telephony system wrote the time in;
- a recording made on a London date before 15 July 2020 was kept 1 calendar month, one made on
  15 July 2020 or later is kept 3 calendar months;
- a calendar month on is the same day of the month, or the last day of the month when that day
  does not exist (31 January + 3 months = 30 April; 30 November 2023 + 3 months = 29 February
  2024), as ``dateutil.relativedelta`` computes it;
- a recording is due for deletion on its expiry date (``expires_on``) and every day after it;
- but a recording that arrives already past its expiry date, or more than 2 days after it was
  recorded, is not due before 7 days after the London date it arrived (DESIGN section 8: a wrong
  clock in the telephony system must not delete on arrival; the DPO is told and has a week to look).
"""

from datetime import UTC, date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from dateutil.tz import gettz

# dateutil reads the operating system's tz database and falls back to the copy bundled with it,
# so this works on a Lambda runtime that has no /usr/share/zoneinfo.
LONDON = gettz("Europe/London")

# Recordings made (London date) on or after this date are kept 3 calendar months, earlier ones 1.
POLICY_CHANGE = date(2020, 7, 15)

# The S3 lifecycle backstop for standard and quarantined recordings, in days. Lifecycle has no
# month unit; 3 calendar months are 89 to 92 days, so 92 is the longest and never deletes a
# recording before its expiry date (the daily sweeper deletes it on that date).
LIFECYCLE_BACKSTOP_DAYS = 92

# A recording uploaded more than this long after its recording time arrived late (a clock fault, or an
# upload queue that stalled); one that arrived late or already expired is kept ARRIVAL_GRACE from the
# London date of arrival. S3 lifecycle counts from the upload too, and its backstop is far longer.
LATE_ARRIVAL = timedelta(days=2)
ARRIVAL_GRACE = timedelta(days=7)

# How far ahead of the clock a recording time may be before it is refused: enough for a
# telephony system whose clock drifts or that writes local time with the wrong offset.
_FUTURE_TOLERANCE = timedelta(days=1)

_SHOWN_VALUE_LENGTH = 64


class InvalidRecordingTime(ValueError):
    """A recording time that cannot be placed on the London calendar, or that is in the future."""


def _is_aware(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() is not None


def recording_date(recorded_at: datetime) -> date:
    """The London calendar date on which a recording was made."""
    if not _is_aware(recorded_at):
        raise InvalidRecordingTime(
            f"recording time {recorded_at.isoformat()} has no UTC offset; an offset is required "
            "(e.g. 2024-01-31T10:15:00+00:00)"
        )
    try:
        return recorded_at.astimezone(LONDON).date()
    except OverflowError as error:
        raise InvalidRecordingTime(
            f"recording time {recorded_at.isoformat()} is outside the calendar"
        ) from error


def retention_months(recorded_on: date) -> int:
    """How many calendar months a recording made on this London date is kept: 1 or 3."""
    return 1 if recorded_on < POLICY_CHANGE else 3


def expires_on(recorded_at: datetime, *, now: datetime | None = None) -> date:
    """The London date on which a recording's retention ends and it falls due for deletion.

    Refuses a time without an offset, and one more than a day after ``now`` (the current time,
    which must carry an offset).
    """
    recorded_on = recording_date(recorded_at)
    if now is None:
        now = datetime.now(UTC)
    elif not _is_aware(now):
        raise ValueError(f"the current time {now.isoformat()} has no UTC offset; an offset is required")
    if recorded_at - now > _FUTURE_TOLERANCE:
        raise InvalidRecordingTime(
            f"recording time {recorded_at.isoformat()} is more than a day after "
            f"the current time {now.isoformat()}"
        )
    return recorded_on + relativedelta(months=retention_months(recorded_on))


def parse_recorded_at(value: str) -> datetime:
    """The moment given by an upload's ``recorded-at`` metadata: ISO 8601 with a UTC offset or Z."""
    shown = value[:_SHOWN_VALUE_LENGTH] if isinstance(value, str) else value
    if not isinstance(value, str):
        raise InvalidRecordingTime(f"recorded-at {shown!r} is not text")
    try:
        recorded_at = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise InvalidRecordingTime(
            f"recorded-at {shown!r} is not an ISO 8601 time (e.g. 2024-01-31T10:15:00+00:00)"
        ) from error
    if not _is_aware(recorded_at):
        raise InvalidRecordingTime(
            f"recorded-at {shown!r} has no UTC offset; an offset is required (e.g. 2024-01-31T10:15:00Z)"
        )
    return recorded_at


def is_due(expires: date, today: date) -> bool:
    """Whether a recording that expires on ``expires`` is due for deletion ``today``."""
    return today >= expires


def arrived_late(recorded_at: datetime, arrived_at: datetime) -> bool:
    """Whether a recording arrived more than 2 days after its recording time."""
    return arrived_at - recorded_at > LATE_ARRIVAL


def first_due_on(expires: date, arrived_at: datetime, *, late: bool) -> date:
    """The first London date a recording may be deleted: its expiry date, but for one that arrived late
    or already past that date, no earlier than 7 days after the London date it arrived."""
    arrived_on = arrived_at.astimezone(LONDON).date()
    if late or is_due(expires, arrived_on):
        return max(expires, arrived_on + ARRIVAL_GRACE)
    return expires
