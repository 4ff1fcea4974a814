"""The demo's large case (issue 17): a person with 250 recordings asks for them, then for their erasure.
Both are more than the API does while the DPO waits (API Gateway ends a request at 29 s), so each answers
202 with a job; the demo follows each job as the DPO would, through GET /jobs/{job_id}, one batch at a
time (as Lambda's event source hands the work queue over), and draws its progress."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING

import time_machine

from infra.local.demo_api import dpo_request
from infra.local.progress import follow_job
from infra.local.samples import tone_wav

if TYPE_CHECKING:
    from infra.local.demo import DemoStory

LARGE_CASE = 210  # recordings of one caller: over both synchronous limits (100 copies, 200 erasures)
LARGE_CALLER = "01632 960555"  # made up (Ofcom's drama range)
MAX_ROUNDS = 200


def large_case(story: DemoStory) -> None:
    """Upload 250 recordings of one caller; their SAR's package and then their erasure, each as a job."""
    story.section(
        f"5a. A large case: {LARGE_CASE} recordings of one caller, a package and an erasure as jobs"
    )
    _upload(story)
    received = story.now.date().isoformat()
    sar = dpo_request(
        story, "POST", "/sars", {"subject": {"caller_number": LARGE_CALLER}, "received_on": received}
    )
    sar_id = sar.get("sar_id")
    _settle(story)  # the preservation hold, fanned out through the hold worker's queue
    decisions = [{"call_id": f"L-{number:04d}", "decision": "disclose"} for number in range(LARGE_CASE)]
    dpo_request(story, "POST", f"/sars/{sar_id}/decisions", {"decisions": decisions})
    story.paragraph(
        f"POST /sars for the caller: {sar_id}, {sar.get('total')} recordings matched and preserved; all "
        "decided disclose. POST /sars/{id}/export answers 202 with a job, followed here batch by batch "
        "(GET /jobs/{job_id}: done of total, percent, estimated finish):"
    )
    package = _follow(
        story, dpo_request(story, "POST", f"/sars/{sar_id}/export", {"link_days": 7}, expect=202)
    )
    made = package.get("result") or {}
    recordings = len(made.get("recordings", []))
    story.say(f"  package {made.get('export_id')}: {recordings} recordings, links for 7 days")
    if package.get("status") != "done" or recordings != LARGE_CASE:
        story.problems.append(f"the large package ended {package.get('status')} with {recordings} recordings")

    dpo_request(story, "POST", f"/sars/{sar_id}/close", {"note": "Package sent"})
    _settle(story)  # the preservation hold released
    opened = dpo_request(
        story,
        "POST",
        "/requests",
        {"kind": "erasure", "subject": {"caller_number": LARGE_CALLER}, "received_on": received},
    )
    request_id = opened.get("request_id")
    story.paragraph(
        f"The SAR closed (its preservation released), the caller asks for erasure: request {request_id}, "
        "decided by POST /requests/{id}/erase, 202 with a job:"
    )
    erasure = _follow(story, dpo_request(story, "POST", f"/requests/{request_id}/erase", {}, expect=202))
    report = erasure.get("result") or {}
    erased = report.get("erased")
    story.say(f"  erasure {report.get('erasure_id')}: {report.get('status')}, {erased} versions erased")
    if erasure.get("status") != "done" or report.get("erased") != LARGE_CASE:
        story.problems.append(f"the large erasure ended {erasure.get('status')}: {report.get('status')}")


def _upload(story: DemoStory) -> None:
    """The caller's recordings, each uploaded as its call ended over the last two days (the ingest queue
    keeps a message four), then ingested."""
    s3 = story.running.session.client("s3")
    body = tone_wav((440.0, 852.0), seconds=0.1)
    first = story.now - timedelta(days=2)
    for number in range(LARGE_CASE):
        recorded_at = first + timedelta(minutes=12 * number)
        with time_machine.travel(recorded_at + timedelta(minutes=5), tick=False):
            s3.put_object(
                Bucket=story.running.bucket,
                Key=f"recordings/{recorded_at:%Y/%m/%d}/L-{number:04d}.wav",
                Body=body,
                Metadata={
                    "call-id": f"L-{number:04d}",
                    "recorded-at": recorded_at.isoformat(timespec="seconds"),
                    "caller-number": LARGE_CALLER,
                    "purpose": "complaints-disputes",
                    "source": "data-subject",
                },
                ContentType="audio/wav",
                IfNoneMatch="*",
            )
    _settle(story)


def _settle(story: DemoStory) -> None:
    """Deliver the queues until they are empty (ingest, the hold worker's work)."""
    for _ in range(MAX_ROUNDS):
        if story.running.deliver().delivered == 0:
            return


def _follow(story: DemoStory, job: dict) -> dict:
    if "job_id" not in job:
        story.problems.append(f"expected a job, got {json.dumps(job)[:200]}")
        return job
    return follow_job(
        story.running.call_api,
        lambda: story.running.deliver(max_batches=1).delivered,
        job,
        lambda line: story.say(f"  {line}"),
    )
