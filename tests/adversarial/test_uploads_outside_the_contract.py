"""Issue 13 item 7: uploads that miss the upload contract are kept forever, silently.

The contract (DESIGN section 8, docs/telephony.md): a recording is an object under ``recordings/``
whose key names a file. A principal with rights wider than the uploader's (an administrator, a
misconfigured tool, a migration script) can still put an object beside it: under a prefix that only
looks like ``recordings/``, or as a "folder" key ending in ``/``. Ingest never sees such an object
(the bucket's notification and ingest both stop at ``recordings/``), no lifecycle rule matches it (it
carries no tag), and nobody but the sweeper and the eraser may delete a version: it would be kept
forever and nobody would know. The daily reconciliation lists the whole bucket and reports each such
version to the DPO: in its report, in the audit trail (filed under the bucket, naming the version but
never the key, which may carry personal data), in an alert on the DPO's topic (which names the version and
says how to find its key from it, never the key itself: issue 14), and as a metric with an alarm. It
deletes nothing.

moto does not enforce IAM: that the uploader role itself cannot write there is asserted on the
synthesized template's statements (the last test), not by an upload refused under moto.
"""

import json

import pytest

from call_recordings.reconciliation import handler as reconciliation
from tests.infra import conftest as infra_conftest
from tests.integration import conftest as integration_conftest
from tests.integration import test_reconciliation
from tests.integration.test_ingest import good_metadata
from tests.integration.test_reconciliation import SCHEDULED_EVENT, LambdaContext, audit_entries

# The fixtures of the ingest pipeline and the reconciliation under moto, and of the README's deployment.
ingest_stack = integration_conftest.ingest_stack
emitted = integration_conftest.emitted
stack = test_reconciliation.stack
deployment = infra_conftest.deployment

PHONE_NUMBER = "07700900461"  # a caller number someone put in a key: personal data

# Each key an upload outside the contract might have, and the finding the DPO is told about.
NEAR_MISSES = {
    "different case": (f"Recordings/2026/11/{PHONE_NUMBER}.wav", "different-case"),
    "leading space": (" recordings/2026/11/C-NM2.wav", "leading-space"),
    "leading ./": ("./recordings/2026/11/C-NM3.wav", "leading-dot-slash"),
    "leading slash": ("/recordings/2026/11/C-NM4.wav", "leading-slash"),
    "missing slash": ("recordingsC-NM5.wav", "missing-slash"),
    "the bare name": ("recordings", "missing-slash"),
    "different name": ("recordings2/2026/11/C-NM6.wav", "different-name"),
    "folder key under recordings/": ("recordings/2026/11/C-NM7/", "folder-marker"),
}


def every_version(stack) -> set[tuple[str, str]]:
    listing = stack.s3.list_object_versions(Bucket=stack.bucket)
    assert "DeleteMarkers" not in listing
    return {(version["Key"], version["VersionId"]) for version in listing.get("Versions", [])}


@pytest.mark.parametrize(("key", "finding"), NEAR_MISSES.values(), ids=NEAR_MISSES.keys())
def test_an_object_put_outside_the_contract_is_reported_to_the_dpo_once_and_kept(
    stack, emitted, key, finding
):
    # A recording the telephony system registers as usual, beside the stray object.
    stack.upload("recordings/2026/11/C-GOOD.wav", good_metadata(call_id="C-GOOD"))
    stack.deliver_all()
    # Put directly, as a principal with wider rights than the uploader's could; ingest never sees it.
    version_id = stack.s3.put_object(
        Bucket=stack.bucket, Key=key, Body=b"RIFF", Metadata=good_metadata(call_id="C-STRAY")
    )["VersionId"]
    stack.deliver_all()
    assert [item["call_id"] for item in stack.items()] == ["C-GOOD"]
    before = every_version(stack)
    emitted()

    report = reconciliation.lambda_handler(SCHEDULED_EVENT, LambdaContext())

    # The audit trail: one entry, under the bucket, naming the version and the finding, not the key.
    [entry] = audit_entries(stack)
    assert entry["target"] == f"bucket#{stack.bucket}"
    assert entry["action"] == "object-outside-contract-reported"
    assert entry["who"] == "system:reconciliation"
    assert entry["details"]["version_id"] == version_id
    assert finding in entry["details"]["findings"]
    assert PHONE_NUMBER not in json.dumps(entry, default=str)
    # The DPO's alert names the version and the finding, never the key (issue 14: it may carry a number).
    [alert] = stack.alerts()
    assert alert["Subject"] == "Call recordings: objects outside the upload contract"
    assert version_id in alert["Message"] and PHONE_NUMBER not in alert["Message"]
    assert json.dumps(key) not in alert["Message"]  # as it was shown before
    assert finding in alert["Message"]
    # The report counts it and names its version (never its key).
    assert report["outside_contract"] == 1
    assert report["outside_contract_reported"] == [version_id]
    assert report["outside_contract_findings"][finding] == 1
    assert report["reingested"] == 0  # it is not a recording: nothing is sent to ingest
    assert report["dpo_notified"] is True
    # The metric the alarm watches, and logs that do not give the key away.
    printed = emitted()
    assert printed.metrics["ObjectsOutsideContract"] == 1
    assert PHONE_NUMBER not in json.dumps(printed.logs)
    # Nothing was deleted, hidden or registered.
    assert every_version(stack) == before
    assert [item["call_id"] for item in stack.items()] == ["C-GOOD"]

    again = reconciliation.lambda_handler(SCHEDULED_EVENT, LambdaContext())

    # Reported once; still counted (so the alarm stays on) until the DPO has dealt with it.
    assert again["outside_contract"] == 1 and again["outside_contract_reported"] == []
    assert emitted().metrics["ObjectsOutsideContract"] == 1
    assert stack.alerts() == []
    assert len(audit_entries(stack)) == 1
    assert every_version(stack) == before


def test_the_uploader_role_may_write_only_new_objects_under_recordings(deployment):
    """moto does not enforce IAM: asserted on the synthesized role policy. Every statement that lets the
    uploader touch the bucket is an ``s3:PutObject`` on ``recordings/*``; a put that creates an object
    (PutObject, CompleteMultipartUpload) must carry ``If-None-Match``, as the bucket policy requires, and
    only the multipart steps that create no object (CreateMultipartUpload, UploadPart) go without it.
    What a wider principal writes elsewhere is caught by the reconciliation (the test above)."""
    template = json.loads(deployment.template_path.read_text())
    resources = template["Resources"]
    [role_id] = [
        name
        for name, resource in resources.items()
        if resource["Type"] == "AWS::IAM::Role"
        and resource["Properties"].get("RoleName") == "CallRecordingsTelephonyUploader"
    ]
    [policy] = [
        resource["Properties"]["PolicyDocument"]["Statement"]
        for resource in resources.values()
        if resource["Type"] == "AWS::IAM::Policy" and {"Ref": role_id} in resource["Properties"]["Roles"]
    ]
    on_the_bucket = [statement for statement in policy if str(statement["Action"]).startswith("s3:")]
    assert on_the_bucket, policy
    for statement in on_the_bucket:
        assert statement["Effect"] == "Allow" and statement["Action"] == "s3:PutObject"
        resource = json.dumps(statement["Resource"])
        assert resource.endswith('"/recordings/*"]]}'), resource
    conditions = sorted(json.dumps(statement.get("Condition")) for statement in on_the_bucket)
    assert conditions == sorted(
        [
            json.dumps({"Null": {"s3:if-none-match": "false"}}),
            json.dumps({"Bool": {"s3:ObjectCreationOperation": "false"}}),
        ]
    )
