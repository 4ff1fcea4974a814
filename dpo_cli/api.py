"""The one way `dpo` reaches the DPO API: each request signed with SigV4 by botocore, sent by urllib.

The API is IAM-authorized (AWS_IAM on every method), so a request is signed for `execute-api` in
the stack's region with the DPO's own AWS credentials, found where every AWS tool finds them (a
profile, the environment, SSO, an instance role). Where the API is found, in order: `--api-url`,
`DPO_API_URL` (the stack output `DpoApiUrl`), then the local stack's `.local/stack.json` that
`make serve` writes (in the current folder or the checkout); the local stack accepts only its own
credentials (local/local, the local DPO), so those are used for it. Every failure a person can fix
(no credentials, no API, the API's refusal) is an `ApiError` or a `SetupError` saying what to do,
never a traceback.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import BotoCoreError

SERVICE = "execute-api"
DEFAULT_REGION = "eu-west-2"
# The local stack's own credentials (infra/local/stack.py): the only key its API accepts.
LOCAL_CREDENTIALS = Credentials("local", "local")
TIMEOUT_SECONDS = 60


class SetupError(Exception):
    """`dpo` cannot call the API: no address, no credentials, the API unreachable. Says what to do."""


@dataclass(frozen=True)
class Operation:
    """One operation of the API, as docs/openapi.json names it: a method and a path template."""

    method: str
    path: str  # e.g. /holds/{hold_id}

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    def url_path(self, parameters: Mapping[str, str]) -> str:
        """The path with each parameter percent-encoded as one segment (a `/` or `#` cannot escape it)."""
        return self.path.format_map({name: quote(str(value), safe="") for name, value in parameters.items()})


@dataclass(frozen=True)
class Answer:
    """The API's answer: status, headers and the body as sent."""

    status: int
    headers: Mapping[str, str]
    text: str

    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


@dataclass
class ApiError(Exception):
    """The API refused or failed a request: its status and its own error, shown as it gave them."""

    status: int
    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)
    text: str = ""

    @classmethod
    def from_answer(cls, answer: Answer) -> ApiError:
        try:
            body = answer.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            error = dict(body["error"])  # the DPO API's own: {"error": {"code", "message", ...}}
            return cls(
                answer.status, str(error.pop("code", "")), str(error.pop("message", "")), error, answer.text
            )
        if isinstance(body, dict) and "message" in body:  # API Gateway's own: signature, no route
            kind = answer.headers.get("x-amzn-ErrorType") or answer.headers.get("x-amzn-errortype") or ""
            return cls(answer.status, kind.split(":")[0], str(body["message"]), {}, answer.text)
        return cls(answer.status, "", answer.text.strip()[:500] or "no answer", {}, answer.text)


@dataclass
class Api:
    """The DPO API at `base_url`, signed with `credentials` for `region`."""

    base_url: str
    credentials: Credentials
    region: str = DEFAULT_REGION

    def call(
        self,
        operation: Operation,
        parameters: Mapping[str, str] | None = None,
        *,
        query: Mapping[str, Any] | None = None,
        body: Any = None,
        accept: str = "application/json",
    ) -> Answer:
        """One signed request; the answer when it is 2xx, else ApiError with the API's own error."""
        url = self.base_url + operation.url_path(parameters or {})
        given = {name: _query_value(value) for name, value in (query or {}).items() if value is not None}
        if given:
            url += "?" + urlencode(given, quote_via=quote, safe="")  # `#` as %23, space as %20
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Accept": accept}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = AWSRequest(method=operation.method, url=url, data=data, headers=headers)
        SigV4Auth(self.credentials, SERVICE, self.region).add_auth(request)
        prepared = request.prepare()
        outgoing = urllib.request.Request(  # noqa: S310 - https, or the local stack (connect checks)
            prepared.url, data=prepared.body, headers=dict(prepared.headers), method=operation.method
        )
        answer = _send(outgoing, self.base_url)
        if answer.status >= 400:
            raise ApiError.from_answer(answer)
        return answer


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _send(request: urllib.request.Request, base_url: str) -> Answer:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return Answer(response.status, dict(response.headers.items()), response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers.items()), error.read().decode(errors="replace"))
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise SetupError(
            f"Cannot reach the DPO API at {base_url} ({reason}). Check the address (--api-url or "
            "DPO_API_URL); for the local stack, is `make serve` running?"
        ) from None


# The checkout dpo was installed from (`pip install -e`), whose `make serve` writes .local/ here.
CHECKOUT = Path(__file__).resolve().parents[1]


def stack_file(environ: Mapping[str, str] = os.environ) -> Path:
    """Where `make serve` describes the local stack: `$LOCAL_STATE_DIR/stack.json`, else `.local/` in
    the current folder, else in the checkout dpo runs from."""
    if environ.get("LOCAL_STATE_DIR"):
        return Path(environ["LOCAL_STATE_DIR"]) / "stack.json"
    here = Path(".local") / "stack.json"
    return here if here.is_file() else CHECKOUT / ".local" / "stack.json"


def local_stack(environ: Mapping[str, str] = os.environ) -> dict[str, str] | None:
    """The running local stack's description, or None when there is none."""
    try:
        description = json.loads(stack_file(environ).read_text())
    except (OSError, ValueError):
        return None
    return description if isinstance(description, dict) and description.get("api_url") else None


def connect(
    api_url: str | None,
    *,
    profile: str | None = None,
    region: str = DEFAULT_REGION,
    environ: Mapping[str, str] = os.environ,
) -> Api:
    """The API to call and the credentials to sign with, from the options, the environment or the
    local stack; SetupError naming what to do when one is missing."""
    local = local_stack(environ)
    url = api_url or environ.get("DPO_API_URL") or (local or {}).get("api_url")
    if not url:
        raise SetupError(
            "No DPO API address. Pass --api-url or set DPO_API_URL to the stack output DpoApiUrl "
            f"(https://<api-id>.execute-api.{DEFAULT_REGION}.amazonaws.com/v1), or run `make serve` "
            f"for the local stack (it writes {stack_file(environ)})."
        )
    url = url.rstrip("/")
    scheme_and_host = urlsplit(url)
    if scheme_and_host.scheme != "https" and scheme_and_host.hostname not in ("127.0.0.1", "localhost"):
        raise SetupError(f"{url}: the DPO API is https (or the local stack's http://127.0.0.1).")
    if local is not None and url == local["api_url"].rstrip("/"):
        return Api(url, LOCAL_CREDENTIALS, local.get("region") or region)
    return Api(url, aws_credentials(profile), region)


def aws_credentials(profile: str | None) -> Credentials:
    """The DPO's credentials from the usual chain (profile, environment, SSO, role)."""
    try:
        credentials = botocore.session.Session(profile=profile).get_credentials()
    except BotoCoreError as error:  # an unknown profile, an expired SSO sign-in, a broken config
        raise SetupError(f"{error}. Sign in again (e.g. `aws sso login --profile <profile>`).") from None
    if credentials is None:
        raise SetupError(
            "No AWS credentials found. Sign in as the DPO (a profile that assumes the stack's DpoRole: "
            "`aws sso login --profile dpo`, then --profile dpo or AWS_PROFILE=dpo)."
        )
    return credentials


def download(url: str, target: Path, progress: Any = None) -> int:
    """Fetch a presigned link into `target` (written whole or not at all); the bytes written.
    `progress(advance)` is called as the bytes arrive."""
    if urlsplit(url).scheme not in ("https", "http"):
        raise SetupError(f"Not a download link: {url[:60]}")
    partial = target.with_name(f".{target.name}.partial")
    written = 0
    try:
        with (
            urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response,  # noqa: S310 - checked above
            partial.open("wb") as out,
        ):
            while chunk := response.read(1 << 16):
                out.write(chunk)
                written += len(chunk)
                if progress is not None:
                    progress(len(chunk))
    except urllib.error.HTTPError as error:
        partial.unlink(missing_ok=True)
        raise SetupError(
            f"The link for {target.name} answered {error.code}: links expire; export again for new ones."
        ) from None
    except (urllib.error.URLError, OSError) as error:
        partial.unlink(missing_ok=True)
        raise SetupError(f"Could not download {target.name}: {getattr(error, 'reason', error)}") from None
    partial.replace(target)
    return written
