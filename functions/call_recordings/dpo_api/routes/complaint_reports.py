"""/complaints, read: list complaints (DPA 2018 s.164A) and show one (the reports function)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from call_recordings.complaints.dependencies import ComplaintsDependencies
from call_recordings.complaints.records import COMPLAINT_ID_PATTERN, Complaint, ComplaintStatus
from call_recordings.complaints.reporting import get_complaint
from call_recordings.dpo_api.complaint_models import ComplaintList, ComplaintView
from call_recordings.dpo_api.dependencies import complaints_dependencies
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.routes.parameters import Limit, NextToken

router = Router()

Dependencies = Annotated[ComplaintsDependencies, Depends(complaints_dependencies)]
ComplaintId = Annotated[str, Path(pattern=COMPLAINT_ID_PATTERN, description="e.g. CP-20261128-3F9A1C2B7D")]


def complaint_answer(complaint: Complaint, deps: ComplaintsDependencies) -> ComplaintView:
    """One complaint as of today (London), its summary and notes opened."""
    return ComplaintView.of(deps.records.opened(complaint, complaint.complaint_id), deps.today())


@router.get(
    "/complaints",
    summary="List complaints, newest logged first",
    description="Summaries and notes are null here; GET /complaints/{complaint_id} shows them.",
    responses=answers({200: ("Complaints, newest first", ComplaintList)}, 400, 403),
    tags=["Complaints"],
)
def get_complaints(
    deps: Dependencies,
    status: Annotated[ComplaintStatus | None, Query(description="Only complaints in this status")] = None,
    acknowledgement_overdue: Annotated[
        bool | None,
        Query(description="true: only those whose acknowledgement is overdue; false: only the others"),
    ] = None,
    limit: Limit = 50,
    next_token: NextToken = None,
) -> ComplaintList:
    today = deps.today()
    keep = (
        None
        if acknowledgement_overdue is None
        else lambda complaint: complaint.acknowledgement_overdue(today) is acknowledgement_overdue
    )
    found, token = deps.records.complaints(
        statuses=(status,) if status else None, keep=keep, limit=limit, token=next_token
    )
    return ComplaintList(complaints=[ComplaintView.of(each, today) for each in found], next_token=token)


@router.get(
    "/complaints/<complaint_id>",
    summary="A complaint",
    description=(
        "What it is about and says, when it was received, its acknowledgement (due, overdue, working days "
        "left), the progress the complainant was told of, the outcome, whether they were told of their "
        "right to go to the ICO, and the ICO's contact details as the privacy notice gives them."
    ),
    responses=answers({200: ("The complaint", ComplaintView)}, 400, 403, 404),
    tags=["Complaints"],
)
def get_complaint_report(complaint_id: ComplaintId, deps: Dependencies) -> ComplaintView:
    return complaint_answer(get_complaint(complaint_id, deps), deps)
