"""Hold ids, work messages, reports, per-recording status and page tokens."""

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from call_recordings.core.errors import InvalidPageToken, RecordingsNotFound
from call_recordings.core.hold_selection import HoldSelection
from call_recordings.core.identifiers import (
    hold_target,
    is_hold_id,
    new_hold_id,
    recording_item,
    recording_target,
)
from call_recordings.core.paging import page_position, page_token
from call_recordings.core.versions import RecordingVersion, RegisteredVersion, in_order
from call_recordings.holds.dependencies import BATCH_SIZE
from call_recordings.holds.hold import Hold
from call_recordings.holds.records import (
    MESSAGE_BYTES,
    VersionOutcome,
    WorkMessage,
    WorkReport,
    work_messages,
)
from call_recordings.holds.reporting import recording_status
from call_recordings.holds.vocabulary import (
    HoldReason,
    HoldStatus,
    RecordingHoldStatus,
    RecordingOutcome,
    WorkAction,
)

HOLD_ID = "H-20261128-3F9A1C2B7D"


def _version(call_id: str, version_id: str = "v1") -> RecordingVersion:
    return RecordingVersion(call_id=call_id, version_id=version_id, object_key=f"recordings/{call_id}.wav")


def test_hold_ids_carry_the_day_and_are_unique():
    placed_at = datetime(2026, 11, 28, 23, 59, tzinfo=UTC)
    ids = {new_hold_id(placed_at) for _ in range(200)}
    assert len(ids) == 200
    assert all(hold_id.startswith("H-20261128-") and is_hold_id(hold_id) for hold_id in ids)
    assert not is_hold_id("H-20261128-3f9a1c2b7d")
    assert not is_hold_id("H-1")


def test_the_keys_holds_are_filed_under():
    assert recording_item("C-1", "v/1") == "recording#C-1#v/1"
    assert hold_target(HOLD_ID) == f"hold#{HOLD_ID}"
    assert recording_target("C-1") == "recording#C-1"


def test_versions_are_taken_once_each_in_call_and_version_order():
    versions = [_version("C-2"), _version("C-1", "v2"), _version("C-1", "v1"), _version("C-2")]
    assert [version.key for version in in_order(versions)] == [("C-1", "v1"), ("C-1", "v2"), ("C-2", "v1")]


@pytest.mark.parametrize(
    ("count", "sizes"),
    [(1, [1]), (1000, [1000]), (1001, [1000, 1]), (10_000, [1000] * 10), (2120, [1000, 1000, 120])],
)
def test_work_is_split_into_numbered_messages_of_at_most_a_batch(count, sizes):
    versions = [_version(f"C-{number:05d}") for number in range(count)]
    messages = work_messages(HOLD_ID, WorkAction.PLACE, versions, BATCH_SIZE)
    assert [len(message.recordings) for message in messages] == sizes
    assert [message.batch for message in messages] == list(range(1, len(sizes) + 1))
    assert [version for message in messages for version in message.recordings] == versions


def test_a_work_message_stays_inside_what_sqs_takes():
    """SQS refuses a message over 256 KiB: versions with long object keys go fewer to a message."""
    versions = [
        RecordingVersion(call_id=f"C-{number:04d}", version_id="v" * 32, object_key=f"recordings/{'é' * 400}")
        for number in range(1000)
    ]
    messages = work_messages(HOLD_ID, WorkAction.PLACE, versions, BATCH_SIZE)
    sizes = [len(message.model_dump_json().encode()) for message in messages]
    assert len(messages) > 1
    assert all(MESSAGE_BYTES - 1000 < size <= MESSAGE_BYTES for size in sizes[:-1])
    assert max(sizes) <= 256 * 1024
    assert [version for message in messages for version in message.recordings] == versions


def test_a_message_of_a_hold_in_order_is_one_range_of_its_member_items():
    """The worker reads a message's versions with one query over the member items between its first and
    last version: in a hold's order (call id, version id) no other message's version falls between."""
    versions = in_order(
        _version(call_id, version_id)
        for call_id in ("C-1", "C-10", "C-1.5", "C-1_2", "C-2", "c-1", "C:9")
        for version_id in ("v1", "V.2", "3")
    )
    messages = work_messages(HOLD_ID, WorkAction.PLACE, versions, 4)
    items = [[recording_item(*version.key) for version in message.recordings] for message in messages]
    in_messages = [each for message in items for each in message]
    assert in_messages == sorted(in_messages)


def test_a_work_message_is_checked_as_it_arrives():
    good = {"action": "place", "hold_id": HOLD_ID, "recordings": [_version("C-1").model_dump()]}
    assert WorkMessage.model_validate(good).batch == 1
    for bad in (
        good | {"action": "delete"},
        good | {"hold_id": "H-1"},
        good | {"recordings": []},
        good | {"extra": True},
        good | {"recordings": [{"call_id": "C 1", "version_id": "v1", "object_key": "k"}]},
    ):
        with pytest.raises(ValidationError):
            WorkMessage.model_validate(bad)


def test_a_report_is_complete_unless_a_version_is_waiting():
    def report(*outcomes):
        return WorkReport(
            hold_id=HOLD_ID,
            action=WorkAction.PLACE,
            batch=1,
            applied=True,
            outcomes=tuple(
                VersionOutcome(call_id=f"C-{n}", version_id="v1", outcome=outcome)
                for n, outcome in enumerate(outcomes)
            ),
        )

    assert report(RecordingOutcome.HELD, RecordingOutcome.GONE).complete
    waiting = report(RecordingOutcome.HELD, RecordingOutcome.WAITING, RecordingOutcome.HELD)
    assert not waiting.complete
    assert waiting.count(RecordingOutcome.HELD) == 2


def _hold(status: HoldStatus) -> Hold:
    return Hold(
        hold_id=HOLD_ID,
        status=status,
        reason=HoldReason.THREAT,
        case_reference="T-7",
        placed_by="arn:aws:sts::123456789012:assumed-role/DpoRole/jane",
        placed_at=datetime(2026, 11, 28, tzinfo=UTC),
        selection=HoldSelection(by="call-ids", call_ids=1),
        total=1,
        batches=1,
    )


def _registered(holds: set[str]) -> RegisteredVersion:
    return RegisteredVersion(
        call_id="C-1",
        version_id="v1",
        bucket="b",
        object_key="k",
        recorded_at=datetime(2026, 11, 20, tzinfo=UTC),
        expires_on="2027-02-20",
        purpose="quality-training",
        source="data-subject",
        retention="hold" if holds else "standard",
        holds=frozenset(holds),
    )


@pytest.mark.parametrize(
    ("status", "holds", "expected"),
    [
        (HoldStatus.PLACING, {HOLD_ID}, RecordingHoldStatus.HELD),
        (HoldStatus.PLACING, set(), RecordingHoldStatus.PENDING),
        (HoldStatus.ACTIVE, {HOLD_ID, "H-20261128-0000000000"}, RecordingHoldStatus.HELD),
        (HoldStatus.ACTIVE, {"H-20261128-0000000000"}, RecordingHoldStatus.NOT_HELD),
        (HoldStatus.RELEASING, {HOLD_ID}, RecordingHoldStatus.HELD),
        (HoldStatus.RELEASING, set(), RecordingHoldStatus.RELEASED),
        (HoldStatus.RELEASED, {"H-20261128-0000000000"}, RecordingHoldStatus.RELEASED),
    ],
)
def test_a_recordings_status_under_a_hold_is_read_from_its_holds_set(status, holds, expected):
    assert recording_status(_hold(status), _registered(holds)) is expected


def test_a_recording_no_longer_registered_is_gone():
    assert recording_status(_hold(HoldStatus.ACTIVE), None) is RecordingHoldStatus.GONE


def test_page_tokens_round_trip_and_refuse_anything_else():
    position = {"request_id": {"S": HOLD_ID}, "item": {"S": "recording#C-1#v1"}}
    assert page_position(page_token(position)) == position
    assert page_token(None) is None
    assert page_token({}) is None
    assert page_position(None) is None
    for bad in ("not base64 !", "bnVsbA", "W10", "e30"):  # garbage, null, [], {}
        with pytest.raises(InvalidPageToken):
            page_position(bad)


def test_unknown_call_ids_are_all_carried_and_at_most_twenty_named():
    unknown = [f"C-{number:03d}" for number in range(25)]
    error = RecordingsNotFound(list(reversed(unknown)))
    assert error.call_ids == unknown
    assert str(error).startswith("25 call id(s) are not in the registry: C-000, C-001")
    assert "C-019 and 5 more; nothing was held" in str(error)
    assert "C-020" not in str(error)
