"""/requests, changes: open an erasure, restriction, objection or rectification request; pause, resume,
extend and close it as a SAR; and decide it, but for erasure (the rights function; erasing is the
disclosure and erasure function's, POST /requests/{id}/erase)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body

from call_recordings.core.observability import logger
from call_recordings.dpo_api.dependencies import (
    caller_principal,
    restrictions_dependencies,
    rights_dependencies,
)
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.rights_models import RightsRequestSummary
from call_recordings.dpo_api.rights_requests import DecideRightsRequest, OpenRightsRequest, RightsRequestNote
from call_recordings.dpo_api.routes.parameters import RightsRequestId
from call_recordings.dpo_api.sar_requests import ExtendSarRequest, PauseSarRequest, ResumeSarRequest
from call_recordings.restrictions.dependencies import RestrictionsDependencies
from call_recordings.rights.changes import (
    close_rights_request,
    extend_rights_request,
    pause_rights_request,
    resume_rights_request,
)
from call_recordings.rights.deciding import rectify_request, refuse_request
from call_recordings.rights.dependencies import RightsDependencies
from call_recordings.rights.errors import DecisionIncomplete
from call_recordings.rights.opening import open_rights_request
from call_recordings.rights.records import RightsRequest
from call_recordings.rights.restricting import restrict_request

router = Router()

Dependencies = Annotated[RightsDependencies, Depends(rights_dependencies)]
CHANGE_ERRORS = (400, 403, 404, 409, 413, 415)
TAGS = ["Rights requests"]


def rights_answer(request: RightsRequest, deps: RightsDependencies) -> RightsRequestSummary:
    """The request as a change left it, as of today (London), its notes opened for this one request (its
    erasure's versions are the report's, GET /requests/{request_id})."""
    return RightsRequestSummary.of(deps.requests.opened(request, request.request_id), deps.today())


@router.post(
    "/requests",
    summary="Open an erasure, restriction, objection or rectification request",
    description=(
        "Log a request received on received_on: kind erasure (Art 17; names the subject), restriction "
        "(Art 18) or objection (Art 21; says in objection which processing) by subject or call_ids, or "
        "rectification (Art 16; names the call_ids and says in disputed what is wrong). The subject's "
        "identifiers are kept only as keyed hashes. Due one calendar month from receipt, or from "
        "identity_verified_on (ICO). Opening changes no recording: erasure and restriction happen when the "
        "request is decided."
    ),
    responses=answers({201: ("Opened", RightsRequestSummary)}, *CHANGE_ERRORS),
    tags=TAGS,
)
def post_rights_request(
    body: Annotated[OpenRightsRequest, Body()], deps: Dependencies
) -> Response[RightsRequestSummary]:
    opened = open_rights_request(
        body.rights_request(), opened_by=caller_principal(router.current_event), deps=deps
    )
    logger.info(
        "Rights request opened",
        extra={
            "request_id": opened.request_id,
            "kind": opened.right.value,
            "due_on": opened.due_on.isoformat(),
        },
    )
    return Response(
        status_code=201,
        content_type="application/json",
        body=rights_answer(opened, deps).model_dump(mode="json"),
    )


@router.post(
    "/requests/<request_id>/extend",
    summary="Extend the time to respond (complex request)",
    description=(
        "As a SAR's: due three months from the start instead of one (Art 12(3)), once, told to the "
        "requester (requester_told_on, default today) within the original month; later: 409 "
        "extension-too-late naming the original due date."
    ),
    responses=answers({200: ("Extended", RightsRequestSummary)}, *CHANGE_ERRORS),
    tags=TAGS,
)
def post_rights_request_extend(
    request_id: RightsRequestId, body: Annotated[ExtendSarRequest, Body()], deps: Dependencies
) -> RightsRequestSummary:
    changed = extend_rights_request(
        request_id,
        reason=body.reason,
        requester_told_on=body.requester_told_on,
        extended_by=caller_principal(router.current_event),
        deps=deps,
    )
    return rights_answer(changed, deps)


@router.post(
    "/requests/<request_id>/pause",
    summary="Stop the clock while waiting for the requester",
    description=(
        "As a SAR's: reason identity (the month runs from the day proof arrives) or clarification (Art 12A: "
        "the days from asking to the answer, both included, do not count). No decision while paused; a "
        "decided request is not paused (409 already-decided)."
    ),
    responses=answers({200: ("Paused", RightsRequestSummary)}, *CHANGE_ERRORS),
    tags=TAGS,
)
def post_rights_request_pause(
    request_id: RightsRequestId, body: Annotated[PauseSarRequest, Body()], deps: Dependencies
) -> RightsRequestSummary:
    changed = pause_rights_request(
        request_id,
        reason=body.reason,
        on=body.on,
        note=body.note,
        paused_by=caller_principal(router.current_event),
        deps=deps,
    )
    return rights_answer(changed, deps)


@router.post(
    "/requests/<request_id>/resume",
    summary="Start the clock again",
    description=(
        "The requester answered on 'on' (default today; not in the future). Not paused: 409 not-paused."
    ),
    responses=answers({200: ("Resumed", RightsRequestSummary)}, *CHANGE_ERRORS),
    tags=TAGS,
)
def post_rights_request_resume(
    request_id: RightsRequestId, deps: Dependencies, body: Annotated[ResumeSarRequest | None, Body()] = None
) -> RightsRequestSummary:
    changed = resume_rights_request(
        request_id, on=body.on if body else None, resumed_by=caller_principal(router.current_event), deps=deps
    )
    return rights_answer(changed, deps)


@router.post(
    "/requests/<request_id>/decide",
    summary="Decide the request (restrict, rectify or refuse)",
    description=(
        "restrict: a restriction request, or an objection upheld, on restriction_grounds (Art 18(1)(a)-(d)): "
        "the request's recordings are restricted now (as POST /restrictions). rectify: a rectification "
        "request: the statement is attached, sealed, to each call named and shown in every later SAR "
        "disclosure package of it (Art 16). refuse: on refusal_ground (one the kind allows: e.g. "
        "compelling-legitimate-grounds or legal-claims for an objection, Art 21(1)), with the reasons in "
        "note. To erase (an erasure request, or an objection upheld): POST /requests/{request_id}/erase. "
        "Refused with 409 while paused (request-paused), once closed (rights-request-closed) or decided "
        "(already-decided)."
    ),
    responses=answers({200: ("Decided", RightsRequestSummary)}, *CHANGE_ERRORS),
    tags=TAGS,
)
def post_rights_request_decide(
    request_id: RightsRequestId,
    body: Annotated[DecideRightsRequest, Body()],
    deps: Dependencies,
    restrictions: Annotated[RestrictionsDependencies, Depends(restrictions_dependencies)],
) -> RightsRequestSummary:
    decided_by = caller_principal(router.current_event)
    if body.decision == "restrict":
        if body.restriction_grounds is None:
            raise DecisionIncomplete(
                "restrict names restriction_grounds: which of UK GDPR Art 18(1)(a)-(d) applies"
            )
        decided, _, _ = restrict_request(
            request_id,
            grounds=body.restriction_grounds,
            note=body.note,
            decided_by=decided_by,
            deps=deps,
            restrictions=restrictions,
        )
    elif body.decision == "rectify":
        decided = rectify_request(
            request_id, statement=body.statement, note=body.note, decided_by=decided_by, deps=deps
        )
    else:
        if body.refusal_ground is None:
            raise DecisionIncomplete("refuse names refusal_ground")
        decided = refuse_request(
            request_id, ground=body.refusal_ground, note=body.note, decided_by=decided_by, deps=deps
        )
    logger.info("Rights request decided", extra={"request_id": request_id, "decision": body.decision})
    return rights_answer(decided, deps)


@router.post(
    "/requests/<request_id>/close",
    summary="Close the request",
    description=(
        "The person was told of the decision (or the request was withdrawn, or nothing is held): the "
        "clock stops for good. Closing twice: 409 rights-request-closed."
    ),
    responses=answers({200: ("Closed", RightsRequestSummary)}, *CHANGE_ERRORS),
    tags=TAGS,
)
def post_rights_request_close(
    request_id: RightsRequestId, deps: Dependencies, body: Annotated[RightsRequestNote | None, Body()] = None
) -> RightsRequestSummary:
    closed = close_rights_request(
        request_id,
        note=body.note if body else None,
        closed_by=caller_principal(router.current_event),
        deps=deps,
    )
    logger.info("Rights request closed", extra={"request_id": request_id})
    return rights_answer(closed, deps)
