"""/statistics: anonymous counts by month, purpose and source, small numbers suppressed."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Query

from call_recordings.core.observability import logger
from call_recordings.dpo_api.dependencies import statistics_dependencies
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.statistics_models import StatisticsReport
from call_recordings.statistics.report import StatisticsDependencies, recording_statistics
from call_recordings.statistics.tables import MAX_MONTHS, MONTH_PATTERN

router = Router()


@router.get(
    "/statistics",
    summary="Counts of recordings by month, purpose and source",
    description=(
        "Per London month of recording: counts by purpose x source, with totals by purpose, by source "
        "and for the month. Counts from 1 to 4 are suppressed, and so is any further figure that would "
        'let one be worked out; a suppressed figure is {"count": null, "suppressed": true}. '
        "Deleted recordings count in the month they were recorded; restricted ones (Art 18) are not "
        f"counted. from/to are YYYY-MM, to not before from, at most {MAX_MONTHS} months; by default "
        "the twelve months to the current month (a missing to is the current month, a missing from is "
        "eleven months before to). A read: no audit entry."
    ),
    responses=answers({200: ("The month tables", StatisticsReport)}, 400, 403),
    tags=["Statistics"],
)
def get_statistics(
    deps: Annotated[StatisticsDependencies, Depends(statistics_dependencies)],
    from_month: Annotated[
        str | None, Query(alias="from", pattern=MONTH_PATTERN, description="YYYY-MM")
    ] = None,
    to_month: Annotated[str | None, Query(alias="to", pattern=MONTH_PATTERN, description="YYYY-MM")] = None,
) -> StatisticsReport:
    first, last, months = recording_statistics(from_month, to_month, deps=deps)
    # A read of anonymous figures changes nothing, so it writes no audit entry; it is logged.
    logger.info("Statistics read", extra={"from": first, "to": last, "months": len(months)})
    return StatisticsReport(from_month=first, to_month=last, months=months)
