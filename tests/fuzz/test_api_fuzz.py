"""The DPO API fuzzed from its own OpenAPI document (docs/openapi.json) by schemathesis, through the
local API over HTTP, signed: valid and invalid requests for every operation. Fails on any 5xx, any
answer the document does not describe, and any invalid request accepted (EXCLUDED says which of
schemathesis' checks are left out, and why). `make test` runs a bounded,
seeded number of examples per operation; `make fuzz` many more (FUZZ_EXAMPLES)."""

from __future__ import annotations

import os
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    ignored_auth,
    missing_required_header,
    positive_data_acceptance,
    unsupported_method,
)

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
SEED = int(os.environ.get("FUZZ_SEED", "20261203"))

# Left out, and why: a valid request may be refused by a rule the document cannot state (a period of
# at most 366 days, a date not in the future, a SAR still open); every request here is signed after
# schemathesis builds it, so its checks that drop the Authorization header would see it signed again
# (tests/e2e/test_local_api.py shows unsigned and wrongly signed requests refused with 403); and an
# undeclared method gets API Gateway's own 403, not the 405 schemathesis expects.
EXCLUDED = [positive_data_acceptance, ignored_auth, missing_required_header, unsupported_method]

schema = schemathesis.openapi.from_path(ROOT / "docs" / "openapi.json")
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES,
    deterministic=True,
    with_security_parameters=False,  # the session signs every request (conftest.py)
)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_request_as_its_document_says(case, fuzzed_api):
    _, api_url, session = fuzzed_api
    case.call_and_validate(base_url=api_url + "/", session=session, excluded_checks=EXCLUDED)
