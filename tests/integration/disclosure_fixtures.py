"""A moto world for SAR disclosures: the recordings bucket as the stack makes it (Object Lock, versioned,
SSE-KMS with the data key), the export bucket (SSE-KMS with the same key, bucket key), the audit and
requests tables (as the synthesized template declares them: the outside-disclosure register is in the
latter), with ``ExportDependencies`` on them and the deployment's default manifest facts.

Test modules take the fixture by name: ``export_world = disclosure_fixtures.export_world``. A route
test can override ``dpo_api.dependencies.export_dependencies`` with ``export_world.dependencies()``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.config import Config
from moto import mock_aws

from call_recordings.core.adapters.audit_trail import AuditTrail
from call_recordings.core.retention import expires_on
from call_recordings.core.tables import AUDIT, REQUESTS
from call_recordings.core.versions import RegisteredVersion
from call_recordings.outside_disclosures.adapters.register import DisclosureRegister
from call_recordings.subject_access.adapters.disclosures import DisclosureStore
from call_recordings.subject_access.disclosure import ProcessingFacts
from call_recordings.subject_access.exporting import ExportDependencies
from infra.config import StackSettings
from infra.local.provision import create_tables

REGION = "eu-west-2"
RECORDINGS_BUCKET = "callrecordings-disclosure-test"
EXPORT_BUCKET = "callrecordings-exports-test"
AUDIT_TABLE = "Audit"
REQUESTS_TABLE = "Requests"
# What a deployment in London with no manifest context says (infra/config.py).
DEPLOYED = StackSettings(region=REGION).manifest_facts
FACTS = ProcessingFacts(
    controller=DEPLOYED.controller, processors=DEPLOYED.processors, location=DEPLOYED.location
)
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


@dataclass
class ExportWorld:
    s3: Any
    dynamodb: Any
    key_arn: str
    now: datetime = NOW
    originals: dict[tuple[str, str], bytes] = field(default_factory=dict)

    def upload(
        self,
        call_id: str,
        body: bytes,
        *,
        recorded_at: str = "2026-11-20T10:15:00+00:00",
        metadata: dict[str, str] | None = None,
        holds: frozenset[str] = frozenset(),
        purpose: str = "quality-training",
        source: str = "data-subject",
    ) -> RegisteredVersion:
        """Put a recording version as the telephony system does; the registry item ingest would write."""
        key = f"recordings/2026/11/{call_id}.wav"
        version_id = self.s3.put_object(
            Bucket=RECORDINGS_BUCKET, Key=key, Body=body, Metadata=metadata or {"call-id": call_id}
        )["VersionId"]
        self.originals[(call_id, version_id)] = body
        moment = datetime.fromisoformat(recorded_at)
        return RegisteredVersion(
            call_id=call_id,
            version_id=version_id,
            bucket=RECORDINGS_BUCKET,
            object_key=key,
            recorded_at=moment,
            expires_on=expires_on(moment, now=self.now),
            purpose=purpose,
            source=source,
            retention="hold" if holds else "standard",
            holds=holds,
            size=len(body),  # as S3's notification told ingest
        )

    def dependencies(self, **overrides: Any) -> ExportDependencies:
        s3 = boto3.client("s3", region_name=REGION, config=Config(signature_version="s3v4"))
        made = {
            "disclosures": DisclosureStore(s3, EXPORT_BUCKET, credentials=boto3.Session().get_credentials()),
            "audit": AuditTrail(self.dynamodb, AUDIT_TABLE),
            "export_bucket": EXPORT_BUCKET,
            "facts": FACTS,
            "register": self.register(),
            "clock": lambda: self.now,
        }
        return ExportDependencies(**(made | overrides))

    def register(self) -> DisclosureRegister:
        return DisclosureRegister(self.dynamodb, REQUESTS_TABLE)

    def exported_keys(self) -> list[str]:
        listed = self.s3.list_objects_v2(Bucket=EXPORT_BUCKET).get("Contents", [])
        return sorted(item["Key"] for item in listed)

    def audit_items(self) -> list[dict[str, Any]]:
        table = boto3.resource("dynamodb", region_name=REGION).Table(AUDIT_TABLE)
        return table.scan()["Items"]

    def audit_text(self) -> str:
        return json.dumps(self.audit_items(), default=str)


@pytest.fixture
def export_world(monkeypatch, stack_template):
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        key_arn = boto3.client("kms", region_name=REGION).create_key(Description="data key")["KeyMetadata"][
            "Arn"
        ]
        encryption = {
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": key_arn,
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        }
        s3.create_bucket(
            Bucket=RECORDINGS_BUCKET,
            CreateBucketConfiguration={"LocationConstraint": REGION},
            ObjectLockEnabledForBucket=True,  # and so versioned
        )
        s3.create_bucket(Bucket=EXPORT_BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        for bucket in (RECORDINGS_BUCKET, EXPORT_BUCKET):
            s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration=encryption)
        dynamodb = boto3.client("dynamodb", region_name=REGION)
        create_tables(stack_template, dynamodb, {AUDIT: AUDIT_TABLE, REQUESTS: REQUESTS_TABLE})
        yield ExportWorld(s3=s3, dynamodb=dynamodb, key_arn=key_arn)
