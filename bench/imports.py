"""Cold import time of each function's handler module against a bare `import boto3`, in fresh
interpreters: what a Lambda cold start spends before the first event."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
TEMPLATE = ROOT / "cdk.out" / "CallRecordings.template.json"
IMPORT_RATIO_TARGET = 1.5  # every function's handler module; ingest's own target is 1.3
INGEST_HANDLER_MODULE = "call_recordings.ingest.handler"
DPO_API_PACKAGE = "call_recordings.dpo_api."
FUNCTIONS_DIR = ROOT / "functions"
_TIMED_IMPORT = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def handler_modules(template: dict) -> dict[str, dict[str, str]]:
    """The handler module of every function of the template whose code is ours (under functions/), in
    template order, with the environment Lambda gives it (its literal variables; names of resources
    the template resolves at deployment are left out: nothing reads them at import). CDK's own
    functions (the bucket notifications' handler) are not ours to measure."""
    modules: dict[str, dict[str, str]] = {}
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::Lambda::Function":
            continue
        properties = resource["Properties"]
        module = properties["Handler"].rsplit(".", 1)[0]
        if (FUNCTIONS_DIR / f"{module.replace('.', '/')}.py").is_file() and module not in modules:
            variables = properties.get("Environment", {}).get("Variables", {})
            modules[module] = {name: value for name, value in variables.items() if isinstance(value, str)}
    return modules


def cold_import_seconds(module: str, environment: dict[str, str] | None = None) -> float:
    # Bytecode is cached for both (the warm-up writes it), so this measures import work, not compiling.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env |= environment or {}
    output = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", _TIMED_IMPORT.format(module=module)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    return float(output.strip().splitlines()[-1])


def import_seconds(modules: dict[str, dict[str, str]], rounds: int = 9) -> tuple[float, dict[str, float]]:
    """Median cold import of bare boto3 and of each module (in its function's environment), measured
    in turn in each round (after a warm-up), so that a busy moment of the machine weighs on all of
    them alike."""
    cold_import_seconds("boto3")  # warm the OS file cache and write the bytecode
    for module, environment in modules.items():
        cold_import_seconds(module, environment)
    bare: list[float] = []
    handlers: dict[str, list[float]] = {module: [] for module in modules}
    for _ in range(rounds):
        bare.append(cold_import_seconds("boto3"))
        for module, environment in modules.items():
            handlers[module].append(cold_import_seconds(module, environment))
    return statistics.median(bare), {module: statistics.median(each) for module, each in handlers.items()}


def import_ratios(template: dict) -> tuple[list[tuple[str, str, str]], dict[str, float]]:
    """A row per function of the template (its handler module's cold import over a bare boto3's), and
    the two figures: ingest's, and the slowest of the DPO API's functions."""
    bare, seconds = import_seconds(handler_modules(template))
    ratios = {module: each / bare for module, each in seconds.items()}
    rows = [
        (f"import {module}", f"{ratio:.3f}", f"{seconds[module] * 1000:.0f} ms / boto3 {bare * 1000:.0f} ms")
        for module, ratio in ratios.items()
    ]
    slowest_dpo = max((module for module in ratios if module.startswith(DPO_API_PACKAGE)), key=ratios.get)
    figures = {
        "ingest_import_ratio": round(ratios[INGEST_HANDLER_MODULE], 3),
        "dpo_api_import_ratio": round(ratios[slowest_dpo], 3),
    }
    rows += [
        ("ingest_import_ratio", f"{figures['ingest_import_ratio']:.3f}", f"import {INGEST_HANDLER_MODULE}"),
        (
            "dpo_api_import_ratio",
            f"{figures['dpo_api_import_ratio']:.3f}",
            f"the slowest DPO function: {slowest_dpo}",
        ),
    ]
    return rows, figures


if __name__ == "__main__":  # python -m bench.imports: the import figures alone
    rows, figures = import_ratios(json.loads(TEMPLATE.read_text()))
    for name, value, detail in rows:
        print(f"{name:<34} {value:>8}  {detail}")
    print(json.dumps(figures))
