"""The demo's chapter on restriction of processing (UK GDPR Art 18) and the anonymous statistics: a
caller's recording is restricted, so the sweeper keeps it and no month published later counts it; the
month already published stays as published (DESIGN section 10), so comparing its releases reveals
nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from call_recordings.core.retention import LONDON
from infra.local.demo_api import dpo_request

if TYPE_CHECKING:
    from infra.local.demo import DemoStory

RESTRICTED_SAMPLE = "C-0001"  # the resident needs the recording for a claim of their own
GROUNDS = "needed-by-subject-for-legal-claims"


def restrict_and_count(story: DemoStory) -> None:
    """Statistics for the samples' months, a restriction on one caller's recording, statistics again."""
    story.section("6. Restriction of processing, and the anonymous statistics")
    month = _month_of(story, RESTRICTED_SAMPLE)
    before = _month(story, month)
    story.paragraph(
        f"GET /statistics for {month}: counts by purpose and source, from the registry, with no personal "
        "data. A figure from 1 to 4, and any figure that would let one be worked out from the others, "
        "is suppressed; each month stands alone (no total across months). The month has ended, so this "
        f"first request publishes it: computed once, stored, published_at {before.get('published_at')}."
    )
    _show(story, before)

    upload = next(upload for upload in story.uploads if upload.call_id == RESTRICTED_SAMPLE)
    request = dpo_request(
        story,
        "POST",
        "/requests",
        {
            "kind": "restriction",
            "subject": {"caller_number": upload.metadata["caller-number"]},
            "received_on": story.now.astimezone(LONDON).date().isoformat(),
        },
    )
    restriction = dpo_request(
        story,
        "POST",
        "/restrictions",
        {
            "request_id": request.get("request_id"),
            "grounds": GROUNDS,
            "note": "needs the recording for a claim against a contractor",
        },
    )
    restricted = [each["call_id"] for each in restriction.get("recordings", [])]
    story.paragraph(
        f"The caller of {RESTRICTED_SAMPLE} needs the recording for a claim of their own, after its expiry "
        f"date: a restriction request ({request.get('request_id')}, POST /requests) decided by "
        f"POST /restrictions, {restriction.get('restriction_id')}, "
        f"{restriction.get('grounds_wording')}. "
        f"Restricted: {', '.join(restricted) or 'nothing'}. The recording is kept (the sweeper will not "
        "delete it) and is left out of routine use: no month published from now on counts it. The month "
        f"already published does not change: GET /statistics for {month} again answers the same release, "
        "so two answers cannot be compared to single the restricted recording out:"
    )
    if restricted != [RESTRICTED_SAMPLE]:
        story.problems.append(f"the restriction covered {restricted}, not [{RESTRICTED_SAMPLE}]")
    after = _month(story, month)
    _show(story, after)
    if after != before or not before:
        story.problems.append(
            f"{month}'s published statistics changed when {RESTRICTED_SAMPLE} was restricted"
        )


def _month_of(story: DemoStory, call_id: str) -> str:
    item = next(item for item in story.running.registry_items() if item["call_id"] == call_id)
    return str(item["recorded_month"])


def _month(story: DemoStory, month: str) -> dict:
    answer = dpo_request(story, "GET", f"/statistics?from={month}&to={month}")
    return (answer.get("months") or [{}])[0]


def _figure(figure: dict | None) -> str:
    if not figure:
        return "-"
    return "suppressed" if figure.get("suppressed") else str(figure.get("count"))


def _show(story: DemoStory, table: dict) -> None:
    from infra.local.demo import format_columns  # the demo module imports this chapter

    rows = [("month total", _figure(table.get("total")))]
    rows += [(f"purpose {name}", _figure(figure)) for name, figure in table.get("by_purpose", {}).items()]
    rows += [(f"source {name}", _figure(figure)) for name, figure in table.get("by_source", {}).items()]
    story.say(format_columns((f"{table.get('month', '?')}", "recordings"), rows))
    story.say()
