"""/erasures/{erasure_id}: what an erasure erased and what it refused, with why (the reports function)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Path

from call_recordings.deletion.erasure_dependencies import ErasureDependencies
from call_recordings.deletion.erasure_records import ERASURE_ID_PATTERN
from call_recordings.deletion.errors import ErasureNotFound
from call_recordings.dpo_api.dependencies import erasure_dependencies
from call_recordings.dpo_api.erasure_models import ErasureReport
from call_recordings.dpo_api.models import answers

router = Router()

Dependencies = Annotated[ErasureDependencies, Depends(erasure_dependencies)]


@router.get(
    "/erasures/<erasure_id>",
    summary="An erasure: what was erased and what was refused, with why",
    responses=answers({200: ("The erasure", ErasureReport)}, 400, 403, 404),
    tags=["Erasures"],
)
def get_erasure(
    erasure_id: Annotated[str, Path(pattern=ERASURE_ID_PATTERN, description="e.g. E-20261128-3F9A1C2B7D")],
    deps: Dependencies,
) -> ErasureReport:
    erasure = deps.records.erasure(erasure_id)
    if erasure is None:
        raise ErasureNotFound(erasure_id)
    erasure = deps.records.opened(erasure, erasure_id)  # its note, shown for this one erasure
    return ErasureReport.of(erasure, deps.records.erased_versions(erasure_id))
