"""`make test-fast` runs every unit test and nothing else: each test outside tests/unit carries a marker
that keeps it out, given by its directory (tests/conftest.py), so a new test cannot forget one."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEEP_OUT_OF_THE_FAST_LOOP = {"integration", "e2e", "infra", "adversarial", "fuzz"}

# Collects the suite as `make test-fast` selects it and prints, per test, whether it was selected
# and its markers (names, tab-separated).
_COLLECT = """
import sys

import pytest


class Report:
    def pytest_deselected(self, items):
        self.show("deselected", items)

    def pytest_collection_finish(self, session):
        self.show("selected", session.items)

    @staticmethod
    def show(what, items):
        for item in items:
            print(what, item.nodeid, *sorted({marker.name for marker in item.iter_markers()}), sep="\\t")


sys.exit(pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", *sys.argv[1:]], plugins=[Report()]))
"""


def fast_selection() -> str:
    """The marker expression of `make test-fast`, as the Makefile has it."""
    return re.search(r"^FAST_TESTS := (.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)[1]


def collect(*args: str) -> dict[str, dict[str, set[str]]]:
    """{"selected"|"deselected": {node id: its markers}} for the whole suite."""
    output = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", _COLLECT, *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    found: dict[str, dict[str, set[str]]] = {"selected": {}, "deselected": {}}
    for line in output.splitlines():
        what, _, rest = line.partition("\t")
        if what in found:
            nodeid, *markers = rest.split("\t")
            found[what][nodeid] = set(markers)
    return found


def directory(nodeid: str) -> str:
    return nodeid.split("/")[1] if nodeid.startswith("tests/") else ""


def test_the_fast_loop_runs_every_unit_test_and_every_other_test_is_marked_out_of_it():
    found = collect("-m", fast_selection())
    selected, deselected = found["selected"], found["deselected"]

    assert len(selected) > 100  # the unit tests
    assert {directory(nodeid) for nodeid in selected} == {"unit"}, "tests outside tests/unit would run"
    assert {directory(nodeid) for nodeid in deselected} == KEEP_OUT_OF_THE_FAST_LOOP
    unmarked = [nodeid for nodeid, markers in deselected.items() if not markers & KEEP_OUT_OF_THE_FAST_LOOP]
    assert unmarked == []
    # `slow` still means "synthesizes the stack": every template test, every end-to-end test, and every
    # integration and adversarial test (its tables are made from the template).
    synthesizing = {nodeid for nodeid in deselected if directory(nodeid) in KEEP_OUT_OF_THE_FAST_LOOP}
    assert synthesizing and all("slow" in deselected[nodeid] for nodeid in synthesizing)
    assert all("slow" not in markers for markers in selected.values())
