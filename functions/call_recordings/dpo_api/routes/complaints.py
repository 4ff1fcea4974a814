"""/complaints, changes: log a complaint to the DPO and each step of handling it, as DPA 2018 s.164A
asks (the rights function): acknowledge within 30 days, keep the complainant informed, answer."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body

from call_recordings.complaints.complaining import (
    acknowledge_complaint,
    answer_complaint,
    log_complaint,
    note_progress,
    withdraw_complaint,
)
from call_recordings.complaints.dependencies import ComplaintsDependencies
from call_recordings.core.observability import logger
from call_recordings.dpo_api.complaint_models import ComplaintView
from call_recordings.dpo_api.complaint_requests import (
    AnswerRequest,
    DatedStep,
    LogComplaintRequest,
    ProgressRequest,
    WithdrawRequest,
)
from call_recordings.dpo_api.dependencies import caller_principal, complaints_dependencies
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.routes.complaint_reports import ComplaintId, complaint_answer

router = Router()

Dependencies = Annotated[ComplaintsDependencies, Depends(complaints_dependencies)]
TAGS = ["Complaints"]


@router.post(
    "/complaints",
    summary="Log a complaint (DPA 2018 s.164A)",
    description=(
        "received_on (not after today), what it is about (a SAR S-…, a rights request R-…, a recording by "
        "call id, or other), a summary (sealed; shown only by this complaint's own report) and, if known, "
        "the complainant's caller number and/or customer reference (kept only as keyed hashes). Its "
        "acknowledgement is due 30 days after receipt, on the next working day if that is a weekend or "
        "bank holiday. Complaints received before 19 June 2026 are accepted and held to the same 30 days "
        "(under_s164a false). 201 with the complaint."
    ),
    responses=answers({201: ("Logged", ComplaintView)}, *(400, 403, 413, 415)),
    tags=TAGS,
)
def post_complaint(
    body: Annotated[LogComplaintRequest, Body()], deps: Dependencies
) -> Response[ComplaintView]:
    complaint = log_complaint(
        body.complaint_request(), logged_by=caller_principal(router.current_event), deps=deps
    )
    logger.info("Complaint logged", extra={"complaint_id": complaint.complaint_id})
    return Response(
        status_code=201,
        content_type="application/json",
        body=complaint_answer(complaint, deps).model_dump(mode="json"),
    )


@router.post(
    "/complaints/<complaint_id>/acknowledge",
    summary="Record the acknowledgement",
    description=(
        "on: the day it was sent (today by default; not after today, not before receipt). Once only: "
        "409 complaint-already-acknowledged. A late acknowledgement is recorded as late."
    ),
    responses=answers({200: ("Acknowledged", ComplaintView)}, *(400, 403, 404, 409, 413, 415)),
    tags=TAGS,
)
def post_complaint_acknowledge(
    complaint_id: ComplaintId, body: Annotated[DatedStep, Body()], deps: Dependencies
) -> ComplaintView:
    complaint = acknowledge_complaint(
        complaint_id, on=body.on, acknowledged_by=caller_principal(router.current_event), deps=deps
    )
    return complaint_answer(complaint, deps)


@router.post(
    "/complaints/<complaint_id>/update",
    summary="Record that the complainant was told of progress",
    description="s.164A(4)(b): keep the complainant informed. note (sealed) says what they were told.",
    responses=answers({200: ("Progress noted", ComplaintView)}, *(400, 403, 404, 409, 413, 415)),
    tags=TAGS,
)
def post_complaint_update(
    complaint_id: ComplaintId, body: Annotated[ProgressRequest, Body()], deps: Dependencies
) -> ComplaintView:
    complaint = note_progress(
        complaint_id,
        on=body.on,
        note=body.note,
        noted_by=caller_principal(router.current_event),
        deps=deps,
    )
    return complaint_answer(complaint, deps)


@router.post(
    "/complaints/<complaint_id>/answer",
    summary="Record the outcome told to the complainant",
    description=(
        "outcome (upheld, partly-upheld, not-upheld), an optional note (sealed), and told_of_ico_right, "
        "required: whether the answer told them of their right to go to the ICO (400 "
        "ico-right-not-stated otherwise). An answer within the 30 days stands as the acknowledgement "
        "(ICO); after them, an unacknowledged complaint is refused (409 complaint-not-acknowledged)."
    ),
    responses=answers({200: ("Answered", ComplaintView)}, *(400, 403, 404, 409, 413, 415)),
    tags=TAGS,
)
def post_complaint_answer(
    complaint_id: ComplaintId, body: Annotated[AnswerRequest, Body()], deps: Dependencies
) -> ComplaintView:
    complaint = answer_complaint(
        complaint_id,
        on=body.on,
        outcome=body.outcome,
        note=body.note,
        told_of_ico_right=body.told_of_ico_right,
        answered_by=caller_principal(router.current_event),
        deps=deps,
    )
    return complaint_answer(complaint, deps)


@router.post(
    "/complaints/<complaint_id>/withdraw",
    summary="Record that the complainant withdrew the complaint",
    responses=answers({200: ("Withdrawn", ComplaintView)}, *(400, 403, 404, 409, 413, 415)),
    tags=TAGS,
)
def post_complaint_withdraw(
    complaint_id: ComplaintId, body: Annotated[WithdrawRequest, Body()], deps: Dependencies
) -> ComplaintView:
    complaint = withdraw_complaint(
        complaint_id,
        on=body.on,
        note=body.note,
        withdrawn_by=caller_principal(router.current_event),
        deps=deps,
    )
    return complaint_answer(complaint, deps)
