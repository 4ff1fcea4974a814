"""The audit archive's keys and comparison, and the verification's window, without AWS."""

from datetime import UTC, date, datetime, timedelta

from call_recordings.audit_archive.entries import (
    EntryKey,
    StreamEvent,
    change_object_key,
    day_prefix,
    entry_key_of_object,
    entry_object_key,
    same_item,
)
from call_recordings.audit_archive.verifying import DifferenceKind, VerificationDependencies, verify_archive

NOW = datetime(2026, 12, 3, 10, 15, tzinfo=UTC)


def test_an_entry_s_object_key_names_exactly_that_entry_and_reads_back():
    key = EntryKey("recording#K-2026/11:28+x", "2026-12-03T09:00:00.000001+00:00#4f2c")
    object_key = entry_object_key(key)
    assert object_key.startswith(day_prefix(date(2026, 12, 3)))
    assert object_key.count("/") == 3  # a "/" in a call id cannot make another entry's key
    assert entry_key_of_object(object_key) == key


def test_a_change_is_kept_apart_from_entries_by_event_and_stream_position():
    key = EntryKey("hold#H-1", "2026-01-02T00:00:00.000000+00:00#a")
    modify = change_object_key(
        key, event=StreamEvent.MODIFY, sequence_number="17", changed_on=date(2026, 12, 3)
    )
    remove = change_object_key(
        key, event=StreamEvent.REMOVE, sequence_number="18", changed_on=date(2026, 12, 3)
    )
    assert modify.startswith("changes/2026-12-03/hold%23H-1/") and modify.endswith("/17-modify.json")
    assert modify != remove and not modify.startswith("entries/")


def test_items_are_the_same_whatever_the_order_of_their_sets_and_differ_in_any_value():
    first = {"target": {"S": "hold#H-1"}, "details": {"M": {"ids": {"SS": ["b", "a"]}, "n": {"N": "1"}}}}
    assert same_item(
        first, {"target": {"S": "hold#H-1"}, "details": {"M": {"ids": {"SS": ["a", "b"]}, "n": {"N": "1"}}}}
    )
    assert not same_item(
        first, {"target": {"S": "hold#H-1"}, "details": {"M": {"ids": {"SS": ["a"]}, "n": {"N": "1"}}}}
    )
    assert not same_item(first, {**first, "who": {"S": "someone"}})


class FakeTable:
    def __init__(self, items):
        self.items = items
        self.counted: list[date] = []

    def items_of(self, day):
        return [item for item in self.items if item["entry"]["S"].startswith(day.isoformat())]

    def count_of(self, day):
        self.counted.append(day)
        return len(self.items_of(day))


class FakeArchive:
    def __init__(self, items):
        self.objects = {entry_object_key(EntryKey.of(item)): item for item in items}

    def keys_under(self, prefix):
        return [key for key in self.objects if key.startswith(prefix)]

    def read(self, key):
        import json

        return json.dumps({"item": self.objects[key]}).encode()


class FakeTrail:
    def __init__(self):
        self.recorded = []

    def record(self, **entry):
        self.recorded.append(entry)


def item(at: datetime, target="hold#H-1", who="system:x"):
    return {
        "target": {"S": target},
        "entry": {"S": f"{at.isoformat(timespec='microseconds')}#u"},
        "who": {"S": who},
    }


def test_recent_days_are_compared_by_entry_and_the_35_before_by_count_and_no_further():
    table = FakeTable(
        [item(NOW - timedelta(hours=2)), item(NOW - timedelta(days=5)), item(NOW - timedelta(days=60))]
    )
    archive = FakeArchive(table.items[:1])  # the older entries never reached the archive
    trail = FakeTrail()
    report = verify_archive(
        VerificationDependencies(table=table, archive=archive, audit=trail, clock=lambda: NOW)
    )
    assert (report.compared_from, report.compared_to) == (date(2026, 12, 1), date(2026, 12, 3))
    assert report.entries_compared == 1
    assert [(d.kind, d.day) for d in report.differences] == [
        (DifferenceKind.COUNTS_DIFFER, date(2026, 11, 28))
    ]
    assert min(table.counted) == date(2026, 10, 27) and len(table.counted) == 35  # day -60 is not read
    [run] = trail.recorded
    assert run["target"] == "audit-archive#2026-12-03" and run["details"]["differences"] == 1


def test_an_entry_written_within_the_settling_time_is_not_yet_a_difference_but_an_older_one_is():
    table = FakeTable(
        [item(NOW - timedelta(minutes=5)), item(NOW - timedelta(minutes=30), target="hold#H-2")]
    )
    report = verify_archive(
        VerificationDependencies(table=table, archive=FakeArchive([]), audit=FakeTrail(), clock=lambda: NOW)
    )
    assert report.entries_settling == 1
    assert [(d.kind, d.target) for d in report.differences] == [(DifferenceKind.NOT_ARCHIVED, "hold#H-2")]
