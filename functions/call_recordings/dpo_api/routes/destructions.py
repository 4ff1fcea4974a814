"""/recordings/{call_id}/destroy, change: destroy an out-of-policy capture at once (the disclosure and
erasure function, the one that may invoke the eraser; deletion/destroying.py says why and how)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body, Path

from call_recordings.core.identifiers import CALL_ID_PATTERN
from call_recordings.core.observability import logger
from call_recordings.deletion.destroying import destroy_capture
from call_recordings.deletion.destruction_dependencies import DestructionDependencies
from call_recordings.dpo_api.dependencies import caller_principal, destruction_dependencies
from call_recordings.dpo_api.destruction_models import DestructionAnswer
from call_recordings.dpo_api.destruction_requests import DestructionBody
from call_recordings.dpo_api.models import answers

router = Router()


@router.post(
    "/recordings/<call_id>/destroy",
    summary="Destroy an out-of-policy capture",
    description=(
        "For a recording quarantined at ingest because it declares card or bank details, or the "
        "officer's leg of a transferred call (the privacy notice says neither is recorded): every "
        "version of the call id is deleted from S3 by its version id, with any delete marker of its "
        "key, and its registry item reduced to the tombstone (GET /recordings/{call_id} then answers "
        "410 recording-deleted). One audit entry per version, recording-destroyed, names the caller, "
        "the reason and the destruction. Refused with nothing changed: 409 recording-not-quarantined "
        "(an in-policy recording is erased at the data subject's request, POST /erasures), 409 "
        "recording-kept (a hold or restriction keeps a version: each is named), 404 "
        "recording-not-found, 410 recording-deleted. Done before the answer: 201 with status "
        "destroyed, refused (a hold or restriction reached a version meanwhile) or incomplete (an "
        "error stopped some versions: ask again)."
    ),
    responses=answers(
        {201: ("The destruction, done", DestructionAnswer)}, *(400, 403, 404, 409, 410, 413, 415)
    ),
    tags=["Recordings"],
)
def post_destruction(
    call_id: Annotated[str, Path(pattern=CALL_ID_PATTERN, description="The telephony system's call id")],
    body: Annotated[DestructionBody, Body()],
    deps: Annotated[DestructionDependencies, Depends(destruction_dependencies)],
) -> Response[DestructionAnswer]:
    destruction, outcomes = destroy_capture(
        call_id,
        reason=body.reason,
        note=body.note,
        requested_by=caller_principal(router.current_event),
        deps=deps,
    )
    logger.info(
        "Out-of-policy capture destroyed",
        extra={
            "destruction_id": destruction.destruction_id,
            "call_id": call_id,
            "status": destruction.status.value,
            "destroyed": destruction.destroyed,
        },
    )
    opened = deps.records.opened(destruction, destruction.destruction_id)
    return Response(
        status_code=201,
        content_type="application/json",
        body=DestructionAnswer.of(opened, outcomes).model_dump(mode="json"),
    )
