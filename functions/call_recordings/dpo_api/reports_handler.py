"""The DPO API's reports function: every route that only reads (recordings, holds, SARs and the
decisions on their recordings, rights requests, erasures, restrictions, outside disclosures,
complaints, statistics and the audit trail). Its role may query the tables and nothing else: no
write, no subject key, no recording, no function to invoke."""

from call_recordings.core.cold_start import imports_kept

with imports_kept():  # the collector paused for the imports (core/cold_start.py)
    from call_recordings.dpo_api.dependencies import reset_dependencies  # noqa: F401 - every handler module offers it (a cold start)
    from call_recordings.dpo_api.resolver import dpo_api_resolver, lambda_handler_for
    from call_recordings.dpo_api.routes import (
        audit,
        complaint_reports,
        disclosure_reports,
        erasure_reports,
        hold_reports,
        recordings,
        restriction_reports,
        rights_reports,
        sar_reports,
    )
    from call_recordings.dpo_api.routes import statistics as statistics_routes

ROUTERS = (
    recordings.router,
    hold_reports.router,
    sar_reports.router,
    erasure_reports.router,
    restriction_reports.router,
    complaint_reports.router,
    rights_reports.router,
    disclosure_reports.router,
    statistics_routes.router,
    audit.router,
)

app = dpo_api_resolver(*ROUTERS)
lambda_handler = lambda_handler_for(app)
