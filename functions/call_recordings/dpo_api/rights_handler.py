"""The DPO API's rights function: the casework of a person's other rights and of what leaves the council.
It opens erasure, restriction, objection and rectification requests, moves their clock and decides them
(but for erasing: the disclosure function's), restricting through the hold worker; it records disclosures
outside the council (preserving their recordings under a hold) and closes them; and it logs complaints
and each step of handling them (DPA 2018 s.164A). It writes the requests table and the audit trail,
marks restrictions on the registry and reads the subject key. It never reads a recording, never tags
one, never invokes the eraser.

Its own function, apart from the casework function's holds and SARs, so that each imports only its own
routes' models at a cold start (README, "Benchmarks")."""

from call_recordings.core.cold_start import imports_kept

with imports_kept():  # the collector paused for the imports (core/cold_start.py)
    from call_recordings.dpo_api.dependencies import reset_dependencies  # noqa: F401 - every handler module offers it (a cold start)
    from call_recordings.dpo_api.resolver import dpo_api_resolver, lambda_handler_for
    from call_recordings.dpo_api.routes import complaints, disclosures, rights_requests

ROUTERS = (rights_requests.router, disclosures.router, complaints.router)

app = dpo_api_resolver(*ROUTERS)
lambda_handler = lambda_handler_for(app)
