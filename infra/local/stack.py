"""Start the local stack: moto in server mode on localhost, provisioned from the synthesized template.

Every boto3 client of this process, the in-process handlers' included, is pointed at the local
moto server through the environment (`AWS_ENDPOINT_URL`, dummy credentials, London region), so
nothing can reach a real AWS account. `RunningStack.stop()` stops moto and puts the environment
back as it was.
"""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import sys
import textwrap
import threading
import traceback
import urllib.request
import uuid
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, TextIO

import boto3
from moto.server import ThreadedMotoServer

from call_recordings.core.retention import LONDON
from infra.config import DEFAULT_REGION, STACK_ID
from infra.local.api_gateway import LOCAL_DPO_PRINCIPAL, LocalApiGateway, gateway_request
from infra.local.console import ConsoleNotBuilt, LocalConsole, local_config
from infra.local.lifecycle import LifecycleReport, apply_lifecycle
from infra.local.moto_adjustments import adjust_moto
from infra.local.provision import (
    ACCOUNT,
    LocalFunction,
    LocalSchedule,
    LocalStack,
    provision,
    recordings_bucket_id,
)
from infra.local.runner import (
    DeliveryReport,
    deliver_queued,
    deliver_streams,
    emulate_lambda_invoke,
    invoke,
    start_new_containers,
)
from infra.local.sigv4 import LocalPrincipal, signed_headers
from infra.local.streams import StreamDeliveryReport, StreamPositions

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
DEFAULT_AWS_PORT = 4566
DEFAULT_API_PORT = 4567
DEFAULT_CONSOLE_PORT = 4568
DEFAULT_TEMPLATE = ROOT / "cdk.out" / f"{STACK_ID}.template.json"
DEFAULT_STATE_DIR = ROOT / ".local"
INGEST_HANDLER = "call_recordings.ingest.handler.lambda_handler"
ARCHIVER_HANDLER = "call_recordings.audit_archive.archiver_handler.lambda_handler"
_START_TIMEOUT_SECONDS = 15

# What the local stack sets in the environment; anything else that could send a client
# elsewhere (a profile, a service-specific endpoint) is removed while it runs.
_LOCAL_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",  # moto accepts any credentials
    "AWS_DEFAULT_REGION": DEFAULT_REGION,
    "AWS_REGION": DEFAULT_REGION,
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
# The one key the local API accepts: the local stack's own credentials, which are the DPO's.
LOCAL_PRINCIPALS = {
    _LOCAL_CREDENTIALS["AWS_ACCESS_KEY_ID"]: LocalPrincipal(
        arn=LOCAL_DPO_PRINCIPAL, secret_key=_LOCAL_CREDENTIALS["AWS_SECRET_ACCESS_KEY"]
    )
}
_REMOVED = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


class LocalStackError(RuntimeError):
    """The local stack cannot start, said so that a developer knows what to do."""


@dataclass(frozen=True)
class LocalSettings:
    """The local run's settings, from the environment, read once by each entry point."""

    aws_port: int = DEFAULT_AWS_PORT
    api_port: int = DEFAULT_API_PORT  # the DPO API, served by the local API Gateway stand-in
    console_port: int = DEFAULT_CONSOLE_PORT  # the DPO's console (make serve)
    state_dir: Path = DEFAULT_STATE_DIR
    template_path: Path = DEFAULT_TEMPLATE
    as_of: date | None = None  # the day the daily jobs (sweeper, reminders, reconciliation) take as today
    samples: bool = False  # make serve uploads the demo's made-up recordings, to try the console with

    @classmethod
    def from_environ(
        cls, environ: Mapping[str, str] = os.environ, *, today: date | None = None
    ) -> LocalSettings:
        """`LOCAL_AWS_PORT`, `LOCAL_API_PORT`, `LOCAL_CONSOLE_PORT`, `LOCAL_STATE_DIR` (default `.local`),
        `LOCAL_TEMPLATE` (default the one `make synth` writes), `AS_OF` (an ISO date, today or later) and
        `LOCAL_SAMPLES` (1: make serve uploads the demo's made-up recordings)."""
        return cls(
            aws_port=_port(environ, "LOCAL_AWS_PORT", DEFAULT_AWS_PORT),
            api_port=_port(environ, "LOCAL_API_PORT", DEFAULT_API_PORT),
            console_port=_port(environ, "LOCAL_CONSOLE_PORT", DEFAULT_CONSOLE_PORT),
            state_dir=Path(environ.get("LOCAL_STATE_DIR") or DEFAULT_STATE_DIR),
            template_path=Path(environ.get("LOCAL_TEMPLATE") or DEFAULT_TEMPLATE),
            as_of=as_of_date(environ.get("AS_OF", ""), today or datetime.now(LONDON).date()),
            samples=environ.get("LOCAL_SAMPLES", "").strip().lower() in ("1", "true", "yes"),
        )

    @property
    def handler_log(self) -> Path:
        """Where the in-process handlers' own output (Powertools logs and metrics) is written."""
        return self.state_dir / "handlers.log"

    @property
    def alerts_log(self) -> Path:
        """Where what the DPO's alerts topic received is written, as the DPO's e-mail would show it."""
        return self.state_dir / "alerts.log"


def _port(environ: Mapping[str, str], name: str, default: int) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdecimal() or not 1 <= int(value) <= 65535:
        raise LocalStackError(f"{name}={value!r} is not a port number: give one from 1 to 65535.")
    return int(value)


def as_of_date(value: str, today: date) -> date | None:
    """`AS_OF` as a date: None when not given; refused when it is not an ISO date or is in the past.

    The local stack can only look forward: the sweeper keeps a checkpoint of the last day it swept,
    and a recording deleted "as of" a later day cannot be brought back by an earlier one.
    """
    value = value.strip()
    if not value:
        return None
    try:
        as_of = date.fromisoformat(value)
    except ValueError:
        raise LocalStackError(
            f"AS_OF={value!r} is not a date: give one as YYYY-MM-DD, e.g. AS_OF=2027-03-01."
        ) from None
    if as_of < today:
        raise LocalStackError(
            f"AS_OF={as_of} is in the past (today is {today}): the local stack runs the daily jobs as of "
            "today or a later day, never an earlier one. Leave AS_OF out for today."
        )
    return as_of


def check_port_free(port: int, name: str = "LOCAL_AWS_PORT") -> None:
    """Refuse port 0 (the OS would pick one nobody knows) and a port that something already holds."""
    if not 1 <= port <= 65535:
        raise LocalStackError(
            f"Port {port} cannot be used: the local stack needs a fixed port from 1 to 65535 (set {name})."
        )
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server will: a port whose last connection is still closing can be reused.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as error:
            raise LocalStackError(
                f"Port {port} on {HOST} is already in use ({error.strerror}); is another `make serve` "
                f"(or LocalStack) running? Stop it, or choose another port: {name}=<port> make ..."
            ) from error


class _HandlerOutput(io.TextIOBase):
    """The in-process handlers' stdout: the handler log of the thread running a handler, the stdout it
    replaced for every other thread.

    Powertools keeps the stream its Logger was created with, so the handlers are imported while
    this stands in for stdout; it must therefore outlive any one log file. The swap of `sys.stdout` is
    process-wide, but what another thread prints meanwhile (`make serve`'s status lines, a `dpo`
    command run in process) is its own output, not a handler's: it goes where it was going.
    """

    def __init__(self) -> None:
        self._running = threading.local()
        self.outside: TextIO | None = None

    @property
    def log(self) -> TextIO | None:
        return getattr(self._running, "log", None)

    @log.setter
    def log(self, log: TextIO | None) -> None:
        self._running.log = log

    def writable(self) -> bool:
        return True

    def _target(self) -> TextIO:
        if self.log is not None:
            return self.log
        if self.outside is not None and self.outside is not self:
            return self.outside
        return sys.stdout if sys.stdout is not self else sys.__stdout__

    def write(self, text: str) -> int:
        return self._target().write(text)

    def flush(self) -> None:
        self._target().flush()


_HANDLER_OUTPUT = _HandlerOutput()


@dataclass(frozen=True)
class DpoAlert:
    """One message the DPO's alerts topic received: what its e-mail subscription would deliver."""

    sent_at: str  # SNS's timestamp, ISO 8601 UTC
    subject: str
    message: str

    def as_text(self) -> str:
        """The alert as alerts.log shows it: when and what, then the message indented."""
        return f"{self.sent_at}  {self.subject}\n{textwrap.indent(self.message.rstrip(), '    ')}\n"


@dataclass
class RunningStack:
    """A provisioned moto server, and the names the local run needs."""

    endpoint: str
    region: str
    session: boto3.Session
    local: LocalStack
    template: dict
    handler_log: Path | None = None
    alerts_log: Path | None = None
    as_of: date | None = None
    _server: ThreadedMotoServer | None = field(default=None, repr=False)
    _saved_environ: dict[str, str | None] = field(default_factory=dict, repr=False)
    _restore_s3_events: Callable[[], None] | None = field(default=None, repr=False)
    _api: LocalApiGateway | None = field(default=None, repr=False)
    _console: LocalConsole | None = field(default=None, repr=False)
    _stream_positions: StreamPositions = field(default_factory=StreamPositions, repr=False)
    # Handlers run one at a time, as their output is redirected process-wide while they run.
    _handlers: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @property
    def bucket(self) -> str:
        """The recordings bucket: the one bucket with Object Lock and no default retention (legal holds
        only; the audit archive's has a default retention)."""
        return self.local.buckets[recordings_bucket_id(self.template)]

    @property
    def audit_archive_bucket(self) -> str:
        return self.local.function(ARCHIVER_HANDLER).environment["AUDIT_ARCHIVE_BUCKET"]

    @property
    def registry_table(self) -> str:
        return self.local.function(INGEST_HANDLER).environment["REGISTRY_TABLE"]

    @property
    def ingest_queue_url(self) -> str:
        ingest = self.local.function(INGEST_HANDLER).logical_id
        [url] = [url for url, consumer in self.local.queue_consumers.items() if consumer == ingest]
        return url

    @property
    def dead_letter_queue_url(self) -> str:
        redrive = self.session.client("sqs").get_queue_attributes(
            QueueUrl=self.ingest_queue_url, AttributeNames=["RedrivePolicy"]
        )["Attributes"]["RedrivePolicy"]
        return self.local.queue_urls[json.loads(redrive)["deadLetterTargetArn"]]

    def deliver(self, *, max_batches: int = 1000) -> DeliveryReport:
        """Hand what the queues hold to their handlers (at most ``max_batches`` event source batches a
        queue), then the streams' new records; handler output to the handler log. The report is the
        queues'."""
        with self._handlers, self._handler_output():
            report = deliver_queued(self.local, self.session, max_batches=max_batches)
        self.deliver_streams()
        return report

    def deliver_streams(self) -> StreamDeliveryReport:
        """Hand the DynamoDB streams' new records to their functions (the audit table's to the archiver),
        as the event source mapping does within a second of each write."""
        with self._handlers, self._handler_output():
            return deliver_streams(self.local, self.session, self._stream_positions)

    def run_function(self, function: LocalFunction, event: dict) -> Any:
        """Invoke one of the stack's functions in-process, as Lambda would; then deliver the streams what
        it wrote (its audit entries reach the archive before the next function runs, as in AWS)."""
        with self._handlers, self._handler_output():
            result = invoke(function, event, self.region)
        self.deliver_streams()
        return result

    def run_daily_jobs(self) -> list[tuple[LocalSchedule, Any]]:
        """Run every scheduled function once, as EventBridge would each day, as of `as_of` (or now).

        Each gets the event a schedule rule sends; what each handler returned, in template order.
        """
        moment = self.daily_moment()
        return [
            (
                schedule,
                self.run_function(
                    self.local.functions[schedule.function_id], self.scheduled_event(schedule, moment)
                ),
            )
            for schedule in self.local.schedules
        ]

    def daily_moment(self) -> datetime:
        """When the daily jobs run: 02:00 UTC on `as_of`, or now."""
        return datetime.combine(self.as_of, time(2, 0), tzinfo=UTC) if self.as_of else datetime.now(UTC)

    def run_lifecycle(self) -> dict[str, LifecycleReport]:
        """What S3 lifecycle would have done by the daily moment, to every bucket with lifecycle rules
        (moto stores the rules and never runs them: infra/local/lifecycle.py), by bucket name."""
        s3 = self.session.client("s3")
        moment = self.daily_moment()
        return {bucket: apply_lifecycle(s3, bucket, moment) for bucket in self.local.buckets.values()}

    def scheduled_event(self, schedule: LocalSchedule, moment: datetime) -> dict:
        """The event an EventBridge schedule rule sends its target."""
        return {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": ACCOUNT,
            "time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": self.region,
            "resources": [f"arn:aws:events:{self.region}:{ACCOUNT}:rule/{schedule.rule_id}"],
            "detail": {},
        }

    def serve_api(self, port: int, *, cors_origins: frozenset[str] = frozenset()) -> str:
        """Serve the DPO API on 127.0.0.1:`port` through the local API Gateway stand-in; its URL.
        `cors_origins`: the origins whose pages may call it (the console's)."""
        check_port_free(port, "LOCAL_API_PORT")
        self._api = LocalApiGateway(
            self.local, port, principals=LOCAL_PRINCIPALS, invoke=self.run_function, cors_origins=cors_origins
        ).start()
        return self._api.url

    def serve_console(self, port: int, api_url: str) -> str:
        """Serve the DPO's console on 127.0.0.1:`port`, signing with the local DPO's credentials; its URL."""
        check_port_free(port, "LOCAL_CONSOLE_PORT")
        config = local_config(
            api_url,
            self.region,
            _LOCAL_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            _LOCAL_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )
        try:
            self._console = LocalConsole(port, config).start()
        except ConsoleNotBuilt as error:
            raise LocalStackError(str(error)) from error
        return self._console.url

    def call_api(self, method: str, raw_path: str, body: bytes | None = None) -> dict:
        """One DPO API request made in-process, signed with the local DPO's credentials and checked as
        API Gateway checks it (infra/local/api_gateway.py), then sent to the function the template's
        API sends it to. The function's proxy response, or API Gateway's own answer."""
        url = f"http://{HOST}{raw_path}"
        headers = signed_headers(
            method,
            url,
            body,
            self.session.get_credentials(),
            region=self.region,
            headers={"Host": HOST, "Content-Type": "application/json"},
        )
        request = gateway_request(self.local, method, raw_path, headers, body, principals=LOCAL_PRINCIPALS)
        return request if isinstance(request, dict) else self.run_function(*request)

    def registry_items(self) -> list[dict]:
        """Every item of the registry table (a local table holds a handful)."""
        table = self.session.resource("dynamodb").Table(self.registry_table)
        response = table.scan()
        items = response["Items"]
        while "LastEvaluatedKey" in response:
            response = table.scan(ExclusiveStartKey=response["LastEvaluatedKey"])
            items += response["Items"]
        return items

    def alerts_received(self) -> list[DpoAlert]:
        """What the stack's topics received since the last call, oldest first; each is also appended to
        `alerts_log`. Locally a queue stands in for the DPO's e-mail subscription (provision.py)."""
        sqs = self.session.client("sqs")
        alerts = []
        for url in self.local.topic_inboxes.values():
            while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
                for message in messages:
                    envelope = json.loads(message["Body"])
                    alerts.append(
                        DpoAlert(
                            sent_at=envelope.get("Timestamp", ""),
                            subject=envelope.get("Subject") or "(no subject)",
                            message=envelope.get("Message", ""),
                        )
                    )
                sqs.delete_message_batch(
                    QueueUrl=url,
                    Entries=[
                        {"Id": str(n), "ReceiptHandle": message["ReceiptHandle"]}
                        for n, message in enumerate(messages)
                    ],
                )
        alerts.sort(key=lambda alert: alert.sent_at)
        if alerts and self.alerts_log is not None:
            with self.alerts_log.open("a", encoding="utf-8") as log:
                log.writelines(alert.as_text() for alert in alerts)
        return alerts

    def messages_waiting(self, queue_url: str) -> int:
        """Messages on a queue, visible or being processed."""
        attributes = self.session.client("sqs").get_queue_attributes(
            QueueUrl=queue_url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return sum(int(value) for value in attributes.values())

    def stop(self) -> None:
        """Stop the console, the API and moto and restore the environment. Safe to call twice."""
        if self._console is not None:
            self._console.stop()
            self._console = None
        if self._api is not None:
            self._api.stop()
            self._api = None
        start_new_containers(self.local)
        if self._server is not None:
            # moto's state lives in this process: forget it, so the next local stack starts empty.
            reset = urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")  # noqa: S310
            urllib.request.urlopen(reset, timeout=10).close()  # noqa: S310 - our own moto on 127.0.0.1
            self._server.stop()
            self._server = None
        _restore_environment(self._saved_environ)
        self._saved_environ = {}
        if self._restore_s3_events is not None:
            self._restore_s3_events()
            self._restore_s3_events = None

    @contextmanager
    def _handler_output(self) -> Iterator[None]:
        if self.handler_log is None:
            yield
            return
        if sys.stdout is not _HANDLER_OUTPUT:
            _HANDLER_OUTPUT.outside = sys.stdout
        with (
            self.handler_log.open("a", encoding="utf-8") as log,
            redirect_stdout(_HANDLER_OUTPUT),
            warnings.catch_warnings(),
        ):
            _HANDLER_OUTPUT.log = log

            def log_warning(message, category, filename, lineno, file=None, line=None) -> None:
                log.write(warnings.formatwarning(message, category, filename, lineno, line))

            warnings.showwarning = log_warning
            try:
                yield
            except Exception:
                traceback.print_exc(file=log)  # where the developer is told to look
                raise
            finally:
                _HANDLER_OUTPUT.log = None


def start_local_stack(
    port: int,
    template_path: Path | str = DEFAULT_TEMPLATE,
    *,
    handler_log: Path | None = None,
    alerts_log: Path | None = None,
    as_of: date | None = None,
) -> RunningStack:
    """Start moto on 127.0.0.1:`port`, point this process's AWS clients at it, provision the template.

    `handler_log`: where the handlers' own output goes when `RunningStack.deliver` runs them
    (by default, this process's stdout). `alerts_log`: where `RunningStack.alerts_received` writes
    what the DPO's alerts topic received. `as_of`: the day the scheduled functions take as today
    (their `AS_OF` setting, which the deployed template never sets).
    """
    template_path = Path(template_path)
    if not template_path.is_file():
        raise LocalStackError(
            f"The synthesized template is missing at {template_path}: run `make synth` first "
            "(`make demo` and `make serve` do)."
        )
    template = json.loads(template_path.read_text())
    check_port_free(port)

    # Werkzeug logs every request to stderr unless told otherwise.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address=HOST, port=port, verbose=False)
    _start_or_explain(server, port)
    endpoint = f"http://{HOST}:{port}"
    saved_environ = _point_environment_at(endpoint)
    restore_s3_events = adjust_moto()
    try:
        session = boto3.Session(region_name=DEFAULT_REGION)
        local = provision(template, session)
        if as_of is not None:
            for function in local.functions.values():
                function.environment["AS_OF"] = as_of.isoformat()
        # The handlers' clients come from boto3's default session: answer their lambda:Invoke.
        boto3.setup_default_session(region_name=DEFAULT_REGION)
        emulate_lambda_invoke(local, boto3.DEFAULT_SESSION)
        start_new_containers(local)  # handlers imported by an earlier local stack forget its clients
        if handler_log is not None:
            handler_log.parent.mkdir(parents=True, exist_ok=True)
            handler_log.write_text("")  # one log per run of the stack
        if alerts_log is not None:
            alerts_log.parent.mkdir(parents=True, exist_ok=True)
            alerts_log.write_text("")
    except BaseException:
        server.stop()
        _restore_environment(saved_environ)
        restore_s3_events()
        raise
    return RunningStack(
        endpoint=endpoint,
        region=DEFAULT_REGION,
        session=session,
        local=local,
        template=template,
        handler_log=handler_log,
        alerts_log=alerts_log,
        as_of=as_of,
        _server=server,
        _saved_environ=saved_environ,
        _restore_s3_events=restore_s3_events,
    )


def _start_or_explain(server: ThreadedMotoServer, port: int) -> None:
    # ThreadedMotoServer.start() waits for ever if its server cannot bind: wait here, bounded.
    starter = threading.Thread(target=server.start, name="moto-start", daemon=True)
    starter.start()
    starter.join(_START_TIMEOUT_SECONDS)
    if starter.is_alive():
        raise LocalStackError(
            f"moto did not start on {HOST}:{port} within {_START_TIMEOUT_SECONDS} s; "
            "the port may have been taken meanwhile: choose another with LOCAL_AWS_PORT."
        )


def _point_environment_at(endpoint: str) -> dict[str, str | None]:
    """Set the environment so that every client talks to `endpoint`; return what it replaced."""
    changes: dict[str, str | None] = {"AWS_ENDPOINT_URL": endpoint, **_LOCAL_CREDENTIALS}
    for name in os.environ:
        if name.startswith("AWS_ENDPOINT_URL_") or name == "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS":
            changes[name] = None
    changes.update(dict.fromkeys(_REMOVED))
    saved = {name: os.environ.get(name) for name in changes}
    _restore_environment(changes)
    return saved


def _restore_environment(values: Mapping[str, str | None]) -> None:
    """Set each variable to its value, or remove it where the value is None."""
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    # A default session keeps the credentials and settings it first found.
    boto3.DEFAULT_SESSION = None
