"""Issue 13 item 5: the audit trail cannot be rewritten (DESIGN section 8, docs/audit.md).

Each test goes around the API as a principal or AWS could: a put over an existing entry through our
own writer, and a direct PutItem, UpdateItem or DeleteItem on the table by a principal holding the
table's rights. moto enforces no resource policy, so the table's deny of UpdateItem, DeleteItem,
BatchWriteItem and PartiQL writes, and the archive bucket's deny of deletes, unconditional puts and
retention changes, are asserted in the synthesized template; PutItem cannot be denied (every writer
of the trail needs it, and IAM cannot see a ConditionExpression), so a direct put over an entry is
the path the stream and the daily check must catch. Each test asserts that the original entry is
still held (in the table when refused, in the archive under Object Lock when not), that the change
is archived and counted (the AuditEntriesChanged alarm), and that the daily verification reports it
(the AuditArchiveDifferences alarm).
"""

import json
from types import SimpleNamespace

import pytest

import call_recordings.core.adapters.audit_trail as audit_trail_module
from call_recordings.audit_archive.entries import EntryKey, entry_object_key
from call_recordings.core.audit_vocabulary import AuditAction, TargetKind, audit_target
from call_recordings.core.tables import AUDIT
from tests.integration import audit_archive_fixtures
from tests.integration.audit_archive_fixtures import ARCHIVE_BUCKET, AUDIT_TABLE, written_at

world = audit_archive_fixtures.world
EVERYONE = {"AWS": "*"}
TAKEN = "00000000-0000-4000-8000-000000000000"


def audit_policy(template: dict) -> dict[str, dict]:
    [table] = [
        resource["Properties"]
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::DynamoDB::Table"
        and resource["Properties"]["KeySchema"][0]["AttributeName"] == AUDIT.partition_key
    ]
    return {s["Sid"]: s for s in table["ResourcePolicy"]["PolicyDocument"]["Statement"]}


def archive_policy(template: dict) -> dict[str, dict]:
    [archive_id] = [
        logical_id
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == "AWS::S3::Bucket" and "ObjectLockConfiguration" in resource["Properties"]
    ]
    [policy] = [
        resource["Properties"]["PolicyDocument"]
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::S3::BucketPolicy"
        and resource["Properties"]["Bucket"] == {"Ref": archive_id}
    ]
    return {s.get("Sid", ""): s for s in policy["Statement"]}


def deletion_entry(world, call_id: str = "C-0002"):
    return world.trail.record(
        who="system:retention-sweeper",
        action=AuditAction.RECORDING_DELETED,
        target=audit_target(TargetKind.RECORDING, call_id),
        at=written_at(),
        why={"rule": "kept 3 calendar months"},
        details={"version_id": "v1", "deleted_on": "2027-03-04"},
    )


def uuids(monkeypatch, *values: str) -> None:
    """The writer's uuid4s, in order (the last one repeated): a key taken as if by chance, or by a
    principal who wrote an entry at the key the writer was about to use."""
    given = iter(values)
    last = [values[-1]]

    def uuid4() -> str:
        last[0] = next(given, last[0])
        return last[0]

    monkeypatch.setattr(audit_trail_module, "uuid", SimpleNamespace(uuid4=uuid4))


def test_a_put_over_an_existing_entry_through_our_writer_is_refused_and_written_under_a_fresh_key(
    world, monkeypatch
):
    uuids(monkeypatch, TAKEN, TAKEN, "11111111-1111-4111-8111-111111111111")
    trail = world.trail
    at = written_at()
    first = trail.record(
        who="arn:aws:iam::123456789012:role/dpo", action=AuditAction.HOLD_PLACED, target="hold#H-1", at=at
    )
    original = world.item(EntryKey(first.target, first.entry))

    # The same instant and the same uuid: the key is taken. It is not overwritten; the entry is
    # written under a fresh key, and both are in the trail.
    second = trail.record(who="system:hold-worker", action=AuditAction.HOLD_ACTIVE, target="hold#H-1", at=at)

    assert second.entry != first.entry and second.entry.endswith("11111111-1111-4111-8111-111111111111")
    assert world.item(EntryKey(first.target, first.entry)) == original
    assert [(e.action, e.who) for e in world.trail.every_entry_for("hold#H-1")] == [
        ("hold-placed", "arn:aws:iam::123456789012:role/dpo"),
        ("hold-active", "system:hold-worker"),
    ]


def test_a_writer_that_only_finds_taken_keys_fails_loudly_and_replaces_nothing(world, monkeypatch):
    uuids(monkeypatch, TAKEN)
    at = written_at()
    world.trail.record(who="system:a", action=AuditAction.HOLD_PLACED, target="hold#H-2", at=at)
    with pytest.raises(audit_trail_module.AuditKeyTaken, match=f"{audit_trail_module.KEY_ATTEMPTS} keys"):
        world.trail.record(who="system:b", action=AuditAction.HOLD_RELEASED, target="hold#H-2", at=at)
    [kept] = world.trail.every_entry_for("hold#H-2")
    assert (kept.who, kept.action) == ("system:a", "hold-placed")


def many(count: int, at=None) -> list[dict]:
    at = at or written_at()
    return [
        {
            "who": f"system:{n}",
            "action": AuditAction.HOLD_ACTIVE,
            "target": "hold#H-3",
            "at": at,
            "details": {"n": n},
        }
        for n in range(count)
    ]


def test_many_entries_are_written_a_hundred_to_a_call_all_of_a_call_or_none(world):
    calls: list[str] = []
    world.trail._dynamodb.meta.events.register(
        "before-call.dynamodb", lambda model, **_: calls.append(model.name)
    )

    written = world.trail.record_many(many(250))

    assert calls == ["TransactWriteItems"] * 3
    assert len({entry.entry for entry in written}) == 250
    kept = world.trail.every_entry_for("hold#H-3")
    assert sorted(entry.details["n"] for entry in kept) == list(range(250))


def test_many_entries_meeting_a_taken_key_replace_nothing_and_take_fresh_keys(world, monkeypatch):
    uuids(monkeypatch, TAKEN)
    at = written_at()
    first = world.trail.record(who="system:a", action=AuditAction.HOLD_PLACED, target="hold#H-3", at=at)
    original = world.item(EntryKey(first.target, first.entry))
    # The first of the three would land on the taken key: the call writes none, and is made again with
    # a fresh key for it.
    uuids(monkeypatch, TAKEN, "22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333",
          "44444444-4444-4444-8444-444444444444")  # fmt: skip

    written = world.trail.record_many(many(3, at))

    assert world.item(EntryKey(first.target, first.entry)) == original
    assert written[0].entry.endswith("44444444-4444-4444-8444-444444444444")
    assert sorted((e.who, e.action) for e in world.trail.every_entry_for("hold#H-3")) == [
        ("system:0", "hold-active"), ("system:1", "hold-active"), ("system:2", "hold-active"),
        ("system:a", "hold-placed"),
    ]  # fmt: skip

    uuids(monkeypatch, TAKEN)  # every key taken: loudly, and nothing replaced or added
    with pytest.raises(audit_trail_module.AuditKeyTaken):
        world.trail.record_many(many(1, at))
    assert len(world.trail.every_entry_for("hold#H-3")) == 4


def test_a_direct_put_over_an_entry_is_archived_as_a_change_alarmed_and_reported_daily(world, stack_template):
    entry = deletion_entry(world)
    key = EntryKey(entry.target, entry.entry)
    world.deliver()
    original = world.item(key)
    world.emitted()

    # A principal with the writers' PutItem (the one write the policy cannot deny) puts over it.
    forged = {**original, "who": {"S": "arn:aws:iam::123456789012:role/someone-else"}}
    world.dynamodb.put_item(TableName=AUDIT_TABLE, Item=forged)
    world.deliver()

    # The archiver archives the change with both images, counts it, and the original stays archived.
    [change] = world.changes()
    assert change["event"] == "MODIFY"
    assert (change["old_item"], change["new_item"]) == (original, forged)
    metrics, logs = world.emitted()
    assert metrics["AuditEntriesChanged"] == 1
    assert any(log["level"] == "ERROR" and log.get("entry") == entry.entry for log in logs)
    assert world.archived(key)["item"] == original
    # The daily verification reports the entry as changed, and publishes the difference.
    summary = world.verify()
    assert summary["differences"] == 1
    metrics, logs = world.emitted()
    assert metrics["AuditArchiveDifferences"] == 1
    assert [(log["kind"], log["entry"]) for log in logs if log.get("kind")] == [("changed", entry.entry)]
    # The stream that carries the change is the template's, with both images.
    [table] = [
        r["Properties"]
        for r in stack_template["Resources"].values()
        if r["Type"] == "AWS::DynamoDB::Table" and "StreamSpecification" in r["Properties"]
    ]
    assert table["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"


@pytest.mark.parametrize("how", ["DeleteItem", "UpdateItem"])
def test_a_direct_delete_or_update_is_denied_by_policy_and_if_done_is_archived_and_reported(
    world, stack_template, how
):
    rewrites = audit_policy(stack_template)["AuditTrailIsAppendOnly"]
    assert (rewrites["Effect"], rewrites["Principal"]) == ("Deny", EVERYONE) and "Condition" not in rewrites
    assert {
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:PartiQLUpdate",
        "dynamodb:PartiQLDelete",
        "dynamodb:PartiQLInsert",
    } <= set(rewrites["Action"])

    entry = deletion_entry(world)
    key = EntryKey(entry.target, entry.entry)
    world.deliver()
    original = world.item(key)
    world.emitted()
    # moto does not enforce the policy: as a principal the deny did not cover could.
    if how == "DeleteItem":
        world.dynamodb.delete_item(TableName=AUDIT_TABLE, Key=AUDIT.key(key.target, key.entry))
    else:
        world.dynamodb.update_item(
            TableName=AUDIT_TABLE,
            Key=AUDIT.key(key.target, key.entry),
            UpdateExpression="SET #why = :why",
            ExpressionAttributeNames={"#why": "why"},
            ExpressionAttributeValues={":why": {"M": {"rule": {"S": "none"}}}},
        )
    world.deliver()

    [change] = world.changes()
    assert change["event"] == ("REMOVE" if how == "DeleteItem" else "MODIFY")
    assert change["old_item"] == original
    assert world.emitted()[0]["AuditEntriesChanged"] == 1
    assert world.archived(key)["item"] == original
    summary = world.verify()
    assert summary["differences"] == 1
    metrics, logs = world.emitted()
    assert metrics["AuditArchiveDifferences"] == 1
    expected = "not-in-table" if how == "DeleteItem" else "changed"
    assert [(log["kind"], log["entry"]) for log in logs if log.get("kind")] == [(expected, entry.entry)]


def test_the_archived_original_can_be_neither_deleted_nor_replaced(world, stack_template):
    entry = deletion_entry(world)
    world.deliver()
    object_key = entry_object_key(EntryKey(entry.target, entry.entry))
    original = world.s3.get_object(Bucket=ARCHIVE_BUCKET, Key=object_key)["Body"].read()
    [version] = world.s3.list_object_versions(Bucket=ARCHIVE_BUCKET, Prefix=object_key)["Versions"]

    # Object Lock (compliance mode) refuses deleting the version, to every principal: moto enforces it.
    with pytest.raises(world.s3.exceptions.ClientError, match="AccessDenied"):
        world.s3.delete_object(Bucket=ARCHIVE_BUCKET, Key=object_key, VersionId=version["VersionId"])
    # Our archiver's conditional put cannot replace it (moto enforces If-None-Match).
    with pytest.raises(world.s3.exceptions.ClientError, match="PreconditionFailed"):
        world.s3.put_object(Bucket=ARCHIVE_BUCKET, Key=object_key, Body=b"{}", IfNoneMatch="*")
    # A versionless delete (a delete marker), an unconditional put and a retention change are denied
    # by the bucket policy, which moto does not enforce: asserted in the template.
    statements = archive_policy(stack_template)
    assert set(statements["NobodyDeletesArchivedEntries"]["Action"]) == {
        "s3:DeleteObject",
        "s3:DeleteObjectVersion",
    }
    assert statements["ArchivedEntriesAreNeverOverwritten"]["Condition"] == {
        "Null": {"s3:if-none-match": "true"}
    }
    assert "s3:PutObjectRetention" in statements["NobodyChangesArchiveRetention"]["Action"]
    assert all(statements[sid]["Principal"] == EVERYONE for sid in statements if sid)
    assert world.s3.get_object(Bucket=ARCHIVE_BUCKET, Key=object_key)["Body"].read() == original
    assert json.loads(original)["item"] == world.item(EntryKey(entry.target, entry.entry))


def test_an_entry_removed_and_put_back_with_other_content_is_caught_by_both(world):
    entry = deletion_entry(world)
    key = EntryKey(entry.target, entry.entry)
    world.deliver()
    original = world.item(key)
    world.dynamodb.delete_item(TableName=AUDIT_TABLE, Key=AUDIT.key(key.target, key.entry))
    rewritten = {**original, "action": {"S": "recording-erased"}}
    world.dynamodb.put_item(TableName=AUDIT_TABLE, Item=rewritten)
    world.emitted()
    world.deliver()

    # The removal, then an INSERT of the same key with other content: both archived, both counted.
    assert sorted(change["event"] for change in world.changes()) == ["INSERT-OVER-ARCHIVED", "REMOVE"]
    assert world.emitted()[0]["AuditEntriesChanged"] == 2
    assert world.archived(key)["item"] == original
    assert world.verify()["differences"] == 1
