"""/disclosures, changes: record a disclosure outside the council, and close it (the rights function:
it places and releases the preservation hold; the package is the disclosure function's)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body

from call_recordings.core.observability import logger
from call_recordings.dpo_api.dependencies import caller_principal, disclosures_dependencies
from call_recordings.dpo_api.disclosure_models import DisclosureReport
from call_recordings.dpo_api.disclosure_requests import CloseDisclosureRequest, RecordDisclosureRequest
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.routes.disclosure_reports import disclosure_report
from call_recordings.dpo_api.routes.parameters import DisclosureId
from call_recordings.outside_disclosures.dependencies import DisclosuresDependencies
from call_recordings.outside_disclosures.recording import close_disclosure, record_disclosure

router = Router()

Dependencies = Annotated[DisclosuresDependencies, Depends(disclosures_dependencies)]


@router.post(
    "/disclosures",
    summary="Record a disclosure outside the council",
    description=(
        "The privacy notice shares recordings outside the council only when required by law, to prevent "
        "or detect crime or to protect public funds: lawful_basis is one of the three, each with the Data "
        "Protection Act 2018 provision relied on. Records the recipient organisation, its request_reference, "
        "who approved_by, and the recordings (by call_ids, or by a data subject's caller number and/or "
        "customer reference, hashed and never kept). Every version named is preserved under a hold with "
        "reason disclosure (S3 Object Lock legal hold) while the disclosure is open. Nothing is sent yet: "
        "POST /disclosures/{disclosure_id}/export makes the recipient's package, and from then on every "
        "subject access package lists this recipient for those recordings. 201; 404 if nothing matches."
    ),
    responses=answers({201: ("Recorded", DisclosureReport)}, *(400, 403, 404, 413, 415)),
    tags=["Outside disclosures"],
)
def post_disclosure(
    body: Annotated[RecordDisclosureRequest, Body()], deps: Dependencies
) -> Response[DisclosureReport]:
    disclosure = record_disclosure(
        body.disclosure_request(), recorded_by=caller_principal(router.current_event), deps=deps
    )
    logger.info(
        "Outside disclosure recorded",
        extra={
            "disclosure_id": disclosure.disclosure_id,
            "total": disclosure.total,
            "hold_id": disclosure.hold_id,
        },
    )
    return Response(
        status_code=201,
        content_type="application/json",
        body=disclosure_report(disclosure, deps).model_dump(mode="json"),
    )


@router.post(
    "/disclosures/<disclosure_id>/close",
    summary="Close an outside disclosure",
    description=(
        "The recipient's request is dealt with: the preservation hold is released, so each recording "
        "returns to its own retention unless another hold keeps it. The register keeps the record and "
        "who received each recording. Closing twice: 409 disclosure-closed; while a large preservation "
        "hold is still being placed: 409 disclosure-still-preserving."
    ),
    responses=answers({200: ("Closed", DisclosureReport)}, *(400, 403, 404, 409, 413, 415)),
    tags=["Outside disclosures"],
)
def post_disclosure_close(
    disclosure_id: DisclosureId,
    deps: Dependencies,
    body: Annotated[CloseDisclosureRequest | None, Body()] = None,
) -> DisclosureReport:
    closed = close_disclosure(
        disclosure_id,
        note=body.note if body else None,
        closed_by=caller_principal(router.current_event),
        deps=deps,
    )
    logger.info("Outside disclosure closed", extra={"disclosure_id": disclosure_id})
    return disclosure_report(closed, deps)
