"""The SAR world (sar_fixtures.py) with the jobs: their records in the requests table, a work queue of
their own, and the disclosure function's handler taking its messages as Lambda's event source mapping
would (partial batch failures stay on the queue).

Test modules take the fixture by name: ``jobs_world = jobs_fixtures.jobs_world``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import boto3
import pytest

from call_recordings.core.adapters.audit_trail import AuditTrail
from call_recordings.deletion.erasure_dependencies import ErasureDependencies
from call_recordings.dpo_api import disclosure_handler
from call_recordings.dpo_api.dependencies import (
    erasure_dependencies,
    export_dependencies,
    jobs_dependencies,
    rights_dependencies,
)
from call_recordings.dpo_api.handler import app
from call_recordings.jobs.adapters.job_records import JobQueue, JobRecords
from call_recordings.jobs.records import JobKind
from call_recordings.jobs.running import JobsDependencies
from call_recordings.outside_disclosures.package_job import RecipientPackageStep
from call_recordings.rights.erasure_job import ErasureStep
from call_recordings.subject_access.changes import note_export
from call_recordings.subject_access.export_job import SarExportStep, is_exportable
from call_recordings.subject_access.zip_job import PackageZipStep
from tests.integration import deletion_fixtures, sar_fixtures
from tests.integration.deletion_fixtures import erasure_api_dependencies
from tests.integration.holds_fixtures import (
    AUDIT_TABLE,
    REGION,
    REQUESTS_TABLE,
    LambdaContext,
    sqs_record,
    take_all,
)
from tests.integration.sar_fixtures import SarWorld, export_dependencies_on, sar_dependencies_on

sar_world = sar_fixtures.sar_world
deletion = deletion_fixtures.deletion
world = sar_fixtures.world


@dataclass
class JobsWorld:
    """The SAR world and the jobs' work queue."""

    sar: SarWorld
    queue_url: str

    @property
    def sqs(self) -> Any:
        return self.sar.world.sqs

    def call(self, method: str, path: str, **options: Any):
        return self.sar.call(method, path, **options)

    def take_queued(self) -> list[dict[str, Any]]:
        """Every message on the jobs' queue, taken off it (to be delivered as a test chooses)."""
        return take_all(self.sqs, self.queue_url)

    def deliver(self, messages: list[dict[str, Any]]) -> set[str]:
        """One message at a time (the event source's batch size) to the disclosure function's handler;
        the ids of those it failed."""
        failed: set[str] = set()
        for message in messages:
            event = {"Records": [sqs_record(message, self.queue_url)]}
            answer = disclosure_handler.lambda_handler(event, LambdaContext())
            failed |= {failure["itemIdentifier"] for failure in answer["batchItemFailures"]}
        return failed

    def run_jobs(self) -> int:
        """Deliver every queued job message until the queue is empty; how many were delivered."""
        delivered = 0
        while messages := self.take_queued():
            delivered += len(messages)
            if failed := self.deliver(messages):
                raise AssertionError(f"job messages failed: {failed}")
        return delivered


def jobs_dependencies_on(
    here: SarWorld, queue_url: str, erasure: Callable[[], ErasureDependencies] | None = None
) -> JobsDependencies:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    export = export_dependencies_on(here, zipped=True)

    def sar_export_step() -> SarExportStep:
        return SarExportStep(
            export=export,
            statements=lambda call_ids: {},
            note_export=lambda sar_id, by: note_export(
                sar_id, exported_by=by, deps=sar_dependencies_on(here)
            ),
            still_exportable=lambda sar_id: is_exportable(sar_id, sar_dependencies_on(here)),
            jobs=lambda: jobs_dependencies_on(here, queue_url, erasure),
        )

    return JobsDependencies(
        records=JobRecords(dynamodb, REQUESTS_TABLE, notes=lambda: here.world.notes),
        queue=JobQueue(here.world.sqs, queue_url),
        audit=AuditTrail(dynamodb, AUDIT_TABLE),
        steps={
            JobKind.SAR_EXPORT: sar_export_step,
            JobKind.DISCLOSURE_PACKAGE: lambda: RecipientPackageStep(export=export),
            JobKind.PACKAGE_ZIP: lambda: PackageZipStep(export=export),
        }
        | (
            {JobKind.ERASURE: lambda: ErasureStep(erasure=erasure(), rights=rights_dependencies())}
            if erasure
            else {}
        ),
        clock=here.now,
    )


@pytest.fixture
def jobs_world(sar_world):
    queue_url = sar_world.world.sqs.create_queue(QueueName="jobs-test")["QueueUrl"]
    here = JobsWorld(sar=sar_world, queue_url=queue_url)
    app.dependency_overrides[jobs_dependencies] = lambda: jobs_dependencies_on(sar_world, queue_url)
    app.dependency_overrides[export_dependencies] = lambda: export_dependencies_on(sar_world, zipped=True)
    try:
        yield here
    finally:
        app.dependency_overrides.pop(jobs_dependencies, None)


@pytest.fixture
def erasing_jobs(jobs_world, deletion):
    """The jobs world with erasures: POST /erasures and /requests/{id}/erase start a job over the
    in-process eraser when there are more versions to erase than ``sync_limit``."""
    here = jobs_world.sar

    def erasure() -> ErasureDependencies:
        jobs = jobs_dependencies_on(here, jobs_world.queue_url, erasure)
        return replace(
            erasure_api_dependencies(here.world, deletion.eraser), jobs=jobs, sync_limit=SYNC_ERASURE_LIMIT
        )

    app.dependency_overrides[erasure_dependencies] = erasure
    app.dependency_overrides[jobs_dependencies] = lambda: jobs_dependencies_on(
        here, jobs_world.queue_url, erasure
    )
    try:
        yield jobs_world
    finally:
        app.dependency_overrides.pop(jobs_dependencies, None)


# Small, so that a test needs few recordings: what matters is over or within it.
SYNC_ERASURE_LIMIT = 5
