"""/restrictions, changes: restrict processing of recordings (UK GDPR Art 18), deciding a restriction
request or an upheld objection, and lift the restriction (the casework function)."""

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
from call_recordings.dpo_api.restriction_models import RestrictionReport
from call_recordings.dpo_api.restriction_requests import LiftRestrictionRequest, RestrictRequest
from call_recordings.dpo_api.routes.restriction_reports import RestrictionId, restriction_report
from call_recordings.restrictions.dependencies import RestrictionsDependencies
from call_recordings.restrictions.restricting import lift_restriction
from call_recordings.rights.dependencies import RightsDependencies
from call_recordings.rights.restricting import restrict_request

router = Router()

Dependencies = Annotated[RestrictionsDependencies, Depends(restrictions_dependencies)]


@router.post(
    "/restrictions",
    summary="Decide a restriction request by restricting (UK GDPR Art 18)",
    description=(
        "request_id names an open restriction request, or an objection (upholding it): without one, nothing "
        "is restricted (400 invalid-request, 404 rights-request-not-found, 409 decision-not-for-kind, "
        "request-paused, already-decided, rights-request-closed). Every version of the recordings the "
        "request names (by call ids, or its subject's keyed hashes within its dates) is kept under a hold "
        "with reason restriction (S3 Object Lock legal hold ON, tagged retention=restricted; hold_id names "
        "it) and marked restricted: left out of routine use (statistics; any export for quality and "
        "training) and refused to an erasure asked for by anyone until lifted. A restriction by subject "
        "records who asked (requester data-subject, by the keyed hashes, never shown); one by call ids has "
        "an unknown requester. grounds is one of Art 18(1)(a)-(d). 201 with the restriction and its "
        "recordings; 404 if nothing matches (the request stays undecided)."
    ),
    responses=answers({201: ("Restricted", RestrictionReport)}, *(400, 403, 404, 409, 413, 415)),
    tags=["Restrictions"],
)
def post_restriction(
    body: Annotated[RestrictRequest, Body()],
    deps: Dependencies,
    rights: Annotated[RightsDependencies, Depends(rights_dependencies)],
) -> Response[RestrictionReport]:
    _, restriction, versions = restrict_request(
        body.request_id,
        grounds=body.grounds,
        note=body.note,
        decided_by=caller_principal(router.current_event),
        deps=rights,
        restrictions=deps,
    )
    logger.info(
        "Processing restricted",
        extra={
            "restriction_id": restriction.restriction_id,
            "request_id": body.request_id,
            "total": restriction.total,
            "gone": restriction.gone,
        },
    )
    return Response(
        status_code=201,
        content_type="application/json",
        body=restriction_report(restriction, versions, deps.records).model_dump(mode="json"),
    )


@router.post(
    "/restrictions/<restriction_id>/lift",
    summary="Lift a restriction",
    description=(
        "UK GDPR Art 18(3): the person is told before the restriction is lifted, so subject_told_on is "
        "required and may not be after today (London). The restriction's hold is released: a recording no "
        "other hold keeps returns to its own retention (legal hold OFF) and to routine use; the audit "
        "trail records that the person was told, and when. Lifting twice: 409 restriction-already-lifted; "
        "while a large restriction's hold is still being placed: 409 restriction-still-placing."
    ),
    responses=answers({200: ("Lifted", RestrictionReport)}, *(400, 403, 404, 409, 413, 415)),
    tags=["Restrictions"],
)
def post_restriction_lift(
    restriction_id: RestrictionId, body: Annotated[LiftRestrictionRequest, Body()], deps: Dependencies
) -> RestrictionReport:
    lifted = lift_restriction(
        restriction_id,
        subject_told_on=body.subject_told_on,
        note=body.note,
        lifted_by=caller_principal(router.current_event),
        deps=deps,
    )
    logger.info("Restriction lifted", extra={"restriction_id": restriction_id})
    return restriction_report(lifted, deps.records.versions(restriction_id), deps.records)
