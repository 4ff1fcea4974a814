"""The holds moto world (holds_fixtures, whose registry has the template's ``by-month`` index) with what
GET /statistics and /restrictions need: items carrying ``recorded_month`` as ingest writes it,
tombstones as the sweeper and eraser leave them, and the DPO API's statistics and restrictions
dependencies on moto.

Test modules take both fixtures by name: ``holds_world = statistics_fixtures.holds_world`` and
``world = statistics_fixtures.world``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import boto3
import pytest

from call_recordings.core.adapters.audit_trail import AuditTrail
from call_recordings.core.retention import LONDON
from call_recordings.core.versions import RecordingVersion
from call_recordings.deletion.adapters.recording_deletion import TOMBSTONE_REMOVES
from call_recordings.dpo_api.dependencies import restrictions_dependencies, statistics_dependencies
from call_recordings.dpo_api.handler import app
from call_recordings.holds.adapters.recording_holds import RecordingHolds
from call_recordings.restrictions.adapters.registry_restrictions import RegistryRestrictions
from call_recordings.restrictions.adapters.restriction_records import RestrictionRecords
from call_recordings.restrictions.dependencies import RestrictionsDependencies
from call_recordings.statistics.adapters.month_releases import MonthReleases
from call_recordings.statistics.adapters.recordings_by_month import RecordingsByMonth
from call_recordings.statistics.report import StatisticsDependencies
from tests.conftest import SUITE_NOW
from tests.integration import holds_fixtures
from tests.integration.holds_fixtures import AUDIT_TABLE, NOW, REGION, REGISTRY_TABLE, REQUESTS_TABLE, World


@dataclass
class StatisticsClock:
    """What GET /statistics takes as now: the suite's day (3 December 2026, so November has ended and
    can be published, December not), unless a test moves it (``world.statistics_clock.now = ...``)."""

    now: datetime = SUITE_NOW


def seed(world: World, call_id: str, **options: Any) -> list[RecordingVersion]:
    """A recording as ingest leaves it, ``recorded_month`` included (the London month of recorded_at)."""
    versions = world.seed_recording(call_id, **options)
    table = world.dynamodb_resource_table(REGISTRY_TABLE)
    for version in versions:
        recorded_at = datetime.fromisoformat(world.registry_item(version)["recorded_at"])
        table.update_item(
            Key={"call_id": version.call_id, "version_id": version.version_id},
            UpdateExpression="SET recorded_month = :month",
            ExpressionAttributeValues={":month": f"{recorded_at.astimezone(LONDON):%Y-%m}"},
        )
    return versions


def tombstone(world: World, version: RecordingVersion, *, because: str = "retention-period-ended") -> None:
    """The version deleted, its item left as the tombstone the sweeper (or the eraser) leaves."""
    world.s3.delete_object(Bucket=version_bucket(), Key=version.object_key, VersionId=version.version_id)
    removed = {f"#r{number}": name for number, name in enumerate(TOMBSTONE_REMOVES)}
    world.dynamodb_resource_table(REGISTRY_TABLE).update_item(
        Key={"call_id": version.call_id, "version_id": version.version_id},
        UpdateExpression="SET #retention = :deleted, deleted_on = :on, deleted_because = :because REMOVE "
        + ", ".join(removed),
        ExpressionAttributeNames={"#retention": "retention", **removed},
        ExpressionAttributeValues={":deleted": "deleted", ":on": "2026-11-20", ":because": because},
    )


def restrict_directly(world: World, version: RecordingVersion, restriction_id: str) -> None:
    """A version carrying a restriction id, as POST /restrictions leaves it."""
    world.dynamodb_resource_table(REGISTRY_TABLE).update_item(
        Key={"call_id": version.call_id, "version_id": version.version_id},
        UpdateExpression="ADD restrictions :id",
        ExpressionAttributeValues={":id": {restriction_id}},
    )


def version_bucket() -> str:
    return holds_fixtures.BUCKET


holds_world = holds_fixtures.world


@pytest.fixture
def world(holds_world: World):
    """The holds world with the statistics and restrictions dependencies, and the statistics' clock."""
    world = holds_world
    world.statistics_clock = StatisticsClock()
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    app.dependency_overrides[statistics_dependencies] = lambda: StatisticsDependencies(
        by_month=RecordingsByMonth(dynamodb, REGISTRY_TABLE),
        releases=MonthReleases(dynamodb, REQUESTS_TABLE),
        clock=lambda: world.statistics_clock.now,
    )
    app.dependency_overrides[restrictions_dependencies] = lambda: RestrictionsDependencies(
        holds=holds_fixtures.api_dependencies(world),
        registry=RecordingHolds(dynamodb, REGISTRY_TABLE),
        marks=RegistryRestrictions(dynamodb, REGISTRY_TABLE),
        records=RestrictionRecords(dynamodb, REQUESTS_TABLE, notes=lambda: world.notes),
        audit=AuditTrail(dynamodb, AUDIT_TABLE),
        subject_key=lambda: world.hmac_key,
        clock=lambda: NOW,
    )
    try:
        yield world
    finally:
        app.dependency_overrides.pop(statistics_dependencies, None)
        app.dependency_overrides.pop(restrictions_dependencies, None)
