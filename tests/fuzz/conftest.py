"""The local stack for fuzzing: started once per module, its DPO API served over HTTP, signed
requests made through a `requests` session (schemathesis sends them)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
import requests

from infra.local.sigv4 import signed_headers
from infra.local.stack import start_local_stack
from tests.e2e.conftest import free_port

SAMPLE_CALLER = "01632 960001"
SIGNED = ("content-type",)  # of the headers schemathesis sets, those signed (as docs/dpo_api_client.py)


class SignedWithLocalCredentials(requests.auth.AuthBase):
    """Signs each request as botocore signs for the DPO (docs/dpo_api_client.py), after schemathesis
    has serialized it, so that the signature covers exactly what is sent."""

    def __init__(self, credentials, region: str) -> None:
        self._credentials = credentials
        self._region = region

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body.encode() if isinstance(request.body, str) else request.body
        signed = signed_headers(
            request.method,
            request.url,
            body,
            self._credentials,
            region=self._region,
            headers={name: value for name, value in request.headers.items() if name.lower() in SIGNED},
        )
        request.headers.update({name: signed[name] for name in ("Authorization", "X-Amz-Date")})
        return request


# Every answer the fuzzing got, by status (the summary at the end of the run; `make fuzz` quotes it).
STATUSES: Counter[int] = Counter()


class CountingSession(requests.Session):
    """Counts the answers by status."""

    def send(self, request, **kwargs):
        response = super().send(request, **kwargs)
        STATUSES[response.status_code] += 1
        return response


def pytest_terminal_summary(terminalreporter) -> None:
    if not STATUSES:
        return
    server_errors = sum(count for status, count in STATUSES.items() if status >= 500)
    terminalreporter.section("DPO API fuzzing")
    terminalreporter.write_line(
        f"{sum(STATUSES.values())} requests; {server_errors} server errors; by status: "
        + ", ".join(f"{status} x{count}" for status, count in sorted(STATUSES.items()))
    )


@pytest.fixture(scope="module")
def fuzzed_api(template_path, tmp_path_factory):
    """(running stack, API URL, signed session) with a few recordings to find: one stack per module,
    stopped at its end (moto's backends are the process's, so no other stack may run beside it)."""
    running = start_local_stack(
        free_port(), template_path, handler_log=tmp_path_factory.mktemp("fuzz") / "handlers.log"
    )
    try:
        api_url = running.serve_api(free_port())
        s3 = running.session.client("s3")
        for number, days_ago in enumerate((3, 10, 40), start=1):
            s3.put_object(
                Bucket=running.bucket,
                Key=f"recordings/fuzz/C-{number}.wav",
                Body=b"RIFF....WAVE",
                IfNoneMatch="*",
                Metadata={
                    "call-id": f"C-{number}",
                    "recorded-at": (running.daily_moment() - timedelta(days=days_ago)).isoformat(),
                    "caller-number": SAMPLE_CALLER,
                    "source": "data-subject",
                    "purpose": "complaints-disputes",
                },
            )
        running.deliver()
        session = CountingSession()
        session.auth = SignedWithLocalCredentials(running.session.get_credentials(), running.region)
        yield running, api_url, session
    finally:
        running.stop()
