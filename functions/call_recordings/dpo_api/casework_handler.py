"""The DPO API's casework function: the changes to casework. It places and releases holds (through
the hold worker and its work queue), opens subject access requests and moves their clock, and
restricts processing and lifts restrictions, and corrects a recording's purpose or source (the registry
item and the version's S3 tags); it writes the requests table and the audit trail and reads the subject
key. It never reads a recording nor invokes the eraser."""

from call_recordings.dpo_api.dependencies import reset_dependencies  # noqa: F401 - every handler module offers it (a cold start)
from call_recordings.dpo_api.resolver import dpo_api_resolver, lambda_handler_for
from call_recordings.dpo_api.routes import holds, recording_corrections, restrictions, sars

ROUTERS = (holds.router, sars.router, restrictions.router, recording_corrections.router)

app = dpo_api_resolver(*ROUTERS)
lambda_handler = lambda_handler_for(app)
