"""The DPO API's part of destroying an out-of-policy capture (deletion/destroying.py), with in-memory
fakes: what the destruction says when the eraser finds something changed since the check, or fails.
The privacy notice: "bank and card details are not recorded"."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from call_recordings.core.versions import RegisteredVersion
from call_recordings.deletion.destroying import destroy_capture
from call_recordings.deletion.destruction_dependencies import DestructionDependencies
from call_recordings.deletion.destruction_records import Destruction, DestructionRequest
from call_recordings.deletion.errors import EraserFailed, RecordingKept, RecordingNotQuarantined
from call_recordings.deletion.records import DestructionReport, VersionDeleted
from call_recordings.deletion.vocabulary import DeletionOutcome, DestructionReason, DestructionStatus

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
DPO = "arn:aws:sts::123456789012:assumed-role/CallRecordingsDpo/dpo"


def registered(
    version_id: str, *, flags=frozenset({"payment-details-recorded"}), **more
) -> RegisteredVersion:
    return RegisteredVersion(
        call_id="C-1",
        version_id=version_id,
        bucket="recordings",
        object_key="recordings/2026/11/C-1.wav",
        recorded_at=datetime(2026, 11, 20, 10, 15, tzinfo=UTC),
        expires_on=date(2027, 2, 20),
        purpose="complaints-disputes",
        source="data-subject",
        retention="quarantine",
        flags=flags,
        **more,
    )


@dataclass
class FakeRegistry:
    versions: list[RegisteredVersion]

    def versions_of_call(self, call_id):
        return self.versions

    def tombstones_of_call(self, call_id):
        return []


@dataclass
class FakeRecords:
    written: list[Destruction] = field(default_factory=list)

    def create(self, destruction):
        self.written.append(destruction)

    def finish(self, destruction):
        self.written.append(destruction)


@dataclass
class FakeAudit:
    entries: list[dict] = field(default_factory=list)

    def record(self, **entry):
        self.entries.append(entry)


@dataclass
class FakeEraser:
    outcome: DeletionOutcome | None  # None: the eraser gives no report
    requests: list[DestructionRequest] = field(default_factory=list)

    def destroy(self, request):
        self.requests.append(request)
        if self.outcome is None:
            raise EraserFailed("timed out")
        return DestructionReport(
            destruction_id=request.destruction_id,
            outcomes=tuple(
                VersionDeleted(call_id=each.call_id, version_id=each.version_id, outcome=self.outcome)
                for each in request.versions
            ),
        )


def destroy(versions, eraser, records=None, audit=None):
    records = FakeRecords() if records is None else records
    deps = DestructionDependencies(
        registry=FakeRegistry(versions),
        records=records,
        eraser=eraser,
        audit=FakeAudit() if audit is None else audit,
        clock=lambda: NOW,
    )
    finished, _ = destroy_capture(
        "C-1", reason=DestructionReason.PAYMENT_DETAILS_RECORDED, note=None, requested_by=DPO, deps=deps
    )
    return finished, records


@pytest.mark.parametrize(
    ("outcome", "audited"),
    [
        (DeletionOutcome.DELETED, None),  # the eraser audits each version it destroyed
        (DeletionOutcome.HELD, "refused"),
        (DeletionOutcome.FAILED, "incomplete"),
        (None, "incomplete"),
    ],
)
def test_a_destruction_the_eraser_did_not_finish_is_audited_never_lost_silently(outcome, audited):
    """A hold placed between the check and the eraser, or an error: the record says so, and so does the
    audit trail (under destruction#D-..., naming the DPO), so the DPO's trail shows every attempt."""
    audit = FakeAudit()
    finished, _ = destroy([registered("v1")], FakeEraser(outcome), audit=audit)

    if audited is None:
        assert audit.entries == []
        return
    [entry] = audit.entries
    assert (entry["action"].value, entry["who"], entry["target"]) == (
        "destruction-not-finished",
        DPO,
        f"destruction#{finished.destruction_id}",
    )
    assert entry["details"]["status"] == audited
    assert entry["why"] == {"reason": "payment-details-recorded"}


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        (DeletionOutcome.DELETED, DestructionStatus.DESTROYED),
        (DeletionOutcome.ALREADY_DELETED, DestructionStatus.DESTROYED),
        (DeletionOutcome.HELD, DestructionStatus.REFUSED),  # a hold placed after the check
        (DeletionOutcome.RESTRICTED, DestructionStatus.REFUSED),  # Art 18(2): storage only
        (DeletionOutcome.FAILED, DestructionStatus.INCOMPLETE),
        (None, DestructionStatus.INCOMPLETE),  # the eraser gave no report
    ],
)
def test_the_destruction_records_what_the_eraser_did_with_every_version(outcome, status):
    finished, records = destroy([registered("v1"), registered("v2")], FakeEraser(outcome))

    assert finished.status is status
    assert (finished.destroyed, finished.refused, finished.failed) == {
        DestructionStatus.DESTROYED: (2, 0, 0),
        DestructionStatus.REFUSED: (0, 2, 0),
        DestructionStatus.INCOMPLETE: (0, 0, 2),
    }[status]
    first, last = records.written
    assert first.status is DestructionStatus.DESTROYING and {v.version_id for v in first.to_destroy} == {
        "v1",
        "v2",
    }
    assert last == finished and last.requested_by == DPO and last.destruction_id.startswith("D-20261203-")


def test_the_record_lists_the_versions_before_the_eraser_is_invoked_with_its_id():
    eraser = FakeEraser(DeletionOutcome.DELETED)
    _, records = destroy([registered("v1")], eraser)

    [request] = eraser.requests
    assert request.destruction_id == records.written[0].destruction_id
    assert request.versions == records.written[0].to_destroy


@pytest.mark.parametrize(
    ("versions", "refusal"),
    [
        ([registered("v1"), registered("v2", flags=frozenset({"purpose-unknown"}))], RecordingNotQuarantined),
        ([registered("v1", holds=frozenset({"H-20261128-0000000001"}))], RecordingKept),
        ([registered("v1", restrictions=frozenset({"R-20261128-0000000001"}))], RecordingKept),
    ],
)
def test_a_refused_destruction_writes_nothing_and_invokes_nothing(versions, refusal):
    eraser, records = FakeEraser(DeletionOutcome.DELETED), FakeRecords()
    with pytest.raises(refusal):
        destroy(versions, eraser, records)
    assert eraser.requests == [] and records.written == []
