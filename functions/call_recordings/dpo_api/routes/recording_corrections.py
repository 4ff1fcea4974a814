"""/recordings/{call_id}/purpose and /source: the DPO re-purposes a recording, or corrects where its
information came from (corrections/correcting.py), with the reason; audited under recording#<call_id>."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body, Path

from call_recordings.core.identifiers import CALL_ID_PATTERN
from call_recordings.core.observability import logger
from call_recordings.corrections.correcting import CorrectedField, CorrectionDependencies, correct_recording
from call_recordings.dpo_api.correction_models import CorrectionReport
from call_recordings.dpo_api.correction_requests import CorrectSourceRequest, RepurposeRequest
from call_recordings.dpo_api.dependencies import caller_principal, correction_dependencies
from call_recordings.dpo_api.models import answers

router = Router()

CallId = Annotated[str, Path(pattern=CALL_ID_PATTERN, description="The telephony system's call id")]
Dependencies = Annotated[CorrectionDependencies, Depends(correction_dependencies)]

_WHAT_IT_DOES = (
    "Sets it on every live version of the call id (or on version_id alone) in the registry and in each "
    "version's S3 tags, registry first, and clears the review flags the correction answers ({flags}). "
    "The retention date does not change (3 calendar months from the date of recording, whatever the "
    "purpose; only a hold keeps a recording longer), nor does any month of statistics already published. "
    "reason is required (free text, at most 500 characters, no phone number: it is kept in clear in the "
    "audit trail). One audit entry ({action}) under recording#<call_id> names the caller, the reason and "
    "each version's old and new value. Refused: a version under a restriction of processing (409 "
    "recording-restricted: Art 18(2) allows storing it only), a value the recording already has (409 "
    "correction-changes-nothing), an unknown call id or version (404), a deleted recording (410)."
)


@router.post(
    "/recordings/<call_id>/purpose",
    summary="Re-purpose a recording",
    description="The purpose is one of the privacy notice's four (never unspecified). "
    + _WHAT_IT_DOES.format(flags="purpose-unknown", action="recording-repurposed"),
    responses=answers({200: ("Re-purposed", CorrectionReport)}, *(400, 403, 404, 409, 410, 413, 415)),
    tags=["Recordings"],
)
def post_recording_purpose(
    call_id: CallId, body: Annotated[RepurposeRequest, Body()], deps: Dependencies
) -> CorrectionReport:
    return _corrected(call_id, CorrectedField.PURPOSE, body.purpose.value, body.reason, body.version_id, deps)


@router.post(
    "/recordings/<call_id>/source",
    summary="Correct where a recording's information came from",
    description="The source is one of the privacy notice's four (never unspecified). "
    + _WHAT_IT_DOES.format(flags="source-missing, source-unknown", action="recording-source-corrected"),
    responses=answers({200: ("Corrected", CorrectionReport)}, *(400, 403, 404, 409, 410, 413, 415)),
    tags=["Recordings"],
)
def post_recording_source(
    call_id: CallId, body: Annotated[CorrectSourceRequest, Body()], deps: Dependencies
) -> CorrectionReport:
    return _corrected(call_id, CorrectedField.SOURCE, body.source.value, body.reason, body.version_id, deps)


def _corrected(
    call_id: str,
    field: CorrectedField,
    value: str,
    reason: str,
    version_id: str | None,
    deps: CorrectionDependencies,
) -> CorrectionReport:
    correction = correct_recording(
        call_id,
        field,
        value,
        reason=reason,
        corrected_by=caller_principal(router.current_event),
        version_id=version_id,
        deps=deps,
    )
    logger.info(
        "Recording corrected",
        extra={"call_id": call_id, "field": field.value, "versions": len(correction.versions)},
    )
    return CorrectionReport.of(correction)
