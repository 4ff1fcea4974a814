"""The DPO API's disclosure and erasure function: the packages (a subject access request's, an outside
body's: copies of the exact recording versions in the export bucket, and links to them), erasures
(which decide an erasure request or an upheld objection) and the destruction of out-of-policy captures
(both through the eraser). The only DPO function that reads recordings, writes the export bucket or
invokes the eraser."""

from call_recordings.dpo_api.dependencies import reset_dependencies  # noqa: F401 - every handler module offers it (a cold start)
from call_recordings.dpo_api.resolver import dpo_api_resolver, lambda_handler_for
from call_recordings.dpo_api.routes import destructions, disclosure_packages, erasures, sar_exports

ROUTERS = (sar_exports.router, disclosure_packages.router, erasures.router, destructions.router)

app = dpo_api_resolver(*ROUTERS)
lambda_handler = lambda_handler_for(app)
