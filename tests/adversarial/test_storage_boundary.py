"""Issue 13 items 4 and 9: going around the DPO API straight to the recordings bucket.

moto enforces no bucket policy, so each test evaluates the synthesized bucket policy's Deny statements
against the request a real principal would make (tests/adversarial/bucket_policy.py), and then shows
what our own code does: the uploads the telephony system is told to make, and the deletions the
sweeper and the eraser make. At commit 0a15626 the policy had none of these statements but the
DeleteObjectVersion and legal-hold ones, so every request below but those two was allowed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import boto3
import pytest
import time_machine
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.core.botocore_stubber import BotocoreStubber

from infra.local.lifecycle import LifecycleAction, apply_lifecycle
from infra.local.provision import recordings_bucket_id, recordings_lifecycle_rules
from tests.adversarial.bucket_policy import (
    ACCOUNT_ADMIN,
    DEPLOYMENT_ROLE,
    BucketPolicy,
    Request,
    role_of,
)
from tests.integration import deletion_fixtures, holds_fixtures

world = holds_fixtures.world
deletion = deletion_fixtures.deletion

REGION = "eu-west-2"
KEY = "recordings/2026/11/20/C-OVER.wav"
UPLOADED = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


@pytest.fixture
def policy(stack_template) -> BucketPolicy:
    return BucketPolicy.of(stack_template, recordings_bucket_id(stack_template))


@pytest.fixture
def roles(stack_template) -> dict[str, str]:
    return {
        "sweeper": role_of(stack_template, "DeletionSweeperRole"),
        "eraser": role_of(stack_template, "DeletionEraserRole"),
        "hold worker": role_of(stack_template, "HoldsHandlerRole"),
        "ingest": role_of(stack_template, "IngestHandlerRole"),
        "casework": role_of(stack_template, "DpoApiCaseworkRole"),
        "account administrator": ACCOUNT_ADMIN,
        "deployment": DEPLOYMENT_ROLE,
    }


@pytest.fixture
def bucket_with_lifecycle(stack_template):
    """A bucket with Object Lock and the recordings bucket's own lifecycle rules, in moto."""
    rules = recordings_lifecycle_rules(stack_template)
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(
            Bucket="recordings",
            CreateBucketConfiguration={"LocationConstraint": REGION},
            ObjectLockEnabledForBucket=True,
        )
        s3.put_bucket_lifecycle_configuration(Bucket="recordings", LifecycleConfiguration={"Rules": rules})
        yield s3


def _upload(s3, *, conditional: bool, at: datetime = UPLOADED) -> str:
    """An upload as docs/telephony.md tells the telephony system to make it (If-None-Match: *), or not."""
    with time_machine.travel(at, tick=False):
        return s3.put_object(
            Bucket="recordings",
            Key=KEY,
            Body=b"RIFF",
            Tagging="retention=standard",
            **({"IfNoneMatch": "*"} if conditional else {}),
        )["VersionId"]


def test_an_upload_over_an_existing_recording_is_refused_and_the_first_version_stays(
    policy, bucket_with_lifecycle
):
    s3 = bucket_with_lifecycle
    overwrite = Request(ACCOUNT_ADMIN, "s3:PutObject", policy.object_arn(KEY))
    assert policy.denying(overwrite) == ["RecordingsAreNeverOverwritten"]
    conditional = Request(ACCOUNT_ADMIN, "s3:PutObject", policy.object_arn(KEY), {"s3:if-none-match": "*"})
    assert policy.denying(conditional) == []
    outside = Request(ACCOUNT_ADMIN, "s3:PutObject", policy.object_arn("inbox/C-OVER.wav"))
    assert policy.denying(outside) == []  # the statement guards recordings/ only
    # A multipart upload's parts cannot carry If-None-Match (they create no object); its completion can.
    part = Request(
        ACCOUNT_ADMIN, "s3:PutObject", policy.object_arn(KEY), {"s3:ObjectCreationOperation": "false"}
    )
    assert policy.denying(part) == []

    first = _upload(s3, conditional=True)
    with pytest.raises(ClientError) as refused:  # S3 (and moto) enforce the condition itself
        _upload(s3, conditional=True, at=UPLOADED + timedelta(minutes=5))
    assert refused.value.response["Error"]["Code"] == "PreconditionFailed"

    report = apply_lifecycle(s3, "recordings", UPLOADED + timedelta(days=3))
    listed = s3.list_object_versions(Bucket="recordings", Prefix=KEY)
    assert [(each["VersionId"], each["IsLatest"]) for each in listed["Versions"]] == [(first, True)]
    assert "DeleteMarkers" not in listed
    assert report.events == []


def test_what_the_overwrite_statement_prevents_an_unconditional_put_loses_the_first_version_a_day_later(
    bucket_with_lifecycle,
):
    """Without the bucket policy (moto enforces none), a second upload makes the first version
    noncurrent, and the noncurrent-expiry rule removes it a day later: the loss the statement above
    prevents, and the reason the telephony system must send If-None-Match."""
    s3 = bucket_with_lifecycle
    first = _upload(s3, conditional=False)
    _upload(s3, conditional=False, at=UPLOADED + timedelta(hours=1))

    report = apply_lifecycle(s3, "recordings", UPLOADED + timedelta(days=3))

    assert [(event.action, event.version_id) for event in report.events] == [
        (LifecycleAction.VERSION_DELETED, first)
    ]


@pytest.mark.parametrize(
    "principal",
    ["sweeper", "eraser", "hold worker", "ingest", "casework", "account administrator", "deployment"],
)
def test_nobody_deletes_a_recording_without_naming_its_version(policy, roles, principal):
    versionless = Request(roles[principal], "s3:DeleteObject", policy.object_arn(KEY))
    assert policy.denying(versionless) == ["NoVersionlessDeletesOfRecordings"]


@pytest.mark.parametrize(
    ("principal", "denied"),
    [
        ("sweeper", []),
        ("eraser", []),
        ("hold worker", ["OnlyScheduledDeletionAndErasureDeleteVersions"]),
        ("casework", ["OnlyScheduledDeletionAndErasureDeleteVersions"]),
        ("account administrator", ["OnlyScheduledDeletionAndErasureDeleteVersions"]),
    ],
)
def test_only_the_sweeper_and_the_eraser_delete_a_version(policy, roles, principal, denied):
    assert (
        policy.denying(Request(roles[principal], "s3:DeleteObjectVersion", policy.object_arn(KEY))) == denied
    )


def test_the_sweeper_and_the_eraser_name_the_version_of_every_deletion(world, deletion, monkeypatch):
    """Our own code's side of the versionless-delete statement: every DeleteObject the deleters send,
    and every object of a DeleteObjects, carries a versionId (a versionless one would add a delete
    marker, and lifecycle's noncurrent expiry would then remove the version outside the sweeper and the
    audit trail)."""
    deletes: list[dict[str, list[str]]] = []
    answer = BotocoreStubber.process_request

    def watch(self, request, _answer=answer):
        url = urlsplit(request.url)
        if request.method == "DELETE" and url.path.endswith(".wav"):
            deletes.append(parse_qs(url.query))
        if request.method == "POST" and "delete" in parse_qs(url.query, keep_blank_values=True):
            body = ElementTree.fromstring(request.body)  # noqa: S314 - our own request, to moto
            for each in body.iter():
                if each.tag.endswith("Object"):
                    version = [child.text for child in each if child.tag.endswith("VersionId")]
                    deletes.append({"versionId": version} if version else {})
        return _answer(self, request)

    monkeypatch.setattr(BotocoreStubber, "process_request", watch)
    swept = world.seed_recording("C-SWEPT")
    erased = world.seed_recording("C-ERASED", caller_number="07700 900123")

    deletion.sweep()  # both fall due; the sweep deletes them both
    assert not deletion.in_s3(swept[0]) and not deletion.in_s3(erased[0])
    erasable = world.seed_recording("C-ERASE2", caller_number="07700 900456")
    assert deletion.erase({"caller_number": "07700 900456"}).status == 201
    assert not deletion.in_s3(erasable[0])

    assert len(deletes) == 3
    assert all(each.get("versionId") for each in deletes), deletes
    assert deletion.versions_in_s3(erasable[0].object_key) == []  # no delete marker was left either


@pytest.mark.parametrize("principal", ["hold worker", "sweeper", "account administrator", "deployment"])
def test_nobody_sets_an_object_lock_retention_period(policy, roles, principal):
    retention = Request(roles[principal], "s3:PutObjectRetention", policy.object_arn(KEY))
    assert policy.denying(retention) == ["NobodySetsObjectRetention"]


@pytest.mark.parametrize("action", ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"])
def test_only_deployments_change_or_remove_the_bucket_policy(policy, roles, action):
    for principal in ("account administrator", "casework", "sweeper"):
        assert policy.denying(Request(roles[principal], action, policy.bucket)) == [
            "OnlyDeploymentsChangeTheBucketPolicy"
        ], principal
    assert policy.denying(Request(roles["deployment"], action, policy.bucket)) == []


def test_only_the_hold_worker_sets_or_clears_a_legal_hold(policy, roles):
    for principal in ("eraser", "casework", "account administrator", "deployment"):
        request = Request(roles[principal], "s3:PutObjectLegalHold", policy.object_arn(KEY))
        assert policy.denying(request) == ["OnlyTheHoldWorkerChangesLegalHolds"], principal
    request = Request(roles["hold worker"], "s3:PutObjectLegalHold", policy.object_arn(KEY))
    assert policy.denying(request) == []


def test_a_request_without_tls_is_refused_whoever_makes_it(policy, roles):
    # Ingest, inside the perimeter (an outsider is refused twice: tests/adversarial/test_data_perimeter.py).
    plain = Request(roles["ingest"], "s3:GetObject", policy.object_arn(KEY), {"aws:SecureTransport": "false"})
    assert len(policy.denying(plain)) == 1
