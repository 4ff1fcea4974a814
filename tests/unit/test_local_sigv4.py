"""The local API's SigV4 check (infra/local/sigv4.py) against requests botocore signs, as API Gateway
checks them: a good signature names its principal; anything else is API Gateway's 403, with its
reason."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from botocore.credentials import Credentials

from infra.local.sigv4 import (
    MISSING_TOKEN,
    UNKNOWN_KEY,
    WRONG_SIGNATURE,
    LocalPrincipal,
    Refusal,
    check_signature,
    signed_headers,
)

DPO = LocalPrincipal(
    arn="arn:aws:sts::123456789012:assumed-role/DataProtectionOfficer/local-dpo", secret_key="s3cret"
)
PRINCIPALS = {"AKIDLOCAL": DPO}
SIGNED_AT = datetime(2026, 12, 3, 10, 15, tzinfo=UTC)
URL = "http://127.0.0.1:4567/holds?limit=5"
BODY = b'{"reason": "legal-claim", "case_reference": "LC-1", "call_ids": ["C-1"]}'


def _signed(
    *,
    method: str = "POST",
    url: str = URL,
    body: bytes | None = BODY,
    key: str = "AKIDLOCAL",
    secret: str = DPO.secret_key,
    region: str = "eu-west-2",
) -> dict[str, str]:
    with time_machine.travel(SIGNED_AT, tick=False):
        return signed_headers(
            method,
            url,
            body,
            Credentials(key, secret),
            region=region,
            headers={"Host": "127.0.0.1:4567", "Content-Type": "application/json"},
        )


def _check(headers, *, method="POST", url=URL, body=BODY, now=SIGNED_AT + timedelta(seconds=2)):
    return check_signature(method, url, headers, body, principals=PRINCIPALS, region="eu-west-2", now=now)


def test_a_request_botocore_signed_with_the_local_key_is_made_as_its_principal():
    assert _check(_signed()) == DPO
    assert _check(_signed(method="GET", body=None), method="GET", body=None) == DPO


def test_header_names_arrive_in_any_case():
    assert _check({name.upper(): value for name, value in _signed().items()}) == DPO


def test_an_unsigned_request_is_missing_its_authentication_token():
    assert _check({"Host": "127.0.0.1:4567"}) == MISSING_TOKEN
    assert MISSING_TOKEN.response()["statusCode"] == 403


@pytest.mark.parametrize(
    "change",
    [
        {"body": b'{"reason": "threat", "case_reference": "LC-1", "call_ids": ["C-1"]}'},
        {"url": "http://127.0.0.1:4567/holds?limit=6"},
        {"method": "PUT"},
    ],
    ids=["another body", "another query", "another method"],
)
def test_a_request_changed_after_signing_does_not_match_its_signature(change):
    assert _check(_signed(), **change) == WRONG_SIGNATURE


def test_a_wrong_secret_does_not_match_and_an_unknown_key_is_not_recognised():
    assert _check(_signed(secret="guess")) == WRONG_SIGNATURE
    assert _check(_signed(key="AKIDOTHER")) == UNKNOWN_KEY


def test_a_signature_more_than_five_minutes_old_or_ahead_has_expired():
    assert _check(_signed(), now=SIGNED_AT + timedelta(minutes=4, seconds=59)) == DPO
    late = _check(_signed(), now=SIGNED_AT + timedelta(minutes=5, seconds=1))
    early = _check(_signed(), now=SIGNED_AT - timedelta(minutes=5, seconds=1))
    assert isinstance(late, Refusal) and late.message.startswith("Signature expired: 20261203T101500Z")
    assert isinstance(early, Refusal) and early.error_type == "InvalidSignatureException"


def test_a_signature_for_another_region_or_service_is_refused():
    refused = _check(_signed(region="us-east-1"))
    assert isinstance(refused, Refusal) and refused.error_type == "InvalidSignatureException"
    assert "eu-west-2/execute-api" in refused.message
    s3_style = _signed()
    s3_style["Authorization"] = s3_style["Authorization"].replace("/execute-api/", "/s3/")
    assert isinstance(_check(s3_style), Refusal)


def test_a_malformed_authorization_or_an_unsigned_host_is_an_incomplete_signature():
    headers = _signed()
    assert _check({**headers, "Authorization": "Bearer abc"}).error_type == "IncompleteSignatureException"
    unsigned_host = {**headers, "Authorization": headers["Authorization"].replace("host;", "")}
    assert _check(unsigned_host).error_type == "IncompleteSignatureException"
