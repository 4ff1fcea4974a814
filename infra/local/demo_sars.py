"""The demo's chapter on a person's rights: a subject access request answered from start to finish,
its disclosure package, and erasures, one of which a legal claim refuses."""

from __future__ import annotations

import csv
import io
import urllib.request
from datetime import timedelta
from typing import TYPE_CHECKING

from call_recordings.core.retention import LONDON
from infra.local.demo_api import dpo_request

if TYPE_CHECKING:
    from infra.local.demo import DemoStory

SAR_SAMPLE = "C-0002"  # the neighbour-complaint caller asks for their recordings
CLAIM_SAMPLE = "C-0003"  # the landlord's agent: a legal claim keeps this recording
ERASED_SAMPLE = "C-0005"  # the councillor asks for their recording to be erased
CLAIM_REFERENCE = "CLAIM-2026-031"


def answer_subject_access(story: DemoStory) -> None:
    """Open a SAR, pause and resume it, extend it, export the package, close it; then two erasures."""
    story.section("5. A person's rights: subject access, then erasure")
    today = story.now.astimezone(LONDON).date()
    received = today - timedelta(days=10)
    caller = _caller_number(story, SAR_SAMPLE)

    sar = dpo_request(
        story, "POST", "/sars", {"subject": {"caller_number": caller}, "received_on": received.isoformat()}
    )
    sar_id = sar.get("sar_id")
    matched = ", ".join(f"{r['call_id']} ({r['purpose']}, {r['source']})" for r in sar.get("recordings", []))
    story.paragraph(
        f"POST /sars for the caller of {SAR_SAMPLE} (the number is hashed as at ingest, never kept), "
        f"received on {received}: {sar_id}, due on {sar.get('due_on')} (one calendar month, on a working "
        f"day), {sar.get('working_days_left')} working days left. Matched: {matched or 'nothing'}. "
        f"Preserved by hold {sar.get('hold_id')} while the request is open."
    )
    if sar.get("total") != 1 or not sar.get("hold_id"):
        story.problems.append(f"the SAR for {SAR_SAMPLE}'s caller matched {sar.get('total')} recording(s)")

    paused_on, resumed_on = received + timedelta(days=2), received + timedelta(days=5)
    dpo_request(
        story, "POST", f"/sars/{sar_id}/pause", {"reason": "clarification", "on": paused_on.isoformat()}
    )
    resumed = dpo_request(story, "POST", f"/sars/{sar_id}/resume", {"on": resumed_on.isoformat()})
    extended = dpo_request(
        story,
        "POST",
        f"/sars/{sar_id}/extend",
        {"reason": "Recordings span several services", "requester_told_on": today.isoformat()},
    )
    story.say(
        f"  {'paused for clarification ' + str(paused_on) + ', resumed ' + str(resumed_on) + ':':<58}"
        f" due {resumed.get('due_on')} ({resumed.get('days_paused')} days excluded, both ends: Art 12A)"
    )
    story.say(
        f"  {'extended once, the requester told on ' + str(extended.get('requester_told_on')) + ':':<58}"
        f" due {extended.get('due_on')}"
    )
    if resumed.get("days_paused") != (resumed_on - paused_on).days + 1:
        story.problems.append(f"the pause of {sar_id} excluded {resumed.get('days_paused')} days")
    again = dpo_request(story, "POST", f"/sars/{sar_id}/extend", {"reason": "again"}, expect=409)
    story.say(f"  {'a second extension:':<58} refused ({again.get('error', {}).get('code')})")

    package = dpo_request(story, "POST", f"/sars/{sar_id}/export", {"link_days": 7})
    story.paragraph(
        f"POST /sars/{sar_id}/export: package {package.get('export_id')}, copies in the export bucket "
        f"(KMS, TLS only, expiring after 30 days), links until {package.get('links_expire_at')}; lawful "
        f"basis: {package.get('lawful_basis')}. The manifest (CSV, fetched through its link):"
    )
    manifest = _fetch(story, package.get("manifest_csv_url"))
    rows = list(csv.DictReader(io.StringIO(manifest.decode("utf-8-sig")))) if manifest else []
    for row in rows:
        for column, value in row.items():
            if column != "url":
                story.say(f"    {column:<16} {value}")
    copies_match = all(
        (_fetch(story, each["url"]) or b"") == _original(story, each["call_id"])
        for each in package.get("recordings", [])
    )
    story.say(
        f"  {'the copies, fetched through their links, equal the originals:':<58} "
        f"{'yes' if copies_match else 'NO'}"
    )
    if not rows or not copies_match:
        story.problems.append("the disclosure package's manifest or copies were not as they should be")

    closed = dpo_request(story, "POST", f"/sars/{sar_id}/close", {"note": "Disclosure sent"})
    story.running.deliver()
    after = dpo_request(story, "GET", f"/recordings/{SAR_SAMPLE}")
    retention = [version.get("retention") for version in after.get("versions", [])]
    story.say(
        f"  {'closed; the preservation hold is released:':<58} "
        f"{closed.get('status')}, {SAR_SAMPLE} {retention}"
    )
    if retention != ["standard"]:
        story.problems.append(f"{SAR_SAMPLE} after the SAR closed was {retention}, not standard")

    _erasures(story)


def _erasures(story: DemoStory) -> None:
    claim = dpo_request(
        story,
        "POST",
        "/holds",
        {"reason": "legal-claim", "case_reference": CLAIM_REFERENCE, "call_ids": [CLAIM_SAMPLE]},
    )
    story.paragraph(
        f"A landlord's agent brings a claim: hold {claim.get('hold_id')} ({CLAIM_REFERENCE}) on "
        f"{CLAIM_SAMPLE}. Then the caller of {CLAIM_SAMPLE}, and the councillor of {ERASED_SAMPLE}, ask "
        "for erasure (POST /erasures):"
    )
    for sample, expected in ((CLAIM_SAMPLE, "refused"), (ERASED_SAMPLE, "erased")):
        erasure = dpo_request(
            story, "POST", "/erasures", {"subject": {"caller_number": _caller_number(story, sample)}}
        )
        story.say(f"  {sample}: {erasure.get('erasure_id')} {erasure.get('status')}")
        for refused in erasure.get("refused_recordings", []):
            for hold in refused.get("holds", []):
                story.say(
                    f"    kept {refused['call_id']}: {hold.get('reason')} {hold.get('case_reference')}: "
                    f"{hold.get('ground')}"
                )
        if erasure.get("status") != expected:
            story.problems.append(
                f"the erasure for {sample}'s caller was {erasure.get('status')}, not {expected}"
            )
    nothing = dpo_request(
        story, "POST", "/erasures", {"subject": {"caller_number": "01632 960000"}}, expect=404
    )
    story.say(f"  a caller with no recordings: {nothing.get('error', {}).get('code')}")


def _caller_number(story: DemoStory, call_id: str) -> str:
    return next(upload for upload in story.uploads if upload.call_id == call_id).metadata["caller-number"]


def _original(story: DemoStory, call_id: str) -> bytes:
    upload = next(upload for upload in story.uploads if upload.call_id == call_id)
    return upload.body


def _fetch(story: DemoStory, url: str | None) -> bytes | None:
    """GET a presigned link from the local S3 (moto): the link works as the subject would use it."""
    if not url or not url.startswith(story.running.endpoint):
        story.problems.append(f"a disclosure link does not point at the local stack: {url}")
        return None
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own moto on 127.0.0.1
        return response.read()
