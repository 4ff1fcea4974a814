"""A stand-in for API Gateway on localhost: each HTTP request becomes the REST proxy event that
the same DPO API handler receives in AWS, and its proxy response becomes the HTTP response.

Requests are not authenticated locally: every call is made as a fixed local DPO principal, as
if API Gateway had checked the caller's SigV4 signature against the DPO role.
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

from infra.local.provision import ACCOUNT, LocalFunction, LocalStack
from infra.local.runner import invoke as run_in_process

LOCAL_DPO_PRINCIPAL = f"arn:aws:sts::{ACCOUNT}:assumed-role/DataProtectionOfficer/local-dpo"
STAGE = "v1"
MAX_BODY = 10 * 1024 * 1024  # API Gateway's own payload limit


def proxy_event(method: str, raw_path: str, headers: dict[str, str], body: bytes | None) -> dict:
    """The API Gateway REST proxy event for one request, as `{proxy+}` on stage v1 delivers it."""
    url = urlsplit(raw_path)
    query = parse_qs(url.query, keep_blank_values=True)
    now = datetime.now(UTC)
    return {
        "resource": "/{proxy+}",
        "path": url.path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": {"proxy": url.path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": "local",
            "resourcePath": "/{proxy+}",
            "httpMethod": method,
            "path": f"/{STAGE}{url.path}",
            "stage": STAGE,
            "requestId": str(uuid.uuid4()),
            "requestTimeEpoch": int(now.timestamp() * 1000),
            "identity": {
                "userArn": LOCAL_DPO_PRINCIPAL,
                "caller": LOCAL_DPO_PRINCIPAL,
                "sourceIp": "127.0.0.1",
                "accountId": ACCOUNT,
            },
        },
        "body": body.decode() if body else None,
        "isBase64Encoded": False,
    }


class LocalApiGateway:
    """Serves the DPO API handler on 127.0.0.1:port until `stop()`."""

    def __init__(
        self,
        stack: LocalStack,
        function: LocalFunction,
        port: int,
        *,
        invoke: Callable[[LocalFunction, dict], Any] | None = None,
    ) -> None:
        gateway = self
        self._invoke = invoke or (lambda function, event: run_in_process(function, event, stack.region))

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    self._reply(413, {"content-type": "application/json"}, b'{"message": "Request Too Long"}')
                    return
                body = self.rfile.read(length) if length else None
                event = proxy_event(self.command, self.path, dict(self.headers.items()), body)
                response = gateway.call(event)
                payload = response.get("body") or ""
                data = base64.b64decode(payload) if response.get("isBase64Encoded") else payload.encode()
                self._reply(response.get("statusCode", 502), response.get("headers") or {}, data)

            def _reply(self, status: int, headers: dict, data: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    if name.lower() != "content-length":
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

            def log_message(self, format, *args):
                """Silent: request lines can carry identifiers; the handler logs what is safe."""

        self._stack, self._function = stack, function
        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def call(self, event: dict) -> dict:
        try:
            return self._invoke(self._function, event)
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
