"""What every DPO API function shares: its resolver, made the same way for each, and the one mapping
of errors to HTTP.

The API is served by three functions, one per privilege (``reports_handler``, ``casework_handler``,
``disclosure_handler``); each resolver has only its own routes, and answers every error in one shape,
``{"error": {"code", "message"}}``, with the status ``ERRORS`` gives it here and only here. Bodies are
never logged: they may hold a caller number.
"""

import json
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from call_recordings.complaints.errors import (
    ComplaintAlreadyAcknowledged,
    ComplaintChangedConcurrently,
    ComplaintClosed,
    ComplaintDateBeforeReceipt,
    ComplaintDateInFuture,
    ComplaintNotAcknowledged,
    ComplaintNotFound,
    IcoRightNotStated,
)
from call_recordings.core.audit_vocabulary import InvalidAuditTarget
from call_recordings.core.errors import (
    CallerNotIdentified,
    EmptySelection,
    InvalidPageToken,
    InvalidPeriod,
    NoRecordingsForSubject,
    RecordingNotFound,
    RecordingsNotFound,
)
from call_recordings.core.observability import logger
from call_recordings.core.subjects import InvalidSubjectIdentifier
from call_recordings.corrections.errors import CorrectionChangesNothing, RecordingRestricted, VersionNotFound
from call_recordings.deletion.errors import (
    ErasureNotFound,
    RecordingDeleted,
    RecordingKept,
    RecordingNotQuarantined,
)
from call_recordings.dpo_api.dependencies import DEPENDENCY_OVERRIDES
from call_recordings.holds.errors import (
    HoldAlreadyReleased,
    HoldNotFound,
    HoldReasonReserved,
    HoldStillPlacing,
    IdempotencyKeyReused,
)
from call_recordings.holds.review import (
    HoldNotReviewable,
    KeepNeedsReviewDate,
    ReleaseTakesNoReviewDate,
    ReviewDateNotAhead,
    ReviewDateTooFar,
)
from call_recordings.jobs.errors import JobNotFound
from call_recordings.outside_disclosures.errors import (
    DisclosureClosed,
    DisclosureNotFound,
    DisclosureStillPreserving,
)
from call_recordings.restrictions.errors import (
    RestrictionAlreadyLifted,
    RestrictionNotFound,
    RestrictionStillPlacing,
    SubjectNotYetTold,
)
from call_recordings.rights.clock import (
    AlreadyExtended,
    AlreadyPaused,
    ClockError,
    ExtensionNeedsReason,
    ExtensionTooLate,
    NotPaused,
    PausedAfterDue,
    PausedBeforeLastAnswer,
    PausedBeforeStart,
    ReceivedInFuture,
    ResumedBeforePaused,
    StartedBeforeReceived,
    ToldBeforeReceived,
)
from call_recordings.rights.errors import (
    AlreadyDecided,
    DecisionIncomplete,
    DecisionNotForKind,
    DecisionWhilePaused,
    RefusalGroundNotForKind,
    RequestIncomplete,
    RequestNeedsSubject,
    RightsRequestChangedConcurrently,
    RightsRequestClosed,
    RightsRequestNotFound,
)
from call_recordings.statistics.errors import InvalidStatisticsPeriod, MonthNotPublished
from call_recordings.subject_access.errors import (
    DateInFuture,
    DecisionsOutstanding,
    InvalidLinkLifetime,
    NotMatchedBySar,
    RecordingVersionMissing,
    SarChangedConcurrently,
    SarClosed,
    SarNotFound,
    SarStillPreserving,
)

MAX_REQUEST_BYTES = 1024 * 1024
# No body of the API nests deeper than 4 (a subject in a request); JSON much deeper than that is not a
# request of ours, and parsing it recursively could exhaust the stack.
MAX_JSON_DEPTH = 32
_JSON_MEDIA_TYPE = "application/json"


class RequestTooLarge(Exception):
    """A request body over MAX_REQUEST_BYTES."""


class UnsupportedMediaType(Exception):
    """A request body that is not JSON."""


class RequestTooDeep(Exception):
    """A JSON body nested deeper than MAX_JSON_DEPTH."""


# The one mapping of errors to HTTP: status and the code the DPO's tools can rely on.
ERRORS: dict[type[Exception], tuple[HTTPStatus, str]] = {
    EmptySelection: (HTTPStatus.BAD_REQUEST, "empty-selection"),
    InvalidSubjectIdentifier: (HTTPStatus.BAD_REQUEST, "invalid-subject-identifier"),
    InvalidPageToken: (HTTPStatus.BAD_REQUEST, "invalid-page-token"),
    InvalidPeriod: (HTTPStatus.BAD_REQUEST, "invalid-period"),
    InvalidAuditTarget: (HTTPStatus.BAD_REQUEST, "invalid-audit-target"),
    CallerNotIdentified: (HTTPStatus.FORBIDDEN, "caller-not-identified"),
    RecordingsNotFound: (HTTPStatus.NOT_FOUND, "recordings-not-found"),
    NoRecordingsForSubject: (HTTPStatus.NOT_FOUND, "subject-has-no-recordings"),
    RecordingNotFound: (HTTPStatus.NOT_FOUND, "recording-not-found"),
    HoldNotFound: (HTTPStatus.NOT_FOUND, "hold-not-found"),
    NotFoundError: (HTTPStatus.NOT_FOUND, "route-not-found"),
    HoldAlreadyReleased: (HTTPStatus.CONFLICT, "hold-already-released"),
    HoldStillPlacing: (HTTPStatus.CONFLICT, "hold-still-placing"),
    IdempotencyKeyReused: (HTTPStatus.CONFLICT, "idempotency-key-reused"),
    ReviewDateNotAhead: (HTTPStatus.BAD_REQUEST, "review-date-not-ahead"),
    ReviewDateTooFar: (HTTPStatus.BAD_REQUEST, "review-date-too-far"),
    KeepNeedsReviewDate: (HTTPStatus.BAD_REQUEST, "review-date-needed"),
    ReleaseTakesNoReviewDate: (HTTPStatus.BAD_REQUEST, "review-date-not-wanted"),
    HoldNotReviewable: (HTTPStatus.CONFLICT, "hold-not-reviewable"),
    RequestTooLarge: (HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request-too-large"),
    RequestTooDeep: (HTTPStatus.BAD_REQUEST, "request-too-deep"),
    UnsupportedMediaType: (HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type"),
    # Subject access requests: invalid dates are 400, changes the SAR's state refuses are 409.
    HoldReasonReserved: (HTTPStatus.BAD_REQUEST, "hold-reason-reserved"),
    ReceivedInFuture: (HTTPStatus.BAD_REQUEST, "received-in-future"),
    DateInFuture: (HTTPStatus.BAD_REQUEST, "date-in-future"),
    StartedBeforeReceived: (HTTPStatus.BAD_REQUEST, "identity-verified-before-received"),
    PausedBeforeStart: (HTTPStatus.BAD_REQUEST, "paused-before-start"),
    ResumedBeforePaused: (HTTPStatus.BAD_REQUEST, "resumed-before-paused"),
    ExtensionNeedsReason: (HTTPStatus.BAD_REQUEST, "extension-needs-reason"),
    PausedBeforeLastAnswer: (HTTPStatus.BAD_REQUEST, "paused-before-last-answer"),
    ToldBeforeReceived: (HTTPStatus.BAD_REQUEST, "told-before-received"),
    ClockError: (HTTPStatus.BAD_REQUEST, "invalid-clock-change"),
    SarNotFound: (HTTPStatus.NOT_FOUND, "sar-not-found"),
    AlreadyExtended: (HTTPStatus.CONFLICT, "already-extended"),
    ExtensionTooLate: (HTTPStatus.CONFLICT, "extension-too-late"),
    PausedAfterDue: (HTTPStatus.CONFLICT, "paused-after-due"),
    AlreadyPaused: (HTTPStatus.CONFLICT, "already-paused"),
    NotPaused: (HTTPStatus.CONFLICT, "not-paused"),
    SarClosed: (HTTPStatus.CONFLICT, "sar-closed"),
    SarStillPreserving: (HTTPStatus.CONFLICT, "sar-still-preserving"),
    SarChangedConcurrently: (HTTPStatus.CONFLICT, "sar-changed-concurrently"),
    # Deletion: erasure (a subject with nothing to erase is subject-has-no-recordings) and deleted recordings.
    ErasureNotFound: (HTTPStatus.NOT_FOUND, "erasure-not-found"),
    JobNotFound: (HTTPStatus.NOT_FOUND, "job-not-found"),
    RecordingDeleted: (HTTPStatus.GONE, "recording-deleted"),
    # Destroying an out-of-policy capture: only a quarantined one, and none a hold or restriction keeps.
    RecordingNotQuarantined: (HTTPStatus.CONFLICT, "recording-not-quarantined"),
    RecordingKept: (HTTPStatus.CONFLICT, "recording-kept"),
    # Disclosure: a link lifetime S3 cannot sign; a matched version no longer in the bucket.
    InvalidLinkLifetime: (HTTPStatus.BAD_REQUEST, "invalid-link-lifetime"),
    RecordingVersionMissing: (HTTPStatus.CONFLICT, "recording-version-missing"),
    # The DPO's decision per recording before a SAR's package: one the SAR did not match; one missing.
    NotMatchedBySar: (HTTPStatus.BAD_REQUEST, "not-matched-by-sar"),
    DecisionsOutstanding: (HTTPStatus.CONFLICT, "decisions-outstanding"),
    # Disclosures outside the council (the register).
    DisclosureNotFound: (HTTPStatus.NOT_FOUND, "disclosure-not-found"),
    DisclosureClosed: (HTTPStatus.CONFLICT, "disclosure-closed"),
    DisclosureStillPreserving: (HTTPStatus.CONFLICT, "disclosure-still-preserving"),
    # Statistics and restriction of processing (Art 18).
    InvalidStatisticsPeriod: (HTTPStatus.BAD_REQUEST, "invalid-statistics-period"),
    MonthNotPublished: (HTTPStatus.CONFLICT, "month-not-published"),
    SubjectNotYetTold: (HTTPStatus.BAD_REQUEST, "subject-told-on-in-future"),
    RestrictionNotFound: (HTTPStatus.NOT_FOUND, "restriction-not-found"),
    RestrictionAlreadyLifted: (HTTPStatus.CONFLICT, "restriction-already-lifted"),
    RestrictionStillPlacing: (HTTPStatus.CONFLICT, "restriction-still-placing"),
    # Complaints (DPA 2018 s.164A).
    ComplaintDateInFuture: (HTTPStatus.BAD_REQUEST, "date-in-future"),
    ComplaintDateBeforeReceipt: (HTTPStatus.BAD_REQUEST, "date-before-received"),
    IcoRightNotStated: (HTTPStatus.BAD_REQUEST, "ico-right-not-stated"),
    ComplaintNotFound: (HTTPStatus.NOT_FOUND, "complaint-not-found"),
    ComplaintAlreadyAcknowledged: (HTTPStatus.CONFLICT, "complaint-already-acknowledged"),
    ComplaintNotAcknowledged: (HTTPStatus.CONFLICT, "complaint-not-acknowledged"),
    ComplaintClosed: (HTTPStatus.CONFLICT, "complaint-closed"),
    ComplaintChangedConcurrently: (HTTPStatus.CONFLICT, "complaint-changed-concurrently"),
    # Erasure, restriction, objection and rectification requests: what the request lacks is 400, what
    # its state refuses (closed, decided, paused, another kind) is 409.
    RequestIncomplete: (HTTPStatus.BAD_REQUEST, "request-incomplete"),
    DecisionIncomplete: (HTTPStatus.BAD_REQUEST, "decision-incomplete"),
    RefusalGroundNotForKind: (HTTPStatus.BAD_REQUEST, "refusal-ground-not-for-kind"),
    RightsRequestNotFound: (HTTPStatus.NOT_FOUND, "rights-request-not-found"),
    RightsRequestClosed: (HTTPStatus.CONFLICT, "rights-request-closed"),
    AlreadyDecided: (HTTPStatus.CONFLICT, "already-decided"),
    DecisionWhilePaused: (HTTPStatus.CONFLICT, "request-paused"),
    DecisionNotForKind: (HTTPStatus.CONFLICT, "decision-not-for-kind"),
    RequestNeedsSubject: (HTTPStatus.CONFLICT, "request-needs-subject"),
    RightsRequestChangedConcurrently: (HTTPStatus.CONFLICT, "rights-request-changed-concurrently"),
    # Corrections of a recording's purpose or source.
    VersionNotFound: (HTTPStatus.NOT_FOUND, "recording-version-not-found"),
    RecordingRestricted: (HTTPStatus.CONFLICT, "recording-restricted"),
    CorrectionChangesNothing: (HTTPStatus.CONFLICT, "correction-changes-nothing"),
}


def dpo_api_resolver(*routers: Router) -> APIGatewayRestResolver:
    """A resolver with these routers only, validating requests, answering errors through ERRORS, and
    taking its dependencies from the one composition root (an override, in tests, applies to all)."""
    app = APIGatewayRestResolver(enable_validation=True)
    app.dependency_overrides = DEPENDENCY_OVERRIDES
    for router in routers:
        app.include_router(router)
    answer_errors(app)
    return app


def error_response(error: Exception) -> Response:
    """The answer to an error: its status from ERRORS (500 for anything unforeseen) and the one shape."""
    status, code = next(
        (ERRORS[kind] for kind in type(error).__mro__ if kind in ERRORS),
        (HTTPStatus.INTERNAL_SERVER_ERROR, "internal-error"),
    )
    detail: dict[str, Any] = {"code": code, "message": str(error) or status.phrase}
    if isinstance(error, RecordingsNotFound):
        detail["call_ids"] = error.call_ids
    return Response(
        status_code=status.value,
        content_type="application/json",
        body=json.dumps({"error": detail}),
    )


def answer_errors(app: APIGatewayRestResolver) -> None:
    """Register on `app` the answers to every error: each of ERRORS, a route it does not serve (404), a
    body that is not JSON (415) or does not validate (400), and anything unforeseen (500, logged)."""

    @app.exception_handler([kind for kind in ERRORS if kind is not NotFoundError])
    def domain_error(error: Exception) -> Response:
        return error_response(error)

    @app.not_found
    def route_not_found(error: NotFoundError) -> Response:
        path = app.current_event.path
        return error_response(NotFoundError(f"no route {app.current_event.http_method} {path}"))

    @app.exception_handler(RequestUnsupportedContentType)
    def not_json(error: RequestUnsupportedContentType) -> Response:
        return error_response(UnsupportedMediaType("the request body must be JSON (application/json)"))

    @app.exception_handler(RequestValidationError)
    def invalid_request(error: RequestValidationError) -> Response:
        """400 for a body, path, query or header that does not validate; never echoes the input."""
        problems = error.errors()
        if any(problem.get("type") == "json_invalid" for problem in problems):
            detail = {"code": "malformed-json", "message": "the request body is not valid JSON"}
        else:
            detail = {
                "code": "invalid-request",
                "message": "; ".join(_described(problem) for problem in problems),
            }
        return Response(status_code=400, content_type="application/json", body=json.dumps({"error": detail}))

    @app.exception_handler(Exception)
    def unforeseen(error: Exception) -> Response:
        logger.exception("Unforeseen error")
        return error_response(
            RuntimeError(
                f"the request failed; quote request id {app.current_event.request_context.request_id}"
            )
        )


def _described(problem: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in problem.get("loc", ()))
    return f"{where}: {problem.get('msg', problem.get('type', 'invalid'))}"


def request_bytes(event: dict[str, Any]) -> int:
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        return len(body) * 3 // 4
    return len(body.encode())


def _header(event: dict[str, Any], name: str) -> str | None:
    """A request header, whatever its case (API Gateway passes names as the client sent them)."""
    wanted = name.lower()
    found = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    return found.get(wanted)


def json_depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest (brackets inside strings do not count),
    read without parsing it, so that no text can make the reading itself recurse."""
    depth = deepest = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    return deepest


def refused_before_parsing(event: dict[str, Any]) -> Exception | None:
    """Why a request must be refused before its body is read: over MAX_REQUEST_BYTES (413); a body
    that is not declared application/json (415: Powertools would try to read a form, and fail on
    multipart without a boundary); JSON nested deeper than MAX_JSON_DEPTH (400). None to go on."""
    if request_bytes(event) > MAX_REQUEST_BYTES:
        return RequestTooLarge(f"the request body is over {MAX_REQUEST_BYTES} bytes")
    body = event.get("body")
    if not body:
        return None
    media_type = (_header(event, "content-type") or "").split(";")[0].strip().lower()
    if media_type != _JSON_MEDIA_TYPE:
        return UnsupportedMediaType("the request body must be JSON, sent as Content-Type: application/json")
    if not event.get("isBase64Encoded") and json_depth(body) > MAX_JSON_DEPTH:
        return RequestTooDeep(f"the request body nests deeper than {MAX_JSON_DEPTH} levels")
    return None


def lambda_handler_for(app: APIGatewayRestResolver) -> Callable[[dict, LambdaContext], dict]:
    """The Lambda entry point that serves `app`: a request refused before parsing (too large, not
    JSON, too deep) is answered in the same shape as every other error."""

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
    def lambda_handler(event: dict, context: LambdaContext) -> dict:
        refused = refused_before_parsing(event)
        if refused is not None:
            response = error_response(refused)
            return {
                "statusCode": response.status_code,
                "headers": {"Content-Type": "application/json"},
                "body": response.body,
                "isBase64Encoded": False,
            }
        return app.resolve(event, context)

    return lambda_handler
