"""The whole DPO API in one resolver: what its OpenAPI document is generated from (dpo_api.openapi),
and what tests may call.

In AWS no function serves all of it: API Gateway sends each route to the function of its privilege
(infra/dpo_api.py), ``reports_handler``, ``casework_handler``, ``rights_handler`` or
``disclosure_handler``, each with only its routes and its own role. All of them answer errors through
the one map in dpo_api.resolver.
"""

from call_recordings.dpo_api import casework_handler, disclosure_handler, reports_handler, rights_handler
from call_recordings.dpo_api.resolver import dpo_api_resolver

# Each DPO function, by privilege: the handler module that serves its routes.
FUNCTIONS = {
    "reports": reports_handler,
    "casework": casework_handler,
    "rights": rights_handler,
    "disclosure": disclosure_handler,
}

app = dpo_api_resolver(*(router for module in FUNCTIONS.values() for router in module.ROUTERS))
