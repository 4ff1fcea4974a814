"""The DPO API's disclosure and erasure function: the packages (a subject access request's, an outside
body's: copies of the exact recording versions in the export bucket, and links to them), erasures
(which decide an erasure request or an upheld objection) and the destruction of out-of-policy captures
(both through the eraser). The only DPO function that reads recordings, writes the export bucket or
invokes the eraser. It also runs the jobs those routes start when the work is too large to finish while
the DPO waits (jobs/running.py), from its own work queue.
"""

from typing import Any

from call_recordings.core.cold_start import imports_kept

with imports_kept():  # the collector paused for the imports (core/cold_start.py)
    from call_recordings.dpo_api.dependencies import reset_dependencies  # noqa: F401 - every handler module offers it (a cold start)
    from call_recordings.dpo_api.resolver import dpo_api_resolver, lambda_handler_for
    from call_recordings.dpo_api.routes import destructions, disclosure_packages, erasures, jobs, sar_exports

ROUTERS = (sar_exports.router, disclosure_packages.router, erasures.router, destructions.router, jobs.router)

app = dpo_api_resolver(*ROUTERS)
api_handler = lambda_handler_for(app)


def lambda_handler(event: dict, context: Any) -> dict:
    """An API request, or a batch of the jobs' work queue (jobs/worker.py: the jobs run here, where the
    privilege they need is)."""
    if isinstance(event.get("Records"), list):
        from call_recordings.jobs.worker import work_on_queue_batch

        return work_on_queue_batch(event, context)
    return api_handler(event, context)
