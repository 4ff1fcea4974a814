"""/sars, read: list subject access requests and report one (the reports function)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Query

from call_recordings.dpo_api.dependencies import sar_dependencies
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.routes.parameters import Limit, NextToken, SarId
from call_recordings.dpo_api.sar_models import (
    Preservation,
    SarDecisions,
    SarList,
    SarRecording,
    SarReport,
    SarSummary,
)
from call_recordings.subject_access.dependencies import SarDependencies
from call_recordings.subject_access.records import SarStatus, SubjectAccessRequest
from call_recordings.subject_access.reporting import get_sar, list_sars, sar_report

router = Router()

Dependencies = Annotated[SarDependencies, Depends(sar_dependencies)]

REPORT_PAGE = 100


def sar_answer(
    sar_id: str,
    deps: SarDependencies,
    *,
    limit: int = REPORT_PAGE,
    token: str | None = None,
    changed: SubjectAccessRequest | None = None,
) -> SarReport:
    """The SAR report as of today (London): its clock, its preservation and a page of its recordings.
    ``changed``: the SAR as a change (extend, pause, resume, close) saved it, not read again."""
    sar, hold, recordings, next_token = sar_report(sar_id, limit=limit, token=token, deps=deps, sar=changed)
    hold_ids = {hold_id for _, registered in recordings if registered for hold_id in registered.holds}
    reasons = {
        hold_id: found.reason
        for hold_id in sorted(hold_ids)
        if (found := hold if hold and hold.hold_id == hold_id else deps.holds.casework.hold(hold_id))
    }
    sar = deps.sars.opened(sar, sar.sar_id)  # its notes, shown for this one SAR
    return SarReport(
        **dict(SarSummary.of(sar, deps.today())),
        preservation=Preservation.of(hold) if hold else None,
        recordings=[SarRecording.of(version, registered, reasons) for version, registered in recordings],
        next_token=next_token,
    )


@router.get(
    "/sars",
    summary="List subject access requests, newest first",
    responses=answers({200: ("SARs, newest first", SarList)}, 400, 403),
    tags=["Subject access"],
)
def get_sar_list(
    deps: Dependencies,
    status: Annotated[SarStatus | None, Query(description="Only SARs in this status")] = None,
    overdue: Annotated[
        bool | None, Query(description="true: only overdue SARs; false: only those that are not")
    ] = None,
    limit: Limit = 50,
    next_token: NextToken = None,
) -> SarList:
    sars, token = list_sars(status=status, overdue=overdue, limit=limit, token=next_token, deps=deps)
    today = deps.today()
    return SarList(sars=[SarSummary.of(sar, today) for sar in sars], next_token=token)


@router.get(
    "/sars/<sar_id>",
    summary="The SAR report",
    description=(
        "Status, due date, overdue flag and working days left (London today); the preservation hold; "
        "and a page of the matched recording versions with their purpose, source, recording time, "
        "retention and the reasons they are kept."
    ),
    responses=answers({200: ("The SAR report", SarReport)}, 400, 403, 404),
    tags=["Subject access"],
)
def get_sar_report(
    sar_id: SarId, deps: Dependencies, limit: Limit = REPORT_PAGE, next_token: NextToken = None
) -> SarReport:
    return sar_answer(sar_id, deps, limit=limit, token=next_token)


def sar_decisions(sar_id: str, deps: SarDependencies) -> SarDecisions:
    """Every decision recorded on the SAR, and its versions still undecided."""
    get_sar(sar_id, deps)
    versions, decisions = deps.sars.matched_and_decided(sar_id)
    return SarDecisions(
        sar_id=sar_id,
        decisions=[decisions[key] for key in sorted(decisions)],
        undecided=[version for version in versions if version.key not in decisions],
    )


@router.get(
    "/sars/<sar_id>/decisions",
    summary="The DPO's decision on each recording, and what is undecided",
    responses=answers({200: ("Every decision on the SAR", SarDecisions)}, 400, 403, 404),
    tags=["Subject access"],
)
def get_sar_decisions(sar_id: SarId, deps: Dependencies) -> SarDecisions:
    return sar_decisions(sar_id, deps)
