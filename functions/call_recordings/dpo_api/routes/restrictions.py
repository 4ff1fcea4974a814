"""/restrictions: restrict processing of recordings (UK GDPR Art 18) and lift the restriction."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from call_recordings.core.observability import logger
from call_recordings.core.versions import RecordingVersion
from call_recordings.dpo_api.dependencies import caller_principal, restrictions_dependencies
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.restriction_models import (
    LiftRestrictionRequest,
    RestrictedRecording,
    RestrictionList,
    RestrictionReport,
    RestrictionView,
    RestrictRequest,
)
from call_recordings.restrictions.errors import RestrictionNotFound
from call_recordings.restrictions.records import RESTRICTION_ID_PATTERN, Restriction
from call_recordings.restrictions.restricting import (
    RestrictionsDependencies,
    lift_restriction,
    restrict_processing,
)

router = Router()

Dependencies = Annotated[RestrictionsDependencies, Depends(restrictions_dependencies)]
RestrictionId = Annotated[str, Path(pattern=RESTRICTION_ID_PATTERN, description="e.g. R-20261128-3F9A1C2B7D")]


def _report(restriction: Restriction, versions: list[RecordingVersion]) -> RestrictionReport:
    return RestrictionReport(
        **dict(RestrictionView.of(restriction)),
        recordings=[
            RestrictedRecording(call_id=each.call_id, version_id=each.version_id, object_key=each.object_key)
            for each in versions
        ],
    )


@router.post(
    "/restrictions",
    summary="Restrict processing (UK GDPR Art 18)",
    description=(
        "Every version of the recordings named (by call ids, or by a data subject's caller number and/or "
        "customer reference within optional London dates) is kept but marked restricted: left out of "
        "routine use (statistics; any export for quality and training) until lifted. grounds is one of "
        "Art 18(1)(a)-(d). 201 with the restriction and its recordings; 404 if nothing matches."
    ),
    responses=answers({201: ("Restricted", RestrictionReport)}, *(400, 403, 404, 413, 415)),
    tags=["Restrictions"],
)
def post_restriction(
    body: Annotated[RestrictRequest, Body()], deps: Dependencies
) -> Response[RestrictionReport]:
    restriction, versions = restrict_processing(
        body.restriction_request(), restricted_by=caller_principal(router.current_event), deps=deps
    )
    logger.info(
        "Processing restricted",
        extra={
            "restriction_id": restriction.restriction_id,
            "total": restriction.total,
            "gone": restriction.gone,
        },
    )
    return Response(
        status_code=201,
        content_type="application/json",
        body=_report(restriction, versions).model_dump(mode="json"),
    )


@router.get(
    "/restrictions",
    summary="List restrictions, newest first",
    responses=answers({200: ("Restrictions, newest first", RestrictionList)}, 400, 403),
    tags=["Restrictions"],
)
def get_restrictions(
    deps: Dependencies,
    limit: Annotated[int, Query(ge=1, le=1000, description="At most this many")] = 50,
    next_token: Annotated[str | None, Query(max_length=4096, description="From the previous page")] = None,
) -> RestrictionList:
    found, token = deps.records.restrictions(limit=limit, token=next_token)
    return RestrictionList(restrictions=[RestrictionView.of(each) for each in found], next_token=token)


@router.get(
    "/restrictions/<restriction_id>",
    summary="A restriction and its recordings",
    responses=answers({200: ("The restriction", RestrictionReport)}, 400, 403, 404),
    tags=["Restrictions"],
)
def get_restriction(restriction_id: RestrictionId, deps: Dependencies) -> RestrictionReport:
    restriction = deps.records.restriction(restriction_id)
    if restriction is None:
        raise RestrictionNotFound(restriction_id)
    return _report(restriction, deps.records.versions(restriction_id))


@router.post(
    "/restrictions/<restriction_id>/lift",
    summary="Lift a restriction",
    description=(
        "UK GDPR Art 18(3): the person is told before the restriction is lifted, so subject_told_on is "
        "required and may not be after today (London). The recordings return to routine use; the audit "
        "trail records that the person was told, and when. Lifting twice: 409 restriction-already-lifted."
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
    return _report(lifted, deps.records.versions(restriction_id))
