"""What holds are made of besides the hold itself (holds/hold.py): the hold worker's messages and reports,
and the record of an Idempotency-Key."""

from pydantic import ConfigDict, Field

from call_recordings.core.identifiers import HOLD_ID_PATTERN
from call_recordings.core.models import BaseModel
from call_recordings.core.versions import RecordingVersion

# Re-exported: the casework adapter names it from records.
from call_recordings.holds.hold import Hold as Hold
from call_recordings.holds.vocabulary import HoldStatus, RecordingOutcome, WorkAction


class WorkMessage(BaseModel):
    """One piece of a hold's work: place or release it on up to a batch of recording versions.

    The same shape travels on the work queue and in a synchronous invocation of the hold worker.
    ``batch`` numbers the messages of one action on one hold, so progress is counted once per message.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    action: WorkAction
    hold_id: str = Field(pattern=HOLD_ID_PATTERN)
    batch: int = Field(default=1, ge=1)
    recordings: tuple[RecordingVersion, ...] = Field(min_length=1)


# SQS refuses a message over 256 KiB (262,144 bytes); a work message's JSON stays under this, with room
# to spare for what SQS counts besides the body.
MESSAGE_BYTES = 250_000


def work_messages(
    hold_id: str,
    action: WorkAction,
    versions: list[RecordingVersion],
    batch_size: int,
    *,
    message_bytes: int = MESSAGE_BYTES,
) -> list[WorkMessage]:
    """The hold's versions, in their order, in messages of at most ``batch_size`` versions and
    ``message_bytes`` of JSON (UTF-8), numbered from 1. Each message is a run of consecutive versions: in a
    hold's order (call id, version id: core.versions.in_order) one range of its member items, which the
    worker reads with one query (holds/adapters/casework.py hold_members)."""
    if not versions:
        return []
    lengths = [len(version.model_dump_json().encode()) + 1 for version in versions]  # bytes, with a comma
    # What a message holds besides its versions (its batch number given room for six digits).
    envelope = len(_message(hold_id, action, 100_000, versions[:1]).model_dump_json().encode()) - lengths[0]
    messages: list[WorkMessage] = []
    batch: list[RecordingVersion] = []
    size = envelope
    for version, length in zip(versions, lengths, strict=True):
        if batch and (len(batch) == batch_size or size + length > message_bytes):
            messages.append(_message(hold_id, action, len(messages) + 1, batch))
            batch, size = [], envelope
        batch.append(version)
        size += length
    if batch:
        messages.append(_message(hold_id, action, len(messages) + 1, batch))
    return messages


def _message(hold_id: str, action: WorkAction, number: int, versions: list[RecordingVersion]) -> WorkMessage:
    return WorkMessage(action=action, hold_id=hold_id, batch=number, recordings=tuple(versions))


class VersionOutcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    call_id: str
    version_id: str
    outcome: RecordingOutcome


class WorkReport(BaseModel):
    """What the hold worker did with one message: per version, and what the hold looks like now."""

    model_config = ConfigDict(frozen=True)

    hold_id: str
    action: WorkAction
    batch: int
    applied: bool = Field(
        description="False when the message was already applied, the hold has moved on, or it was refused"
    )
    refused: str | None = Field(
        default=None, description="Why the message was refused: the hold's record does not bear it out"
    )
    outcomes: tuple[VersionOutcome, ...] = ()
    hold_status: HoldStatus | None = None

    @property
    def complete(self) -> bool:
        """Every version reached; nothing left waiting for a release to finish."""
        return all(outcome.outcome is not RecordingOutcome.WAITING for outcome in self.outcomes)

    def count(self, outcome: RecordingOutcome) -> int:
        return sum(1 for each in self.outcomes if each.outcome is outcome)


class HoldMember(BaseModel):
    """A recording version as a hold's record lists it: the version, and the work message (batch) it
    was placed in (None for a hold recorded before members kept their batch: any batch then)."""

    model_config = ConfigDict(frozen=True)

    version: RecordingVersion
    batch: int | None = None


class IdempotencyRecord(BaseModel):
    """Which hold an Idempotency-Key made, and a keyed digest of the request that made it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    hold_id: str
    fingerprint: str
