"""The holds moto world (holds_fixtures.py) with subject access requests and outside disclosures: the
DPO API's SAR and disclosure-register dependencies on moto, a London "today" a test sets, and the export
bucket for the packages (with the deployment's default manifest facts, infra/config.py).

Test modules take the fixture by name: ``sar_world = sar_fixtures.sar_world``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

import boto3
import pytest

from call_recordings.core.adapters.audit_trail import AuditTrail
from call_recordings.core.retention import LONDON
from call_recordings.dpo_api.dependencies import (
    disclosures_dependencies,
    export_dependencies,
    sar_dependencies,
)
from call_recordings.dpo_api.handler import app
from call_recordings.outside_disclosures.adapters.register import DisclosureRegister
from call_recordings.outside_disclosures.dependencies import DisclosuresDependencies
from call_recordings.subject_access.adapters.disclosures import DisclosureStore
from call_recordings.subject_access.adapters.package_zips import PackageZips
from call_recordings.subject_access.adapters.sar_cases import SarCases
from call_recordings.subject_access.dependencies import SarDependencies
from call_recordings.subject_access.disclosure import ProcessingFacts
from call_recordings.subject_access.exporting import ExportDependencies
from infra.config import StackSettings
from tests.integration import holds_fixtures
from tests.integration.holds_fixtures import AUDIT_TABLE, REGION, REQUESTS_TABLE, ApiAnswer, World

world = holds_fixtures.world

EXPORT_BUCKET = "callrecordings-exports-test"
CALLER = "01803 861234"  # the subject of most tests
OTHER_CALLER = "07700 900123"


@dataclass
class SarWorld:
    """The holds world, and the day it is in London for the SAR clock (``today``)."""

    world: World
    today: date = date(2026, 11, 30)
    sars: SarCases = field(init=False)
    register: DisclosureRegister = field(init=False)

    def __post_init__(self) -> None:
        dynamodb = boto3.client("dynamodb", region_name=REGION)
        self.sars = SarCases(dynamodb, REQUESTS_TABLE, notes=lambda: self.world.notes)
        self.register = DisclosureRegister(dynamodb, REQUESTS_TABLE, notes=lambda: self.world.notes)

    def now(self) -> datetime:
        """Ten in the morning, London, on ``today``."""
        return datetime.combine(self.today, time(10, 0), tzinfo=LONDON).astimezone(UTC)

    def call(self, method: str, path: str, **options: Any) -> ApiAnswer:
        return self.world.call(method, path, **options)

    def open(self, body: dict[str, Any], **options: Any) -> ApiAnswer:
        return self.call("POST", "/sars", body=body, **options)

    def disclose_all(self, sar_id: str) -> ApiAnswer:
        """The DPO decides to disclose every recording the SAR matched (before its package)."""
        call_ids = sorted(
            {each["call_id"] for each in self.call("GET", f"/sars/{sar_id}/decisions").body["undecided"]}
        )
        if not call_ids:
            return self.call("GET", f"/sars/{sar_id}/decisions")
        decisions = [{"call_id": call_id, "decision": "disclose"} for call_id in call_ids]
        return self.call("POST", f"/sars/{sar_id}/decisions", body={"decisions": decisions})

    def export(self, sar_id: str, **options: Any) -> ApiAnswer:
        """Disclose every matched recording, then make the package."""
        self.disclose_all(sar_id)
        return self.call("POST", f"/sars/{sar_id}/export", **options)

    def sar_item(self, sar_id: str) -> dict[str, Any]:
        return self.world.dynamodb_resource_table(REQUESTS_TABLE).get_item(
            Key={"request_id": sar_id, "item": "request"}, ConsistentRead=True
        )["Item"]


def sar_dependencies_on(here: SarWorld) -> SarDependencies:
    holds = holds_fixtures.api_dependencies(here.world)
    holds = type(holds)(**{**vars(holds), "clock": here.now})
    return SarDependencies(holds=holds, sars=here.sars)


# What a deployment with no manifest context says: the notice's controller, AWS, London.
FACTS = StackSettings(region=REGION).manifest_facts


def export_dependencies_on(here: SarWorld, *, zipped: bool = False) -> ExportDependencies:
    """The export's dependencies in the SAR world; ``zipped``: with the package's zip (the jobs world,
    which has the work queue its job needs)."""
    s3 = boto3.client("s3", region_name=REGION)
    return ExportDependencies(
        disclosures=DisclosureStore(s3, EXPORT_BUCKET, credentials=boto3.Session().get_credentials()),
        audit=AuditTrail(boto3.client("dynamodb", region_name=REGION), AUDIT_TABLE),
        export_bucket=EXPORT_BUCKET,
        facts=ProcessingFacts(
            controller=FACTS.controller, processors=FACTS.processors, location=FACTS.location
        ),
        register=here.register,
        clock=here.now,
        zips=PackageZips(s3, EXPORT_BUCKET) if zipped else None,
    )


def disclosures_dependencies_on(here: SarWorld) -> DisclosuresDependencies:
    holds = sar_dependencies_on(here).holds
    return DisclosuresDependencies(holds=holds, register=here.register, audit=holds.audit, clock=here.now)


@pytest.fixture
def sar_world(world):
    world.s3.create_bucket(Bucket=EXPORT_BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    here = SarWorld(world)
    app.dependency_overrides[sar_dependencies] = lambda: sar_dependencies_on(here)
    app.dependency_overrides[export_dependencies] = lambda: export_dependencies_on(here)
    app.dependency_overrides[disclosures_dependencies] = lambda: disclosures_dependencies_on(here)
    try:
        yield here
    finally:
        app.dependency_overrides.pop(sar_dependencies, None)
        app.dependency_overrides.pop(export_dependencies, None)
        app.dependency_overrides.pop(disclosures_dependencies, None)
