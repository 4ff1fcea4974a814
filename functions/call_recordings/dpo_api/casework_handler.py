"""The DPO API's casework function: the changes to casework. It places and releases holds (through
the hold worker and its work queue), opens subject access requests, moves their clock and keeps the
DPO's decision on each of their recordings, opens erasure, restriction, objection and rectification
requests, moves their clock and decides them (but for erasing), restricts processing and lifts
restrictions, corrects a recording's purpose or source (the registry item and the version's S3 tags),
records disclosures outside the council (preserving their recordings) and closes them,
and logs complaints and each step of handling them (DPA 2018 s.164A); it writes the requests table
and the audit trail and reads the subject key. It never reads a recording nor invokes the eraser."""

from call_recordings.dpo_api.dependencies import reset_dependencies  # noqa: F401 - every handler module offers it (a cold start)
from call_recordings.dpo_api.resolver import dpo_api_resolver, lambda_handler_for
from call_recordings.dpo_api.routes import (
    complaints,
    disclosures,
    holds,
    recording_corrections,
    restrictions,
    rights_requests,
    sar_decisions,
    sars,
)

ROUTERS = (
    holds.router,
    sars.router,
    sar_decisions.router,
    restrictions.router,
    recording_corrections.router,
    rights_requests.router,
    disclosures.router,
    complaints.router,
)

app = dpo_api_resolver(*ROUTERS)
lambda_handler = lambda_handler_for(app)
