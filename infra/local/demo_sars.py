"""The demo's chapter on a person's rights: a disclosure to the police recorded in the register and
packaged for them, then a subject access request answered from start to finish (the DPO's decision on
each recording, the package whose manifest names the police as a recipient), and erasures, one of
which a legal claim refuses."""

from __future__ import annotations

import csv
import io
import urllib.request
import zipfile
from datetime import timedelta
from typing import TYPE_CHECKING

from call_recordings.core.retention import LONDON
from infra.local.demo_api import dpo_request
from infra.local.progress import follow_job

if TYPE_CHECKING:
    from infra.local.demo import DemoStory

SAR_SAMPLE = "C-0002"  # the neighbour-complaint caller asks for their recordings
CLAIM_SAMPLE = "C-0003"  # the landlord's agent: a legal claim keeps this recording
ERASED_SAMPLE = "C-0005"  # the councillor asks for their recording to be erased
CLAIM_REFERENCE = "CLAIM-2026-031"
POLICE = "Devon and Cornwall Police"


def answer_subject_access(story: DemoStory) -> None:
    """Disclose a recording to the police; open a SAR, pause and resume it, extend it, decide on its
    recording, export the package, close both; then two erasures."""
    story.section("5. A person's rights: an outside disclosure, subject access, then erasure")
    today = story.now.astimezone(LONDON).date()
    received = today - timedelta(days=10)
    caller = _caller_number(story, SAR_SAMPLE)
    disclosure_id = _disclose_to_the_police(story)

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

    undecided = dpo_request(story, "POST", f"/sars/{sar_id}/export", {"link_days": 7}, expect=409)
    story.say(f"  {'a package before the DPO decides on each recording:':<58} refused ({_code(undecided)})")
    decided = dpo_request(
        story,
        "POST",
        f"/sars/{sar_id}/decisions",
        {"decisions": [{"call_id": SAR_SAMPLE, "decision": "disclose"}]},
    )
    story.say(
        f"  {'decided (POST /sars/{id}/decisions):':<58} "
        + ", ".join(f"{each['call_id']} {each['decision']}" for each in decided.get("decisions", []))
    )
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
    _the_whole_package_as_one_zip(story, package)
    if not rows or not all(row["recipients"].startswith(POLICE) for row in rows):
        story.problems.append(f"the SAR manifest does not name {POLICE} as a recipient of {SAR_SAMPLE}")

    dpo_request(story, "POST", f"/disclosures/{disclosure_id}/close", {"note": "Police case closed"})
    story.say(f"  {'the disclosure to the police closed (its preservation released)':<58} {disclosure_id}")
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


def _disclose_to_the_police(story: DemoStory) -> str | None:
    """The register: the police ask for a recording to detect a crime; the DPO records it and makes
    their package (POST /disclosures, then /disclosures/{id}/export)."""
    recorded = dpo_request(
        story,
        "POST",
        "/disclosures",
        {
            "recipient": POLICE,
            "lawful_basis": "prevent-or-detect-crime",
            "request_reference": "DP9-2026-1187",
            "approved_by": "Head of Legal Services",
            "call_ids": [SAR_SAMPLE],
        },
    )
    disclosure_id = recorded.get("disclosure_id")
    package = dpo_request(story, "POST", f"/disclosures/{disclosure_id}/export", {"link_days": 7})
    story.paragraph(
        f"The police ask for {SAR_SAMPLE} (reference DP9-2026-1187). POST /disclosures: {disclosure_id}, "
        f"{recorded.get('lawful_basis_wording')}; approved by {recorded.get('approved_by')}; the recording "
        f"is preserved by hold {recorded.get('hold_id')} while it is open. Their package "
        f"{package.get('export_id')}: {len(package.get('recordings', []))} recording(s), from "
        f"{package.get('disclosed_by')}."
    )
    return disclosure_id


def _code(answer: dict) -> str | None:
    return answer.get("error", {}).get("code")


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
        "for erasure: each request is opened (POST /requests, kind erasure: its clock starts, nothing is "
        "erased yet) and decided by erasing (POST /erasures naming the request):"
    )
    refused = dpo_request(story, "POST", "/erasures", {}, expect=400)
    story.say(f"  an erasure that names no request: {refused.get('error', {}).get('code')}, nothing erased")
    for sample, expected in ((CLAIM_SAMPLE, "refused"), (ERASED_SAMPLE, "erased")):
        request_id = _erasure_request(story, _caller_number(story, sample))
        erasure = dpo_request(story, "POST", "/erasures", {"request_id": request_id})
        story.say(f"  {sample}: request {request_id}, {erasure.get('erasure_id')} {erasure.get('status')}")
        for refused_recording in erasure.get("refused_recordings", []):
            for hold in refused_recording.get("holds", []):
                story.say(
                    f"    kept {refused_recording['call_id']}: {hold.get('reason')} "
                    f"{hold.get('case_reference')}: {hold.get('ground')}"
                )
        if erasure.get("status") != expected:
            story.problems.append(
                f"the erasure for {sample}'s caller was {erasure.get('status')}, not {expected}"
            )
    nobody = _erasure_request(story, "01632 960000")
    nothing = dpo_request(story, "POST", "/erasures", {"request_id": nobody}, expect=404)
    story.say(f"  a caller with no recordings: {nothing.get('error', {}).get('code')}")


def _erasure_request(story: DemoStory, caller_number: str) -> str:
    """An erasure request received today, about the caller: its id."""
    received = story.now.astimezone(LONDON).date().isoformat()
    opened = dpo_request(
        story,
        "POST",
        "/requests",
        {"kind": "erasure", "subject": {"caller_number": caller_number}, "received_on": received},
    )
    return str(opened.get("request_id"))


def _caller_number(story: DemoStory, call_id: str) -> str:
    return next(upload for upload in story.uploads if upload.call_id == call_id).metadata["caller-number"]


def _the_whole_package_as_one_zip(story: DemoStory, package: dict) -> None:
    """Issue 18: the package made into one zip by its own job, followed, fetched through its link and
    opened: every recording the package lists, byte for byte, and its manifest."""
    if not package.get("zip_job_id"):
        story.problems.append("the SAR package names no zip job")
        return
    job = follow_job(
        story.running.call_api,
        lambda: story.running.deliver(max_batches=1).delivered,
        dpo_request(story, "GET", f"/jobs/{package['zip_job_id']}"),
        lambda line: story.say(f"  {line}"),
    )
    data = _fetch(story, (job.get("result") or {}).get("package_zip_url"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data or b""))
        whole = archive.testzip() is None and "manifest.json" in archive.namelist()
        whole = whole and all(
            archive.read(each["file_name"]) == _original(story, each["call_id"])
            for each in package.get("recordings", [])
        )
    except (zipfile.BadZipFile, KeyError):
        whole = False
    story.say(
        f"  {'the whole package as one zip (package_zip_url), opened:':<58} "
        + (f"yes, {len(archive.namelist())} files" if whole else "NO")
    )
    if not whole:
        story.problems.append("the package's zip was not made, or did not hold the package")


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
