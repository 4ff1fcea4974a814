"""`make demo` (`python -m infra.local.demo`): the upload pipeline, run locally from start to finish.

Starts the local stack (moto on localhost, provisioned from the synthesized template), uploads the
sample recordings as the telephony system would, lets the real ingest handler process what the
queue delivers, and prints what became of each upload. Exits 0 when every recording under
recordings/ was registered and tagged and nothing was left on the queues; 1 otherwise, saying why.

The story is told in chapters (`CHAPTERS`): each is a function that acts on the local stack and
prints a section: uploads, ingest, the registry, holds, a person's rights (subject access, erasure,
restriction, statistics), and the daily jobs as of a later day.
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TextIO

import time_machine

from call_recordings.core.retention import expires_on
from call_recordings.core.vocabulary import FLAG_MEANINGS, RetentionClass
from infra.local.demo_holds import hold_and_release
from infra.local.demo_jobs import large_case
from infra.local.demo_restrictions import restrict_and_count
from infra.local.demo_retention import sweep_as_of
from infra.local.demo_sars import answer_subject_access
from infra.local.samples import SampleUpload, sample_uploads
from infra.local.stack import (
    HOST,
    DpoAlert,
    LocalSettings,
    LocalStackError,
    RunningStack,
    start_local_stack,
)

MAX_DELIVERY_ROUNDS = 20
WIDTH = 100  # of the prose; the tables are as wide as their contents
IGNORED = "ignored (outside recordings/)"
NOT_REGISTERED = "NOT REGISTERED"

_TAGS = ("purpose", "source", "retention", "expires-on")


@dataclass
class RecordingRow:
    """One upload as the registry and the object's tags describe it after ingest."""

    sample: SampleUpload
    call_id: str
    status: str  # "registered", IGNORED or NOT_REGISTERED
    purpose: str = ""
    source: str = ""
    retention: str = ""
    expires_on: str = ""
    flags: tuple[str, ...] = ()
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def registered(self) -> bool:
        return self.status == "registered"


@dataclass
class DemoStory:
    """What the chapters share: the running stack, the uploads, what was found, what went wrong."""

    running: RunningStack
    now: datetime
    out: TextIO
    as_of: date | None = None  # the day the daily jobs run as of (AS_OF); set by run_demo
    uploads: list[SampleUpload] = field(default_factory=list)
    version_ids: dict[str, str] = field(default_factory=dict)  # object key -> version uploaded
    delivered: int = 0  # ingest queue messages the ingest handler took, and those it failed
    failed: int = 0
    # What the DPO was sent while the clock was at an upload (taken then: the local inbox is a queue,
    # which keeps a message 4 days), until a chapter shows it.
    unshown_alerts: list[DpoAlert] = field(default_factory=list)
    rows: list[RecordingRow] = field(default_factory=list)
    alerts: list[DpoAlert] = field(default_factory=list)  # what the DPO's alerts topic received
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def paragraph(self, text: str) -> None:
        self.say(textwrap.fill(text, width=WIDTH, break_long_words=False, break_on_hyphens=False))

    def section(self, title: str) -> None:
        self.say()
        self.say(title)
        self.say("-" * len(title))


Chapter = Callable[[DemoStory], None]


def upload_samples(story: DemoStory) -> None:
    """Put each sample into the recordings bucket with its metadata, as the telephony system does: as its
    call ends. The clock travels to that moment for the upload (moto stamps LastModified from it, and
    ingest flags a recording uploaded more than 2 days after its recorded-at), and the ingest handler
    takes S3's notification then, as Lambda would within seconds (the queue keeps a message 4 days)."""
    story.section("1. The telephony system uploads recordings")
    s3 = story.running.session.client("s3")
    story.uploads = sample_uploads(story.now)
    for upload in story.uploads:
        with time_machine.travel(upload.uploaded_at, tick=True):
            response = s3.put_object(
                Bucket=story.running.bucket,
                Key=upload.key,
                Body=upload.body,
                Metadata=upload.metadata,
                ContentType="audio/wav",
                IfNoneMatch="*",  # as the telephony system must: never over an existing recording
            )
            story.version_ids[upload.key] = response["VersionId"]
            _deliver_to_ingest(story)
            story.unshown_alerts += story.running.alerts_received()
    story.paragraph(
        f"{len(story.uploads)} WAV files (a second of tone, 8 kHz mono 16-bit) put into "
        f"s3://{story.running.bucket}/ with the telephony system's metadata, each as its call ended. "
        "The numbers and references are made up; recorded-at is London time (+01:00 in BST) unless "
        "it says Z."
    )
    story.say()
    story.say(
        format_columns(
            ("object key", "recorded-at", "what it shows"),
            [
                (upload.key, upload.metadata.get("recorded-at", ""), upload.description)
                for upload in story.uploads
            ],
        )
    )


def ingest_uploads(story: DemoStory) -> None:
    """Give what is left on the ingest queue to the real handler until the queue is empty (each upload's
    notification was delivered as it was uploaded), and say what the handler took."""
    story.section("2. S3 notifies the ingest queue; the ingest handler runs on each batch")
    running = story.running
    _deliver_to_ingest(story)
    delivered, failed = story.delivered, story.failed
    story.paragraph(
        f"{delivered} queue messages (the uploads' notifications, each as its upload was made, and the "
        "test event S3 sends when a notification is set up) given to the ingest handler in batches of "
        f"up to 10, as Lambda's SQS event source does{'' if failed else '; all succeeded'}."
    )
    if failed:
        story.problems.append(
            f"The ingest handler failed {failed} message(s); they stay on the queue for a retry "
            f"(see {_where_handler_output(running)})."
        )
    for name, url in (
        ("ingest queue", running.ingest_queue_url),
        ("dead-letter queue", running.dead_letter_queue_url),
    ):
        waiting = running.messages_waiting(url)
        if waiting:
            story.problems.append(
                f"{waiting} message(s) left on the {name}: those uploads were not registered."
            )


def _deliver_to_ingest(story: DemoStory) -> None:
    """Give the queues' messages to their handlers until they are empty, counting what was delivered."""
    for _ in range(MAX_DELIVERY_ROUNDS):
        try:
            report = story.running.deliver()
        except Exception as error:  # Lambda would retry the whole batch; the demo reports it
            story.problems.append(
                f"The ingest handler raised {type(error).__name__}: {error} "
                f"(traceback in {_where_handler_output(story.running)})."
            )
            return
        story.delivered += report.delivered
        story.failed += report.failed
        if report.delivered + report.failed == 0:
            return


def show_recordings(story: DemoStory) -> None:
    """The table: each upload as the registry and its tags now describe it."""
    story.section("3. What the registry and the tags say")
    items = story.running.registry_items()
    s3 = story.running.session.client("s3")
    for upload in story.uploads:
        version_id = story.version_ids[upload.key]
        tag_set = s3.get_object_tagging(Bucket=story.running.bucket, Key=upload.key, VersionId=version_id)
        tags = {tag["Key"]: tag["Value"] for tag in tag_set["TagSet"]}
        found = [item for item in items if item.get("version_id") == version_id]
        story.rows.append(_row(upload, found, tags, story.problems))
    in_clear = _items_with_identifiers_in_clear(items, story.uploads)
    story.problems += [
        f"Registry item {call_id} holds a caller number or customer reference in clear."
        for call_id in in_clear
    ]
    story.say(format_table(story.rows))
    story.say()
    story.say(_summary(story.rows))
    if items and not in_clear:
        story.say(
            "Checked: no caller number or customer reference is stored in clear in the registry "
            "(it holds keyed hashes)."
        )


def alerts_after_ingest(story: DemoStory) -> None:
    """What the DPO was sent at once: an alert per out-of-policy upload, naming the recording only."""
    story.section("2a. What the DPO's alerts topic received")
    arrived = _show_alerts(story)
    quarantined = {
        upload.call_id for upload in story.uploads if upload.expected_retention == RetentionClass.QUARANTINE
    }
    alerted = {call_id for call_id in quarantined if any(call_id in alert.message for alert in arrived)}
    if alerted != quarantined:
        story.problems.append(
            f"the DPO was not alerted to the out-of-policy upload(s) {sorted(quarantined - alerted)}"
        )


def alerts_after_daily_jobs(story: DemoStory) -> None:
    """What the daily jobs sent the DPO: casework reminders, reconciliation's findings; nothing if all is
    well."""
    story.section("8. What the daily jobs sent the DPO")
    _show_alerts(story)


def _show_alerts(story: DemoStory) -> list[DpoAlert]:
    arrived = [*story.unshown_alerts, *story.running.alerts_received()]  # as received, as logged
    story.unshown_alerts.clear()
    story.alerts += arrived
    where = f" (also in {_shown(story.running.alerts_log)})" if story.running.alerts_log else ""
    count = f"{len(arrived)} message{'' if len(arrived) == 1 else 's'}" if arrived else "No message"
    story.paragraph(
        f"{count} on the DPO's SNS topic{where}; in AWS the address in `dpoAlertEmail` receives each by "
        "e-mail. Locally a queue subscribed to the topic stands in for it."
    )
    for alert in arrived:
        story.say()
        story.say(textwrap.indent(alert.as_text().rstrip(), "  "))
    return arrived


CHAPTERS: tuple[Chapter, ...] = (
    upload_samples,
    ingest_uploads,
    alerts_after_ingest,
    show_recordings,
    hold_and_release,
    answer_subject_access,
    large_case,
    restrict_and_count,
    sweep_as_of,
    alerts_after_daily_jobs,
)


def _row(upload: SampleUpload, found: list[dict], tags: dict[str, str], problems: list[str]) -> RecordingRow:
    """The row for one upload, from its registry items and its tags; what is wrong goes to `problems`."""
    call_id = upload.call_id or "(none)"
    if upload.ignored:
        if found or tags:
            problems.append(f"{upload.key} is outside recordings/ but was ingested.")
        return RecordingRow(upload, call_id, IGNORED, tags=tags)
    if not found:
        problems.append(f"{upload.key} ({upload.description}) was not registered.")
        return RecordingRow(upload, call_id, NOT_REGISTERED, tags=tags)
    if len(found) > 1:
        problems.append(f"{upload.key} has {len(found)} registry items for one version.")
    item = found[0]
    row = RecordingRow(
        upload,
        call_id=str(item.get("call_id", "?")),
        status="registered",
        purpose=str(item.get("purpose", "")),
        source=str(item.get("source", "")),
        retention=str(item.get("retention", "")),
        expires_on=str(item.get("expires_on", "")),
        flags=tuple(sorted(item.get("flags") or ())),
        tags=tags,
    )
    registered = {"purpose": row.purpose, "source": row.source, "retention": row.retention}
    registered["expires-on"] = row.expires_on
    disagreeing = [tag for tag in _TAGS if tags.get(tag) != registered[tag]]
    if disagreeing:
        problems.append(
            f"{row.call_id}: the tags and the registry disagree on {', '.join(disagreeing)} "
            f"(tags {tags}, registry {registered})."
        )
    if not row.expires_on:
        problems.append(f"{row.call_id} has no expiry date: it would be kept for ever.")
    if upload.expected_retention and row.retention != upload.expected_retention:
        problems.append(
            f"{row.call_id} ({upload.description}) is kept as {row.retention or 'nothing'}, "
            f"not {upload.expected_retention}."
        )
    return row


def _identifiers(upload: SampleUpload) -> set[str]:
    """The ways a sample's caller number and customer reference could appear if stored in clear."""
    found = set()
    if number := upload.metadata.get("caller-number"):
        found.add(number)
        digits = re.sub(r"\D", "", number)
        if len(digits) >= 9:
            found.add(digits[-9:])  # the national number without its leading 0 or 44, e.g. +447700900123
    if reference := upload.metadata.get("customer-ref"):
        found.add(reference)
    return found


def _items_with_identifiers_in_clear(items: list[dict], uploads: Iterable[SampleUpload]) -> list[str]:
    """The call ids of registry items holding a sample's caller number or customer reference."""
    identifiers = {i.lower() for i in set().union(*(_identifiers(upload) for upload in uploads))}
    leaking = []
    for item in items:
        values = [str(value).lower() for value in item.values()]
        values += [re.sub(r"\D", "", value) for value in values]
        if any(identifier in value for identifier in identifiers for value in values):
            leaking.append(str(item.get("call_id")))
    return leaking


def format_table(rows: Sequence[RecordingRow]) -> str:
    """The registry's view of each upload, one line each."""
    return format_columns(
        ("call id", "purpose", "source", "retention", "expires-on", "flags"),
        [
            (
                row.call_id,
                row.purpose,
                row.source,
                row.retention,
                row.expires_on,
                ", ".join(row.flags) if row.registered else row.status,
            )
            for row in rows
        ],
    )


def format_columns(header: Sequence[str], lines: Iterable[Sequence[str]]) -> str:
    """Left-aligned columns two spaces apart, under a ruled header; an empty cell shows as '-'."""
    lines = [[cell or "-" for cell in line] for line in lines]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]

    def render(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([render(header), render(["-" * width for width in widths]), *map(render, lines)])


def _summary(rows: Sequence[RecordingRow]) -> str:
    registered = [row for row in rows if row.registered]
    by_retention = Counter(row.retention for row in registered)
    flagged = sum(1 for row in registered if row.flags)
    ignored = sum(1 for row in rows if row.status == IGNORED)
    classes = ", ".join(f"{count} {retention}" for retention, count in sorted(by_retention.items()))
    return (
        f"{len(registered)} recordings registered ({classes}); {flagged} flagged for the DPO's review; "
        f"{ignored} upload ignored."
    )


def _header(story: DemoStory, template_path: Path) -> str:
    return f"""\
Call recordings, run locally: uploads, holds, a person's rights, and retention
===============================================================================
moto stands in for AWS at {story.running.endpoint} (S3, SQS, DynamoDB, KMS, Secrets Manager, SNS),
provisioned from {_shown(template_path)}: the same buckets, queues and tables
that `cdk deploy` creates. Made-up call recordings are uploaded as the telephony system would; S3
notifies the ingest queue; the real handlers (functions/) run in this process as Lambda would: ingest,
the DPO API (as the local DPO principal), the hold worker, the eraser, and the daily jobs as of
{story.as_of or "today"} (AS_OF). Some uploads are deliberately bad."""


def _footer(story: DemoStory) -> str:
    flags = sorted({flag for row in story.rows for flag in row.flags})
    lines = [
        "",
        "Reading the table",
        "-----------------",
        "standard    deleted on its expires-on date (3 calendar months from the London date of",
        "            recording) by the daily sweeper; S3 lifecycle at 92 days is the backstop.",
        "quarantine  out of policy: tagged so, reported to the DPO, and still deleted on its date.",
        "ignored     the bucket notifies only for recordings/: nothing else is ingested.",
    ]
    if flags:
        lines.append(
            "flags       a flagged recording is kept and expires like any other; the flag tells the DPO:"
        )
        for flag in flags:
            meaning = FLAG_MEANINGS.get(flag, "(no description)")
            lines += textwrap.wrap(
                f"{flag}: {meaning}", width=WIDTH, initial_indent=" " * 14, subsequent_indent=" " * 16
            )
    lines += [
        "",
        f"Nothing was sent to AWS: every call went to moto on {story.running.endpoint}, which stops now.",
    ]
    if story.running.handler_log:
        lines.append(f"The handler's own logs and metrics are in {_shown(story.running.handler_log)}.")
    return "\n".join(lines)


def _where_handler_output(running: RunningStack) -> str:
    return _shown(running.handler_log) if running.handler_log else "the output above"


def _shown(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def tell_story(
    running: RunningStack,
    out: TextIO,
    *,
    template_path: Path,
    now: datetime | None = None,
    chapters: Sequence[Chapter] = CHAPTERS,
) -> DemoStory:
    """Run the chapters against a running stack and print them, with a header and a footer."""
    story = DemoStory(running=running, now=now or datetime.now(UTC), out=out, as_of=running.as_of)
    story.say(_header(story, template_path))
    for chapter in chapters:
        chapter(story)
    story.say(_footer(story))
    story.say()
    if story.ok:
        story.say(
            "Demo complete: every recording was registered and tagged; holds kept what they covered; the "
            "SAR was answered and its package matched the originals; erasure refused what a claim needs; "
            "published statistics stayed as published when a recording was restricted; the sweeper deleted "
            "what was due and kept what was "
            "held or restricted."
        )
    else:
        story.say("Demo FAILED:")
        for problem in story.problems:
            story.say(f"  - {problem}")
    return story


def run_demo(
    port: int,
    template_path: Path,
    out: TextIO = sys.stdout,
    *,
    handler_log: Path | None = None,
    alerts_log: Path | None = None,
    now: datetime | None = None,
    as_of: date | None = None,
    chapters: Sequence[Chapter] = CHAPTERS,
) -> DemoStory:
    """Start the local stack on `port`, tell the story (its `chapters`), stop the stack.

    The daily jobs run as of `as_of`; by default, the day after the last sample's expiry date, so
    that the sweeper finds every recording due and the story shows what a hold keeps.
    """
    now = now or datetime.now(UTC)
    as_of = as_of or default_as_of(now)
    running = start_local_stack(
        port, template_path, handler_log=handler_log, alerts_log=alerts_log, as_of=as_of
    )
    try:
        return tell_story(running, out, template_path=template_path, now=now, chapters=chapters)
    finally:
        running.stop()


def default_as_of(now: datetime) -> date:
    """Three calendar months and a day after today (London): every sample (recorded last month, or
    today when it names no time) is past its expiry date by then."""
    return expires_on(now, now=now) + timedelta(days=1)


def main() -> int:
    try:
        settings = LocalSettings.from_environ()
        story = run_demo(
            settings.aws_port,
            settings.template_path,
            handler_log=settings.handler_log,
            alerts_log=settings.alerts_log,
            as_of=settings.as_of,
        )
    except LocalStackError as error:
        print(f"make demo: {error}", file=sys.stderr)
        return 2
    print(console_invitation(settings))
    return 0 if story.ok else 1


def console_invitation(settings: LocalSettings) -> str:
    """The demo's last words: where to try the same things in the DPO's console, which make serve keeps up."""
    return (
        f"\nTry it in the DPO's console: run `make serve` and open http://{HOST}:{settings.console_port}/ "
        "(docs/dpo-guide.md walks through placing a hold and answering a request there)."
    )


if __name__ == "__main__":
    sys.exit(main())
