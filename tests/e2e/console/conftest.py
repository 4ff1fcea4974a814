"""What the console's browser tests share: `make serve` run as a DPO would run it, the made-up
recordings uploaded into it, Debian's chromium driven by Playwright, and axe-core run in each page.

The stack runs in a process of its own (`LOCAL_SAMPLES=1 python -m infra.local.serve`: with the demo's
made-up recordings, as the DPO guide has a person try it), on the machine's clock like the
browser, whose SigV4 signatures the local API checks against its own clock: the suite's fixed instant
(SUITE_NOW) is for the tests' own process, so the dates typed into the console are the real London
today's (time-machine's escape hatch), and the recordings are the samples recorded in the calendar
month before it.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine

from call_recordings.core.retention import LONDON
from infra.local.samples import SampleUpload, sample_uploads
from tests.e2e.conftest import free_port
from tests.e2e.test_local_stack import read_json, serving, wait_for

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA, as the Public Sector Bodies Accessibility Regulations 2018 require (axe-core's tags).
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Where the screenshots go: docs/console/ when asked (make screenshots), else the test's own directory.
SCREENSHOTS = os.environ.get("CONSOLE_SCREENSHOTS")


def chromium() -> str:
    """Debian's chromium (Playwright's own browser download is not reachable everywhere we run)."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).is_file():
        pytest.fail(
            f"No Chromium at {found}: `make test` installs Debian's chromium where it can "
            "(apt-get install chromium); elsewhere install it, or give its path in CHROMIUM."
        )
    return found


def real_now() -> datetime:
    """The machine's clock, which the served stack and the browser run on."""
    if time_machine.escape_hatch.is_travelling():
        return time_machine.escape_hatch.datetime.datetime.now(UTC)
    return datetime.now(UTC)


def london_today() -> date:
    return real_now().astimezone(LONDON).date()


@dataclass
class ServedStack:
    console_url: str
    api_url: str
    aws_endpoint: str
    bucket: str
    samples: list[SampleUpload]


@pytest.fixture(scope="session")
def served_stack(template_path, tmp_path_factory) -> Iterator[ServedStack]:
    """`LOCAL_SAMPLES=1 make serve` on free ports, once its samples are registered."""
    state = tmp_path_factory.mktemp("serve")
    log = state / "serve.log"
    env = {
        **os.environ,
        "LOCAL_AWS_PORT": str(free_port()),
        "LOCAL_API_PORT": str(free_port()),
        "LOCAL_CONSOLE_PORT": str(free_port()),
        "LOCAL_STATE_DIR": str(state / "local"),
        "LOCAL_TEMPLATE": str(template_path),
        "LOCAL_SAMPLES": "1",
    }
    env.pop("AWS_ENDPOINT_URL", None)
    with serving(env, log) as serve:
        stack = wait_for(lambda: read_json(state / "local" / "stack.json"), serve, log, "stack.json")
        samples = sample_uploads(real_now())  # what serve uploaded (LOCAL_SAMPLES=1): the same, seeded
        expected = {u.call_id for u in samples if u.call_id and not u.ignored and u.body}
        wait_for(lambda: expected <= registered_call_ids(log), serve, log, "the samples to be registered")
        yield ServedStack(
            console_url=stack["console_url"],
            api_url=stack["api_url"],
            aws_endpoint=stack["aws_endpoint"],
            bucket=stack["bucket"],
            samples=samples,
        )
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=20) == 0, log.read_text()


def registered_call_ids(log: Path) -> set[str]:
    """The call ids serve has logged as registered ("registered C-... (version ...)")."""
    return {
        line.split("registered ", 1)[1].split(" ", 1)[0]
        for line in log.read_text().splitlines()
        if " registered " in line
    }


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        yield launched
        launched.close()


class ConsolePage:
    """One browser tab on the console, failing the test on any script error or CSP refusal."""

    def __init__(self, page, stack: ServedStack, screenshots: Path) -> None:
        self.page = page
        self.stack = stack
        self.screenshots = screenshots
        self.problems: list[str] = []
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("console", self._console_message)

    def _console_message(self, message) -> None:
        # The browser logs every 4xx as an error; an API's refusal is what some steps expect, and the
        # page shows it. Anything else logged as an error (a CSP refusal, a script's) fails the test.
        refusal = message.text.startswith("Failed to load resource: the server responded with a status of 4")
        from_api = message.location["url"].startswith(self.stack.api_url)
        if message.type == "error" and not (refusal and from_api):
            self.problems.append(f"console {message.type}: {message.text} ({message.location['url']})")

    def sign_in(self) -> None:
        self.page.goto(f"{self.stack.console_url}/#/today")
        self.page.get_by_role("button", name="Sign in as the local DPO").click()
        self.shown("/today")

    def shown(self, path: str) -> None:
        """Wait until the page at `path` (its address after #) has been drawn."""
        self.page.locator(f'main[data-page="{path}"]:not([aria-busy])').wait_for()

    def go(self, path: str) -> None:
        self.page.goto(f"{self.stack.console_url}/#{path}")
        self.shown(path)

    def check(self, name: str) -> None:
        """axe-core finds no WCAG 2.2 AA violation in the page as it is now; its screenshot is saved."""
        results = self.page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']][:5]}"
            for v in results["violations"]
        ]
        assert violations == [], f"{name}: axe found WCAG 2.2 AA violations:\n" + "\n".join(violations)
        assert self.problems == [], f"{name}: {self.problems}"
        self.page.screenshot(path=str(self.screenshots / f"{name}.png"), full_page=True)


@pytest.fixture
def console(browser, served_stack, tmp_path) -> Iterator[ConsolePage]:
    """A fresh tab (its own session storage) with axe-core loaded into every page it opens."""
    context = browser.new_context(viewport={"width": 1100, "height": 800}, accept_downloads=True)
    context.add_init_script(path=str(AXE))  # through the browser's debugging protocol: not subject to CSP
    screenshots = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    screenshots.mkdir(parents=True, exist_ok=True)
    page = ConsolePage(context.new_page(), served_stack, screenshots)
    page.sign_in()
    yield page
    context.close()
