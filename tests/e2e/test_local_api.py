"""Issue 4's promise, through the local DPO API over HTTP, signed as the README shows:
a hold by subject covers exactly that subject's recordings, survives an attempt to delete each
held version, and its release restores standard retention only where no other hold remains;
the audit trail shows every step with the principal."""

import importlib.util
import json
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from call_recordings.core.tables import CALL_IDS, VERSIONS_LISTED
from infra.local.api_gateway import LOCAL_DPO_PRINCIPAL, api_request
from infra.local.sigv4 import signed_headers
from infra.local.stack import start_local_stack
from tests.e2e.conftest import free_port
from tests.infra.test_dpo_api_and_holds import CASEWORK_HANDLER, SERVED_BY

ROOT = Path(__file__).parent.parent.parent
_spec = importlib.util.spec_from_file_location("dpo_api_client", ROOT / "docs" / "dpo_api_client.py")
dpo_api_client = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dpo_api_client)

ALICE, BOB = "01632 960001", "01632 960002"  # Ofcom drama numbers


@pytest.fixture
def local(template_path, tmp_path):
    running = start_local_stack(free_port(), template_path, handler_log=tmp_path / "handlers.log")
    api_url = running.serve_api(free_port())
    yield running, api_url
    running.stop()


def upload(running, call_id: str, caller: str, days_ago: int) -> str:
    recorded = datetime.now(UTC) - timedelta(days=days_ago)
    return running.session.client("s3").put_object(
        Bucket=running.bucket,
        Key=f"recordings/e2e/{call_id}.wav",
        Body=b"RIFF....WAVE",
        Metadata={
            "call-id": call_id,
            "recorded-at": recorded.isoformat(),
            "caller-number": caller,
            "source": "data-subject",
            "purpose": "complaints-disputes",
        },
    )["VersionId"]


def state(running, call_id: str, version: str) -> tuple[str, str]:
    """(Object Lock legal hold status, retention tag) of one version."""
    s3 = running.session.client("s3")
    key = f"recordings/e2e/{call_id}.wav"
    lock = s3.head_object(Bucket=running.bucket, Key=key, VersionId=version).get(
        "ObjectLockLegalHoldStatus", "OFF"
    )
    tags = {
        t["Key"]: t["Value"]
        for t in s3.get_object_tagging(Bucket=running.bucket, Key=key, VersionId=version)["TagSet"]
    }
    return lock, tags["retention"]


def test_a_hold_by_subject_protects_exactly_that_subject_until_its_last_hold_is_released(local):
    running, api_url = local

    def api(method, path, body=None):
        return dpo_api_client.call_dpo_api(api_url, method, path, body)

    versions = {
        "A-1": upload(running, "A-1", ALICE, 3),
        "A-2": upload(running, "A-2", ALICE, 10),
        "B-1": upload(running, "B-1", BOB, 3),
    }
    running.deliver()

    status, claim = api(
        "POST",
        "/holds",
        {
            "reason": "legal-claim",
            "case_reference": "CLAIM-77",
            "subject": {"caller_number": "+441632960001"},
        },
    )
    assert status == 201, claim
    assert {r["call_id"] for r in claim["recordings"]} == {"A-1", "A-2"}
    assert claim["placed_by"] == LOCAL_DPO_PRINCIPAL
    assert state(running, "A-1", versions["A-1"]) == ("ON", "hold")
    assert state(running, "A-2", versions["A-2"]) == ("ON", "hold")
    assert state(running, "B-1", versions["B-1"]) == ("OFF", "standard")

    s3 = running.session.client("s3")
    for call_id in ("A-1", "A-2"):
        with pytest.raises(ClientError) as refused:
            s3.delete_object(
                Bucket=running.bucket, Key=f"recordings/e2e/{call_id}.wav", VersionId=versions[call_id]
            )
        assert refused.value.response["Error"]["Code"] == "AccessDenied"

    # A hold by call id reads the versions listed under it: ingest listed each version on its call id's
    # claim, and provisioning, as a new deployment's upgrade step, said the lists are complete.
    dynamodb = running.session.client("dynamodb")
    call_ids = running.local.function(CASEWORK_HANDLER).environment["CALL_IDS_TABLE"]
    assert "Item" in dynamodb.get_item(TableName=call_ids, Key=CALL_IDS.key(VERSIONS_LISTED))
    claim_a2 = dynamodb.get_item(TableName=call_ids, Key=CALL_IDS.key("A-2"))["Item"]
    assert claim_a2["versions"] == {"SS": [versions["A-2"]]}
    status, threat = api(
        "POST", "/holds", {"reason": "threat", "case_reference": "SAFETY-3", "call_ids": ["A-2"]}
    )
    assert status == 201, threat
    assert [r["version_id"] for r in threat["recordings"]] == [versions["A-2"]]

    status, released = api("POST", f"/holds/{claim['hold_id']}/release", {"note": "claim withdrawn"})
    assert status == 200, released
    running.deliver()
    assert state(running, "A-1", versions["A-1"]) == ("OFF", "standard")
    assert state(running, "A-2", versions["A-2"]) == ("ON", "hold")  # still under the threat hold

    status, recording = api("GET", "/recordings/A-2")
    assert status == 200
    [version] = recording["versions"]
    assert [h["hold_id"] for h in version["holds"]] == [threat["hold_id"]]

    status, trail = api("GET", f"/audit?target={quote('hold#' + claim['hold_id'])}")
    assert status == 200
    entries = trail["entries"]
    assert entries, trail
    assert {(e["action"], e["who"]) for e in entries} == {
        ("hold-placed", LOCAL_DPO_PRINCIPAL),
        ("hold-release-requested", LOCAL_DPO_PRINCIPAL),
        ("recordings-held", "system:hold-worker"),
        ("hold-active", "system:hold-worker"),
        ("recordings-released", "system:hold-worker"),
        ("hold-released", "system:hold-worker"),
    }
    assert "01632" not in str(trail) and "1632960001" not in str(trail)


def test_the_local_api_sends_each_route_to_the_function_the_template_names(local):
    running, api_url = local
    handler_of = {function.logical_id: function.handler for function in running.local.functions.values()}
    assert {
        (method.http_method, method.resource_path): handler_of[method.function_id]
        for method in running.local.api_methods
    } == SERVED_BY

    function, event = api_request(running.local, "POST", "/holds/H-1/release?x=1", {}, b"{}")
    assert function.handler == CASEWORK_HANDLER
    assert (event["resource"], event["requestContext"]["resourcePath"]) == ("/holds/{hold_id}/release",) * 2
    assert event["pathParameters"] == {"hold_id": "H-1"}
    assert (event["path"], event["queryStringParameters"]) == ("/holds/H-1/release", {"x": "1"})
    assert api_request(running.local, "DELETE", "/holds", {}, None) is None

    # Over HTTP: a route the API does not have is refused as API Gateway refuses it, reaching no function.
    assert dpo_api_client.call_dpo_api(api_url, "DELETE", "/holds") == (
        403,
        {"message": "Missing Authentication Token"},
    )
    status, hold = dpo_api_client.call_dpo_api(api_url, "GET", "/holds/H-20261128-5BB2F8F6FE")
    assert (status, hold["error"]["code"]) == (404, "hold-not-found")


def _raw(api_url: str, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None):
    """An HTTP request as any client could make it: (status, headers, body)."""
    request = urllib.request.Request(api_url + path, data=body, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310 - the local API on 127.0.0.1
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _signed(method: str, url: str, body: bytes, credentials: Credentials) -> dict[str, str]:
    """The headers of a JSON request signed for the local API (as botocore signs, infra/local/sigv4.py)."""
    return signed_headers(
        method, url, body, credentials, region="eu-west-2", headers={"Content-Type": "application/json"}
    )


def test_an_unsigned_or_wrongly_signed_request_gets_api_gateways_403_and_reaches_no_function(local):
    running, api_url = local
    before = running.registry_items(), len(running.alerts_received())

    status, headers, body = _raw(api_url, "GET", "/holds")
    assert (status, headers["x-amzn-ErrorType"]) == (403, "MissingAuthenticationTokenException")
    assert json.loads(body) == {"message": "Missing Authentication Token"}

    payload = json.dumps({"reason": "threat", "case_reference": "T-1", "call_ids": ["C-1"]}).encode()
    wrong_secret = Credentials("local", "not-the-local-secret")
    wrongly_signed = _signed("POST", api_url + "/holds", payload, wrong_secret)
    status, headers, body = _raw(api_url, "POST", "/holds", body=payload, headers=wrongly_signed)
    assert (status, headers["x-amzn-ErrorType"]) == (403, "InvalidSignatureException")
    assert json.loads(body)["message"].startswith("The request signature we calculated does not match")

    assert (running.registry_items(), len(running.alerts_received())) == before
    assert dpo_api_client.call_dpo_api(api_url, "GET", "/holds")[0] == 200  # signed as the README shows


@pytest.mark.parametrize("method", ["OPTIONS", "TRACE", "HEAD"])
def test_every_method_gets_api_gateways_answer_not_the_stand_ins(local, method):
    _, api_url = local
    status, headers, _ = _raw(api_url, method, "/holds")
    assert (status, headers["x-amzn-ErrorType"]) == (403, "MissingAuthenticationTokenException")


def test_a_body_that_is_not_utf8_gets_a_400_not_a_dropped_connection(local):
    _, api_url = local
    payload = b'{"reason": "threat", "note": "\xff\xfe"}'
    signed = _signed("POST", api_url + "/holds", payload, Credentials("local", "local"))
    status, _, body = _raw(api_url, "POST", "/holds", body=payload, headers=signed)
    assert status == 400
    assert json.loads(body)["error"]["code"] == "malformed-json"
