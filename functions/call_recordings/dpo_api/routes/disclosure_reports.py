"""/disclosures, read: the register of disclosures outside the council, and one disclosure (the reports
function)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends

from call_recordings.dpo_api.dependencies import disclosures_dependencies
from call_recordings.dpo_api.disclosure_models import (
    DisclosedVersion,
    DisclosureList,
    DisclosureReport,
    DisclosureView,
)
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.routes.parameters import DisclosureId, Limit, NextToken
from call_recordings.outside_disclosures.dependencies import DisclosuresDependencies
from call_recordings.outside_disclosures.records import OutsideDisclosure
from call_recordings.outside_disclosures.reporting import get_disclosure

router = Router()

Dependencies = Annotated[DisclosuresDependencies, Depends(disclosures_dependencies)]


def disclosure_report(disclosure: OutsideDisclosure, deps: DisclosuresDependencies) -> DisclosureReport:
    """One disclosure, its notes opened, and its recording versions."""
    opened = deps.register.opened(disclosure, disclosure.disclosure_id)
    return DisclosureReport(
        **dict(DisclosureView.of(opened)),
        recordings=[
            DisclosedVersion(call_id=each.call_id, version_id=each.version_id)
            for each in deps.register.versions(disclosure.disclosure_id)
        ],
    )


@router.get(
    "/disclosures",
    summary="The register of disclosures outside the council, newest first",
    responses=answers({200: ("Disclosures, newest first", DisclosureList)}, 400, 403),
    tags=["Outside disclosures"],
)
def get_disclosures(deps: Dependencies, limit: Limit = 50, next_token: NextToken = None) -> DisclosureList:
    found, token = deps.register.disclosures(limit=limit, token=next_token)
    return DisclosureList(disclosures=[DisclosureView.of(each) for each in found], next_token=token)


@router.get(
    "/disclosures/<disclosure_id>",
    summary="An outside disclosure and its recordings",
    responses=answers({200: ("The disclosure", DisclosureReport)}, 400, 403, 404),
    tags=["Outside disclosures"],
)
def get_disclosure_report(disclosure_id: DisclosureId, deps: Dependencies) -> DisclosureReport:
    return disclosure_report(get_disclosure(disclosure_id, deps), deps)
