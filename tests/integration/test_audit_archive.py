"""The audit archive under moto: the real archiver fed by the audit table's stream, the real daily
verification, the archive bucket as the template declares it (docs/audit.md)."""

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from call_recordings.audit_archive.entries import EntryKey
from call_recordings.audit_archive.verifying import verification_target
from call_recordings.core.audit_vocabulary import AuditAction, TargetKind, audit_target
from tests.integration import audit_archive_fixtures
from tests.integration.audit_archive_fixtures import ARCHIVE_BUCKET, AUDIT_TABLE, written_at

world = audit_archive_fixtures.world


def record(world, call_id: str, *, at: datetime | None = None):
    return world.trail.record(
        who="system:retention-sweeper",
        action=AuditAction.RECORDING_DELETED,
        target=audit_target(TargetKind.RECORDING, call_id),
        at=at or written_at(),
        why={"rule": "kept 3 calendar months"},
        details={"version_id": "v1", "object_found": True, "sizes": [1, 2]},
    )


def test_each_entry_is_archived_once_as_written_and_a_redelivery_changes_nothing(world):
    entries = [record(world, f"C-{n}") for n in range(3)]
    assert world.deliver().delivered == 3
    for entry in entries:
        key = EntryKey(entry.target, entry.entry)
        assert world.archived(key)["item"] == world.item(key)
    metrics, _ = world.emitted()
    assert metrics == {"AuditEntriesArchived": 3}

    world.positions.delivered.clear()  # the event source mapping delivers the same records again
    assert world.deliver().delivered == 3
    assert len(world.archive_keys()) == 3 and world.changes() == []
    metrics, _ = world.emitted()
    assert "AuditEntriesArchived" not in metrics and "AuditEntriesChanged" not in metrics


def test_an_archived_entry_is_locked_in_compliance_mode_for_six_years(world):
    entry = record(world, "C-1")
    world.deliver()
    [key] = world.archive_keys()
    head = world.s3.head_object(Bucket=ARCHIVE_BUCKET, Key=key)
    assert head["ObjectLockMode"] == "COMPLIANCE"
    # Six years (moto counts a year as 365 days; S3 counts calendar years).
    assert head["ObjectLockRetainUntilDate"] >= datetime.now(UTC) + timedelta(days=6 * 365 - 1)
    # One object per entry, its key the entry's own, readable back.
    assert key == f"entries/{entry.entry[:10]}/recording%23C-1/{quote(entry.entry, safe=':')}.json"


def test_the_daily_verification_finds_table_and_archive_in_agreement_and_audits_its_run(world):
    for n in range(4):
        record(world, f"C-{n}")
    record(world, "C-old", at=datetime.now(UTC) - timedelta(days=9))
    world.deliver()
    world.emitted()

    summary = world.verify()

    assert summary["entries_compared"] == 4 and summary["differences"] == 0
    assert summary["days_counted"] == 35
    metrics, logs = world.emitted()
    assert metrics["AuditArchiveDifferences"] == 0 and metrics["AuditEntriesVerified"] == 4
    assert not [log for log in logs if log["level"] == "ERROR"]
    today = datetime.now(UTC).date()
    [run] = world.trail.every_entry_for(verification_target(today))
    assert run.action == "audit-archive-verified" and run.details["differences"] == 0
    world.deliver()  # its own entry is archived like any other
    assert len(world.archive_keys()) == 6


def test_an_entry_still_on_its_way_through_the_stream_settles_rather_than_alarming(world):
    record(world, "C-new", at=datetime.now(UTC))  # not delivered yet, and written just now
    summary = world.verify()
    assert (summary["entries_settling"], summary["differences"]) == (1, 0)


def test_entries_the_archiver_never_received_are_differences_by_entry_and_by_older_days_count(world):
    recent = record(world, "C-lost")
    record(world, "C-older", at=datetime.now(UTC) - timedelta(days=10))
    # The stream is never delivered in this test: the archiver never sees either entry.
    world.emitted()

    summary = world.verify()

    assert summary["differences"] == 2
    metrics, logs = world.emitted()
    assert metrics["AuditArchiveDifferences"] == 2
    differences = [log for log in logs if log["message"] == "The audit trail and its archive differ"]
    assert {(log["kind"], log.get("entry")) for log in differences} == {
        ("not-archived", recent.entry),
        ("counts-differ", None),
    }
    assert "caller" not in str(differences)


def test_a_batch_the_archiver_cannot_write_is_retried_then_described_on_the_failure_queue(world, monkeypatch):
    record(world, "C-1")
    monkeypatch.setenv("AUDIT_ARCHIVE_BUCKET", "no-such-archive")
    audit_archive_fixtures.archiver_handler.reset_dependencies()
    for _ in range(world.retries):
        report = world.deliver()
        assert (report.delivered, report.failed, report.sent_to_on_failure) == (0, 1, 0)
    report = world.deliver()  # the last retry fails too: the batch's description goes to the queue
    assert report.sent_to_on_failure == 1
    [failure] = world.on_failure_messages()
    assert failure["DDBStreamBatchInfo"]["streamArn"] == world.stream_arn
    assert failure["DDBStreamBatchInfo"]["batchSize"] == 1
    assert "C-1" not in str(failure)  # where it was on the stream, not the entry
    # Nothing is lost silently: the entry is still in the table, and the daily check names it.
    monkeypatch.setenv("AUDIT_ARCHIVE_BUCKET", ARCHIVE_BUCKET)
    summary = world.verify()
    assert summary["differences"] == 1


def test_an_item_put_twice_with_the_same_content_is_not_a_change(world):
    entry = record(world, "C-1")
    world.deliver()
    item = world.item(EntryKey(entry.target, entry.entry))
    world.dynamodb.delete_item(TableName=AUDIT_TABLE, Key={"target": item["target"], "entry": item["entry"]})
    world.dynamodb.put_item(TableName=AUDIT_TABLE, Item=item)
    world.deliver()
    # The removal is archived and alarmed; the same entry put back is not a second change.
    assert [change["event"] for change in world.changes()] == ["REMOVE"]
