"""/disclosures/{disclosure_id}/export: the package for the outside body (the disclosure function, the
only one that reads recordings and signs links)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body

from call_recordings.core.observability import logger
from call_recordings.dpo_api.dependencies import (
    caller_principal,
    disclosures_dependencies,
    export_dependencies,
    jobs_dependencies,
)
from call_recordings.dpo_api.export_requests import ExportSarRequest
from call_recordings.dpo_api.job_models import JobAnswer
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.routes.jobs import accepted
from call_recordings.dpo_api.routes.parameters import DisclosureId
from call_recordings.jobs.running import JobsDependencies
from call_recordings.outside_disclosures.dependencies import DisclosuresDependencies
from call_recordings.outside_disclosures.package_job import start_recipient_package
from call_recordings.outside_disclosures.packaging import RecipientPackage, package_for_recipient
from call_recordings.outside_disclosures.reporting import get_disclosure
from call_recordings.subject_access.export_job import SYNC_EXPORT_LIMIT
from call_recordings.subject_access.exporting import ExportDependencies

router = Router()


@router.post(
    "/disclosures/<disclosure_id>/export",
    summary="Make the package for the outside body",
    description=(
        "Copies of every recording version the disclosure covers in the export location, a manifest "
        "naming the council, the recipient, its request reference, the lawful basis and who approved it, "
        "and links that work for link_days (1 to 7, default 7). The first package is when the recordings "
        "are disclosed: from then on every subject access package lists this recipient, that day and the "
        "basis for them. Audited. A closed disclosure answers 409 disclosure-closed. More than "
        f"{SYNC_EXPORT_LIMIT} recording versions: 202 with a job making it (GET /jobs/{{job_id}}; its "
        "result, once done, is this same package)."
    ),
    responses=answers(
        {201: ("The package", RecipientPackage), 202: ("Made by a job", JobAnswer)},
        *(400, 403, 404, 409, 413, 415),
    ),
    tags=["Outside disclosures"],
)
def post_disclosure_export(
    disclosure_id: DisclosureId,
    deps: Annotated[DisclosuresDependencies, Depends(disclosures_dependencies)],
    export_deps: Annotated[ExportDependencies, Depends(export_dependencies)],
    jobs: Annotated[JobsDependencies, Depends(jobs_dependencies)],
    body: Annotated[ExportSarRequest | None, Body()] = None,
) -> Response[RecipientPackage | JobAnswer]:
    disclosure = get_disclosure(disclosure_id, deps)
    keys = [version.key for version in deps.register.versions(disclosure_id)]
    registered = deps.holds.registry.registered_versions(keys)
    versions = [registered[key] for key in keys if key in registered]
    requested_by = caller_principal(router.current_event)
    link_days = (body or ExportSarRequest()).link_days
    if len(versions) > SYNC_EXPORT_LIMIT:
        job = start_recipient_package(
            disclosure, versions, requested_by=requested_by, link_days=link_days, deps=export_deps, jobs=jobs
        )
        logger.info(
            "Outside disclosure package handed to a job",
            extra={"disclosure_id": disclosure_id, "job_id": job.job_id},
        )
        return accepted(job, jobs)
    package = package_for_recipient(
        disclosure, versions, requested_by=requested_by, link_days=link_days, deps=export_deps
    )
    logger.info(
        "Outside disclosure package made",
        extra={
            "disclosure_id": disclosure_id,
            "export_id": package.export_id,
            "recordings": len(package.recordings),
        },
    )
    return Response(status_code=201, content_type="application/json", body=package.model_dump(mode="json"))
