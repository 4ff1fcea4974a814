"""The SAR world (sar_fixtures.py) with the jobs: their records in the requests table, a work queue of
their own, and the disclosure function's handler taking its messages as Lambda's event source mapping
would (partial batch failures stay on the queue).

Test modules take the fixture by name: ``jobs_world = jobs_fixtures.jobs_world``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.typing import LambdaContext

from call_recordings.core.adapters.audit_trail import AuditTrail
from call_recordings.dpo_api import disclosure_handler
from call_recordings.dpo_api.dependencies import jobs_dependencies
from call_recordings.dpo_api.handler import app
from call_recordings.jobs.adapters.job_records import JobQueue, JobRecords
from call_recordings.jobs.records import JobKind
from call_recordings.jobs.running import JobsDependencies
from call_recordings.subject_access.changes import note_export
from call_recordings.subject_access.export_job import SarExportStep
from tests.integration import sar_fixtures
from tests.integration.holds_fixtures import AUDIT_TABLE, REGION, REQUESTS_TABLE, sqs_record
from tests.integration.sar_fixtures import SarWorld, export_dependencies_on, sar_dependencies_on

sar_world = sar_fixtures.sar_world
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
        taken = []
        while received := self.sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10).get(
            "Messages", []
        ):
            for message in received:
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
            taken += received
        return taken

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


def jobs_dependencies_on(here: SarWorld, queue_url: str) -> JobsDependencies:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    export = export_dependencies_on(here)

    def sar_export_step() -> SarExportStep:
        holds = sar_dependencies_on(here).holds
        return SarExportStep(
            export=export,
            registry=holds.registry,
            statements=lambda call_ids: {},
            note_export=lambda sar_id, by: note_export(
                sar_id, exported_by=by, deps=sar_dependencies_on(here)
            ),
        )

    return JobsDependencies(
        records=JobRecords(dynamodb, REQUESTS_TABLE, notes=lambda: here.world.notes),
        queue=JobQueue(here.world.sqs, queue_url),
        audit=AuditTrail(dynamodb, AUDIT_TABLE),
        steps={JobKind.SAR_EXPORT: sar_export_step},
        clock=here.now,
    )


@pytest.fixture
def jobs_world(sar_world):
    queue_url = sar_world.world.sqs.create_queue(QueueName="jobs-test")["QueueUrl"]
    here = JobsWorld(sar=sar_world, queue_url=queue_url)
    app.dependency_overrides[jobs_dependencies] = lambda: jobs_dependencies_on(sar_world, queue_url)
    try:
        yield here
    finally:
        app.dependency_overrides.pop(jobs_dependencies, None)
