"""A stand-in for API Gateway on localhost: each HTTP request goes to the function the synthesized
template's API sends that method and path to, as the REST proxy event that function receives in AWS,
and its proxy response becomes the HTTP response.

The routes are the template's (`LocalStack.api_methods`, from its AWS::ApiGateway::Method resources and
their integration URIs), so the local API cannot route differently from the deployed one. A method and
path the API does not have is answered as API Gateway answers it, without invoking anything.

Every method is AWS_IAM-authorized, as in the template: a request must carry a SigV4 signature that
the local stack's DPO credentials made (infra/local/sigv4.py checks it with botocore, as API Gateway
would); an unsigned or wrongly signed one gets API Gateway's 403 and reaches no function. A signed one
is made as the principal the key belongs to (the local DPO), which the function reads from the event.

The DPO's console (`make serve` serves it on an origin of its own, infra/local/console.py) calls the API
from the browser, so the API answers CORS for that origin and no other: a preflight (OPTIONS with
Access-Control-Request-Method) is answered without authorization and invokes nothing, as API Gateway's
CORS preflight does, and every answer to the console's origin says it may read it.
"""

from __future__ import annotations

import base64
import json
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from infra.local.provision import ACCOUNT, LocalApiMethod, LocalFunction, LocalStack
from infra.local.runner import invoke as run_in_process
from infra.local.sigv4 import LocalPrincipal, Refusal, check_signature

LOCAL_DPO_PRINCIPAL = f"arn:aws:sts::{ACCOUNT}:assumed-role/DataProtectionOfficer/local-dpo"
STAGE = "v1"
MAX_BODY = 10 * 1024 * 1024  # API Gateway's own payload limit
# What API Gateway answers, with AWS_IAM authorization, for a method and path its API does not have.
NO_SUCH_ROUTE = {
    "statusCode": 403,
    "headers": {
        "Content-Type": "application/json",
        "x-amzn-ErrorType": "MissingAuthenticationTokenException",
    },
    "body": json.dumps({"message": "Missing Authentication Token"}),
}
# The local stand-in's answer to a body that is not UTF-8 text, which it cannot put in the event as
# text: the DPO API's own answer to a body that is not JSON (JSON is UTF-8, RFC 8259 section 8.1).
NOT_UTF8 = {
    "statusCode": 400,
    "headers": {"Content-Type": "application/json"},
    "body": json.dumps(
        {
            "error": {
                "code": "malformed-json",
                "message": "the request body is not valid JSON (not UTF-8 text)",
            }
        }
    ),
}


def matching_method(
    methods: list[LocalApiMethod], http_method: str, path: str
) -> tuple[LocalApiMethod, dict[str, str]] | None:
    """The API method that serves `http_method` on `path`, and the path parameters it takes from it.

    As API Gateway matches: segment by segment, `{name}` standing for one segment and `{name+}` for
    the rest; a literal segment wins over a parameter, and a method over ANY."""
    segments = path.strip("/").split("/") if path.strip("/") else []
    found = []
    for method in methods:
        if method.http_method not in (http_method, "ANY"):
            continue
        parameters = _parameters(method.resource_path, segments)
        if parameters is not None:
            literal = sum(1 for part in method.resource_path.split("/") if part and not part.startswith("{"))
            found.append(((literal, method.http_method != "ANY"), method, parameters))
    if not found:
        return None
    _, method, parameters = max(found, key=lambda each: each[0])
    return method, parameters


def _parameters(resource_path: str, segments: list[str]) -> dict[str, str] | None:
    parts = [part for part in resource_path.split("/") if part]
    parameters: dict[str, str] = {}
    for position, part in enumerate(parts):
        if part.startswith("{") and part.endswith("+}"):
            rest = segments[position:]
            if not rest:
                return None
            parameters[part[1:-2]] = "/".join(rest)
            return parameters
        if position >= len(segments):
            return None
        if part.startswith("{") and part.endswith("}"):
            parameters[part[1:-1]] = segments[position]
        elif part != segments[position]:
            return None
    return parameters if len(parts) == len(segments) else None


def proxy_event(
    method: str,
    raw_path: str,
    headers: dict[str, str],
    body: bytes | None,
    *,
    resource: str,
    path_parameters: dict[str, str] | None,
    principal: str = LOCAL_DPO_PRINCIPAL,
) -> dict:
    """The API Gateway REST proxy event for one request to `resource` on stage v1."""
    url = urlsplit(raw_path)
    query = parse_qs(url.query, keep_blank_values=True)
    now = datetime.now(UTC)
    return {
        "resource": resource,
        "path": url.path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": "local",
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/{STAGE}{url.path}",
            "stage": STAGE,
            "requestId": str(uuid.uuid4()),
            "requestTimeEpoch": int(now.timestamp() * 1000),
            "identity": {
                "userArn": principal,
                "caller": principal,
                "sourceIp": "127.0.0.1",
                "accountId": ACCOUNT,
            },
        },
        "body": body.decode() if body else None,
        "isBase64Encoded": False,
    }


def api_request(
    stack: LocalStack,
    method: str,
    raw_path: str,
    headers: dict[str, str],
    body: bytes | None,
    *,
    principal: str = LOCAL_DPO_PRINCIPAL,
) -> tuple[LocalFunction, dict] | None:
    """The function the template's API invokes for this request, and the event it sends it, made as
    `principal`; None when the API has no such method and path."""
    matched = matching_method(stack.api_methods, method, urlsplit(raw_path).path)
    if matched is None:
        return None
    api_method, parameters = matched
    event = proxy_event(
        method,
        raw_path,
        headers,
        body,
        resource=api_method.resource_path,
        path_parameters=parameters,
        principal=principal,
    )
    return stack.functions[api_method.function_id], event


def gateway_request(
    stack: LocalStack,
    method: str,
    raw_path: str,
    headers: dict[str, str],
    body: bytes | None,
    *,
    principals: dict[str, LocalPrincipal],
) -> tuple[LocalFunction, dict] | dict:
    """What API Gateway does before invoking: the route (403 without one), the SigV4 signature (403
    with API Gateway's reason), the body as text (400); the function and its event, or the answer."""
    if matching_method(stack.api_methods, method, urlsplit(raw_path).path) is None:
        return NO_SUCH_ROUTE
    host = next((value for name, value in headers.items() if name.lower() == "host"), "localhost")
    checked = check_signature(
        method,
        f"http://{host}{raw_path}",
        headers,
        body,
        principals=principals,
        region=stack.region,
        now=datetime.now(UTC),
    )
    if isinstance(checked, Refusal):
        return checked.response()
    try:
        (body or b"").decode()
    except UnicodeDecodeError:
        return NOT_UTF8
    request = api_request(stack, method, raw_path, headers, body, principal=checked.arn)
    assert request is not None  # matched above
    return request


# What a signed call from the console sends beyond the simple headers (aws4fetch's SigV4 headers).
CORS_REQUEST_HEADERS = (
    "authorization, content-type, accept, x-amz-date, x-amz-security-token, x-amz-content-sha256"
)
CORS_MAX_AGE_SECONDS = 600


def cors_headers(origin: str | None, allowed: frozenset[str]) -> dict[str, str]:
    """The headers that let a page of `origin` read the answer: none for an origin not allowed."""
    if not origin or origin not in allowed:
        return {}
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Expose-Headers": "Location",
        "Vary": "Origin",
    }


def preflight(origin: str | None, allowed: frozenset[str]) -> dict | None:
    """The answer to a CORS preflight from an allowed origin; None for any other OPTIONS request."""
    headers = cors_headers(origin, allowed)
    if not headers:
        return None
    return {
        "statusCode": 204,
        "headers": {
            **headers,
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": CORS_REQUEST_HEADERS,
            "Access-Control-Max-Age": str(CORS_MAX_AGE_SECONDS),
        },
        "body": "",
    }


def response_headers(response: dict) -> dict[str, str]:
    """A proxy response's headers as API Gateway sends them: `headers` and `multiValueHeaders` merged
    (Powertools answers REST API events with `multiValueHeaders`), several values of one joined."""
    headers = {name: str(value) for name, value in (response.get("headers") or {}).items()}
    for name, values in (response.get("multiValueHeaders") or {}).items():
        headers[name] = ", ".join(str(value) for value in values)
    return headers


class LocalApiGateway:
    """Serves the template's DPO API on 127.0.0.1:port until `stop()`."""

    def __init__(
        self,
        stack: LocalStack,
        port: int,
        *,
        principals: dict[str, LocalPrincipal],
        invoke: Callable[[LocalFunction, dict], Any] | None = None,
        cors_origins: frozenset[str] = frozenset(),
    ) -> None:
        gateway = self
        self._principals = principals
        self.cors_origins = cors_origins
        self._invoke = invoke or (lambda function, event: run_in_process(function, event, stack.region))

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    self._reply(413, {"content-type": "application/json"}, b'{"message": "Request Too Long"}')
                    return
                body = self.rfile.read(length) if length else None
                origin = self.headers.get("Origin")
                response = None
                if self.command == "OPTIONS" and self.headers.get("Access-Control-Request-Method"):
                    response = preflight(origin, gateway.cors_origins)
                if response is None:
                    response = gateway.call(self.command, self.path, dict(self.headers.items()), body)
                payload = response.get("body") or ""
                data = base64.b64decode(payload) if response.get("isBase64Encoded") else payload.encode()
                headers = {**response_headers(response), **cors_headers(origin, gateway.cors_origins)}
                self._reply(response.get("statusCode", 502), headers, data)

            def _reply(self, status: int, headers: dict, data: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    if name.lower() != "content-length":
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def __getattr__(self, name: str):
                # Every method a client may send (http.server answers 501 to one it has no do_X for)
                # gets API Gateway's answer: the route's function, or its answer for a method the
                # template's API does not have (HEAD, OPTIONS, TRACE, or any other).
                if name.startswith("do_"):
                    return self._serve
                raise AttributeError(name)

            def log_message(self, format, *args):
                """Silent: request lines can carry identifiers; the handler logs what is safe."""

        self._stack = stack
        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def call(self, method: str, raw_path: str, headers: dict[str, str], body: bytes | None) -> dict:
        """The proxy response to one request, from the function the API sends it to, or API Gateway's
        own answer when it sends it nowhere."""
        request = gateway_request(self._stack, method, raw_path, headers, body, principals=self._principals)
        if isinstance(request, dict):
            return request
        function, event = request
        try:
            return self._invoke(function, event)
        except Exception as error:  # what API Gateway does when the integration fails
            return {
                "statusCode": 502,
                "body": json.dumps({"message": f"Internal server error: {type(error).__name__}"}),
            }

    def start(self) -> LocalApiGateway:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
