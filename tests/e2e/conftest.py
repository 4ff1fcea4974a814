"""End-to-end tests through the local stack, from the template synthesized once per session
(``template_path``, tests/conftest.py)."""

import socket

import pytest


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
