"""Run every benchmark and print a table, then one JSON line with the figures (the last line)."""

from __future__ import annotations

import json
import os
import sys
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "functions"))

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

from bench.counting import ApiCallCounter  # noqa: E402
from bench.imports import import_ratio  # noqa: E402
from bench.ingest import UPLOADS, calls_per_upload  # noqa: E402
from infra.local.provision import provision  # noqa: E402

TEMPLATE = ROOT / "cdk.out" / "CallRecordings.template.json"
HANDLER_LOG = ROOT / ".local" / "bench-handlers.log"
TARGETS = {"calls_per_upload": 3, "ingest_import_ratio": 1.3}


def main() -> int:
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="eu-west-2"
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    figures: dict[str, float] = {}
    rows: list[tuple[str, str, str]] = []

    HANDLER_LOG.parent.mkdir(exist_ok=True)
    with mock_aws(), HANDLER_LOG.open("w") as log, redirect_stdout(log):  # the handlers' own logs
        boto3.setup_default_session(region_name="eu-west-2")
        counter = ApiCallCounter()
        session = boto3.Session(region_name="eu-west-2")
        stack = provision(json.loads(TEMPLATE.read_text()), session)
        per_upload, warm, once = calls_per_upload(stack, session, counter)
        figures["calls_per_upload"] = round(per_upload, 2)
        detail = ", ".join(f"{op} x{n}" for op, n in sorted(warm.items()))
        cold = ", ".join(f"{op} x{n}" for op, n in sorted(once.items())) or "none"
        rows.append(
            (
                "calls_per_upload",
                f"{per_upload:.2f}",
                f"{UPLOADS} uploads: {detail}; once per container: {cold}",
            )
        )

    handler_s, boto3_s, ratio = import_ratio("ingest.handler")
    figures["ingest_import_ratio"] = round(ratio, 3)
    rows.append(
        (
            "ingest_import_ratio",
            f"{ratio:.3f}",
            f"import ingest.handler {handler_s * 1000:.0f} ms / boto3 {boto3_s * 1000:.0f} ms",
        )
    )

    print(f"Handler logs: {HANDLER_LOG.relative_to(ROOT)}")
    print(f"{'figure':<22} {'value':>8} {'target':>8}  detail")
    for name, value, detail in rows:
        print(f"{name:<22} {value:>8} {'<= ' + str(TARGETS[name]):>8}  {detail}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
