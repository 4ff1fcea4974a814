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
from bench.holds import LARGE_HOLD, hold_seconds, seed_recordings, worker_calls_per_recording  # noqa: E402
from bench.imports import import_ratio  # noqa: E402
from bench.ingest import UPLOADS, calls_per_upload  # noqa: E402
from infra.local.moto_adjustments import adjust_moto  # noqa: E402
from infra.local.provision import provision  # noqa: E402
from infra.local.runner import emulate_lambda_invoke  # noqa: E402

TEMPLATE = ROOT / "cdk.out" / "CallRecordings.template.json"
HANDLER_LOG = ROOT / ".local" / "bench-handlers.log"
TARGETS = {
    "calls_per_upload": 3,
    "ingest_import_ratio": 1.3,
    "hold_calls_per_recording": 3,
    "hold_10k_seconds": None,
}
HOLD_SAMPLE = 250  # a hold over more than the synchronous limit: fanned out through the work queue


def main() -> int:
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="eu-west-2"
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    figures: dict[str, float] = {}
    rows: list[tuple[str, str, str]] = []

    HANDLER_LOG.parent.mkdir(exist_ok=True)
    restore_moto = adjust_moto()  # as the local stack does: partition queries, S3 event version ids
    with mock_aws(), HANDLER_LOG.open("w") as log, redirect_stdout(log):  # the handlers' own logs
        boto3.setup_default_session(region_name="eu-west-2")
        counter = ApiCallCounter()
        session = boto3.Session(region_name="eu-west-2")
        stack = provision(json.loads(TEMPLATE.read_text()), session)
        emulate_lambda_invoke(stack, boto3.DEFAULT_SESSION)  # the API invokes the hold worker
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

        calls, by_operation = worker_calls_per_recording(
            stack, session, counter, seed_recordings(stack, session, HOLD_SAMPLE, "HC")
        )
        figures["hold_calls_per_recording"] = round(calls, 2)
        detail = ", ".join(f"{op} x{n}" for op, n in sorted(by_operation.items()))
        rows.append(("hold_calls_per_recording", f"{calls:.2f}", f"{HOLD_SAMPLE} recordings: {detail}"))

        seconds, report = hold_seconds(stack, session, seed_recordings(stack, session, LARGE_HOLD, "HK"))
        figures["hold_10k_seconds"] = round(seconds, 1)
        rows.append(
            (
                "hold_10k_seconds",
                f"{seconds:.1f}",
                f"{report['held']}/{report['total']} held, in-process moto",
            )
        )

    restore_moto()

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
    print(f"{'figure':<26} {'value':>8} {'target':>8}  detail")
    for name, value, detail in rows:
        target = "-" if TARGETS[name] is None else f"<= {TARGETS[name]}"
        print(f"{name:<26} {value:>8} {target:>8}  {detail}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
