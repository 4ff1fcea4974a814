"""What every route of the DPO API shares in its answers: the one error body, and the OpenAPI responses
of a route (its successful answers and the errors it may give). The request and answer bodies of each
resource are in a module of their own (``hold_models``, ``hold_requests``, ...), so that a function
imports, and builds, only the bodies of its own routes."""

from typing import Any

from pydantic import Field

from call_recordings.core.models import BaseModel

JSON_MEDIA_TYPE = "application/json"


class ErrorDetail(BaseModel):
    code: str
    message: str
    call_ids: list[str] | None = Field(
        default=None, description="The unknown call ids (recordings-not-found)"
    )


class ErrorBody(BaseModel):
    error: ErrorDetail


def answers(success: dict[int, tuple[str, type[BaseModel]]], *errors: int) -> dict[int, dict[str, Any]]:
    """A route's OpenAPI responses: its successful answers, and the errors it may give, all of which
    share one shape (ErrorBody)."""
    documented = {
        status: {"description": description, "content": {JSON_MEDIA_TYPE: {"model": model}}}
        for status, (description, model) in success.items()
    }
    error = {JSON_MEDIA_TYPE: {"model": ErrorBody}}
    failed = {status: {"description": _ERROR_DESCRIPTIONS[status], "content": error} for status in errors}
    return documented | failed


def with_csv(
    responses: dict[int, dict[str, Any]], status: int, description: str
) -> dict[int, dict[str, Any]]:
    """The same responses, the answer of ``status`` also offered as ``text/csv`` (Accept: text/csv)."""
    answer = responses[status]
    content = answer["content"] | {"text/csv": {"schema": {"type": "string", "description": description}}}
    return responses | {status: answer | {"content": content}}


_ERROR_DESCRIPTIONS = {
    400: "Invalid request (invalid-request, malformed-json, empty-selection, invalid-subject-identifier, "
    "invalid-page-token, invalid-period, invalid-audit-target, hold-reason-reserved, received-in-future, "
    "date-in-future, identity-verified-before-received, paused-before-start, resumed-before-paused, "
    "extension-needs-reason, paused-before-last-answer, told-before-received, invalid-clock-change, "
    "invalid-link-lifetime, invalid-statistics-period, subject-told-on-in-future, "
    "review-date-not-ahead, review-date-too-far, review-date-needed, review-date-not-wanted, "
    "date-before-received, ico-right-not-stated, request-incomplete, decision-incomplete, "
    "refusal-ground-not-for-kind, not-matched-by-sar)",
    403: "The request carries no IAM principal (caller-not-identified)",
    404: "Not found (hold-not-found, recording-not-found, recordings-not-found naming the call ids, "
    "job-not-found, subject-has-no-recordings, sar-not-found, erasure-not-found, restriction-not-found, "
    "complaint-not-found, rights-request-not-found, disclosure-not-found, recording-version-not-found)",
    409: "Conflict (hold-already-released, hold-still-placing, idempotency-key-reused, already-extended, "
    "extension-too-late, paused-after-due, already-paused, not-paused, sar-closed, sar-still-preserving, "
    "sar-changed-concurrently, recording-version-missing, restriction-already-lifted, "
    "complaint-already-acknowledged, complaint-not-acknowledged, complaint-closed, "
    "complaint-changed-concurrently, hold-not-reviewable, recording-not-quarantined, recording-kept, "
    "rights-request-closed, already-decided, request-paused, decision-not-for-kind, request-needs-subject, "
    "rights-request-changed-concurrently, decisions-outstanding, disclosure-closed, "
    "disclosure-still-preserving, month-not-published, recording-restricted, correction-changes-nothing)",
    410: "Every version of the recording has been deleted (recording-deleted): the message says when and "
    "why, and the audit trail (GET /audit?target=recording%23<call_id>) says who",
    413: "The request body is over 1 MiB (request-too-large)",
    415: "The request body is not JSON (unsupported-media-type)",
}
