"""/holds, read: list holds and report one (the reports function)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from call_recordings.core.identifiers import HOLD_ID_PATTERN
from call_recordings.dpo_api.dependencies import holds_dependencies
from call_recordings.dpo_api.hold_models import HoldList, HoldRecording, HoldReport, HoldSummary
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.routes.parameters import Limit, NextToken
from call_recordings.holds.dependencies import HoldsDependencies
from call_recordings.holds.reporting import hold_report
from call_recordings.holds.vocabulary import HoldStatus

router = Router()

Dependencies = Annotated[HoldsDependencies, Depends(holds_dependencies)]
HoldId = Annotated[str, Path(pattern=HOLD_ID_PATTERN, description="e.g. H-20261128-3F9A1C2B7D")]

REPORT_PAGE = 100


def hold_report_view(
    hold_id: str, deps: HoldsDependencies, *, limit: int = REPORT_PAGE, token: str | None = None
) -> HoldReport:
    """The hold and a page of the recording versions it covers, each with the hold's status on it."""
    hold, recordings, next_token = hold_report(hold_id, limit=limit, token=token, deps=deps)
    hold = deps.casework.opened(hold, hold_id)  # its notes, shown for this one hold
    return HoldReport(
        **dict(HoldSummary.of(hold, deps.today())),
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


@router.get(
    "/holds",
    summary="List holds, newest first",
    responses=answers({200: ("Holds, newest first", HoldList)}, 400, 403),
    tags=["Holds"],
)
def get_holds(
    deps: Dependencies,
    status: Annotated[HoldStatus | None, Query(description="Only holds in this status")] = None,
    review_overdue: Annotated[
        bool | None, Query(description="true: only holds in force past their review date (London today)")
    ] = None,
    limit: Limit = 50,
    next_token: NextToken = None,
) -> HoldList:
    today = deps.today()
    holds, token = deps.casework.holds(
        status=status,
        limit=limit,
        token=next_token,
        keep=(lambda hold: hold.is_review_overdue(today) == review_overdue)
        if review_overdue is not None
        else None,
    )
    return HoldList(holds=[HoldSummary.of(hold, today) for hold in holds], next_token=token)


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
    hold_id: HoldId, deps: Dependencies, limit: Limit = REPORT_PAGE, next_token: NextToken = None
) -> HoldReport:
    return hold_report_view(hold_id, deps, limit=limit, token=next_token)
