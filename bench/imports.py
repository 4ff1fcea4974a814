"""Cold import time of a handler module against a bare `import boto3`, in fresh interpreters."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
_TIMED_IMPORT = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def cold_import_seconds(module: str) -> float:
    # Bytecode is cached for both (the warm-up writes it), so this measures import work, not compiling.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    output = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", _TIMED_IMPORT.format(module=module)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    return float(output.strip().splitlines()[-1])


def import_ratio(module: str, rounds: int = 9) -> tuple[float, float, float]:
    """Median cold import of `module` and of boto3 (interleaved, after a warm-up) and their ratio."""
    cold_import_seconds("boto3")  # warm the OS file cache for both
    cold_import_seconds(module)
    handler, bare = [], []
    for _ in range(rounds):
        bare.append(cold_import_seconds("boto3"))
        handler.append(cold_import_seconds(module))
    handler_median, bare_median = statistics.median(handler), statistics.median(bare)
    return handler_median, bare_median, handler_median / bare_median
