"""The console's own modules under node's test runner (console/test/*.test.mjs): its forms check what
the API checks, map the API's refusals to their fields, and escape what they show."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_consoles_modules_pass_their_own_tests():
    node = shutil.which("node")
    assert node, "node is needed (make install uses it for the CDK and the console)"
    tests = sorted(str(path) for path in (ROOT / "console" / "test").glob("*.test.mjs"))
    assert len(tests) >= 2
    run = subprocess.run(  # noqa: S603 - node on our own test files
        [node, "--test", *tests], cwd=ROOT / "console", capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "# fail 0" in run.stdout
