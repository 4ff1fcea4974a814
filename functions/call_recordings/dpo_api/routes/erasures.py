"""/erasures, change: erase a data subject's recordings, refusing those a hold keeps (UK GDPR Art 17; the
disclosure and erasure function, the one that may invoke the eraser)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body

from call_recordings.core.observability import logger
from call_recordings.deletion.erasing import request_erasure
from call_recordings.deletion.erasure_dependencies import ErasureDependencies
from call_recordings.dpo_api.dependencies import caller_principal, erasure_dependencies
from call_recordings.dpo_api.erasure_models import ErasureReport
from call_recordings.dpo_api.erasure_requests import ErasureRequest
from call_recordings.dpo_api.models import answers

router = Router()

Dependencies = Annotated[ErasureDependencies, Depends(erasure_dependencies)]


@router.post(
    "/erasures",
    summary="Erase a data subject's recordings",
    description=(
        "Every version of each recording the subject's caller number and/or customer reference finds "
        "(within optional London dates) is deleted from S3 (every registered version, by its version "
        "id) and its registry personal data removed, unless a hold keeps it. Versions under a hold are "
        "refused, each naming every hold with its reason, case reference and legal ground (a legal "
        "claim or threat: UK GDPR Art 17(3)(e)). Done before the answer: 201 with status erased, "
        "partly-refused, refused, or incomplete (an error stopped some versions: ask again). A subject "
        "with no recording found answers 404 subject-has-no-recordings. Audited."
    ),
    responses=answers({201: ("The erasure, done", ErasureReport)}, *(400, 403, 404, 413, 415)),
    tags=["Erasures"],
)
def post_erasure(body: Annotated[ErasureRequest, Body()], deps: Dependencies) -> Response[ErasureReport]:
    erasure, versions = request_erasure(
        body.selection(), requested_by=caller_principal(router.current_event), note=body.note, deps=deps
    )
    logger.info(
        "Erasure done",
        extra={
            "erasure_id": erasure.erasure_id,
            "status": erasure.status.value,
            "erased": erasure.erased,
            "refused": erasure.refused,
            "failed": erasure.failed,
        },
    )
    return Response(
        status_code=201,
        content_type="application/json",
        body=ErasureReport.of(deps.records.opened(erasure, erasure.erasure_id), versions).model_dump(
            mode="json"
        ),
    )
