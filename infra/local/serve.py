"""`make serve` (`python -m infra.local.serve`): the local stack, kept running.

Starts moto on 127.0.0.1:$LOCAL_AWS_PORT (default 4566), provisioned from the synthesized template;
serves the DPO API on 127.0.0.1:$LOCAL_API_PORT (default 4567) and the DPO's console on
127.0.0.1:$LOCAL_CONSOLE_PORT (default 4568; it signs with the local stack's credentials, and the
API answers CORS for it alone); and writes `.local/stack.json` (or `$LOCAL_STATE_DIR/stack.json`)
with `aws_endpoint`, `region`, `bucket`, `api_url` and `console_url`, so that tools and tests can
find it. Every second it hands what the queues hold to the real handlers (ingest, hold worker), and
logs one line per registered recording (no caller number or customer reference). Every
`DAILY_JOBS_SECONDS` it runs the scheduled functions (the retention sweeper, casework reminders,
reconciliation) as EventBridge would once a day, as of `AS_OF` (an ISO date, today or later; default
today), so that a person can upload recordings, hold some, and watch the sweeper delete what is due
and keep what is held. What the DPO's alerts topic receives (an out-of-policy upload, the casework
reminders, reconciliation's findings) is logged as it arrives and written whole to
`.local/alerts.log`, where AWS would e-mail it. With `LOCAL_SAMPLES=1` it first uploads the demo's
made-up recordings, so that the console has something to show. SIGTERM or Ctrl-C stops it: the
console, the API and moto stop, stack.json is removed, exit 0.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from infra.local.progress import JobWatcher
from infra.local.samples import sample_uploads
from infra.local.stack import HOST, LocalSettings, LocalStackError, RunningStack, start_local_stack

POLL_SECONDS = 1.0
DELIVERY_BATCHES = 5  # event source batches taken from each queue a poll
DAILY_JOBS_SECONDS = 60.0  # a local "day": the scheduled functions run once a minute
_SHOWN = ("call_id", "version_id", "purpose", "source", "retention", "expires_on", "flags")


def stack_description(running: RunningStack, api_url: str, console_url: str) -> dict[str, str]:
    """What `.local/stack.json` says."""
    return {
        "aws_endpoint": running.endpoint,
        "region": running.region,
        "bucket": running.bucket,
        "api_url": api_url,
        "console_url": console_url,
    }


def write_stack_file(path: Path, description: dict[str, str]) -> None:
    """Write stack.json whole or not at all, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(description, indent=2) + "\n")
    partial.replace(path)


def upload_samples(running: RunningStack, now: datetime) -> int:
    """Upload the demo's made-up recordings (infra/local/samples.py) as the telephony system would, so
    that a person trying the console has recordings to hold and ask for; how many. They arrive now,
    weeks after they were recorded, so ingest flags them as late, as it would."""
    s3 = running.session.client("s3")
    uploads = sample_uploads(now)
    for upload in uploads:
        s3.put_object(
            Bucket=running.bucket,
            Key=upload.key,
            Body=upload.body,
            Metadata=upload.metadata,
            ContentType="audio/wav",
            IfNoneMatch="*",
        )
    return len(uploads)


def log(message: str) -> None:
    print(f"{datetime.now():%H:%M:%S} {message}", flush=True)


def registered_line(item: dict) -> str:
    """One line for a newly registered recording: its classification, never who called."""
    flags = ", ".join(sorted(item.get("flags") or ())) or "none"
    return (
        f"registered {item.get('call_id')} (version {str(item.get('version_id'))[:8]}): "
        f"purpose {item.get('purpose')}, source {item.get('source')}, "
        f"retention {item.get('retention')} until {item.get('expires_on')}, flags {flags}"
    )


class IngestQueuePoller:
    """Polls the ingest queue and reports what each round registered, failed or dead-lettered."""

    def __init__(self, running: RunningStack) -> None:
        self.running = running
        self.seen: set[tuple[str, str]] = set()
        self.dead_letters = 0
        self.jobs = JobWatcher(running.call_api, log)

    def poll(self) -> None:
        try:
            # A few event source batches a queue each poll, as Lambda works a queue over time: a job's
            # progress moves batch by batch, and is shown.
            report = self.running.deliver(max_batches=DELIVERY_BATCHES)
        except Exception as error:  # Lambda would retry the batch: keep serving, say what happened
            log(f"the ingest handler raised {type(error).__name__}; see {self.running.handler_log}")
            return
        if report.delivered:
            for item in self.running.registry_items():
                identity = (str(item.get("call_id")), str(item.get("version_id")))
                if identity not in self.seen:
                    self.seen.add(identity)
                    log(registered_line({key: item.get(key) for key in _SHOWN}))
        if report.delivered or self.jobs.following:
            try:
                self.jobs.look()
            except Exception as error:  # keep serving: the jobs' progress is only shown
                log(f"could not read the jobs' progress ({type(error).__name__}: {error})")
        if report.failed:
            log(
                f"{report.failed} queue message(s) failed in their handler (an upload's ingest, a hold's or "
                f"a job's batch) and stay on the queue for a retry after the visibility timeout; see "
                f"{self.running.handler_log}"
            )
        dead_letters = self.running.messages_waiting(self.running.dead_letter_queue_url)
        if dead_letters != self.dead_letters:
            self.dead_letters = dead_letters
            if dead_letters:
                log(f"{dead_letters} message(s) on the dead-letter queue: those uploads were not registered")


def report_alerts(running: RunningStack) -> None:
    """Log what the DPO's alerts topic received since the last look (whole messages in alerts.log)."""
    try:
        alerts = running.alerts_received()
    except Exception as error:  # keep serving; the messages stay on the inbox queue for the next look
        log(f"could not read the DPO's alerts ({type(error).__name__}: {error})")
        return
    for alert in alerts:
        log(f"alert to the DPO: {alert.subject} (whole message in {running.alerts_log})")


def run_daily_jobs(running: RunningStack) -> None:
    """Run each scheduled function once and log what it reported (its figures, never personal data)."""
    try:
        results = running.run_daily_jobs()
    except Exception as error:  # EventBridge would retry, then dead-letter: keep serving, say so
        log(f"a daily job raised {type(error).__name__}: {error}; see {running.handler_log}")
        return
    for schedule, result in results:
        figures = ", ".join(
            f"{name} {value}"
            for name, value in (result if isinstance(result, dict) else {}).items()
            if isinstance(value, int | str) and not isinstance(value, bool)
        )
        log(f"daily job {schedule.function_id} as of {running.as_of or 'today'}: {figures or 'done'}")
    try:
        lifecycle = running.run_lifecycle()
    except Exception as error:  # S3 would retry the next day: keep serving, say so
        log(f"S3 lifecycle raised {type(error).__name__}: {error}")
        return
    for bucket, report in lifecycle.items():
        counts = Counter(event.action.value for event in report.events)
        done = ", ".join(f"{action} {count}" for action, count in sorted(counts.items())) or "nothing due"
        log(f"S3 lifecycle on {bucket} as of {running.as_of or 'today'}: {done}")


def serve(settings: LocalSettings, stop: threading.Event) -> None:
    """Run the local stack until `stop` is set."""
    stack_file = settings.state_dir / "stack.json"
    running = start_local_stack(
        settings.aws_port,
        settings.template_path,
        handler_log=settings.handler_log,
        alerts_log=settings.alerts_log,
        as_of=settings.as_of,
    )
    try:
        console_origin = f"http://{HOST}:{settings.console_port}"
        api_url = running.serve_api(settings.api_port, cors_origins=frozenset({console_origin}))
        console_url = running.serve_console(settings.console_port, api_url)
        if settings.samples:
            uploaded = upload_samples(running, datetime.now(UTC))
            log(f"uploaded the demo's {uploaded} made-up recordings (LOCAL_SAMPLES=1); ingest registers them")
        write_stack_file(stack_file, stack_description(running, api_url, console_url))
        log(f"local stack ready at {running.endpoint} (region {running.region}); nothing goes to AWS")
        log(f"DPO API at {api_url} (SigV4 with the local credentials, local/local: the local DPO principal)")
        log(f"the DPO's console at {console_url}/ (open it in a browser; it signs in as the local DPO)")
        log(f"recordings bucket: {running.bucket}; upload under recordings/ with the telephony metadata")
        log(f"wrote {stack_file}; handler logs in {settings.handler_log}; Ctrl-C or SIGTERM stops")
        log(f"what the DPO's alerts topic receives is shown here and written whole to {settings.alerts_log}")
        log(
            f"daily jobs ({', '.join(s.function_id for s in running.local.schedules) or 'none'}) run every "
            f"{DAILY_JOBS_SECONDS:.0f} s as of {settings.as_of or 'today'} (AS_OF=YYYY-MM-DD to look ahead)"
        )
        poller = IngestQueuePoller(running)
        next_daily = time.monotonic() + DAILY_JOBS_SECONDS
        while not stop.wait(POLL_SECONDS):
            poller.poll()
            if time.monotonic() >= next_daily:
                run_daily_jobs(running)
                next_daily = time.monotonic() + DAILY_JOBS_SECONDS
            report_alerts(running)
    finally:
        stack_file.unlink(missing_ok=True)
        running.stop()
        log("local stack stopped")


def main() -> int:
    stop = threading.Event()

    def request_stop(signum, _frame) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        serve(LocalSettings.from_environ(), stop)
    except LocalStackError as error:
        print(f"make serve: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
