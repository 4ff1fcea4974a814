"""The DPO's console served locally by `make serve`: the static files `make console` built into
console/dist, and a `/config.json` of the local stack's own, on 127.0.0.1:$LOCAL_CONSOLE_PORT.

In AWS the console comes from a private bucket through CloudFront, with a config.json written at
deploy time that sends the DPO to Cognito to sign in. Here config.json says `"mode": "local"` and
carries the local stack's credentials (which are the local DPO's, and reach only moto on this
machine), so the console signs each API call with them as the DPO's browser would with the
credentials Cognito gave. The files are served with a Content-Security-Policy as strict as
CloudFront's: scripts, styles, fonts and images from this origin only, and connections to it and the
local API, so that a page needing an inline script or style fails here as it would in AWS.
"""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIST = ROOT / "console" / "dist"
LOCAL_PERSON = "local-dpo"


class ConsoleNotBuilt(RuntimeError):
    """console/dist has no index.html: `make console` (which `make install` runs) builds it."""


def local_config(api_url: str, region: str, access_key_id: str, secret_access_key: str) -> dict:
    """The console's config.json for the local stack (the console's contract: auth mode local). The
    local API serves the stage at its root (infra/local/api_gateway.py), so its URL has no /v1."""
    return {
        "apiUrl": api_url.rstrip("/"),
        "region": region,
        "auth": {
            "mode": "local",
            "accessKeyId": access_key_id,
            "secretAccessKey": secret_access_key,
            "sessionToken": None,
            "person": LOCAL_PERSON,
        },
    }


def security_headers(api_url: str) -> dict[str, str]:
    """What CloudFront's response-headers policy sends, with the local API as the one other origin."""
    api = urlsplit(api_url)
    return {
        "Content-Security-Policy": (
            "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; "
            f"img-src 'self' data:; connect-src 'self' {api.scheme}://{api.netloc}; manifest-src 'self'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }


class LocalConsole:
    """Serves console/dist and config.json on 127.0.0.1:port until `stop()`."""

    def __init__(self, port: int, config: dict, *, dist: Path = DEFAULT_DIST) -> None:
        if not (dist / "index.html").is_file():
            raise ConsoleNotBuilt(
                f"The console is not built in {dist}: run `make console` (make install does)."
            )
        config_body = json.dumps(config).encode()
        headers = security_headers(config["apiUrl"])

        class Handler(SimpleHTTPRequestHandler):
            def end_headers(self) -> None:
                for name, value in headers.items():
                    self.send_header(name, value)
                super().end_headers()

            def do_GET(self) -> None:
                if self.path.split("?")[0] == "/config.json":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(config_body)))
                    self.end_headers()
                    self.wfile.write(config_body)
                    return
                super().do_GET()

            def log_message(self, format, *args):
                """Silent: the console's own files say nothing about anyone."""

        Handler.extensions_map = {**Handler.extensions_map, ".js": "text/javascript"}
        self._server = ThreadingHTTPServer(("127.0.0.1", port), partial(Handler, directory=str(dist)))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> LocalConsole:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
