"""The upload pipeline under moto, wired by hand: bucket -> S3 notification -> queue -> real handler.

`ingest_stack` creates what the ingest function needs (Object Lock bucket with a notification on
`recordings/`, encrypted queue with a dead-letter queue, the registry table as the synthesized template
declares it, subject key secret, DPO alerts topic with a queue subscribed to read the alerts) and
delivers what the queue receives to `lambda_handler` as Lambda's SQS event source would.
"""

from __future__ import annotations

import io
import json
import os
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from moto import mock_aws

# Powertools reads its settings when the handler module is imported, before any fixture runs.
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "ingest")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "CallRecordings")

import call_recordings.core.observability as observability
from call_recordings.core.adapters.items import from_item
from call_recordings.core.tables import CALL_IDS, REGISTRY
from call_recordings.ingest import handler
from infra.local.provision import create_tables
from infra.local.runner import sqs_event

REGION = "eu-west-2"
ACCOUNT = "123456789012"
PREFIX = "recordings/"
MAX_RECEIVES = 3
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(32)


@dataclass
class LambdaContext:
    function_name: str = "ingest"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:ingest"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class ApiCalls:
    """AWS API calls made by clients of boto3's default session (the handler's) while counting."""

    calls: Counter = field(default_factory=Counter)
    on: bool = False

    def __call__(self, model, **_) -> None:
        if self.on:
            self.calls[f"{model.service_model.service_name}:{model.name}"] += 1


@dataclass
class IngestStack:
    s3: Any
    sqs: Any
    dynamodb: Any
    bucket: str
    queue_url: str
    queue_arn: str
    dead_letter_url: str
    table: str
    hmac_key: bytes
    topic_arn: str
    alerts_url: str
    api_calls: ApiCalls

    def upload(self, key: str, metadata: dict[str, str], body: bytes = WAV) -> str:
        """Put a recording as the telephony system does; its version id."""
        return self.s3.put_object(Bucket=self.bucket, Key=key, Body=body, Metadata=metadata)["VersionId"]

    def receive(self) -> list[dict]:
        return self.sqs.receive_message(
            QueueUrl=self.queue_url, MaxNumberOfMessages=10, AttributeNames=["All"]
        ).get("Messages", [])

    def sqs_event(self, messages: list[dict]) -> dict:
        """The event Lambda's SQS event source sends for received messages."""
        return sqs_event(messages, self.queue_arn, REGION)

    def invoke(self, messages: list[dict]) -> dict:
        self.api_calls.on = True
        try:
            return handler.lambda_handler(self.sqs_event(messages), LambdaContext())
        finally:
            self.api_calls.on = False

    def settle(self, messages: list[dict], response: dict) -> list[str]:
        """Delete what succeeded; make what failed visible again, as if its visibility timeout passed."""
        failed = {failure["itemIdentifier"] for failure in response["batchItemFailures"]}
        for message in messages:
            if message["MessageId"] in failed:
                self.sqs.change_message_visibility(
                    QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
                )
            else:
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
        return sorted(failed)

    def deliver(self) -> list[str]:
        """Receive one batch, run the handler on it, settle it; the ids of the messages that failed."""
        messages = self.receive()
        return self.settle(messages, self.invoke(messages)) if messages else []

    def deliver_all(self) -> None:
        """Deliver until the queue is empty; every message must succeed."""
        while messages := self.receive():
            assert self.settle(messages, self.invoke(messages)) == []

    def items(self) -> list[dict]:
        return [from_item(item) for item in self.dynamodb.scan(TableName=self.table)["Items"]]

    def item(self, call_id: str) -> dict:
        [found] = [item for item in self.items() if item["call_id"] == call_id]
        return found

    def claim(self, call_id: str) -> dict:
        """The call id's claim in the call ids table (nothing if unclaimed)."""
        found = self.dynamodb.get_item(TableName="call-ids", Key=CALL_IDS.key(call_id)).get("Item")
        return from_item(found or {})

    def tags(self, key: str, version_id: str) -> dict[str, str]:
        tag_set = self.s3.get_object_tagging(Bucket=self.bucket, Key=key, VersionId=version_id)["TagSet"]
        return {tag["Key"]: tag["Value"] for tag in tag_set}

    def alerts(self) -> list[dict]:
        """The SNS notifications the DPO's topic delivered since the last call."""
        received = []
        while messages := self.sqs.receive_message(QueueUrl=self.alerts_url, MaxNumberOfMessages=10).get(
            "Messages", []
        ):
            for message in messages:
                received.append(json.loads(message["Body"]))
                self.sqs.delete_message(QueueUrl=self.alerts_url, ReceiptHandle=message["ReceiptHandle"])
        return received

    def dead_letters(self) -> list[dict]:
        return self.sqs.receive_message(QueueUrl=self.dead_letter_url, MaxNumberOfMessages=10).get(
            "Messages", []
        )


@pytest.fixture
def ingest_stack(monkeypatch, stack_template) -> IngestStack:
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        boto3.setup_default_session(region_name=REGION)
        api_calls = ApiCalls()
        boto3.DEFAULT_SESSION.events.register("before-call", api_calls)
        s3, sqs, dynamodb = (boto3.client(name) for name in ("s3", "sqs", "dynamodb"))
        key_arn = boto3.client("kms").create_key(Description="recordings")["KeyMetadata"]["Arn"]

        bucket = "callrecordings-test"
        s3.create_bucket(
            Bucket=bucket,
            CreateBucketConfiguration={"LocationConstraint": REGION},
            ObjectLockEnabledForBucket=True,
        )
        s3.put_bucket_encryption(
            Bucket=bucket,
            ServerSideEncryptionConfiguration={
                "Rules": [
                    {
                        "ApplyServerSideEncryptionByDefault": {
                            "SSEAlgorithm": "aws:kms",
                            "KMSMasterKeyID": key_arn,
                        }
                    }
                ]
            },
        )

        dead_letter_url = sqs.create_queue(QueueName="ingest-dead-letters")["QueueUrl"]
        dead_letter_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:ingest-dead-letters"
        queue_url = sqs.create_queue(
            QueueName="ingest",
            Attributes={
                "VisibilityTimeout": "180",
                "KmsMasterKeyId": key_arn,
                "RedrivePolicy": json.dumps(
                    {"deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": MAX_RECEIVES}
                ),
            },
        )["QueueUrl"]
        queue_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:ingest"
        s3.put_bucket_notification_configuration(
            Bucket=bucket,
            NotificationConfiguration={
                "QueueConfigurations": [
                    {
                        "QueueArn": queue_arn,
                        "Events": ["s3:ObjectCreated:*"],
                        "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": PREFIX}]}},
                    }
                ]
            },
        )

        table = "registry"
        create_tables(stack_template, dynamodb, {REGISTRY: table, CALL_IDS: "call-ids"})

        hmac_key = "k" * 32 + "subject-key-for-tests"
        secret_arn = boto3.client("secretsmanager").create_secret(Name="subject-key", SecretString=hmac_key)[
            "ARN"
        ]

        sns = boto3.client("sns")
        topic_arn = sns.create_topic(Name="dpo-alerts")["TopicArn"]
        alerts_url = sqs.create_queue(QueueName="dpo-inbox")["QueueUrl"]
        sns.subscribe(
            TopicArn=topic_arn, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{ACCOUNT}:dpo-inbox"
        )

        monkeypatch.setenv("REGISTRY_TABLE", table)
        monkeypatch.setenv("CALL_IDS_TABLE", "call-ids")
        monkeypatch.setenv("HMAC_SECRET_ARN", secret_arn)
        monkeypatch.setenv("DPO_ALERTS_TOPIC_ARN", topic_arn)
        monkeypatch.setenv("RECORDINGS_PREFIX", PREFIX)
        handler.reset_dependencies()
        try:
            yield IngestStack(
                s3=s3,
                sqs=sqs,
                dynamodb=dynamodb,
                bucket=bucket,
                queue_url=queue_url,
                queue_arn=queue_arn,
                dead_letter_url=dead_letter_url,
                table=table,
                hmac_key=hmac_key.encode(),
                topic_arn=topic_arn,
                alerts_url=alerts_url,
                api_calls=api_calls,
            )
        finally:
            handler.reset_dependencies()
            boto3.DEFAULT_SESSION = None


@dataclass
class Emitted:
    text: str  # everything printed: logs and metrics
    metrics: Counter
    logs: list[dict]


def read_emitted(text: str) -> Emitted:
    """Log records and metrics (EMF, summed by name) from what handlers printed, one JSON per line."""
    metrics: Counter = Counter()
    logs: list[dict] = []
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if "_aws" in record:
            for definition in record["_aws"]["CloudWatchMetrics"][0]["Metrics"]:
                value = record[definition["Name"]]
                metrics[definition["Name"]] += sum(value) if isinstance(value, list) else value
        else:
            logs.append(record)
    return Emitted(text=text, metrics=metrics, logs=logs)


@pytest.fixture
def emitted(capsys):
    """What the handler printed since the last call: its log records and its metrics (EMF).

    Powertools prints metrics to the current stdout, but logs to the stream it found at import.
    """
    logs_stream = io.StringIO()
    previous = observability.logger.registered_handler.setStream(logs_stream)

    def read() -> Emitted:
        text = logs_stream.getvalue() + capsys.readouterr().out
        logs_stream.seek(0)
        logs_stream.truncate()
        return read_emitted(text)

    yield read
    observability.logger.registered_handler.setStream(previous)
