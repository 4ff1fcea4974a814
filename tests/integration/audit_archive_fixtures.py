"""The audit trail and its archive under moto, wired as the template wires them: the audit table (with
its stream) and the archive bucket (Object Lock, compliance mode, default retention) are made from the
synthesized template; the stream is delivered to the archiver's real handler as the event source
mapping would (infra/local/streams.py); the verification's real handler runs on demand.

Tests use it as ``world = audit_archive_fixtures.world``.
"""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from moto import mock_aws

os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "CallRecordings")

import call_recordings.core.observability as observability
from call_recordings.audit_archive import archiver_handler, verification_handler
from call_recordings.audit_archive.adapters.archive_bucket import AuditArchiveBucket
from call_recordings.audit_archive.entries import CHANGES_PREFIX, ENTRIES_PREFIX, EntryKey, entry_object_key
from call_recordings.core.adapters.audit_trail import AuditTrail
from call_recordings.core.tables import AUDIT
from infra.local.provision import create_bucket, create_tables
from infra.local.streams import StreamDeliveryReport, StreamPositions, deliver_stream
from tests.integration.conftest import LambdaContext, read_emitted

REGION = "eu-west-2"
AUDIT_TABLE = "audit"
ARCHIVE_BUCKET = "audit-archive"
FAILURES_QUEUE = "audit-archive-failures"


@dataclass
class ArchiveWorld:
    dynamodb: Any
    s3: Any
    sqs: Any
    session: boto3.Session
    trail: AuditTrail
    stream_arn: str
    failures_url: str
    retries: int
    positions: StreamPositions = field(default_factory=StreamPositions)
    printed: io.StringIO = field(default_factory=io.StringIO)
    capsys: Any = None

    def deliver(self) -> StreamDeliveryReport:
        """The stream's new records to the archiver, as the event source mapping would."""
        return deliver_stream(
            self.session,
            self.stream_arn,
            function=lambda event: archiver_handler.lambda_handler(event, LambdaContext("audit-archiver")),
            batch_size=100,
            retries=self.retries,
            on_failure_queue_url=self.failures_url,
            positions=self.positions,
            region=REGION,
        )

    def verify(self) -> dict:
        return verification_handler.lambda_handler({}, LambdaContext("audit-verification"))

    def item(self, key: EntryKey) -> dict | None:
        return self.dynamodb.get_item(TableName=AUDIT_TABLE, Key=AUDIT.key(key.target, key.entry)).get("Item")

    def archived(self, key: EntryKey) -> dict:
        """The archived copy of an entry: its object's JSON."""
        body = self.s3.get_object(Bucket=ARCHIVE_BUCKET, Key=entry_object_key(key))["Body"].read()
        return json.loads(body)

    def archive_keys(self, prefix: str = ENTRIES_PREFIX) -> list[str]:
        return list(AuditArchiveBucket(self.s3, ARCHIVE_BUCKET).keys_under(prefix))

    def changes(self) -> list[dict]:
        return [
            json.loads(self.s3.get_object(Bucket=ARCHIVE_BUCKET, Key=key)["Body"].read())
            for key in self.archive_keys(CHANGES_PREFIX)
        ]

    def on_failure_messages(self) -> list[dict]:
        messages = self.sqs.receive_message(QueueUrl=self.failures_url, MaxNumberOfMessages=10).get(
            "Messages", []
        )
        return [json.loads(message["Body"]) for message in messages]

    def emitted(self) -> tuple[Counter, list[dict]]:
        """The metrics (EMF) and log records the handlers printed since the last call."""
        text = self.printed.getvalue() + self.capsys.readouterr().out
        self.printed.seek(0)
        self.printed.truncate()
        emitted = read_emitted(text)
        return emitted.metrics, emitted.logs


def archive_bucket_props(template: dict) -> dict:
    [props] = [
        resource["Properties"]
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::S3::Bucket" and "ObjectLockConfiguration" in resource["Properties"]
    ]
    return {key: value for key, value in props.items() if key != "BucketEncryption"}  # no local key


def mapping_retries(template: dict) -> int:
    [mapping] = [
        resource["Properties"]
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::Lambda::EventSourceMapping"
        and "StartingPosition" in resource["Properties"]
    ]
    return mapping["MaximumRetryAttempts"]


@pytest.fixture
def world(stack_template, monkeypatch, capsys):
    with mock_aws():
        boto3.setup_default_session(region_name=REGION)
        session = boto3.Session(region_name=REGION)
        dynamodb = session.client("dynamodb")
        s3 = session.client("s3")
        sqs = session.client("sqs")
        create_tables(stack_template, dynamodb, {AUDIT: AUDIT_TABLE})
        create_bucket(s3, ARCHIVE_BUCKET, archive_bucket_props(stack_template), REGION)
        stream_arn = dynamodb.describe_table(TableName=AUDIT_TABLE)["Table"]["LatestStreamArn"]
        failures_url = sqs.create_queue(QueueName=FAILURES_QUEUE)["QueueUrl"]
        monkeypatch.setenv("AUDIT_TABLE", AUDIT_TABLE)
        monkeypatch.setenv("AUDIT_ARCHIVE_BUCKET", ARCHIVE_BUCKET)
        archiver_handler.reset_dependencies()
        verification_handler.reset_dependencies()
        printed = io.StringIO()
        previous = observability.logger.registered_handler.setStream(printed)
        try:
            yield ArchiveWorld(
                dynamodb=dynamodb,
                s3=s3,
                sqs=sqs,
                session=session,
                trail=AuditTrail(dynamodb, AUDIT_TABLE),
                stream_arn=stream_arn,
                failures_url=failures_url,
                retries=mapping_retries(stack_template),
                printed=printed,
                capsys=capsys,
            )
        finally:
            observability.logger.registered_handler.setStream(previous)
            archiver_handler.reset_dependencies()
            verification_handler.reset_dependencies()
            boto3.DEFAULT_SESSION = None


def written_at(minutes_ago: float = 60) -> datetime:
    """A time for an entry old enough that the verification compares it (past its settling time)."""
    return datetime.now(UTC) - timedelta(minutes=minutes_ago)
