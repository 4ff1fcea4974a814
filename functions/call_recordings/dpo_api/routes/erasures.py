"""/erasures and /requests/{id}/erase, change: decide an erasure request (or an upheld objection) by
erasing the person's recordings, refusing those a hold keeps (UK GDPR Art 17; the disclosure and erasure
function, the one that may invoke the eraser)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body

from call_recordings.core.observability import logger
from call_recordings.deletion.erasure_dependencies import SYNC_ERASURE_LIMIT, ErasureDependencies
from call_recordings.deletion.erasure_records import ErasedVersion, Erasure
from call_recordings.deletion.errors import NoRecordingsToErase
from call_recordings.dpo_api.dependencies import (
    caller_principal,
    erasure_dependencies,
    jobs_dependencies,
    rights_dependencies,
)
from call_recordings.dpo_api.erasure_models import ErasureReport
from call_recordings.dpo_api.erasure_requests import EraseRightsRequest, ErasureRequest
from call_recordings.dpo_api.job_models import JobAnswer
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.rights_report_models import RightsRequestReport
from call_recordings.dpo_api.routes.jobs import accepted
from call_recordings.dpo_api.routes.parameters import RightsRequestId
from call_recordings.dpo_api.routes.rights_reports import rights_answer
from call_recordings.jobs.records import Job
from call_recordings.jobs.running import JobsDependencies
from call_recordings.rights.dependencies import RightsDependencies
from call_recordings.rights.erasing import erase_request
from call_recordings.rights.records import RightsRequest

router = Router()

Dependencies = Annotated[ErasureDependencies, Depends(erasure_dependencies)]
Rights = Annotated[RightsDependencies, Depends(rights_dependencies)]
Jobs = Annotated[JobsDependencies, Depends(jobs_dependencies)]
ERASE_ERRORS = (400, 403, 404, 409, 413, 415)
ERASING = (
    "Every version of each recording the request's subject (the keyed hashes of their caller number and/or "
    "customer reference, within its dates) finds is deleted from S3 and its registry personal data "
    "removed, unless a hold keeps it: those are refused, each naming every hold with its reason, case "
    "reference and legal ground (e.g. a legal claim: UK GDPR Art 17(3)(e)). Done before the answer. The "
    "request must be an erasure request or an objection (upholding it), open, not paused (409 "
    "request-paused: e.g. proof of identity awaited), not closed (409 rights-request-closed) and not "
    "decided already (409 already-decided); an erasure that stopped half way (status incomplete) may be "
    "asked for again. Audited under the request and the erasure. More than "
    f"{SYNC_ERASURE_LIMIT} versions to erase: 202 with a job carrying it out (GET /jobs/{{job_id}}: its "
    "progress, and the erasure's report once done; the request records the decision then)."
)


@router.post(
    "/erasures",
    summary="Decide an erasure request by erasing",
    description=(
        f"{ERASING} request_id is required: without one, or naming a request of another kind, nothing is "
        "erased (400 invalid-request, 404 rights-request-not-found, 409 decision-not-for-kind). 201 with the "
        "erasure: status erased, partly-refused, refused, or incomplete; a person with no recording found "
        "answers 404 subject-has-no-recordings (the request records the decision, with nothing erased)."
    ),
    responses=answers(
        {201: ("The erasure, done", ErasureReport), 202: ("Carried out by a job", JobAnswer)}, *ERASE_ERRORS
    ),
    tags=["Erasures"],
)
def post_erasure(
    body: Annotated[ErasureRequest, Body()], deps: Dependencies, rights: Rights, jobs: Jobs
) -> Response[ErasureReport | JobAnswer]:
    decided, erasure, versions, job = _erase(body.request_id, body.note, deps, rights)
    if job is not None:
        return accepted(job, jobs)
    if erasure is None:  # decided, with nothing to erase: the request's report says so
        raise NoRecordingsToErase(decided.selection.identifiers)
    return Response(
        status_code=201,
        content_type="application/json",
        body=ErasureReport.of(deps.records.opened(erasure, erasure.erasure_id), versions).model_dump(
            mode="json"
        ),
    )


@router.post(
    "/requests/<request_id>/erase",
    summary="Decide an erasure request (or uphold an objection) by erasing",
    description=(
        f"{ERASING} 200 with the request's report: the decision and the erasure's versions (none when the "
        "person has no recording: nothing to erase)."
    ),
    responses=answers(
        {200: ("Decided and erased", RightsRequestReport), 202: ("Carried out by a job", JobAnswer)},
        *ERASE_ERRORS,
    ),
    tags=["Rights requests"],
)
def post_rights_request_erase(
    request_id: RightsRequestId,
    deps: Dependencies,
    rights: Rights,
    jobs: Jobs,
    body: Annotated[EraseRightsRequest | None, Body()] = None,
) -> Response[RightsRequestReport | JobAnswer]:
    decided, _, _, job = _erase(request_id, body.note if body else None, deps, rights)
    if job is not None:
        return accepted(job, jobs)
    return Response(
        status_code=200,
        content_type="application/json",
        body=rights_answer(decided, rights, deps).model_dump(mode="json"),
    )


def _erase(
    request_id: str, note: str | None, deps: ErasureDependencies, rights: RightsDependencies
) -> tuple[RightsRequest, Erasure | None, list[ErasedVersion], Job | None]:
    """Both routes' decision by erasing, by the caller, logged (a job's erasure as still erasing)."""
    decided, erasure, versions, job = erase_request(
        request_id, note=note, decided_by=caller_principal(router.current_event), deps=rights, erasure=deps
    )
    status = "erasing (a job)" if job is not None else erasure and erasure.status.value
    logger.info("Erasure decided", extra={"erasure_id": erasure and erasure.erasure_id, "status": status})
    return decided, erasure, versions, job
