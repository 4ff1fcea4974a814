"""/statistics: anonymous counts by month, purpose and source, small numbers suppressed; each month
published once, after it has ended, and answered as published ever after. JSON, or CSV on
``Accept: text/csv``."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Query

from call_recordings.core.observability import logger
from call_recordings.dpo_api.dependencies import statistics_dependencies
from call_recordings.dpo_api.models import JSON_MEDIA_TYPE, answers, with_csv
from call_recordings.dpo_api.statistics_models import StatisticsReport
from call_recordings.statistics.report import StatisticsDependencies, recording_statistics
from call_recordings.statistics.spreadsheet import HEADER, as_csv
from call_recordings.statistics.tables import MAX_MONTHS, MONTH_PATTERN

router = Router()

CSV_MEDIA_TYPE = "text/csv"


@router.get(
    "/statistics",
    summary="Counts of recordings by month, purpose and source, as published",
    description=(
        "Per London month of recording: counts by purpose x source, with totals by purpose, by source "
        "and for the month. Counts from 1 to 4 are suppressed, and so is any further figure that would "
        'let one be worked out; a suppressed figure is {"count": null, "suppressed": true}. '
        "Deleted recordings count in the month they were recorded; restricted ones (Art 18) are not "
        "counted. A month is published only after it has ended: the first request for it after that "
        "computes and stores it (published_at, version), and every later request answers that release "
        "unchanged, whatever happens to its recordings afterwards. The current month, or a period "
        "reaching it, is refused (409 month-not-published, naming the day it will be published). "
        f"from/to are YYYY-MM, to not before from, at most {MAX_MONTHS} months; by default the twelve "
        "months to the last month that has ended (a missing to is that month, a missing from is eleven "
        f"months before to). With Accept: text/csv the answer is one CSV table ({', '.join(HEADER)}; "
        "totals under 'all', a suppressed figure as 'suppressed'); JSON otherwise. A read: no audit entry."
    ),
    responses=with_csv(
        answers({200: ("The published month tables", StatisticsReport)}, 400, 403, 409),
        200,
        "The same figures as one CSV table, with a header line",
    ),
    tags=["Statistics"],
)
def get_statistics(
    deps: Annotated[StatisticsDependencies, Depends(statistics_dependencies)],
    from_month: Annotated[
        str | None, Query(alias="from", pattern=MONTH_PATTERN, description="YYYY-MM")
    ] = None,
    to_month: Annotated[str | None, Query(alias="to", pattern=MONTH_PATTERN, description="YYYY-MM")] = None,
):  # A Response, JSON or CSV (no return annotation: a CSV body is not the JSON model)
    first, last, months = recording_statistics(from_month, to_month, deps=deps)
    wants_csv = prefers_csv(router.current_event.headers.get("accept"))
    # A read of anonymous figures changes nothing, so it writes no audit entry; it is logged.
    logger.info(
        "Statistics read",
        extra={"from": first, "to": last, "months": len(months), "csv": wants_csv},
    )
    if wants_csv:
        return Response(status_code=200, content_type=f"{CSV_MEDIA_TYPE}; charset=utf-8", body=as_csv(months))
    report = StatisticsReport(from_month=first, to_month=last, months=months)
    return Response(status_code=200, content_type=JSON_MEDIA_TYPE, body=report.model_dump_json())


def prefers_csv(accept: str | None) -> bool:
    """Whether the Accept header asks for CSV before JSON: ``text/csv`` listed, and not after
    ``application/json`` (quality values are not weighed: the two are the only answers)."""
    listed = [part.split(";")[0].strip().lower() for part in (accept or "").split(",")]
    if CSV_MEDIA_TYPE not in listed:
        return False
    return JSON_MEDIA_TYPE not in listed or listed.index(CSV_MEDIA_TYPE) < listed.index(JSON_MEDIA_TYPE)
