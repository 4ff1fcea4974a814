"""The demo's chapter on legal holds: the DPO's API, the hold worker and Object Lock at work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from infra.local.demo_api import dpo_request

if TYPE_CHECKING:
    from infra.local.demo import DemoStory

HELD_SAMPLE = "C-0001"  # the caller whose recordings a legal claim concerns
HELD = ("ON", "hold")


def hold_and_release(story: DemoStory) -> None:
    """Place two overlapping holds, try to delete a held version, release them one by one."""
    story.section("4. The DPO puts recordings beyond the reach of retention")
    sample = next(upload for upload in story.uploads if upload.call_id == HELD_SAMPLE)
    version = story.version_ids[sample.key]

    def dpo(method: str, path: str, body: dict | None = None) -> dict:
        return dpo_request(story, method, path, body)

    def show(step: str, expected: tuple[str, str]) -> None:
        found = _protection(story, sample.key, version)
        story.say(f"  {step:<52} legal hold {found[0]:<3}  retention={found[1]}")
        if found != expected:
            story.problems.append(f"{HELD_SAMPLE} {step} was {found}, not {expected}")

    claim = dpo(
        "POST",
        "/holds",
        {
            "reason": "legal-claim",
            "case_reference": "CLAIM-2026-017",
            "subject": {"caller_number": sample.metadata["caller-number"]},
        },
    )
    story.paragraph(
        f"POST /holds by caller number (hashed as at ingest, found with one index query): hold "
        f"{claim.get('hold_id')} covers {claim.get('total')} recording(s), "
        f"placed by {claim.get('placed_by')}, to be reviewed by {claim.get('review_on')} "
        "(six months for a legal claim: the notice promises three, so the DPO must decide again)."
    )
    show(f"after the legal-claim hold on {HELD_SAMPLE}:", HELD)
    threat = dpo(
        "POST", "/holds", {"reason": "threat", "case_reference": "SAFETY-88", "call_ids": [HELD_SAMPLE]}
    )
    show("after a second hold, for a threat, on the same call:", HELD)

    s3 = story.running.session.client("s3")
    try:
        s3.delete_object(Bucket=story.running.bucket, Key=sample.key, VersionId=version)
        story.problems.append(f"a held version of {HELD_SAMPLE} could be deleted")
        story.say(f"  {'deleting the held version by its version id:':<52} DELETED (this must not happen)")
    except ClientError as refused:
        story.say(
            f"  {'deleting the held version by its version id:':<52} "
            f"refused ({refused.response['Error']['Code']})"
        )

    reviewed = dpo(
        "POST", f"/holds/{claim.get('hold_id')}/review", {"decision": "release", "note": "claim settled"}
    )
    story.running.deliver()
    decisions = [review.get("decision") for review in reviewed.get("reviews", [])]
    story.paragraph(
        "POST /holds/{id}/review: the DPO reviews the legal claim, finds it settled and releases the hold "
        f"(reviews recorded: {', '.join(map(str, decisions)) or 'none'}; audited hold-reviewed)."
    )
    if decisions != ["release"]:
        story.problems.append(f"the review of hold {claim.get('hold_id')} was not recorded: {reviewed}")
    show("after reviewing and releasing the legal-claim hold:", HELD)
    dpo("POST", f"/holds/{threat.get('hold_id')}/release", {"note": "no further threat"})
    story.running.deliver()
    show("after releasing the threat hold, the last one:", ("OFF", "standard"))
    trail = dpo("GET", f"/audit?target=hold%23{claim.get('hold_id')}")
    story.paragraph(
        "The audit trail of the legal-claim hold (GET /audit): "
        + "; ".join(f"{e['action']} by {e['who']}" for e in reversed(trail.get("entries", [])))
    )


def _protection(story: DemoStory, key: str, version: str) -> tuple[str, str]:
    s3 = story.running.session.client("s3")
    bucket = story.running.bucket
    lock = s3.head_object(Bucket=bucket, Key=key, VersionId=version).get("ObjectLockLegalHoldStatus", "OFF")
    tags = {
        t["Key"]: t["Value"]
        for t in s3.get_object_tagging(Bucket=bucket, Key=key, VersionId=version)["TagSet"]
    }
    return lock, tags.get("retention", "-")
