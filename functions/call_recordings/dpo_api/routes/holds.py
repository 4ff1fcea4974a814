"""/holds: place, list, report and release legal holds."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query

from call_recordings.core.identifiers import HOLD_ID_PATTERN
from call_recordings.core.observability import logger
from call_recordings.dpo_api.dependencies import caller_principal, holds_dependencies
from call_recordings.dpo_api.models import (
    HoldList,
    HoldRecording,
    HoldReport,
    HoldSummary,
    PlaceHoldRequest,
    ReleaseHoldRequest,
    answers,
)
from call_recordings.holds.dependencies import HoldsDependencies
from call_recordings.holds.errors import HoldReasonReserved
from call_recordings.holds.placing import place_hold
from call_recordings.holds.records import Hold
from call_recordings.holds.releasing import release_hold
from call_recordings.holds.reporting import hold_report
from call_recordings.holds.vocabulary import HoldReason, HoldStatus

router = Router()

Dependencies = Annotated[HoldsDependencies, Depends(holds_dependencies)]
HoldId = Annotated[str, Path(pattern=HOLD_ID_PATTERN, description="e.g. H-20261128-3F9A1C2B7D")]
Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many items")]
NextToken = Annotated[str | None, Query(max_length=4096, description="From the previous page")]

_REPORT_PAGE = 100


def _report(
    hold_id: str, deps: HoldsDependencies, *, limit: int = _REPORT_PAGE, token: str | None = None
) -> HoldReport:
    hold, recordings, next_token = hold_report(hold_id, limit=limit, token=token, deps=deps)
    return HoldReport(
        **dict(HoldSummary.of(hold)),
        recordings=[
            HoldRecording(
                call_id=version.call_id,
                version_id=version.version_id,
                object_key=version.object_key,
                status=status,
            )
            for version, status in recordings
        ],
        next_token=next_token,
    )


def _answer(
    hold: Hold, deps: HoldsDependencies, *, done: HoldStatus, done_status: int
) -> Response[HoldReport]:
    """The hold report: with ``done_status`` when the work is done, 202 while it goes on through the queue."""
    status = done_status if hold.status is done else 202
    return Response(
        status_code=status,
        content_type="application/json",
        body=_report(hold.hold_id, deps).model_dump(mode="json"),
    )


@router.post(
    "/holds",
    summary="Place a legal hold",
    description=(
        "Every version of the recordings named (by call ids, or by a data subject's caller number "
        "and/or customer reference within optional London dates) is put under an S3 Object Lock legal "
        "hold and tagged retention=hold. A hold over up to 100 versions is placed before the answer "
        "(201); a larger one answers 202 at once and GET /holds/{hold_id} shows its progress. "
        "Unknown call ids: 404 naming them, nothing held. The same request with the same "
        "Idempotency-Key returns the same hold."
    ),
    responses=answers(
        {
            201: ("Placed: every version is held", HoldReport),
            202: ("Being placed through the work queue", HoldReport),
        },
        *(400, 403, 404, 409, 413, 415),
    ),
    tags=["Holds"],
)
def post_hold(
    body: Annotated[PlaceHoldRequest, Body()],
    deps: Dependencies,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=128,
            description="Repeat a request safely: the same key and body return the same hold",
        ),
    ] = None,
) -> Response[HoldReport]:
    if body.reason is HoldReason.SAR:
        raise HoldReasonReserved(body.reason.value)
    hold = place_hold(
        body.hold_request(),
        placed_by=caller_principal(router.current_event),
        idempotency_key=idempotency_key,
        deps=deps,
    )
    logger.info(
        "Hold placed", extra={"hold_id": hold.hold_id, "status": hold.status.value, "total": hold.total}
    )
    return _answer(hold, deps, done=HoldStatus.ACTIVE, done_status=201)


@router.get(
    "/holds",
    summary="List holds, newest first",
    responses=answers({200: ("Holds, newest first", HoldList)}, 400, 403),
    tags=["Holds"],
)
def get_holds(
    deps: Dependencies,
    status: Annotated[HoldStatus | None, Query(description="Only holds in this status")] = None,
    limit: Limit = 50,
    next_token: NextToken = None,
) -> HoldList:
    holds, token = deps.casework.holds(status=status, limit=limit, token=next_token)
    return HoldList(holds=[HoldSummary.of(hold) for hold in holds], next_token=token)


@router.get(
    "/holds/<hold_id>",
    summary="The hold report",
    description=(
        "Who placed the hold, when, why, for which case; its status and progress (held of total); "
        "and a page of the recording versions it covers, each with the hold's status on it."
    ),
    responses=answers({200: ("The hold report", HoldReport)}, 400, 403, 404),
    tags=["Holds"],
)
def get_hold(
    hold_id: HoldId, deps: Dependencies, limit: Limit = _REPORT_PAGE, next_token: NextToken = None
) -> HoldReport:
    return _report(hold_id, deps, limit=limit, token=next_token)


@router.post(
    "/holds/<hold_id>/release",
    summary="Release a hold",
    description=(
        "The hold comes off every version it covers; a version no other hold covers goes back to its "
        "retention class (legal hold OFF) and falls due on its expiry date, or at once if that has "
        "passed. 200 when done, 202 while a large hold is released through the work queue. A hold "
        "still being placed cannot be released yet (409 hold-still-placing); one released already "
        "answers 409 hold-already-released."
    ),
    responses=answers(
        {200: ("Released", HoldReport), 202: ("Being released through the work queue", HoldReport)},
        *(400, 403, 404, 409, 413, 415),
    ),
    tags=["Holds"],
)
def post_hold_release(
    hold_id: HoldId, deps: Dependencies, body: Annotated[ReleaseHoldRequest | None, Body()] = None
) -> Response[HoldReport]:
    hold = release_hold(
        hold_id,
        released_by=caller_principal(router.current_event),
        note=body.note if body else None,
        deps=deps,
    )
    logger.info(
        "Hold released", extra={"hold_id": hold.hold_id, "status": hold.status.value, "total": hold.total}
    )
    return _answer(hold, deps, done=HoldStatus.RELEASED, done_status=200)
