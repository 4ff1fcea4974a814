"""POST /recordings/search: the DPO's Find a recording by a person's caller number or customer reference
(finding/searching.py). The casework function's: it holds the subject key, and it writes the audit entry
every search makes. POST, so that the identifier is never in a URL nor in an access log."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body

from call_recordings.core.observability import logger
from call_recordings.dpo_api.dependencies import caller_principal, holds_dependencies
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.request_models import RecordingSearchRequest
from call_recordings.dpo_api.search_models import FoundRecording, RecordingSearchResult
from call_recordings.finding.searching import search_recordings
from call_recordings.holds.dependencies import HoldsDependencies

router = Router()


@router.post(
    "/recordings/search",
    summary="Find a person's recordings by caller number or customer reference",
    description=(
        "Exactly one of caller_number (any UK or international format) or customer_ref, normalised and "
        "hashed as at ingest and never kept; optional recorded_from/recorded_to London dates, inclusive. "
        "Answers the person's live recording versions (held, restricted and quarantined ones among them), "
        "newest first, a page at a time: each with its purpose, source, retention, expiry, holds, "
        "restrictions and flags. Deleted and erased versions never appear: their tombstones keep no "
        "identifier. A version is found only by the identifier its own upload carried (a reused call id "
        "is never followed). Every search, each page, is audited (recordings-searched) under "
        "search#<London date>: who, which kind of identifier, the dates, how many versions and which call "
        "ids were found; never the identifier itself. Neither is the next_token: pass it back with the "
        "same identifier and dates."
    ),
    responses=answers(
        {200: ("The person's recordings, newest first", RecordingSearchResult)}, 400, 403, 413, 415
    ),
    tags=["Recordings"],
)
def post_recording_search(
    body: Annotated[RecordingSearchRequest, Body()],
    deps: Annotated[HoldsDependencies, Depends(holds_dependencies)],
) -> RecordingSearchResult:
    page = search_recordings(
        body.search(),
        searched_by=caller_principal(router.current_event),
        limit=body.limit,
        token=body.next_token,
        deps=deps,
    )
    logger.info("Recordings searched", extra={"found": len(page.recordings)})
    return RecordingSearchResult(
        recordings=[FoundRecording.of(version) for version in page.recordings],
        next_token=page.next_token,
    )
