"""The hold worker's logic against small in-memory fakes of its adapters: the order and number of
calls per version, and what it does when it meets a release in progress."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest

from call_recordings.core.errors import RecordingGone
from call_recordings.core.hold_selection import HoldSelection
from call_recordings.core.versions import RecordingVersion, RegisteredVersion
from call_recordings.core.vocabulary import RetentionClass
from call_recordings.holds.applying import HOLD_WORKER, apply_work
from call_recordings.holds.errors import ReleaseInProgress, ReleaseTokenRefused
from call_recordings.holds.hold import Hold
from call_recordings.holds.records import HoldMember, WorkMessage
from call_recordings.holds.vocabulary import HoldReason, HoldStatus, RecordingOutcome, WorkAction
from call_recordings.holds.worker_dependencies import WorkerDependencies

HOLD = "H-20261128-00000000AA"
OTHER = "H-20261128-00000000BB"
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


class FakeRegistry:
    """The registry's conditional updates, with the conditions adapters/recording_holds.py gives DynamoDB."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], dict] = {}
        self.calls: list[tuple[str, str]] = []

    def register(self, call_id: str, *, flags=(), expires_on="2027-02-20", **more) -> RecordingVersion:
        self.items[(call_id, "v1")] = {
            "call_id": call_id,
            "version_id": "v1",
            "bucket": "callrecordings",
            "object_key": f"recordings/{call_id}.wav",
            "recorded_at": "2026-11-20T10:15:00+00:00",
            "expires_on": expires_on,
            "due_on": expires_on,
            "purpose": "legal-claims",
            "source": "data-subject",
            "retention": "standard",
            "flags": set(flags),
            "holds": set(),
        } | more
        return RecordingVersion(call_id=call_id, version_id="v1", object_key=f"recordings/{call_id}.wav")

    def _live_token(self, item, now) -> bool:
        return "release_token" in item and item["release_expires"] >= now

    def add_hold(self, version, hold_id, *, reason, now):
        self.calls.append(("add_hold", version.call_id))
        item = self.items.get(version.key)
        if item is None:
            raise RecordingGone(version.call_id)
        if self._live_token(item, now):
            raise ReleaseInProgress(version.call_id)
        item["holds"].add(hold_id)
        if reason is HoldReason.RESTRICTION:
            item.setdefault("restriction_holds", set()).add(hold_id)
        item["retention"] = "restricted" if reason is HoldReason.RESTRICTION else "hold"
        for name in ("due_on", "release_token", "release_expires"):
            item.pop(name, None)
        return RegisteredVersion.model_validate(item)

    def set_kept_class(self, version, retention):
        self.calls.append(("set_kept_class", version.call_id))
        item = self.items[version.key]
        if not item["holds"]:
            return False
        item["retention"] = retention.value
        return True

    def remove_hold(self, version, hold_id):
        self.calls.append(("remove_hold", version.call_id))
        item = self.items.get(version.key)
        if item is None:
            raise RecordingGone(version.call_id)
        item["holds"].discard(hold_id)
        item.get("restriction_holds", set()).discard(hold_id)
        return RegisteredVersion.model_validate(item)

    def take_release_token(self, version, token, *, now, until):
        self.calls.append(("take_release_token", version.call_id))
        item = self.items[version.key]
        if item["holds"] or self._live_token(item, now):
            raise ReleaseTokenRefused(RegisteredVersion.model_validate(item))
        item |= {"release_token": token, "release_expires": until}
        return RegisteredVersion.model_validate(item)

    def finish_release(self, version, token, *, retention, due_on):
        self.calls.append(("finish_release", version.call_id))
        item = self.items[version.key]
        if item.get("release_token") != token:
            return False
        item |= {"retention": retention.value, "due_on": due_on.isoformat()}
        del item["release_token"], item["release_expires"]
        return True


@dataclass
class FakeLegalHolds:
    calls: list[tuple] = field(default_factory=list)

    def hold_version(self, bucket, key, version_id):
        self.calls.append(("legal-hold", key, "ON"))

    def release_version(self, bucket, key, version_id):
        self.calls.append(("legal-hold", key, "OFF"))

    def tag_version(self, bucket, key, version_id, tags):
        self.calls.append(("tags", key, dict(tags)))


@dataclass
class FakeCasework:
    """The hold's record: its header (through start_work and hold) and its members (every version the
    registry has, in batch 1, unless ``members`` says otherwise)."""

    total: int
    registry: FakeRegistry
    started: bool = True
    reason: HoldReason = HoldReason.LEGAL_CLAIM
    members: dict[tuple[str, str], int | None] | None = None
    counted: list[tuple] = field(default_factory=list)
    completed: list[WorkAction] = field(default_factory=list)

    def start_work(self, hold_id, action, batch, now):
        if not self.started or hold_id != HOLD:
            return None
        status = HoldStatus.PLACING if action is WorkAction.PLACE else HoldStatus.RELEASING
        return self._hold(hold_id, status, {})

    def hold(self, hold_id):
        return self._hold(hold_id, HoldStatus.ACTIVE, {}) if hold_id == HOLD else None

    def hold_members(self, hold_id, keys):
        batches = self.members if self.members is not None else dict.fromkeys(self.registry.items, 1)
        return {
            key: HoldMember(
                version=RecordingVersion(
                    call_id=key[0], version_id=key[1], object_key=f"recordings/{key[0]}.wav"
                ),
                batch=batches[key],
            )
            for key in keys
            if key in batches
        }

    def count_work(self, hold_id, action, batch, counts, now):
        self.counted.append((action, batch, counts))
        status = HoldStatus.PLACING if action is WorkAction.PLACE else HoldStatus.RELEASING
        return self._hold(hold_id, status, counts)

    def _hold(self, hold_id, status, counts):
        return Hold(
            hold_id=hold_id,
            status=status,
            reason=self.reason,
            case_reference="LC-1",
            placed_by="arn:aws:sts::123456789012:assumed-role/DpoRole/jane",
            placed_at=NOW,
            selection=HoldSelection(by="call-ids", call_ids=self.total),
            total=self.total,
            batches=1,
            **counts,
        )

    def complete_work(self, hold_id, action, now):
        self.completed.append(action)
        return True


@dataclass
class FakeAudit:
    entries: list[dict] = field(default_factory=list)

    def record(self, **entry):
        self.entries.append(entry)


class World:
    def __init__(self, total: int = 1) -> None:
        self.registry = FakeRegistry()
        self.legal_holds = FakeLegalHolds()
        self.casework = FakeCasework(total=total, registry=self.registry)
        self.audit = FakeAudit()
        self.pauses: list[float] = []
        self.on_pause = None

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        if self.on_pause:
            self.on_pause(len(self.pauses))

    def deps(self) -> WorkerDependencies:
        return WorkerDependencies(
            registry=self.registry,
            legal_holds=self.legal_holds,
            casework=self.casework,
            audit=self.audit,
            recordings_bucket="callrecordings",
            threads=1,
            clock=lambda: NOW,
            sleep=self.sleep,
        )


def _message(action: WorkAction, *versions: RecordingVersion) -> WorkMessage:
    return WorkMessage(action=action, hold_id=HOLD, recordings=versions)


def test_placing_is_three_calls_per_version_registry_first():
    world = World(total=2)
    first, second = world.registry.register("C-1"), world.registry.register("C-2")
    report = apply_work(_message(WorkAction.PLACE, first, second), world.deps())

    assert [each.outcome for each in report.outcomes] == [RecordingOutcome.HELD, RecordingOutcome.HELD]
    assert world.registry.calls == [("add_hold", "C-1"), ("add_hold", "C-2")]
    assert world.legal_holds.calls == [
        ("legal-hold", "recordings/C-1.wav", "ON"),
        (
            "tags",
            "recordings/C-1.wav",
            {
                "purpose": "legal-claims",
                "source": "data-subject",
                "retention": "hold",
                "expires-on": "2027-02-20",
            },
        ),
        ("legal-hold", "recordings/C-2.wav", "ON"),
        (
            "tags",
            "recordings/C-2.wav",
            {
                "purpose": "legal-claims",
                "source": "data-subject",
                "retention": "hold",
                "expires-on": "2027-02-20",
            },
        ),
    ]
    item = world.registry.items[("C-1", "v1")]
    assert item["holds"] == {HOLD} and item["retention"] == "hold" and "due_on" not in item
    assert world.casework.counted == [(WorkAction.PLACE, 1, {"held": 2, "gone": 0})]
    assert world.casework.completed == [WorkAction.PLACE]
    assert [(entry["who"], entry["action"]) for entry in world.audit.entries] == [
        (HOLD_WORKER, "recordings-held"),
        (HOLD_WORKER, "hold-active"),
    ]
    assert report.hold_status is HoldStatus.ACTIVE


def test_placing_waits_for_a_release_in_progress_and_gives_up_unfinished():
    world = World()
    version = world.registry.register(
        "C-1", release_token="theirs", release_expires=NOW + timedelta(minutes=5)
    )
    report = apply_work(_message(WorkAction.PLACE, version), world.deps())

    assert report.outcomes[0].outcome is RecordingOutcome.WAITING
    assert not report.complete
    assert world.pauses == [0.05, 0.1, 0.2, 0.4, 0.8]  # six tries, doubling pauses
    assert world.legal_holds.calls == []  # no S3 call while the release holds the version
    assert world.casework.counted == []  # not counted: the message is retried
    assert world.audit.entries == []


def test_placing_goes_ahead_once_the_release_it_waited_for_has_finished():
    world = World()
    version = world.registry.register(
        "C-1", release_token="theirs", release_expires=NOW + timedelta(minutes=5)
    )

    def release_finishes(pauses: int) -> None:
        if pauses == 2:
            item = world.registry.items[("C-1", "v1")]
            item |= {"retention": "standard", "due_on": "2027-02-20"}
            del item["release_token"], item["release_expires"]

    world.on_pause = release_finishes
    report = apply_work(_message(WorkAction.PLACE, version), world.deps())
    assert report.outcomes[0].outcome is RecordingOutcome.HELD
    assert world.registry.calls == [("add_hold", "C-1")] * 3
    assert ("legal-hold", "recordings/C-1.wav", "ON") in world.legal_holds.calls


def test_a_release_token_past_its_lease_does_not_block_a_hold():
    world = World()
    version = world.registry.register(
        "C-1", release_token="crashed", release_expires=NOW - timedelta(seconds=1)
    )
    report = apply_work(_message(WorkAction.PLACE, version), world.deps())
    assert report.outcomes[0].outcome is RecordingOutcome.HELD
    assert "release_token" not in world.registry.items[("C-1", "v1")]
    assert world.pauses == []


def test_a_version_deleted_before_the_hold_reached_it_is_counted_gone():
    world = World(total=2)
    here = world.registry.register("C-1")
    gone = RecordingVersion(call_id="C-2", version_id="v1", object_key="recordings/C-2.wav")
    world.casework.members = {here.key: 1, gone.key: 1}  # the hold listed it; the registry lost it since
    report = apply_work(_message(WorkAction.PLACE, here, gone), world.deps())
    assert [each.outcome for each in report.outcomes] == [RecordingOutcome.HELD, RecordingOutcome.GONE]
    assert world.casework.counted == [(WorkAction.PLACE, 1, {"held": 1, "gone": 1})]
    assert world.casework.completed == [WorkAction.PLACE]


def test_a_message_already_done_does_nothing():
    world = World()
    world.casework.started = False
    version = world.registry.register("C-1")
    report = apply_work(_message(WorkAction.PLACE, version), world.deps())
    assert not report.applied and report.outcomes == ()
    assert world.registry.calls == [] and world.legal_holds.calls == [] and world.audit.entries == []


def test_releasing_a_version_another_hold_covers_leaves_it_exactly_as_it_is():
    world = World()
    version = world.registry.register("C-1", holds={HOLD, OTHER}, retention="hold")
    del world.registry.items[("C-1", "v1")]["due_on"]
    report = apply_work(_message(WorkAction.RELEASE, version), world.deps())
    assert report.outcomes[0].outcome is RecordingOutcome.STILL_HELD
    assert world.registry.calls == [("remove_hold", "C-1")]
    assert world.legal_holds.calls == []
    item = world.registry.items[("C-1", "v1")]
    assert item["holds"] == {OTHER} and item["retention"] == "hold" and "due_on" not in item
    assert world.casework.counted == [(WorkAction.RELEASE, 1, {"released": 1, "returned": 0})]


@pytest.mark.parametrize(
    ("flags", "retention"),
    [((), RetentionClass.STANDARD), (("payment-details-recorded",), RetentionClass.QUARANTINE)],
)
def test_releasing_the_last_hold_returns_the_version_under_a_release_token(flags, retention):
    world = World()
    version = world.registry.register(
        "C-1", holds={HOLD}, retention="hold", flags=flags, expires_on="2026-11-01"
    )
    report = apply_work(_message(WorkAction.RELEASE, version), world.deps())

    assert report.outcomes[0].outcome is RecordingOutcome.RETURNED
    assert world.registry.calls == [
        ("remove_hold", "C-1"),
        ("take_release_token", "C-1"),
        ("finish_release", "C-1"),
    ]
    assert world.legal_holds.calls == [
        ("legal-hold", "recordings/C-1.wav", "OFF"),
        (
            "tags",
            "recordings/C-1.wav",
            {
                "purpose": "legal-claims",
                "source": "data-subject",
                "retention": retention.value,
                "expires-on": "2026-11-01",
            },
        ),
    ]
    item = world.registry.items[("C-1", "v1")]
    # Its expiry date passed while it was held: due today (London), so the next sweep deletes it.
    assert item["retention"] == retention.value and item["due_on"] == date(2026, 11, 28).isoformat()
    assert "release_token" not in item and not item["holds"]
    assert world.casework.counted == [(WorkAction.RELEASE, 1, {"released": 1, "returned": 1})]
    assert [entry["action"] for entry in world.audit.entries] == ["recordings-released", "hold-released"]


def test_a_hold_placed_between_removing_the_last_hold_and_taking_the_token_keeps_the_version():
    world = World()
    version = world.registry.register("C-1", holds={HOLD}, retention="hold")
    remove_hold = world.registry.remove_hold

    def and_then_a_hold_arrives(version, hold_id):
        removed = remove_hold(version, hold_id)
        world.registry.items[version.key]["holds"].add(OTHER)
        return removed

    world.registry.remove_hold = and_then_a_hold_arrives
    report = apply_work(_message(WorkAction.RELEASE, version), world.deps())
    assert report.outcomes[0].outcome is RecordingOutcome.STILL_HELD
    assert world.legal_holds.calls == []  # never turned OFF
    assert world.registry.items[("C-1", "v1")]["retention"] == "hold"


def test_a_release_retried_after_it_finished_makes_no_s3_call():
    world = World()
    version = world.registry.register("C-1")  # standard, no holds: a previous try returned it
    report = apply_work(_message(WorkAction.RELEASE, version), world.deps())
    assert report.outcomes[0].outcome is RecordingOutcome.RETURNED
    assert world.registry.calls == [("remove_hold", "C-1")]
    assert world.legal_holds.calls == []


# A restriction's hold (reason restriction) and the class of a version several holds keep -----------------


def test_a_restrictions_hold_tags_the_version_restricted():
    world = World()
    world.casework.reason = HoldReason.RESTRICTION
    version = world.registry.register("C-1")

    report = apply_work(_message(WorkAction.PLACE, version), world.deps())

    assert report.count(RecordingOutcome.HELD) == 1
    assert world.registry.items[version.key]["retention"] == "restricted"
    assert ("legal-hold", version.object_key, "ON") in world.legal_holds.calls
    assert world.legal_holds.calls[-1][2]["retention"] == "restricted"


@pytest.mark.parametrize("restricted_first", [True, False])
def test_a_version_a_restriction_and_another_hold_keep_is_restricted_whichever_came_first(restricted_first):
    world = World()
    version = world.registry.register("C-1")
    item = world.registry.items[version.key]
    item["holds"] = {OTHER}
    item["retention"] = "restricted" if restricted_first else "hold"
    if restricted_first:
        item["restriction_holds"] = {OTHER}
    else:
        world.casework.reason = HoldReason.RESTRICTION

    apply_work(_message(WorkAction.PLACE, version), world.deps())

    assert item["retention"] == "restricted"
    assert world.legal_holds.calls[-1][2]["retention"] == "restricted"


def test_lifting_the_restriction_under_a_legal_claim_hold_leaves_it_held_and_tagged_hold():
    world = World()
    world.casework.reason = HoldReason.RESTRICTION
    version = world.registry.register("C-1")
    item = world.registry.items[version.key]
    item |= {"holds": {HOLD, OTHER}, "restriction_holds": {HOLD}, "retention": "restricted"}

    report = apply_work(_message(WorkAction.RELEASE, version), world.deps())

    assert report.count(RecordingOutcome.STILL_HELD) == 1
    assert item["holds"] == {OTHER} and item["retention"] == "hold"
    assert world.legal_holds.calls == [("tags", version.object_key, world.legal_holds.calls[0][2])]
    assert world.legal_holds.calls[0][2]["retention"] == "hold"  # never OFF: the legal claim keeps it


# Ids, not instructions: a message the hold's record does not bear out ----------------------------------


def test_a_message_naming_an_unknown_hold_is_refused_and_audited():
    world = World()
    version = world.registry.register("C-1")
    forged = WorkMessage(action=WorkAction.PLACE, hold_id="H-20261128-FFFFFFFFFF", recordings=(version,))

    report = apply_work(forged, world.deps())

    assert (report.applied, report.refused) == (False, "hold H-20261128-FFFFFFFFFF does not exist")
    assert world.registry.calls == [] and world.legal_holds.calls == []
    [entry] = world.audit.entries
    assert (entry["who"], entry["action"].value) == (HOLD_WORKER, "hold-work-refused")
    assert entry["details"]["recordings"] == ["C-1#v1"]


@pytest.mark.parametrize("members", [{}, {("C-1", "v1"): 2}], ids=["not-in-the-hold", "in-another-batch"])
def test_versions_the_record_does_not_list_for_the_batch_are_refused_and_audited(members):
    world = World()
    version = world.registry.register("C-1")
    world.casework.members = members

    report = apply_work(_message(WorkAction.PLACE, version), world.deps())

    assert report.applied is False and "does not list" in report.refused
    assert world.registry.calls == [] and world.legal_holds.calls == [] and world.casework.counted == []
    assert [entry["action"].value for entry in world.audit.entries] == ["hold-work-refused"]
