"""SigV4 checked locally, as API Gateway checks it for a method with AWS_IAM authorization.

The local API stand-in (infra/local/api_gateway.py) refuses a request that is unsigned, signed for
another service or region, signed with a key the local stack does not know, signed too long ago, or
whose signature does not match, with API Gateway's own 403 answers; a request that passes is made as
the principal the key belongs to. The expected signature is botocore's (SigV4Auth, the signer every
AWS SDK for Python uses), computed over exactly the headers the caller says it signed, at the time it
says it signed: the caller's canonical request and ours must agree byte for byte, as in AWS
("Signature Version 4 signing process" and "Troubleshooting signature errors" in the IAM User Guide;
API Gateway's error types are those of "Gateway responses": MISSING_AUTHENTICATION_TOKEN,
INVALID_SIGNATURE, EXPIRED_TOKEN/UNAUTHORIZED as UnrecognizedClientException).
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SERVICE = "execute-api"
# How far a signature's time may be from the gateway's clock, either way (API Gateway: 5 minutes).
CLOCK_SKEW = timedelta(minutes=5)

_AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<key>[^/,\s]+)/(?P<date>\d{8})/(?P<region>[^/,\s]+)/"
    r"(?P<service>[^/,\s]+)/aws4_request,\s*SignedHeaders=(?P<signed>[a-z0-9;\-]+),\s*"
    r"Signature=(?P<signature>[0-9a-f]{64})$"
)


@dataclass(frozen=True)
class LocalPrincipal:
    """Who a local access key belongs to (the local stack's only key is the DPO's)."""

    arn: str
    secret_key: str


@dataclass(frozen=True)
class Refusal:
    """API Gateway's answer to a request whose signature it does not accept."""

    error_type: str
    message: str

    def response(self) -> dict:
        return {
            "statusCode": 403,
            "headers": {"Content-Type": "application/json", "x-amzn-ErrorType": self.error_type},
            "body": json.dumps({"message": self.message}),
        }


MISSING_TOKEN = Refusal("MissingAuthenticationTokenException", "Missing Authentication Token")
UNKNOWN_KEY = Refusal("UnrecognizedClientException", "The security token included in the request is invalid.")
WRONG_SIGNATURE = Refusal(
    "InvalidSignatureException",
    "The request signature we calculated does not match the signature you provided. Check your AWS "
    "Secret Access Key and signing method. Consult the service documentation for details.",
)


def _incomplete(detail: str) -> Refusal:
    return Refusal("IncompleteSignatureException", detail)


def check_signature(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | None,
    *,
    principals: Mapping[str, LocalPrincipal],
    region: str,
    now: datetime,
) -> LocalPrincipal | Refusal:
    """The principal that signed the request to `url`, or API Gateway's refusal of it."""
    lowered = {name.lower(): value for name, value in headers.items()}
    authorization = lowered.get("authorization")
    if not authorization:
        return MISSING_TOKEN
    parts = _AUTHORIZATION.match(authorization.strip())
    if parts is None:
        return _incomplete(
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters "
            "of the AWS4-HMAC-SHA256 scheme."
        )
    signed = parts["signed"].split(";")
    amz_date = lowered.get("x-amz-date", "")
    if "host" not in signed or "x-amz-date" not in signed or any(name not in lowered for name in signed):
        return _incomplete(
            "The host and x-amz-date headers, and every header named as signed, must be signed and sent."
        )
    try:
        signed_at = datetime.strptime(amz_date, SIGV4_TIMESTAMP).replace(tzinfo=UTC)
    except ValueError:
        return _incomplete(f"X-Amz-Date {amz_date!r} is not of the form YYYYMMDDTHHMMSSZ.")
    if parts["service"] != SERVICE or parts["region"] != region or parts["date"] != amz_date[:8]:
        return Refusal(
            "InvalidSignatureException",
            f"Credential should be scoped to a valid region, service and date: "
            f"{amz_date[:8]}/{region}/{SERVICE}/aws4_request.",
        )
    if abs(now - signed_at) > CLOCK_SKEW:
        return Refusal(
            "InvalidSignatureException",
            f"Signature expired: {amz_date} is now earlier than "
            f"{(now - CLOCK_SKEW).strftime(SIGV4_TIMESTAMP)} ({now.strftime(SIGV4_TIMESTAMP)} - 5 min.)"
            if signed_at < now
            else f"Signature not yet current: {amz_date} is still later than "
            f"{(now + CLOCK_SKEW).strftime(SIGV4_TIMESTAMP)} ({now.strftime(SIGV4_TIMESTAMP)} + 5 min.)",
        )
    principal = principals.get(parts["key"])
    if principal is None:
        return UNKNOWN_KEY
    expected = expected_signature(
        method,
        url,
        {name: lowered[name] for name in signed},
        body,
        Credentials(parts["key"], principal.secret_key),
        region=region,
        timestamp=amz_date,
    )
    return principal if hmac.compare_digest(expected, parts["signature"]) else WRONG_SIGNATURE


def expected_signature(
    method: str,
    url: str,
    signed_headers: Mapping[str, str],
    body: bytes | None,
    credentials: Credentials,
    *,
    region: str,
    timestamp: str,
) -> str:
    """botocore's SigV4 signature of the request over exactly `signed_headers`, at `timestamp`."""
    request = AWSRequest(method=method, url=url, data=body or b"", headers=dict(signed_headers))
    request.context["timestamp"] = timestamp
    signer = SigV4Auth(credentials, SERVICE, region)
    string_to_sign = signer.string_to_sign(request, signer.canonical_request(request))
    return signer.signature(string_to_sign, request)


def signed_headers(
    method: str,
    url: str,
    body: bytes | None,
    credentials: Credentials,
    *,
    region: str,
    headers: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The headers of the request signed as an SDK signs it (botocore's SigV4Auth), for callers in
    this process (the demo) that go through the same check as a request over HTTP."""
    request = AWSRequest(method=method, url=url, data=body or b"", headers=dict(headers or {}))
    SigV4Auth(credentials, SERVICE, region).add_auth(request)
    return dict(request.headers.items())
