"""/sars/{sar_id}/export: a subject access request's disclosure package (the disclosure function)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body

from call_recordings.core.observability import logger
from call_recordings.dpo_api.dependencies import (
    caller_principal,
    export_dependencies,
    jobs_dependencies,
    rights_dependencies,
    sar_dependencies,
)
from call_recordings.dpo_api.export_requests import ExportSarRequest
from call_recordings.dpo_api.job_models import JobAnswer
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.routes.jobs import accepted
from call_recordings.dpo_api.routes.parameters import SarId
from call_recordings.jobs.running import JobsDependencies
from call_recordings.rights.dependencies import RightsDependencies
from call_recordings.subject_access.changes import check_exportable, note_export
from call_recordings.subject_access.decisions import Decision, undecided, withheld_summary
from call_recordings.subject_access.dependencies import SarDependencies
from call_recordings.subject_access.errors import DecisionsOutstanding
from call_recordings.subject_access.export_job import SYNC_EXPORT_LIMIT, start_sar_export
from call_recordings.subject_access.exporting import DisclosurePackage, ExportDependencies, export_disclosure
from call_recordings.subject_access.reporting import get_sar
from call_recordings.subject_access.zip_job import zip_package

router = Router()

Dependencies = Annotated[SarDependencies, Depends(sar_dependencies)]


@router.post(
    "/sars/<sar_id>/export",
    summary="Make the disclosure package",
    description=(
        "Copies of every matched recording version the DPO decided to disclose (POST "
        "/sars/{sar_id}/decisions) in the export location, a manifest (JSON and CSV) with what Article 15 "
        "requires (the controller, the processors and where the recordings are stored, from the "
        "deployment; purposes, source, retention, and each recording's recipients outside the council "
        "from the disclosure register, and any supplementary statement a rectification attached to the "
        "call, Art 16), how many were withheld under each exemption (never which), and "
        "links that work for link_days (1 to 7, default 7). The disclosure is audited with its lawful "
        "basis. While any matched version is undecided: 409 decisions-outstanding. A closed SAR answers "
        "409 sar-closed: its answer was given and its preservation released. A package of more than "
        f"{SYNC_EXPORT_LIMIT} recording versions is made by a job: 202 with the job (GET /jobs/{{job_id}} "
        "follows it; its result, once done, is this same package). Every package is also made into one "
        "zip (each recording and both manifests) by a job of its own, zip_job_id: package_zip_url is null "
        "until it is made; GET /jobs/{zip_job_id} follows it, and its result, once done, is this package "
        "with package_zip_url, a link that ends with the others."
    ),
    responses=answers(
        {201: ("The disclosure package", DisclosurePackage), 202: ("Made by a job", JobAnswer)},
        *(400, 403, 404, 409, 413, 415),
    ),
    tags=["Subject access"],
)
def post_sar_export(
    sar_id: SarId,
    deps: Dependencies,
    export_deps: Annotated[ExportDependencies, Depends(export_dependencies)],
    rights: Annotated[RightsDependencies, Depends(rights_dependencies)],
    jobs: Annotated[JobsDependencies, Depends(jobs_dependencies)],
    body: Annotated[ExportSarRequest | None, Body()] = None,
) -> Response[DisclosurePackage | JobAnswer]:
    sar = get_sar(sar_id, deps)
    check_exportable(sar)
    matched, decisions = deps.sars.matched_and_decided(sar_id)
    keys = [version.key for version in matched]
    outstanding = undecided(keys, decisions)
    if outstanding:
        raise DecisionsOutstanding(sar_id, len(outstanding))
    disclosed = [key for key in keys if decisions[key].decision is Decision.DISCLOSE]
    registered = deps.holds.registry.registered_versions(disclosed)
    versions = [registered[key] for key in disclosed if key in registered]
    requested_by = caller_principal(router.current_event)
    package_of = {
        "withheld": withheld_summary(decisions[key] for key in keys),
        "requested_by": requested_by,
        "link_days": (body or ExportSarRequest()).link_days,
        "deps": export_deps,
    }
    if len({version.key for version in versions}) > SYNC_EXPORT_LIMIT:
        job = start_sar_export(sar_id, versions, sar.hold_id, jobs=jobs, **package_of)
        logger.info("SAR disclosure package handed to a job", extra={"sar_id": sar_id, "job_id": job.job_id})
        return accepted(job, jobs)
    statements = rights.requests.supplementary_statements(version.call_id for version in versions)
    package = export_disclosure(
        sar_id,
        versions,
        sar.hold_id,
        statements={call_id: [each.statement for each in found] for call_id, found in statements.items()},
        **package_of,
    )
    note_export(sar_id, exported_by=requested_by, deps=deps)
    package = zip_package(package, requested_by=requested_by, export=export_deps, jobs=jobs)
    logger.info(
        "SAR disclosure package made",
        extra={"sar_id": sar_id, "export_id": package.export_id, "recordings": len(package.recordings)},
    )
    return Response(status_code=201, content_type="application/json", body=package.model_dump(mode="json"))
