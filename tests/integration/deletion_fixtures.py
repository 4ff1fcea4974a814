"""Deletion on the holds moto world (tests/integration/holds_fixtures.py): the retention sweeper and the
eraser run in-process through their real handlers; the DPO API's POST /erasures and POST
/recordings/{call_id}/destroy invoke the eraser in-process, as Lambda would.

Test modules take the fixtures by name: ``world = holds_fixtures.world`` and
``deletion = deletion_fixtures.deletion``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import call_recordings.deletion.eraser_handler as eraser_handler
import call_recordings.deletion.sweeper_handler as sweeper_handler
from call_recordings.core.adapters.audit_trail import AuditTrail
from call_recordings.core.versions import RecordingVersion
from call_recordings.deletion.adapters.destructions import DestructionRecords
from call_recordings.deletion.adapters.erasures import ErasureRecords
from call_recordings.deletion.destruction_dependencies import DestructionDependencies
from call_recordings.deletion.destruction_records import DestructionRequest
from call_recordings.deletion.erasure_dependencies import ErasureDependencies
from call_recordings.deletion.errors import EraserFailed
from call_recordings.deletion.records import DestructionReport, EraserReport, EraserRequest
from call_recordings.dpo_api.dependencies import destruction_dependencies, erasure_dependencies
from call_recordings.dpo_api.handler import app
from call_recordings.holds.adapters.casework import Casework
from call_recordings.holds.adapters.recording_holds import RecordingHolds
from call_recordings.restrictions.adapters.restriction_records import RestrictionRecords
from tests.integration import rights_fixtures
from tests.integration.holds_fixtures import (
    AUDIT_TABLE,
    BUCKET,
    REGION,
    REGISTRY_TABLE,
    REQUESTS_TABLE,
    LambdaContext,
    World,
)

# Seeded recordings (recorded 20 Nov 2026) expire, and fall due, on this date.
DUE_DATE = date(2027, 2, 20)
ERASER_FUNCTION = "eraser"


class InProcessEraser:
    """The eraser Lambda, invoked synchronously as the DPO API does, but in this process."""

    def __init__(self) -> None:
        self.requests: list[EraserRequest | DestructionRequest] = []

    def erase(self, request: EraserRequest) -> EraserReport:
        return EraserReport.model_validate(self._invoke(request))

    def destroy(self, request: DestructionRequest) -> DestructionReport:
        return DestructionReport.model_validate(self._invoke(request))

    def _invoke(self, request: EraserRequest | DestructionRequest) -> dict[str, Any]:
        self.requests.append(request)
        try:
            return eraser_handler.lambda_handler(json.loads(request.model_dump_json()), LambdaContext())
        except Exception as error:
            raise EraserFailed(f"the eraser raised {type(error).__name__}") from error


@dataclass
class Deletion:
    world: World
    monkeypatch: Any
    eraser: InProcessEraser

    def sweep(self, as_of: date = DUE_DATE) -> dict[str, Any]:
        """Run the sweeper's handler as its daily schedule would, as of this date (AS_OF)."""
        self.monkeypatch.setenv("AS_OF", as_of.isoformat())
        sweeper_handler.reset_dependencies()
        return sweeper_handler.lambda_handler({"source": "aws.events"}, LambdaContext())

    def checkpoint(self) -> str | None:
        item = (
            self.world.dynamodb_resource_table(REQUESTS_TABLE)
            .get_item(Key={"request_id": "sweeper", "item": "checkpoint"}, ConsistentRead=True)
            .get("Item")
        )
        return item and item["last_swept"]

    def item(self, version: RecordingVersion) -> dict[str, Any] | None:
        return (
            self.world.dynamodb_resource_table(REGISTRY_TABLE)
            .get_item(Key={"call_id": version.call_id, "version_id": version.version_id}, ConsistentRead=True)
            .get("Item")
        )

    def in_s3(self, version: RecordingVersion) -> bool:
        try:
            self.world.s3.head_object(Bucket=BUCKET, Key=version.object_key, VersionId=version.version_id)
        except ClientError as error:
            assert error.response["Error"]["Code"] in ("404", "NoSuchKey", "NoSuchVersion")
            return False
        return True

    def versions_in_s3(self, key: str) -> list[str]:
        """Every version and delete marker S3 keeps under the key."""
        listed = self.world.s3.list_object_versions(Bucket=BUCKET, Prefix=key)
        return [each["VersionId"] for each in listed.get("Versions", []) + listed.get("DeleteMarkers", [])]

    def audit(self, call_id: str) -> list[dict[str, Any]]:
        return self.world.audit_entries(f"recording#{call_id}")

    def all_audit_text(self) -> str:
        return json.dumps(self.world.dynamodb_resource_table(AUDIT_TABLE).scan()["Items"], default=str)

    def erase(self, subject: dict[str, Any], **options: Any):
        """An erasure request for ``subject``, decided by POST /erasures (rights_fixtures.erase)."""
        return rights_fixtures.erase(self.world, subject, **options)

    def destroy(self, call_id: str, **body: Any):
        return self.world.call("POST", f"/recordings/{call_id}/destroy", body=body)


def erasure_api_dependencies(world: World, eraser: InProcessEraser) -> ErasureDependencies:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    return ErasureDependencies(
        registry=RecordingHolds(dynamodb, REGISTRY_TABLE),
        casework=Casework(dynamodb, REQUESTS_TABLE, notes=lambda: world.notes),
        records=ErasureRecords(dynamodb, REQUESTS_TABLE, notes=lambda: world.notes),
        audit=AuditTrail(dynamodb, AUDIT_TABLE),
        eraser=eraser,
        subject_key=lambda: world.hmac_key,
        restrictions=RestrictionRecords(dynamodb, REQUESTS_TABLE, notes=lambda: world.notes),
    )


def destruction_api_dependencies(world: World, eraser: InProcessEraser) -> DestructionDependencies:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    return DestructionDependencies(
        registry=RecordingHolds(dynamodb, REGISTRY_TABLE),
        records=DestructionRecords(dynamodb, REQUESTS_TABLE, notes=lambda: world.notes),
        eraser=eraser,
        audit=AuditTrail(dynamodb, AUDIT_TABLE),
    )


@pytest.fixture
def deletion(world, monkeypatch):
    """The sweeper's and the eraser's environment on the holds world, and POST /erasures and POST
    /recordings/{call_id}/destroy wired to an in-process eraser."""
    monkeypatch.setenv("ERASER_FUNCTION", ERASER_FUNCTION)
    sweeper_handler.reset_dependencies()
    eraser_handler.reset_dependencies()
    eraser = InProcessEraser()
    app.dependency_overrides[erasure_dependencies] = lambda: erasure_api_dependencies(world, eraser)
    app.dependency_overrides[destruction_dependencies] = lambda: destruction_api_dependencies(world, eraser)
    try:
        yield Deletion(world=world, monkeypatch=monkeypatch, eraser=eraser)
    finally:
        app.dependency_overrides.pop(erasure_dependencies, None)
        app.dependency_overrides.pop(destruction_dependencies, None)
        sweeper_handler.reset_dependencies()
        eraser_handler.reset_dependencies()
