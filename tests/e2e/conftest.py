"""End-to-end tests through the local stack: the template is synthesized once per session."""

import socket
from pathlib import Path

import pytest

from infra.app import build_app, project_context


@pytest.fixture(scope="session")
def template_path(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("cdk.out")
    app, stack = build_app(context=project_context(), outdir=str(outdir))
    app.synth()
    return outdir / f"{stack.artifact_id}.template.json"


def free_port() -> int:
    """A port nothing listens on now: the OS picks it, we release it and pass it on explicitly."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cold_ingest_function():
    """The handler runs in this process: a new container, not one another test's clients warmed."""
    from call_recordings.ingest import handler

    handler.reset_dependencies()
    yield
    handler.reset_dependencies()
