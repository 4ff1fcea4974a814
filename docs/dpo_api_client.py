"""Call the DPO API with the DPO's AWS credentials: SigV4 signing by botocore, nothing else needed.

    python docs/dpo_api_client.py https://<api-id>.execute-api.eu-west-2.amazonaws.com/v1 GET /holds

Credentials come from the usual places (environment, profile, SSO): assume the stack's
DpoRole first. The same function works against the local API of `make serve`.
"""

import json
import sys
import urllib.error
import urllib.request

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest


def call_dpo_api(
    api_url: str, method: str, path: str, body: dict | None = None, *, region: str = "eu-west-2"
):
    """One signed request; returns (HTTP status, JSON body)."""
    if not api_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ValueError(f"{api_url!r}: the DPO API is https (or the local API of `make serve`)")
    data = json.dumps(body).encode() if body is not None else None
    request = AWSRequest(
        method=method, url=api_url.rstrip("/") + path, data=data, headers={"Content-Type": "application/json"}
    )
    SigV4Auth(boto3.Session().get_credentials(), "execute-api", region).add_auth(request)
    prepared = request.prepare()
    outgoing = urllib.request.Request(  # noqa: S310 - scheme checked above
        prepared.url, data=prepared.body, headers=dict(prepared.headers), method=method
    )
    try:
        with urllib.request.urlopen(outgoing) as response:  # noqa: S310 - scheme checked above
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


if __name__ == "__main__":
    url, verb, route, *payload = sys.argv[1:]
    status, answer = call_dpo_api(url, verb, route, json.loads(payload[0]) if payload else None)
    print(status)
    print(json.dumps(answer, indent=2))
