"""The deletion domain without AWS: the days a sweep looks up, the grounds for refusing erasure, an
erasure's status, and the one deletion path's order of steps with small in-memory fakes."""

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from call_recordings.core.vocabulary import QUARANTINE_FLAGS
from call_recordings.deletion.deleting import delete_recording_version, delete_recording_versions
from call_recordings.deletion.dependencies import DeletionDependencies
from call_recordings.deletion.erasure_records import VersionKey, erasure_status
from call_recordings.deletion.errors import (
    ObjectLockRefused,
    SweepDateBeforeCheckpoint,
    VersionBusy,
    VersionGone,
    VersionHeld,
    VersionNotQuarantined,
)
from call_recordings.deletion.records import ClaimedVersion, DeletionOrder, SweepReport, VersionDeleted
from call_recordings.deletion.sweeping import days_to_sweep, sweep_order
from call_recordings.deletion.vocabulary import (
    ERASURE_REFUSAL_GROUNDS,
    DeletedBecause,
    DeletionOutcome,
    DestructionReason,
    ErasureStatus,
    VersionErasure,
)
from call_recordings.holds.vocabulary import HoldReason

NOW = datetime(2027, 2, 20, 2, 0, tzinfo=UTC)
VERSION = VersionKey(call_id="C-1", version_id="v1")


def test_every_hold_reason_has_a_ground_for_refusing_erasure():
    assert set(ERASURE_REFUSAL_GROUNDS) == set(HoldReason)
    assert ERASURE_REFUSAL_GROUNDS[HoldReason.LEGAL_CLAIM].startswith("UK GDPR Art 17(3)(e)")
    assert ERASURE_REFUSAL_GROUNDS[HoldReason.THREAT] == ERASURE_REFUSAL_GROUNDS[HoldReason.LEGAL_CLAIM]
    assert "close the SAR first" in ERASURE_REFUSAL_GROUNDS[HoldReason.SAR]


def test_the_first_sweep_looks_back_a_year_so_nothing_due_before_it_is_missed():
    days = days_to_sweep(date(2027, 2, 20), None)
    assert days[0] == date(2026, 2, 19) and days[-1] == date(2027, 2, 20)
    assert len(days) == 367 and len(set(days)) == 367


def test_a_sweep_looks_up_every_day_from_its_checkpoint_included():
    assert days_to_sweep(date(2027, 3, 1), date(2027, 2, 27)) == [
        date(2027, 2, 27),
        date(2027, 2, 28),
        date(2027, 3, 1),
    ]


def test_a_sweep_before_its_checkpoint_is_refused():
    with pytest.raises(
        SweepDateBeforeCheckpoint, match="as of 2027-02-19, but every recording due up to 2027-02-20"
    ):
        days_to_sweep(date(2027, 2, 19), date(2027, 2, 20))


@pytest.mark.parametrize(
    ("outcomes", "status"),
    [
        ([VersionErasure.ERASED, VersionErasure.ERASED], ErasureStatus.ERASED),
        ([VersionErasure.ERASED, VersionErasure.REFUSED], ErasureStatus.PARTLY_REFUSED),
        ([VersionErasure.REFUSED], ErasureStatus.REFUSED),
        ([VersionErasure.ERASED, VersionErasure.REFUSED, VersionErasure.FAILED], ErasureStatus.INCOMPLETE),
    ],
)
def test_an_erasure_status_follows_from_its_versions(outcomes, status):
    assert erasure_status(outcomes) is status


def test_a_sweep_with_a_version_busy_or_failed_is_not_complete():
    def report(*outcomes):
        return SweepReport(
            swept_on=date(2027, 2, 20),
            first_day=date(2027, 2, 20),
            outcomes=tuple(
                VersionDeleted(call_id="C-1", version_id=f"v{n}", outcome=o) for n, o in enumerate(outcomes)
            ),
        )

    assert report(DeletionOutcome.DELETED, DeletionOutcome.HELD, DeletionOutcome.ALREADY_DELETED).completed
    assert report(DeletionOutcome.NOT_DUE).completed
    assert not report(DeletionOutcome.DELETED, DeletionOutcome.BUSY).completed
    assert not report(DeletionOutcome.FAILED).completed


# The one deletion path, with fakes that note each step ---------------------------------------------------


@dataclass
class Steps:
    taken: list[str] = field(default_factory=list)


@dataclass
class FakeRegistry:
    steps: Steps
    refuse: Exception | None = None
    lose_claim: bool = False

    def claim(self, version, token, *, now, until, due_by, quarantined_only=False):
        self.steps.taken.append(f"claim due_by={due_by}" + (" quarantined" if quarantined_only else ""))
        if self.refuse:
            raise self.refuse
        return ClaimedVersion(
            call_id=version.call_id,
            version_id=version.version_id,
            bucket="b",
            object_key="recordings/C-1.wav",
            expires_on=date(2027, 2, 20),
            retention="standard",
            registered_at=datetime(2026, 11, 20, 10, 16, 2, tzinfo=UTC),
        )

    def release_claim(self, version, token):
        self.steps.taken.append("release")

    def tombstone(self, version, token, *, deleted_on, because, held=frozenset()):
        if self.lose_claim:
            raise RuntimeError("claim lost")
        self.steps.taken.append(f"tombstone {because.value} {deleted_on}")


@dataclass
class FakeBucket:
    steps: Steps
    failure: Exception | None = None
    found: bool = True

    def delete_version(self, bucket, key, version_id):
        self.steps.taken.append("delete")
        if self.failure:
            raise self.failure
        return self.found

    def delete_markers(self, bucket, key):
        self.steps.taken.append(f"delete markers of {key}")
        return 2

    def delete_versions(self, versions, *, threads):
        self.steps.taken.append(f"delete {len(versions)} together")
        return [self.failure or self.found for _ in versions]


@dataclass
class FakeAudit:
    steps: Steps
    entries: list[dict] = field(default_factory=list)

    failure: Exception | None = None

    def record(self, **entry):
        self.steps.taken.append(f"audit {entry['action']}")
        self.entries.append(entry)

    def record_many(self, entries):
        self.steps.taken.append(f"audit {len(entries)} together")
        if self.failure:
            raise self.failure
        self.entries.extend(entries)


def _deps(registry=None, bucket=None, steps=None):
    steps = steps or Steps()
    audit = FakeAudit(steps)
    return (
        DeletionDependencies(
            registry=registry or FakeRegistry(steps),
            bucket=bucket or FakeBucket(steps),
            audit=audit,
            clock=lambda: NOW,
        ),
        steps,
        audit,
    )


def test_a_due_version_is_claimed_deleted_audited_then_tombstoned():
    deps, steps, audit = _deps()

    outcome = delete_recording_version(VERSION, sweep_order(date(2027, 2, 20)), deps)

    assert outcome.outcome is DeletionOutcome.DELETED and outcome.object_found is True
    assert steps.taken == [
        "claim due_by=2027-02-20",
        "delete",
        "audit recording-deleted",
        "tombstone retention-period-ended 2027-02-20",
    ]
    [entry] = audit.entries
    assert entry["who"] == "system:retention-sweeper" and entry["target"] == "recording#C-1"
    assert entry["details"] == {
        "version_id": "v1",
        "registered_on": "2026-11-20",  # the day only: the time went with the personal data
        "expires_on": "2027-02-20",
        "deleted_on": "2027-02-20",
        "retention": "standard",
        "object_found": True,
    }


DESTRUCTION = DeletionOrder(
    because=DeletedBecause.DESTROYED_OUT_OF_POLICY,
    who="arn:aws:sts::123456789012:assumed-role/DpoRole/dpo",
    why={"reason": "payment-details-recorded", "destruction_id": "D-20270220-0000000001"},
    deleted_on=date(2027, 2, 20),
)


def test_a_destruction_claims_only_a_quarantined_version_and_leaves_no_delete_marker():
    """The notice's "card details are not recorded": the capture is destroyed, not hidden behind a delete
    marker; the entry names the DPO and the reason."""
    deps, steps, audit = _deps()

    outcome = delete_recording_version(VERSION, DESTRUCTION, deps)

    assert outcome.outcome is DeletionOutcome.DELETED
    assert steps.taken == [
        "claim due_by=None quarantined",
        "delete",
        "delete markers of recordings/C-1.wav",
        "audit recording-destroyed",
        "tombstone destroyed-out-of-policy 2027-02-20",
    ]
    [entry] = audit.entries
    assert entry["who"] == DESTRUCTION.who and entry["why"]["reason"] == "payment-details-recorded"
    assert entry["details"]["delete_markers_removed"] == 2


def test_a_destruction_of_a_version_the_registry_does_not_flag_deletes_nothing():
    steps = Steps()
    deps, _, audit = _deps(registry=FakeRegistry(steps, refuse=VersionNotQuarantined()), steps=steps)

    result = delete_recording_version(VERSION, DESTRUCTION, deps)

    assert result.outcome is DeletionOutcome.NOT_QUARANTINED
    assert steps.taken == ["claim due_by=None quarantined"] and audit.entries == []


def test_the_reasons_for_destroying_a_capture_are_ingests_quarantine_flags():
    """One vocabulary: the flag in the DPO's alert is the reason the DPO gives."""
    assert {reason.value for reason in DestructionReason} == QUARANTINE_FLAGS


@pytest.mark.parametrize(
    ("refusal", "outcome"),
    [
        (VersionGone(), DeletionOutcome.ALREADY_DELETED),
        (VersionHeld(["H-20261128-0000000001"]), DeletionOutcome.HELD),
        (VersionBusy(), DeletionOutcome.BUSY),
    ],
)
def test_a_refused_claim_deletes_nothing_and_writes_no_entry(refusal, outcome):
    steps = Steps()
    deps, _, audit = _deps(registry=FakeRegistry(steps, refuse=refusal), steps=steps)

    result = delete_recording_version(VERSION, sweep_order(date(2027, 2, 20)), deps)

    assert result.outcome is outcome
    assert steps.taken == ["claim due_by=2027-02-20"] and audit.entries == []


def test_an_object_lock_refusal_gives_the_claim_back_and_tells_the_dpo():
    steps = Steps()
    deps, _, audit = _deps(bucket=FakeBucket(steps, failure=ObjectLockRefused("locked")), steps=steps)

    result = delete_recording_version(VERSION, sweep_order(date(2027, 2, 20)), deps)

    assert (result.outcome, result.object_lock) == (DeletionOutcome.HELD, True)
    assert steps.taken == [
        "claim due_by=2027-02-20",
        "delete",
        "release",
        "audit deletion-refused-object-lock",
    ]
    [entry] = audit.entries
    assert entry["details"] == {"version_id": "v1", "expires_on": "2027-02-20", "retention": "standard"}


def test_an_error_after_the_claim_gives_it_back_and_is_that_versions_failure_only():
    steps = Steps()
    deps, _, audit = _deps(bucket=FakeBucket(steps, failure=ConnectionError("reset")), steps=steps)

    with pytest.raises(ConnectionError):
        delete_recording_version(VERSION, sweep_order(date(2027, 2, 20)), deps)
    assert steps.taken[-1] == "release" and audit.entries == []

    [failed] = delete_recording_versions([VERSION], sweep_order(date(2027, 2, 20)), deps)
    assert (failed.outcome, failed.error) == (DeletionOutcome.FAILED, "ConnectionError")


def test_the_deletion_entry_keeps_the_utc_day_of_registration_not_the_time():
    # 00:30 in London summer time is 23:30 UTC the day before: the day every audit `at` is in.
    claimed = ClaimedVersion(
        call_id="C-1",
        version_id="v1",
        bucket="b",
        object_key="recordings/C-1.wav",
        expires_on=date(2026, 10, 1),
        retention="standard",
        registered_at=datetime.fromisoformat("2026-07-01T00:30:00+01:00"),
    )
    assert claimed.registered_on == date(2026, 6, 30)
    assert claimed.model_copy(update={"registered_at": None}).registered_on is None


VERSIONS = [VersionKey(call_id=f"C-{n}", version_id=f"v{n}") for n in range(250)]


def test_many_versions_are_deleted_together_then_audited_a_hundred_to_a_call_then_tombstoned():
    deps, steps, audit = _deps()
    deps = dataclasses.replace(deps, threads=1)  # the steps in order

    outcomes = delete_recording_versions(VERSIONS, sweep_order(date(2027, 2, 20)), deps)

    assert {outcome.outcome for outcome in outcomes} == {DeletionOutcome.DELETED}
    assert [outcome.key for outcome in outcomes] == [version.key for version in VERSIONS]
    assert steps.taken == (
        ["claim due_by=2027-02-20"] * 250
        + ["delete 250 together", "audit 100 together", "audit 100 together", "audit 50 together"]
        + ["tombstone retention-period-ended 2027-02-20"] * 250
    )
    assert [entry["details"]["version_id"] for entry in audit.entries] == [v.version_id for v in VERSIONS]


def test_an_audit_call_that_fails_leaves_its_versions_claimed_by_nobody_and_untombstoned():
    """Deleted from S3 but not audited: each is failed and its claim given back, so the next attempt
    claims it again, finds it gone and audits it (a deletion is audited at least once, never silently)."""
    steps = Steps()
    deps, _, _ = _deps(steps=steps)
    failing = FakeAudit(steps, failure=ConnectionError("reset"))
    deps = dataclasses.replace(deps, threads=1, audit=failing)

    outcomes = delete_recording_versions(VERSIONS[:3], sweep_order(date(2027, 2, 20)), deps)

    assert {(outcome.outcome, outcome.error) for outcome in outcomes} == {
        (DeletionOutcome.FAILED, "ConnectionError")
    }
    assert steps.taken[3:] == ["delete 3 together", "audit 3 together", "release", "release", "release"]
    assert not any(step.startswith("tombstone") for step in steps.taken) and failing.entries == []
