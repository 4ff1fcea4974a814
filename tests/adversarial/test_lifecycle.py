"""S3 lifecycle, AWS's own machinery, against what the registry keeps (issue 13: lifecycle at 93, 200
and 400 days). The recordings bucket here carries the template's own lifecycle rules, which the local
stack applies as S3 would (infra/local/lifecycle.py; moto stores rules and never runs them). A
recording under a legal-claim hold and one preserved for a subject access request, both placed through
the DPO API, must be neither hidden behind a delete marker nor removed, whenever lifecycle runs; an
ordinary recording is the backstop's to expire, and never before the registry's own expiry date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from infra.local.lifecycle import LifecycleAction, apply_lifecycle
from infra.local.provision import recordings_lifecycle_rules
from tests.integration import holds_fixtures
from tests.integration.holds_fixtures import BUCKET

world = holds_fixtures.world

CALLER = "01803 861234"


@pytest.fixture
def lifecycle_world(world, stack_template):
    """The holds world, its bucket given the recordings bucket's lifecycle rules from the template."""
    rules = recordings_lifecycle_rules(stack_template)
    world.s3.put_bucket_lifecycle_configuration(Bucket=BUCKET, LifecycleConfiguration={"Rules": rules})
    return world


def _uploaded(world, version) -> datetime:
    head = world.s3.head_object(Bucket=BUCKET, Key=version.object_key, VersionId=version.version_id)
    return head["LastModified"].astimezone(UTC)


def _current(world, version) -> bool:
    listed = world.s3.list_object_versions(Bucket=BUCKET, Prefix=version.object_key)
    return any(
        each["VersionId"] == version.version_id and each["IsLatest"] for each in listed.get("Versions", [])
    ) and not any(each["IsLatest"] for each in listed.get("DeleteMarkers", []))


@pytest.mark.parametrize("days", [93, 200, 400])
def test_lifecycle_never_hides_or_removes_a_held_or_preserved_recording(lifecycle_world, days):
    world = lifecycle_world
    [claimed] = world.seed_recording("C-CLAIM")
    [asked_for] = world.seed_recording("C-SAR", caller_number=CALLER)
    [ordinary] = world.seed_recording("C-PLAIN")
    placed = world.place({"reason": "legal-claim", "case_reference": "LC-2026-014", "call_ids": ["C-CLAIM"]})
    assert placed.status == 201 and placed.body["status"] == "active"
    opened = world.call(
        "POST", "/sars", body={"subject": {"caller_number": CALLER}, "received_on": "2026-12-01"}
    )
    assert opened.status == 201 and opened.body["total"] == 1
    world.deliver_work()  # the preservation hold goes through the work queue here
    assert world.legal_hold(asked_for) == "ON"

    report = apply_lifecycle(world.s3, BUCKET, _uploaded(world, claimed) + timedelta(days=days))

    touched = {(event.version_id, event.action) for event in report.events}
    for kept in (claimed, asked_for):
        assert (kept.version_id, LifecycleAction.MARKER_ADDED) not in touched
        assert (kept.version_id, LifecycleAction.VERSION_DELETED) not in touched
        assert _current(world, kept), kept
        assert world.legal_hold(kept) == "ON"
    # The ordinary one, which no sweep deleted here, is the backstop's: expired (a marker, then gone).
    assert (ordinary.version_id, LifecycleAction.MARKER_ADDED) in touched
    assert not _current(world, ordinary)


def test_lifecycle_leaves_an_ordinary_recording_alone_until_its_registry_expiry_has_passed(lifecycle_world):
    world = lifecycle_world
    [ordinary] = world.seed_recording("C-PLAIN")
    expires_on = date.fromisoformat(str(world.registry_item(ordinary)["expires_on"]))

    on_expiry = datetime.combine(expires_on + timedelta(days=1), time(0), tzinfo=UTC)
    report = apply_lifecycle(world.s3, BUCKET, on_expiry)

    assert report.events == []  # the sweeper deletes it that day; lifecycle is only the backstop
    assert _current(world, ordinary)
