"""/restrictions, read: list restrictions of processing and report one (the reports function)."""

from typing import TYPE_CHECKING, Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from call_recordings.core.versions import RecordingVersion
from call_recordings.dpo_api.dependencies import restrictions_dependencies
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.restriction_models import (
    RestrictedRecording,
    RestrictionList,
    RestrictionReport,
    RestrictionView,
)
from call_recordings.restrictions.dependencies import RestrictionsDependencies
from call_recordings.restrictions.errors import RestrictionNotFound
from call_recordings.restrictions.records import RESTRICTION_ID_PATTERN, Restriction

if TYPE_CHECKING:  # the adapter (and boto3's DynamoDB types) stay out of the handler's cold import
    from call_recordings.restrictions.adapters.restriction_records import RestrictionRecords

router = Router()

Dependencies = Annotated[RestrictionsDependencies, Depends(restrictions_dependencies)]
RestrictionId = Annotated[str, Path(pattern=RESTRICTION_ID_PATTERN, description="e.g. R-20261128-3F9A1C2B7D")]


def restriction_report(
    restriction: Restriction, versions: list[RecordingVersion], records: "RestrictionRecords"
) -> RestrictionReport:
    """One restriction, its notes opened (records.opened), and its recordings."""
    return RestrictionReport(
        **dict(RestrictionView.of(records.opened(restriction, restriction.restriction_id))),
        recordings=[
            RestrictedRecording(call_id=each.call_id, version_id=each.version_id, object_key=each.object_key)
            for each in versions
        ],
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
    return restriction_report(restriction, deps.records.versions(restriction_id), deps.records)
