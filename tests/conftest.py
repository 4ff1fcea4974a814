import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import time_machine

# Never let a test reach a real AWS account, whatever the developer's shell holds.
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SECURITY_TOKEN="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="eu-west-2",
    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20",
)
os.environ.pop("AWS_PROFILE", None)

# The day every test runs on, whatever the machine's calendar says: a suite that passes on the 28th
# and fails on the 3rd is broken (STYLE 11). The clock ticks from here, so leases and timeouts still
# pass; a test about other days travels there itself (tests/e2e/test_demo_dates.py).
SUITE_NOW = datetime(2026, 12, 3, 10, 15, tzinfo=UTC)


TESTS = Path(__file__).parent
# Every test outside tests/unit is marked by the directory it lives in, here and nowhere else, so no
# test can be left out of `make test-fast`'s selection by forgetting a marker (pyproject.toml says
# what each marker means; tests/unit/test_suite_markers.py checks that none is missing).
MARKERS_BY_DIRECTORY = {
    "integration": ("integration", "slow"),
    "infra": ("infra", "slow"),
    "e2e": ("e2e", "slow"),
    "adversarial": ("adversarial", "slow"),
    "fuzz": ("fuzz", "slow"),
}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by these markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if TESTS not in item.path.parents:
            continue
        directory = item.path.relative_to(TESTS).parts[0]
        for marker in MARKERS_BY_DIRECTORY.get(directory, ()):
            item.add_marker(marker)


@pytest.fixture(autouse=True)
def fixed_today():
    """Every test runs as of SUITE_NOW (time-machine), ticking."""
    with time_machine.travel(SUITE_NOW, tick=True) as traveller:
        yield traveller


class Synthesis(NamedTuple):
    stack: Any  # the CallRecordingsStack
    outdir: Path  # the cloud assembly

    @property
    def template_path(self) -> Path:
        return self.outdir / f"{self.stack.artifact_id}.template.json"


@pytest.fixture(scope="session")
def synthesize(tmp_path_factory):
    """Synthesizes the stack with cdk.json's context and the overrides given, each time into a directory of
    its own; the stack and that directory. cdk-nag runs, and raises on any unacknowledged finding."""
    from infra.app import build_app, project_context  # the CDK is loaded only when a test needs it

    def synthesized(**context: object) -> Synthesis:
        outdir = tmp_path_factory.mktemp("cdk.out")
        app, stack = build_app(context=project_context(**context), outdir=str(outdir))
        app.synth()
        return Synthesis(stack, outdir)

    return synthesized


@pytest.fixture(scope="session")
def synthesized(synthesize):
    """The stack with the minimal context, synthesized once per session for every test that reads its
    template: the infra and end-to-end tests, and the integration tests, whose tables are made from it
    (infra/local/provision.py). Only a test that asks for it pays for it: the unit tests never do."""
    return synthesize()


@pytest.fixture(scope="session")
def template_path(synthesized) -> Path:
    return synthesized.template_path


@pytest.fixture(scope="session")
def stack_template(template_path) -> dict:
    """The synthesized template, parsed: what the integration tests create their tables from."""
    return json.loads(template_path.read_text())
