"""/sars/{sar_id}/decisions, change: the DPO's decision on each recording before the package is made
(the casework function; GET is the reports function's, in sar_reports)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body

from call_recordings.core.observability import logger
from call_recordings.dpo_api.dependencies import caller_principal, sar_dependencies
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.routes.parameters import SarId
from call_recordings.dpo_api.routes.sar_reports import sar_decisions
from call_recordings.dpo_api.sar_models import SarDecisions
from call_recordings.dpo_api.sar_requests import DecideRecordingsRequest
from call_recordings.subject_access.deciding import decide_recordings
from call_recordings.subject_access.dependencies import SarDependencies

router = Router()


@router.post(
    "/sars/<sar_id>/decisions",
    summary="Decide, per recording, whether it is disclosed",
    description=(
        "For each call (every version the SAR matched) or one version of it: disclose (in the package "
        "as it is), or withhold with the exemption: other-people (DPA 2018 Sch 2 para 16: other people's "
        "voices and data, UK GDPR Art 15(4)), crime (Sch 2 para 2), legal-privilege (Sch 2 para 19). "
        "A later decision on a version replaces the earlier one, until the SAR is closed. The package "
        "(POST /sars/{sar_id}/export) holds only what is decided disclose, lists how many were withheld "
        "under each exemption (never which), and is refused while any version is undecided. A call the "
        "SAR did not match: 400 not-matched-by-sar, nothing recorded. Audited by counts."
    ),
    responses=answers({200: ("Every decision on the SAR", SarDecisions)}, *(400, 403, 404, 409, 413, 415)),
    tags=["Subject access"],
)
def post_sar_decisions(
    sar_id: SarId,
    body: Annotated[DecideRecordingsRequest, Body()],
    deps: Annotated[SarDependencies, Depends(sar_dependencies)],
) -> SarDecisions:
    decide_recordings(
        sar_id,
        [each.decision_request() for each in body.decisions],
        decided_by=caller_principal(router.current_event),
        deps=deps,
    )
    logger.info("SAR recordings decided", extra={"sar_id": sar_id, "decisions": len(body.decisions)})
    return sar_decisions(sar_id, deps)
