"""A moto world for holds: the recordings bucket (Object Lock), the registry, requests and audit tables
(as the synthesized template declares them), the subject key and the hold work queue, with recordings
seeded the way ingest leaves them. The DPO API and the hold worker run in-process.

Test modules take the fixture by name: ``world = holds_fixtures.world``.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.core.botocore_stubber import BotocoreStubber

import call_recordings.holds.worker_handler as worker_handler
from call_recordings.core.adapters.audit_trail import AuditTrail
from call_recordings.core.adapters.notes import NoteSealer
from call_recordings.core.hold_selection import HoldSelection
from call_recordings.core.identifiers import new_hold_id
from call_recordings.core.retention import expires_on
from call_recordings.core.subjects import normalise_caller_number, normalise_customer_ref, subject_hash
from call_recordings.core.tables import AUDIT, CALL_IDS, REGISTRY, REQUESTS
from call_recordings.core.versions import RecordingVersion
from call_recordings.core.vocabulary import NEEDS_DPO, needs_dpo
from call_recordings.dpo_api import dependencies as dpo_api_dependencies
from call_recordings.dpo_api.dependencies import holds_dependencies
from call_recordings.dpo_api.handler import FUNCTIONS, app
from call_recordings.dpo_api.openapi import operations
from call_recordings.holds.adapters.casework import Casework
from call_recordings.holds.adapters.hold_work import HoldWorkQueue
from call_recordings.holds.adapters.legal_holds import LegalHolds
from call_recordings.holds.adapters.recording_holds import RecordingHolds
from call_recordings.holds.dependencies import HoldsDependencies
from call_recordings.holds.errors import HoldWorkerFailed
from call_recordings.holds.hold import Hold
from call_recordings.holds.records import WorkMessage, WorkReport
from call_recordings.holds.vocabulary import HoldReason, HoldStatus
from call_recordings.holds.worker_dependencies import WorkerDependencies
from infra.local.api_gateway import NO_SUCH_ROUTE, matching_method
from infra.local.provision import LocalApiMethod, create_tables
from infra.upgrades.call_versions import list_call_versions

REGION = "eu-west-2"
ACCOUNT = "123456789012"
BUCKET = "callrecordings-holds-test"
REGISTRY_TABLE = "Registry"
CALL_IDS_TABLE = "CallIds"  # ingest's (tests that run ingest in this world)
REQUESTS_TABLE = "Requests"
AUDIT_TABLE = "Audit"
SECRET_NAME = "subject-hash-key"
SUBJECT_KEY = "a-test-subject-hash-key-of-enough-length"
QUEUE_NAME = "hold-work"
DPO_ARN = f"arn:aws:sts::{ACCOUNT}:assumed-role/DpoRole/jane.smith"
OTHER_DPO_ARN = f"arn:aws:sts::{ACCOUNT}:assumed-role/DpoRole/sam.jones"
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


# The DPO API's routes, each to the function of its privilege, as the template's API has them
# (tests/infra/test_dpo_api_and_holds.py checks the template against these same resolvers).
API_METHODS = [
    LocalApiMethod(method, path, privilege)
    for privilege, module in FUNCTIONS.items()
    for method, path in operations(module.app)
]


def api_gateway(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """What API Gateway does with a request: the function of the route's privilege runs it, given the
    route's resource and path parameters; a method and path the API does not have reaches no function."""
    matched = matching_method(API_METHODS, event["httpMethod"], event["path"])
    if matched is None:
        return NO_SUCH_ROUTE
    method, parameters = matched
    routed = event | {
        "resource": method.resource_path,
        "pathParameters": parameters or None,
        "requestContext": event["requestContext"] | {"resourcePath": method.resource_path},
    }
    return FUNCTIONS[method.function_id].lambda_handler(routed, context)


class LambdaContext:
    """What Powertools' logger reads from a Lambda context."""

    function_name = "hold-worker"
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    invoked_function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:hold-worker"

    def __init__(self) -> None:
        self.aws_request_id = str(uuid.uuid4())

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 120_000


class InProcessHoldWorker:
    """The hold worker Lambda, invoked synchronously the way the DPO API does, but in this process.

    A worker that raises is reported as Lambda reports a function error (HoldWorkerFailed)."""

    def __init__(self) -> None:
        self.messages: list[WorkMessage] = []

    def apply(self, message: WorkMessage) -> WorkReport:
        self.messages.append(message)
        try:
            payload = worker_handler.lambda_handler(json.loads(message.model_dump_json()), LambdaContext())
        except Exception as error:
            raise HoldWorkerFailed(f"the hold worker raised {type(error).__name__}") from error
        return WorkReport.model_validate(payload)


class UnavailableHoldWorker:
    """A hold worker that cannot be invoked (throttled, or timed out)."""

    def __init__(self) -> None:
        self.messages: list[WorkMessage] = []

    def apply(self, message: WorkMessage) -> WorkReport:
        self.messages.append(message)
        raise HoldWorkerFailed("Rate exceeded")


@dataclass
class ApiAnswer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    text: str = ""  # the body as sent (a CSV answer's, which ``body`` does not parse)

    @property
    def error_code(self) -> str | None:
        return self.body.get("error", {}).get("code")


@dataclass
class World:
    s3: Any
    dynamodb: Any
    sqs: Any
    queue_url: str
    worker: InProcessHoldWorker
    notes: NoteSealer  # the DPO API's: seals and opens notes under the world's data key
    hmac_key: bytes = SUBJECT_KEY.encode()
    sync_limit: int = 100
    batch_size: int = 50
    _versions: dict[str, list[RecordingVersion]] = field(default_factory=dict)

    # Seeding, as ingest would leave a recording ------------------------------------------------------

    def seed_recording(
        self,
        call_id: str,
        *,
        recorded_at: str = "2026-11-20T10:15:00+00:00",
        caller_number: str | None = None,
        customer_ref: str | None = None,
        versions: int = 1,
        purpose: str = "quality-training",
        source: str = "data-subject",
        flags: frozenset[str] = frozenset(),
        retention: str = "standard",
        body: bytes | None = None,
    ) -> list[RecordingVersion]:
        """Upload the recording (one S3 version each: ``body``, or a few bytes naming the take) and
        register each version with its hashes and its size, as ingest does."""
        moment = datetime.fromisoformat(recorded_at)
        expires = expires_on(moment, now=NOW)
        key = f"recordings/{moment:%Y/%m}/{call_id}.wav"
        tags = {
            "purpose": purpose,
            "source": source,
            "retention": retention,
            "expires-on": expires.isoformat(),
        }
        seeded = []
        for number in range(versions):
            content = f"RIFF {call_id} take {number}".encode() if body is None else body
            put = self.s3.put_object(
                Bucket=BUCKET,
                Key=key,
                Body=content,
                Tagging="&".join(f"{name}={value}" for name, value in tags.items()),
            )
            caller = normalise_caller_number(caller_number)
            customer = normalise_customer_ref(customer_ref)
            item: dict[str, Any] = {
                "call_id": call_id,
                "version_id": put["VersionId"],
                "bucket": BUCKET,
                "object_key": key,
                "recorded_at": moment.astimezone(UTC).isoformat(timespec="seconds"),
                "expires_on": expires.isoformat(),
                "due_on": expires.isoformat(),
                "purpose": purpose,
                "source": source,
                "retention": retention,
                "size": len(content),
            }
            if flags:
                item["flags"] = set(flags)
            if needs_dpo(flags):
                item["needs_dpo"] = NEEDS_DPO
            if caller:
                item["caller_hash"] = subject_hash(self.hmac_key, "caller", caller)
            if customer:
                item["customer_hash"] = subject_hash(self.hmac_key, "customer", customer)
            self.dynamodb_resource_table(REGISTRY_TABLE).put_item(Item=item)
            self.list_under_call_id(call_id, put["VersionId"], key)
            seeded.append(RecordingVersion(call_id=call_id, version_id=put["VersionId"], object_key=key))
        self._versions.setdefault(call_id, []).extend(seeded)
        return seeded

    def list_under_call_id(self, call_id: str, version_id: str, key: str) -> None:
        """What ingest writes beside a version's item: the call id claimed (by its first version) and the
        version listed on the claim (core.tables.CALL_IDS)."""
        self.dynamodb.update_item(
            TableName=CALL_IDS_TABLE,
            Key=CALL_IDS.key(call_id),
            UpdateExpression=(
                "SET version_id = if_not_exists(version_id, :v), object_key = if_not_exists(object_key, :k) "
                "ADD versions :vs"
            ),
            ExpressionAttributeValues={
                ":v": {"S": version_id},
                ":k": {"S": key},
                ":vs": {"SS": [version_id]},
            },
        )

    def seed_many(self, count: int, prefix: str = "C-BULK") -> list[RecordingVersion]:
        """Many recordings, registered with one BatchWriteItem per 25 (fast enough for thousands)."""
        seeded = []
        table = self.dynamodb_resource_table(REGISTRY_TABLE)
        with table.batch_writer() as batch:
            for number in range(count):
                call_id = f"{prefix}-{number:05d}"
                key = f"recordings/2026/11/{call_id}.wav"
                put = self.s3.put_object(
                    Bucket=BUCKET,
                    Key=key,
                    Body=b"RIFF",
                    Tagging="purpose=quality-training&source=data-subject&retention=standard&expires-on=2027-02-20",
                )
                batch.put_item(
                    Item={
                        "call_id": call_id,
                        "version_id": put["VersionId"],
                        "bucket": BUCKET,
                        "object_key": key,
                        "recorded_at": "2026-11-20T10:15:00+00:00",
                        "expires_on": "2027-02-20",
                        "due_on": "2027-02-20",
                        "purpose": "quality-training",
                        "source": "data-subject",
                        "retention": "standard",
                    }
                )
                seeded.append(RecordingVersion(call_id=call_id, version_id=put["VersionId"], object_key=key))
        with self.dynamodb_resource_table(CALL_IDS_TABLE).batch_writer() as batch:
            for version in seeded:
                batch.put_item(
                    Item={
                        "call_id": version.call_id,
                        "version_id": version.version_id,
                        "object_key": version.object_key,
                        "versions": {version.version_id},
                    }
                )
        return seeded

    def dynamodb_resource_table(self, name: str):
        return boto3.resource("dynamodb", region_name=REGION).Table(name)

    def stored_text(self, table: str) -> str:
        """Every item of a table as DynamoDB holds it (typed; a binary value as its bytes' repr)."""
        items = self.dynamodb.scan(TableName=table)["Items"]
        return json.dumps(items, default=repr, ensure_ascii=False)

    def count_kms_calls(self, monkeypatch) -> dict[str, int]:
        """How many Encrypt and Decrypt calls the DPO API's note sealer makes from now on."""
        counted = {"encrypt": 0, "decrypt": 0}
        client = self.notes._kms
        for operation in counted:
            original = getattr(client, operation)

            def counting(*args, _operation=operation, _original=original, **kwargs):
                counted[_operation] += 1
                return _original(*args, **kwargs)

            monkeypatch.setattr(client, operation, counting)
        return counted

    def new_hold(self, versions: list[RecordingVersion], *, reason: str = "threat") -> Hold:
        """A hold recorded as the API records one (status ``placing``), without handing it to the worker."""
        hold = Hold(
            hold_id=new_hold_id(NOW),
            status=HoldStatus.PLACING,
            reason=HoldReason(reason),
            case_reference=f"CASE-{uuid.uuid4().hex[:6]}",
            placed_by=DPO_ARN,
            placed_at=NOW,
            selection=HoldSelection(by="call-ids", call_ids=len({version.call_id for version in versions})),
            total=len(versions),
            batches=1,
        )
        assert Casework(self.dynamodb, REQUESTS_TABLE, notes=lambda: self.notes).create_hold(hold, versions)
        return hold

    def hold_headers(self) -> list[dict[str, Any]]:
        """Every hold header in the requests table (a scan: tests only)."""
        items = self.dynamodb_resource_table(REQUESTS_TABLE).scan()["Items"]
        return [item for item in items if item["item"] == "request"]

    # What S3 and the registry say about a version -------------------------------------------------------

    def legal_hold(self, version: RecordingVersion) -> str:
        head = self.s3.head_object(Bucket=BUCKET, Key=version.object_key, VersionId=version.version_id)
        return head.get("ObjectLockLegalHoldStatus", "OFF")

    def tags(self, version: RecordingVersion) -> dict[str, str]:
        tag_set = self.s3.get_object_tagging(
            Bucket=BUCKET, Key=version.object_key, VersionId=version.version_id
        )
        return {tag["Key"]: tag["Value"] for tag in tag_set["TagSet"]}

    def registry_item(self, version: RecordingVersion) -> dict[str, Any]:
        return self.dynamodb_resource_table(REGISTRY_TABLE).get_item(
            Key={"call_id": version.call_id, "version_id": version.version_id}, ConsistentRead=True
        )["Item"]

    def holds_on(self, version: RecordingVersion) -> set[str]:
        return set(self.registry_item(version).get("holds", set()))

    def audit_entries(self, target: str) -> list[dict[str, Any]]:
        return self.dynamodb_resource_table(AUDIT_TABLE).query(
            KeyConditionExpression=boto3.dynamodb.conditions.Key("target").eq(target)
        )["Items"]

    # The DPO API, called through API Gateway ------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        raw_body: str | None = None,
        headers: dict[str, str] | None = None,
        query: dict[str, str] | None = None,
        principal: str | None = DPO_ARN,
    ) -> ApiAnswer:
        response = api_gateway(
            api_event(method, path, body, raw_body, headers, query, principal), LambdaContext()
        )
        headers = response.get("headers") or {
            name: ", ".join(values) for name, values in (response.get("multiValueHeaders") or {}).items()
        }
        is_json = headers.get("Content-Type", "application/json").startswith("application/json")
        return ApiAnswer(
            status=response["statusCode"],
            body=json.loads(response["body"]) if response.get("body") and is_json else {},
            headers=headers,
            text=response.get("body") or "",
        )

    def place(self, body: dict[str, Any], **options: Any) -> ApiAnswer:
        return self.call("POST", "/holds", body=body, **options)

    # The work queue, delivered to the hold worker as Lambda's event source mapping does --------------------

    def queued_messages(self) -> int:
        attributes = self.sqs.get_queue_attributes(
            QueueUrl=self.queue_url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"]) + int(
            attributes["ApproximateNumberOfMessagesNotVisible"]
        )

    def deliver_work(self, *, batches: int = 1000, batch_size: int = 5) -> int:
        """Hand queued messages to the worker, ``batch_size`` at a time (its event source's batch size),
        deleting those it did not report as failures; how many it finished. Stops after ``batches``."""
        finished = 0
        delivered = 0
        while delivered < batches:
            received = self.sqs.receive_message(
                QueueUrl=self.queue_url, MaxNumberOfMessages=batch_size, VisibilityTimeout=0
            ).get("Messages", [])
            if not received:
                return finished
            delivered += 1
            failed = self.deliver(received)
            for message in received:
                if message["MessageId"] not in failed:
                    self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
                    finished += 1
        return finished

    def take_queued(self) -> list[dict[str, Any]]:
        """Every queued message, taken off the queue (to be delivered in an order a test chooses)."""
        return take_all(self.sqs, self.queue_url)

    def deliver(self, messages: list[dict[str, Any]]) -> set[str]:
        """One SQS batch event to the hold worker's handler; the ids of the messages it failed."""
        event = {"Records": [sqs_record(message, self.queue_url) for message in messages]}
        failures = worker_handler.lambda_handler(event, LambdaContext())["batchItemFailures"]
        return {failure["itemIdentifier"] for failure in failures}


def take_all(sqs: Any, queue_url: str) -> list[dict[str, Any]]:
    """Every message on a queue, taken off it."""
    taken = []
    while received := sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", []):
        for message in received:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        taken += received
    return taken


def sqs_record(message: dict[str, Any], queue_url: str) -> dict[str, Any]:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "0"},
        "messageAttributes": {},
        "md5OfBody": message["MD5OfBody"],
        "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{QUEUE_NAME}",
        "awsRegion": REGION,
    }


def api_event(
    method: str,
    path: str,
    body: Any = None,
    raw_body: str | None = None,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    principal: str | None = DPO_ARN,
) -> dict[str, Any]:
    """An API Gateway REST proxy event as a DPO function receives it with IAM auth (``api_gateway`` sets
    the route's resource and path parameters)."""
    all_headers = {
        "Content-Type": "application/json",
        "Host": "dpo.example.execute-api.eu-west-2.amazonaws.com",
    }
    all_headers |= headers or {}
    identity: dict[str, Any] = {"sourceIp": "192.0.2.10", "userAgent": "tests"}
    if principal is not None:
        identity |= {
            "userArn": principal,
            "user": "AROAEXAMPLE:jane.smith",
            "accountId": ACCOUNT,
            "caller": "x",
        }
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {name: [value] for name, value in all_headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {name: [value] for name, value in query.items()}
        if query
        else None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/{proxy+}",
            "httpMethod": method,
            "path": f"/v1{path}",
            "stage": "v1",
            "requestId": str(uuid.uuid4()),
            "accountId": ACCOUNT,
            "apiId": "dpoapi",
            "identity": identity,
            "requestTimeEpoch": 1_800_000_000_000,
        },
        "body": raw_body if raw_body is not None else (json.dumps(body) if body is not None else None),
        "isBase64Encoded": False,
    }


def serialise_moto_calls(monkeypatch) -> None:
    """AWS serves each API call atomically: a conditional write checks and writes in one step, and a
    read never sees another call half done. In-process moto is not thread-safe: its backends are plain
    dicts, checked and written in separate steps, and iterated by queries and listings while another
    thread adds to them ('dictionary changed size during iteration'). Serialise every call moto answers,
    so that a race test exercises the interleavings of our calls, which is what it is about, and not
    moto's own lack of atomicity. Calls still interleave with each other exactly as they would in AWS."""
    lock = threading.RLock()
    original = BotocoreStubber.process_request

    def atomic(self, request, _original=original):
        with lock:
            return _original(self, request)

    monkeypatch.setattr(BotocoreStubber, "process_request", atomic)


@pytest.fixture
def world(monkeypatch, stack_template):
    """The moto world, the environment both functions read, and the DPO API wired to an in-process worker."""
    serialise_moto_calls(monkeypatch)
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(
            Bucket=BUCKET,
            CreateBucketConfiguration={"LocationConstraint": REGION},
            ObjectLockEnabledForBucket=True,
        )
        dynamodb = boto3.client("dynamodb", region_name=REGION)
        create_tables(
            stack_template,
            dynamodb,
            {
                REGISTRY: REGISTRY_TABLE,
                CALL_IDS: CALL_IDS_TABLE,
                REQUESTS: REQUESTS_TABLE,
                AUDIT: AUDIT_TABLE,
            },
        )
        list_call_versions(dynamodb, REGISTRY_TABLE, CALL_IDS_TABLE)  # as after `cdk deploy`: none yet
        secret_arn = boto3.client("secretsmanager", region_name=REGION).create_secret(
            Name=SECRET_NAME, SecretString=SUBJECT_KEY
        )["ARN"]
        sqs = boto3.client("sqs", region_name=REGION)
        queue_url = sqs.create_queue(QueueName=QUEUE_NAME)["QueueUrl"]
        kms = boto3.client("kms", region_name=REGION)
        notes_key_arn = kms.create_key(Description="data key")["KeyMetadata"]["Arn"]

        environment = {
            "REGISTRY_TABLE": REGISTRY_TABLE,
            "CALL_IDS_TABLE": CALL_IDS_TABLE,
            "REQUESTS_TABLE": REQUESTS_TABLE,
            "AUDIT_TABLE": AUDIT_TABLE,
            "HMAC_SECRET_ARN": secret_arn,
            "NOTES_KEY_ARN": notes_key_arn,
            "RECORDINGS_BUCKET": BUCKET,
            "HOLD_WORK_QUEUE_URL": queue_url,
            "HOLD_WORKER_FUNCTION": "hold-worker",
            "POWERTOOLS_METRICS_NAMESPACE": "CallRecordingsTest",
            "POWERTOOLS_SERVICE_NAME": "holds-test",
        }
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        made_once = worker_handler.worker_dependencies  # a test may replace it; this is cleared at the end
        made_once.cache_clear()
        # The DPO API's own adapters, settings and note sealer are made for this world's key and tables.
        dpo_api_dependencies.reset_dependencies()

        worker = InProcessHoldWorker()
        here = World(
            s3=s3,
            dynamodb=dynamodb,
            sqs=sqs,
            queue_url=queue_url,
            worker=worker,
            notes=NoteSealer(kms, notes_key_arn),
        )
        app.dependency_overrides[holds_dependencies] = lambda: api_dependencies(here)
        try:
            yield here
        finally:
            app.dependency_overrides.pop(holds_dependencies, None)
            made_once.cache_clear()
            dpo_api_dependencies.reset_dependencies()


def api_dependencies(world: World) -> HoldsDependencies:
    """The DPO API's adapters on moto, with the world's hold worker and limits."""
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    return HoldsDependencies(
        registry=RecordingHolds(dynamodb, REGISTRY_TABLE, call_ids_table=CALL_IDS_TABLE),
        casework=Casework(dynamodb, REQUESTS_TABLE, notes=lambda: world.notes),
        audit=AuditTrail(dynamodb, AUDIT_TABLE),
        work_queue=HoldWorkQueue(world.sqs, world.queue_url),
        worker=world.worker,
        subject_key=lambda: world.hmac_key,
        sync_limit=world.sync_limit,
        batch_size=world.batch_size,
    )


def worker_dependencies(**overrides: Any) -> WorkerDependencies:
    """The hold worker's adapters on moto, as its handler makes them, with overrides (e.g. a fake bucket)."""
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    made = {
        "registry": RecordingHolds(dynamodb, REGISTRY_TABLE),
        "legal_holds": LegalHolds(boto3.client("s3", region_name=REGION)),
        "casework": Casework(dynamodb, REQUESTS_TABLE),
        "audit": AuditTrail(dynamodb, AUDIT_TABLE),
        "recordings_bucket": BUCKET,
    }
    return WorkerDependencies(**(made | overrides))
