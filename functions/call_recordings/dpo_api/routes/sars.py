"""/sars, changes: open subject access requests, and extend, pause, resume and close them (the casework
function)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body

from call_recordings.core.observability import logger
from call_recordings.dpo_api.dependencies import caller_principal, sar_dependencies
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.routes.parameters import SarId
from call_recordings.dpo_api.routes.sar_reports import sar_answer
from call_recordings.dpo_api.sar_models import SarReport
from call_recordings.dpo_api.sar_requests import (
    CloseSarRequest,
    ExtendSarRequest,
    OpenSarRequest,
    PauseSarRequest,
    ResumeSarRequest,
)
from call_recordings.subject_access.changes import extend_sar, pause_sar, resume_sar
from call_recordings.subject_access.closing import close_sar
from call_recordings.subject_access.dependencies import SarDependencies
from call_recordings.subject_access.opening import open_sar

router = Router()

Dependencies = Annotated[SarDependencies, Depends(sar_dependencies)]
CHANGE_ERRORS = (400, 403, 404, 409, 413, 415)


@router.post(
    "/sars",
    summary="Open a subject access request",
    description=(
        "Log a request received on received_on about a data subject (caller_number and/or customer_ref, "
        "optionally limited to London dates). The registry's subject indexes find every recording of the "
        "subject (one query per identifier), and each matched version is preserved under a hold with "
        "reason 'sar' (S3 Object Lock legal hold) while the request is open. Due one calendar month from "
        "receipt, or from identity_verified_on when proof of identity was asked for, on a working day "
        "(ICO). A request that matches no recording is still opened: the answer is that none is held."
    ),
    responses=answers({201: ("Opened", SarReport)}, *CHANGE_ERRORS),
    tags=["Subject access"],
)
def post_sar(body: Annotated[OpenSarRequest, Body()], deps: Dependencies) -> Response[SarReport]:
    sar, _hold = open_sar(body.sar_request(), opened_by=caller_principal(router.current_event), deps=deps)
    logger.info(
        "SAR opened",
        extra={
            "sar_id": sar.sar_id,
            "total": sar.total,
            "hold_id": sar.hold_id,
            "due_on": sar.due_on.isoformat(),
        },
    )
    return Response(
        status_code=201,
        content_type="application/json",
        body=sar_answer(sar.sar_id, deps).model_dump(mode="json"),
    )


@router.post(
    "/sars/<sar_id>/extend",
    summary="Extend the time to respond (complex request)",
    description=(
        "Two further months: due three calendar months from the start instead of one (Art 12(3)), once, "
        "with the reasons, which the requester must be told within the original month; requester_told_on "
        "(default today) records when. After the original due date, or told after it: 409 "
        "extension-too-late, naming that date, and the SAR stays as it was. A second extension answers "
        "409 already-extended."
    ),
    responses=answers({200: ("Extended", SarReport)}, *CHANGE_ERRORS),
    tags=["Subject access"],
)
def post_sar_extend(
    sar_id: SarId, body: Annotated[ExtendSarRequest, Body()], deps: Dependencies
) -> SarReport:
    extended = extend_sar(
        sar_id,
        reason=body.reason,
        requester_told_on=body.requester_told_on,
        extended_by=caller_principal(router.current_event),
        deps=deps,
    )
    logger.info("SAR extended", extra={"sar_id": sar_id})
    return sar_answer(sar_id, deps, changed=extended)


@router.post(
    "/sars/<sar_id>/pause",
    summary="Stop the clock while waiting for the requester",
    description=(
        "reason identity: proof of identity was asked for, and the time limit starts again when it "
        "arrives; reason clarification: the clock stops (Art 12A) and, on resuming, the due date moves by "
        "the days from the day asked to the day answered, both included. A request may be paused several "
        "times. 'on' defaults to today and may not be in the future, nor after the due date (409 "
        "paused-after-due)."
    ),
    responses=answers({200: ("Paused", SarReport)}, *CHANGE_ERRORS),
    tags=["Subject access"],
)
def post_sar_pause(sar_id: SarId, body: Annotated[PauseSarRequest, Body()], deps: Dependencies) -> SarReport:
    paused = pause_sar(
        sar_id,
        reason=body.reason,
        on=body.on,
        note=body.note,
        paused_by=caller_principal(router.current_event),
        deps=deps,
    )
    logger.info("SAR paused", extra={"sar_id": sar_id, "pause_reason": body.reason.value})
    return sar_answer(sar_id, deps, changed=paused)


@router.post(
    "/sars/<sar_id>/resume",
    summary="Start the clock again",
    description=(
        "The requester answered on 'on' (default today; not in the future). A SAR that is not paused "
        "answers 409 not-paused."
    ),
    responses=answers({200: ("Resumed", SarReport)}, *CHANGE_ERRORS),
    tags=["Subject access"],
)
def post_sar_resume(
    sar_id: SarId, deps: Dependencies, body: Annotated[ResumeSarRequest | None, Body()] = None
) -> SarReport:
    resumed = resume_sar(
        sar_id, on=body.on if body else None, resumed_by=caller_principal(router.current_event), deps=deps
    )
    logger.info("SAR resumed", extra={"sar_id": sar_id})
    return sar_answer(sar_id, deps, changed=resumed)


@router.post(
    "/sars/<sar_id>/close",
    summary="Close a subject access request",
    description=(
        "The request is answered (or withdrawn): its preservation hold is released, so each matched "
        "recording returns to its own retention unless another hold (a legal claim, a threat) keeps it. "
        "While a large preservation hold is still being placed: 409 sar-still-preserving."
    ),
    responses=answers({200: ("Closed", SarReport)}, *CHANGE_ERRORS),
    tags=["Subject access"],
)
def post_sar_close(
    sar_id: SarId, deps: Dependencies, body: Annotated[CloseSarRequest | None, Body()] = None
) -> SarReport:
    closed, hold = close_sar(
        sar_id, note=body.note if body else None, closed_by=caller_principal(router.current_event), deps=deps
    )
    logger.info("SAR closed", extra={"sar_id": sar_id, "hold_status": hold and hold.status.value})
    return sar_answer(sar_id, deps, changed=closed)
