"""/sars: open, list, report, extend, pause, resume and close subject access requests."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from call_recordings.core.observability import logger
from call_recordings.dpo_api.dependencies import caller_principal, export_dependencies, sar_dependencies
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.sar_models import (
    CloseSarRequest,
    ExportSarRequest,
    ExtendSarRequest,
    OpenSarRequest,
    PauseSarRequest,
    Preservation,
    ResumeSarRequest,
    SarList,
    SarRecording,
    SarReport,
    SarSummary,
)
from call_recordings.subject_access.changes import (
    check_exportable,
    close_sar,
    extend_sar,
    get_sar,
    note_export,
    pause_sar,
    resume_sar,
)
from call_recordings.subject_access.dependencies import SarDependencies
from call_recordings.subject_access.exporting import DisclosurePackage, ExportDependencies, export_disclosure
from call_recordings.subject_access.opening import open_sar
from call_recordings.subject_access.records import SAR_ID_PATTERN, SarStatus, SubjectAccessRequest
from call_recordings.subject_access.reporting import list_sars, sar_report

router = Router()

Dependencies = Annotated[SarDependencies, Depends(sar_dependencies)]
SarId = Annotated[str, Path(pattern=SAR_ID_PATTERN, description="e.g. S-20261128-3F9A1C2B7D")]
Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many items")]
NextToken = Annotated[str | None, Query(max_length=4096, description="From the previous page")]

_REPORT_PAGE = 100
_CHANGE_ERRORS = (400, 403, 404, 409, 413, 415)


def sar_answer(
    sar_id: str,
    deps: SarDependencies,
    *,
    limit: int = _REPORT_PAGE,
    token: str | None = None,
    changed: SubjectAccessRequest | None = None,
) -> SarReport:
    """The SAR report as of today (London): its clock, its preservation and a page of its recordings.
    ``changed``: the SAR as a change (extend, pause, resume, close) saved it, not read again."""
    sar, hold, recordings, next_token = sar_report(sar_id, limit=limit, token=token, deps=deps, sar=changed)
    hold_ids = {hold_id for _, registered in recordings if registered for hold_id in registered.holds}
    reasons = {
        hold_id: found.reason
        for hold_id in sorted(hold_ids)
        if (found := hold if hold and hold.hold_id == hold_id else deps.holds.casework.hold(hold_id))
    }
    return SarReport(
        **dict(SarSummary.of(sar, deps.today())),
        preservation=Preservation.of(hold) if hold else None,
        recordings=[SarRecording.of(version, registered, reasons) for version, registered in recordings],
        next_token=next_token,
    )


@router.post(
    "/sars",
    summary="Open a subject access request",
    description=(
        "Log a request received on received_on about a data subject (caller_number and/or customer_ref, "
        "optionally limited to London dates). The registry's subject indexes find every recording of the "
        "subject (one query per identifier), and each matched version is preserved under a hold with "
        "reason 'sar' (S3 Object Lock legal hold) while the request is open. Due one calendar month from "
        "receipt, or from identity_verified_on when proof of identity was asked for, on a working day "
        "(ICO). A request that matches no recording is still opened: the answer is that none is held."
    ),
    responses=answers({201: ("Opened", SarReport)}, *_CHANGE_ERRORS),
    tags=["Subject access"],
)
def post_sar(body: Annotated[OpenSarRequest, Body()], deps: Dependencies) -> Response[SarReport]:
    sar, _hold = open_sar(body.sar_request(), opened_by=caller_principal(router.current_event), deps=deps)
    logger.info(
        "SAR opened",
        extra={
            "sar_id": sar.sar_id,
            "total": sar.total,
            "hold_id": sar.hold_id,
            "due_on": sar.due_on.isoformat(),
        },
    )
    return Response(
        status_code=201,
        content_type="application/json",
        body=sar_answer(sar.sar_id, deps).model_dump(mode="json"),
    )


@router.get(
    "/sars",
    summary="List subject access requests, newest first",
    responses=answers({200: ("SARs, newest first", SarList)}, 400, 403),
    tags=["Subject access"],
)
def get_sar_list(
    deps: Dependencies,
    status: Annotated[SarStatus | None, Query(description="Only SARs in this status")] = None,
    overdue: Annotated[
        bool | None, Query(description="true: only overdue SARs; false: only those that are not")
    ] = None,
    limit: Limit = 50,
    next_token: NextToken = None,
) -> SarList:
    sars, token = list_sars(status=status, overdue=overdue, limit=limit, token=next_token, deps=deps)
    today = deps.today()
    return SarList(sars=[SarSummary.of(sar, today) for sar in sars], next_token=token)


@router.get(
    "/sars/<sar_id>",
    summary="The SAR report",
    description=(
        "Status, due date, overdue flag and working days left (London today); the preservation hold; "
        "and a page of the matched recording versions with their purpose, source, recording time, "
        "retention and the reasons they are kept."
    ),
    responses=answers({200: ("The SAR report", SarReport)}, 400, 403, 404),
    tags=["Subject access"],
)
def get_sar_report(
    sar_id: SarId, deps: Dependencies, limit: Limit = _REPORT_PAGE, next_token: NextToken = None
) -> SarReport:
    return sar_answer(sar_id, deps, limit=limit, token=next_token)


@router.post(
    "/sars/<sar_id>/extend",
    summary="Extend the time to respond (complex request)",
    description=(
        "Due three calendar months from the original start date instead of one (ICO), once, with the "
        "reason the requester must be told. A second extension answers 409 sar-already-extended."
    ),
    responses=answers({200: ("Extended", SarReport)}, *_CHANGE_ERRORS),
    tags=["Subject access"],
)
def post_sar_extend(
    sar_id: SarId, body: Annotated[ExtendSarRequest, Body()], deps: Dependencies
) -> SarReport:
    extended = extend_sar(
        sar_id, reason=body.reason, extended_by=caller_principal(router.current_event), deps=deps
    )
    logger.info("SAR extended", extra={"sar_id": sar_id})
    return sar_answer(sar_id, deps, changed=extended)


@router.post(
    "/sars/<sar_id>/pause",
    summary="Stop the clock while waiting for the requester",
    description=(
        "reason identity: proof of identity was asked for, and the time limit starts again when it "
        "arrives; reason clarification: the clock stops and, on resuming, the due date moves by the "
        "calendar days paused. 'on' defaults to today and may not be in the future."
    ),
    responses=answers({200: ("Paused", SarReport)}, *_CHANGE_ERRORS),
    tags=["Subject access"],
)
def post_sar_pause(sar_id: SarId, body: Annotated[PauseSarRequest, Body()], deps: Dependencies) -> SarReport:
    paused = pause_sar(
        sar_id,
        reason=body.reason,
        on=body.on,
        note=body.note,
        paused_by=caller_principal(router.current_event),
        deps=deps,
    )
    logger.info("SAR paused", extra={"sar_id": sar_id, "pause_reason": body.reason.value})
    return sar_answer(sar_id, deps, changed=paused)


@router.post(
    "/sars/<sar_id>/resume",
    summary="Start the clock again",
    description=(
        "The requester answered on 'on' (default today; not in the future). A SAR that is not paused "
        "answers 409 sar-not-paused."
    ),
    responses=answers({200: ("Resumed", SarReport)}, *_CHANGE_ERRORS),
    tags=["Subject access"],
)
def post_sar_resume(
    sar_id: SarId, deps: Dependencies, body: Annotated[ResumeSarRequest | None, Body()] = None
) -> SarReport:
    resumed = resume_sar(
        sar_id, on=body.on if body else None, resumed_by=caller_principal(router.current_event), deps=deps
    )
    logger.info("SAR resumed", extra={"sar_id": sar_id})
    return sar_answer(sar_id, deps, changed=resumed)


@router.post(
    "/sars/<sar_id>/close",
    summary="Close a subject access request",
    description=(
        "The request is answered (or withdrawn): its preservation hold is released, so each matched "
        "recording returns to its own retention unless another hold (a legal claim, a threat) keeps it. "
        "While a large preservation hold is still being placed: 409 sar-still-preserving."
    ),
    responses=answers({200: ("Closed", SarReport)}, *_CHANGE_ERRORS),
    tags=["Subject access"],
)
def post_sar_close(
    sar_id: SarId, deps: Dependencies, body: Annotated[CloseSarRequest | None, Body()] = None
) -> SarReport:
    closed, hold = close_sar(
        sar_id, note=body.note if body else None, closed_by=caller_principal(router.current_event), deps=deps
    )
    logger.info("SAR closed", extra={"sar_id": sar_id, "hold_status": hold and hold.status.value})
    return sar_answer(sar_id, deps, changed=closed)


@router.post(
    "/sars/<sar_id>/export",
    summary="Make the disclosure package",
    description=(
        "Copies of every matched recording version in the export location, a manifest (JSON and CSV) "
        "with what Article 15 requires (purposes, source, retention, recipients), and links that work "
        "for link_days (1 to 7, default 7). The disclosure is audited with its lawful basis. A closed "
        "SAR answers 409 sar-closed: its answer was given and its preservation released."
    ),
    responses=answers({201: ("The disclosure package", DisclosurePackage)}, *_CHANGE_ERRORS),
    tags=["Subject access"],
)
def post_sar_export(
    sar_id: SarId,
    deps: Dependencies,
    export_deps: Annotated[ExportDependencies, Depends(export_dependencies)],
    body: Annotated[ExportSarRequest | None, Body()] = None,
) -> Response[DisclosurePackage]:
    sar = get_sar(sar_id, deps)
    check_exportable(sar)
    keys = [version.key for version in deps.sars.all_sar_recordings(sar_id)]
    registered = deps.holds.registry.registered_versions(keys)
    versions = [registered[key] for key in keys if key in registered]
    hold_ids = sorted({hold_id for version in versions for hold_id in version.holds})
    reasons = {hold_id: hold.reason for hold_id in hold_ids if (hold := deps.holds.casework.hold(hold_id))}
    requested_by = caller_principal(router.current_event)
    package = export_disclosure(
        sar_id,
        versions,
        reasons,
        requested_by=requested_by,
        link_days=(body or ExportSarRequest()).link_days,
        deps=export_deps,
    )
    note_export(sar_id, exported_by=requested_by, deps=deps)
    logger.info(
        "SAR disclosure package made",
        extra={"sar_id": sar_id, "export_id": package.export_id, "recordings": len(package.recordings)},
    )
    return Response(status_code=201, content_type="application/json", body=package.model_dump(mode="json"))
