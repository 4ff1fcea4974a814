"""The DPO API's casework function: the changes to holds, subject access requests and restrictions. It
places, reviews and releases holds (through the hold worker and its work queue), opens subject access
requests, moves their clock and keeps the DPO's decision on each of their recordings, restricts
processing and lifts restrictions, corrects a recording's purpose or source (the registry item and
the version's S3 tags), and finds a person's recordings by an identifier (audited); it writes the
requests table and the audit trail and reads the subject key. It never reads a recording nor invokes
the eraser. Rights requests, outside disclosures and complaints are
the rights function's (rights_handler)."""

from call_recordings.core.cold_start import imports_kept

with imports_kept():  # the collector paused for the imports (core/cold_start.py)
    from call_recordings.dpo_api.dependencies import reset_dependencies  # noqa: F401 - every handler module offers it (a cold start)
    from call_recordings.dpo_api.resolver import dpo_api_resolver, lambda_handler_for
    from call_recordings.dpo_api.routes import (
        holds,
        recording_corrections,
        recording_search,
        restrictions,
        sar_decisions,
        sars,
    )

ROUTERS = (
    holds.router,
    sars.router,
    sar_decisions.router,
    restrictions.router,
    recording_corrections.router,
    recording_search.router,
)

app = dpo_api_resolver(*ROUTERS)
lambda_handler = lambda_handler_for(app)
