"""/requests, read: list erasure, restriction, objection and rectification requests, and report one (the
reports function)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Query

from call_recordings.deletion.erasure_dependencies import ErasureDependencies
from call_recordings.dpo_api.dependencies import erasure_dependencies, rights_dependencies
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.rights_models import RightsRequestList, RightsRequestSummary
from call_recordings.dpo_api.rights_report_models import RightsRequestReport
from call_recordings.dpo_api.routes.parameters import Limit, NextToken, RightsRequestId
from call_recordings.rights.dependencies import RightsDependencies
from call_recordings.rights.records import RightsKind, RightsRequest, RightsRequestStatus
from call_recordings.rights.reporting import get_rights_request, list_rights_requests

router = Router()

Dependencies = Annotated[RightsDependencies, Depends(rights_dependencies)]


def rights_answer(
    request: RightsRequest, deps: RightsDependencies, erasures: ErasureDependencies
) -> RightsRequestReport:
    """The report as of today (London), its notes opened for this one request, with its erasure's
    versions."""
    opened = deps.requests.opened(request, request.request_id)
    versions = erasures.records.erased_versions(request.erasure_id) if request.erasure_id else []
    return RightsRequestReport(
        **dict(RightsRequestSummary.of(opened, deps.today())), erased_recordings=versions
    )


@router.get(
    "/requests",
    summary="List erasure, restriction, objection and rectification requests",
    description=(
        "Newest first within each kind; without kind, every kind one after another (erasure, restriction, "
        "objection, rectification). Filter by status and by overdue (London today). Notes are not shown in "
        "a list."
    ),
    responses=answers({200: ("Rights requests", RightsRequestList)}, 400, 403),
    tags=["Rights requests"],
)
def get_rights_request_list(
    deps: Dependencies,
    kind: Annotated[RightsKind | None, Query(description="Only requests of this kind")] = None,
    status: Annotated[RightsRequestStatus | None, Query(description="Only requests in this status")] = None,
    overdue: Annotated[
        bool | None, Query(description="true: only overdue requests; false: only those that are not")
    ] = None,
    limit: Limit = 50,
    next_token: NextToken = None,
) -> RightsRequestList:
    found, token = list_rights_requests(
        right=kind, status=status, overdue=overdue, limit=limit, token=next_token, deps=deps
    )
    today = deps.today()
    return RightsRequestList(
        requests=[RightsRequestSummary.of(each, today) for each in found], next_token=token
    )


@router.get(
    "/requests/<request_id>",
    summary="The rights request report",
    description=(
        "Its clock (received, identity verified, each paused period, the extension and when the requester "
        "was told, the due date, overdue and working days left), the decision with its ground and reasons, "
        "and what was carried out: the erasure with each version erased or refused (naming the hold and its "
        "ground), the restriction, or the supplementary statement and the calls it is attached to."
    ),
    responses=answers({200: ("The report", RightsRequestReport)}, 400, 403, 404),
    tags=["Rights requests"],
)
def get_rights_request_report(
    request_id: RightsRequestId,
    deps: Dependencies,
    erasures: Annotated[ErasureDependencies, Depends(erasure_dependencies)],
) -> RightsRequestReport:
    return rights_answer(get_rights_request(request_id, deps), deps, erasures)
