"""/holds, changes: place, review and release legal holds (the casework function)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body, Header

from call_recordings.core.observability import logger
from call_recordings.dpo_api.dependencies import caller_principal, holds_dependencies
from call_recordings.dpo_api.hold_models import HoldReport
from call_recordings.dpo_api.hold_requests import PlaceHoldRequest, ReleaseHoldRequest, ReviewHoldRequest
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.routes.hold_reports import HoldId, hold_report_view
from call_recordings.holds.dependencies import HoldsDependencies
from call_recordings.holds.errors import HoldReasonReserved
from call_recordings.holds.hold import Hold
from call_recordings.holds.placing import place_hold
from call_recordings.holds.releasing import release_hold
from call_recordings.holds.review import ReviewDecision
from call_recordings.holds.reviewing import review_hold
from call_recordings.holds.vocabulary import RESERVED_REASONS, HoldReason, HoldStatus

router = Router()

Dependencies = Annotated[HoldsDependencies, Depends(holds_dependencies)]


def _answer(
    hold: Hold, deps: HoldsDependencies, *, done: HoldStatus, done_status: int
) -> Response[HoldReport]:
    """The hold report: with ``done_status`` when the work is done, 202 while it goes on through the queue."""
    status = done_status if hold.status is done else 202
    return Response(
        status_code=status,
        content_type="application/json",
        body=hold_report_view(hold.hold_id, deps).model_dump(mode="json"),
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
        "Idempotency-Key returns the same hold. Reasons sar and restriction are the system's (POST /sars, "
        "POST /restrictions): 400 hold-reason-reserved. Every hold has a review date (review_on): given, "
        "after today and within 12 months, or by default 6 months for a legal claim or a threat and 3 for "
        "a complaint; the daily reminder lists holds due for review."
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
    if body.reason in RESERVED_REASONS:
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


@router.post(
    "/holds/<hold_id>/release",
    summary="Release a hold",
    description=(
        "The hold comes off every version it covers; a version no other hold covers goes back to its "
        "retention class (legal hold OFF) and falls due on its expiry date, or at once if that has "
        "passed. 200 when done, 202 while a large hold is released through the work queue. A hold "
        "still being placed cannot be released yet (409 hold-still-placing); one released already "
        "answers 409 hold-already-released. A restriction's hold is released only by lifting the "
        "restriction (400 hold-reason-reserved)."
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
    held = deps.casework.hold(hold_id)
    if held is not None and held.reason is HoldReason.RESTRICTION:
        raise HoldReasonReserved(held.reason.value, releasing=True)
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


@router.post(
    "/holds/<hold_id>/review",
    summary="Review a hold: keep it until a new date, or release it",
    description=(
        "The notice promises three months; a hold keeps recordings longer only while its reason stands. "
        "decision keep: review_on (after today, within 12 months) becomes the next review date; decision "
        "release: the hold is released as POST /holds/{hold_id}/release does (200, or 202 through the work "
        "queue). The note (why) is required, kept sealed with the hold. Audited (hold-reviewed). A SAR's "
        "or a restriction's hold ends with its request: 409 hold-not-reviewable; a hold released already: "
        "409 hold-already-released."
    ),
    responses=answers(
        {200: ("Reviewed", HoldReport), 202: ("Released, through the work queue", HoldReport)},
        *(400, 403, 404, 409, 413, 415),
    ),
    tags=["Holds"],
)
def post_hold_review(
    hold_id: HoldId, body: Annotated[ReviewHoldRequest, Body()], deps: Dependencies
) -> Response[HoldReport]:
    hold = review_hold(
        hold_id,
        decision=body.decision,
        review_on=body.review_on,
        note=body.note,
        reviewed_by=caller_principal(router.current_event),
        deps=deps,
    )
    logger.info(
        "Hold reviewed",
        extra={"hold_id": hold.hold_id, "decision": body.decision.value, "status": hold.status.value},
    )
    if body.decision is ReviewDecision.KEEP:
        return _answer(hold, deps, done=hold.status, done_status=200)
    return _answer(hold, deps, done=HoldStatus.RELEASED, done_status=200)
