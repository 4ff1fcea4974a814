"""Run every benchmark and print a table, then one JSON line with the figures (the last line)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

import boto3
from moto import mock_aws

from bench.counting import ApiCallCounter, on_one_core
from bench.finding import flagged_calls, search_calls
from bench.floors import erasure_against_floor, export_against_floor
from bench.holds import hold_against_floor
from bench.imports import IMPORT_RATIO_TARGET, import_ratios
from bench.ingest import UPLOADS, calls_per_upload
from bench.sars import sar_open_calls
from bench.sweeps import DUE, sweep_calls
from infra.local import runner
from infra.local.moto_adjustments import adjust_moto
from infra.local.provision import LocalStack, provision
from infra.local.runner import emulate_lambda_invoke

ROOT = Path(__file__).parent.parent
TEMPLATE = ROOT / "cdk.out" / "CallRecordings.template.json"
HANDLER_LOG = ROOT / ".local" / "bench-handlers.log"
TARGETS = {
    "calls_per_upload": 3,
    "ingest_import_ratio": 1.3,
    "dpo_api_import_ratio": 1.5,
    "hold_calls_per_recording": 3,
    "hold_vs_floor": 1.5,
    "export_500_vs_floor": 1.5,
    "erasure_2000_vs_floor": 1.5,
    "sar_calls_1k": None,
    "sar_calls_20k": None,
    "sweep_calls_1k": None,
    "sweep_calls_20k": None,
    "search_calls_1k": None,
    "search_calls_20k": None,
    "flagged_calls_1k": None,
    "flagged_calls_20k": None,
}
# Registered recordings among which a SAR is opened and a sweep runs: the figures must not depend on it.
SCALES = {"1k": 1_000, "20k": 20_000}


def main() -> int:
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="eu-west-2"
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    pinned = on_one_core()
    figures: dict[str, float | None] = {}
    rows: list[tuple[str, str, str]] = []

    HANDLER_LOG.parent.mkdir(exist_ok=True)
    restore_moto = adjust_moto()  # as the local stack does: partition queries, S3 event version ids
    # The handlers' own logs, one file for the whole run: the Powertools logger keeps the stream it
    # was first given, so it must stay open until the last measurement.
    with HANDLER_LOG.open("w") as log, redirect_stdout(log):
        with mock_aws():
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

            hold = hold_against_floor(stack, session, counter)
            figures["hold_calls_per_recording"] = round(hold.calls_per_recording, 2)
            detail = ", ".join(f"{op} x{n}" for op, n in sorted(hold.calls.items()))
            rows.append(
                (
                    "hold_calls_per_recording",
                    f"{hold.calls_per_recording:.2f}",
                    f"the hold below, {hold.calls_per_recording:.4f} a recording: {detail}",
                )
            )
            measured = [
                ("hold_vs_floor", hold.hold, hold.floor, f"{hold.held}/{hold.total} held", True),
                *(
                    (name, against.took, against.floor, against.detail, against.done)
                    for name, against in (
                        ("export_500_vs_floor", export_against_floor(stack, session)),
                        ("erasure_2000_vs_floor", erasure_against_floor(stack, session)),
                    )
                ),
            ]
            for name, took, floor, what, done in measured:
                wall, cpu = took.ratio(floor)
                figures[name] = round(wall, 2) if done else None
                rows.append(
                    (
                        name,
                        f"{wall:.2f}" if done else "-",
                        f"{what}: {took.wall:.1f} s against the floor's {floor.wall:.1f} s "
                        f"(CPU time {took.cpu:.1f} s against {floor.cpu:.1f} s: {cpu:.2f})",
                    )
                )

        # Each scale in a registry of exactly that size, so a fresh moto world for each.
        for name, registered in SCALES.items():
            for figure, measure, what in (
                ("sar_calls", sar_open_calls, "POST /sars for a subject with 3 recordings"),
                ("sweep_calls", sweep_calls, f"a sweep deleting {DUE} due recordings"),
                ("search_calls", search_calls, "POST /recordings/search for a person with 3 recordings"),
                ("flagged_calls", flagged_calls, "GET /recordings?needs=dpo with 3 flagged"),
            ):
                with fresh_world() as (world, world_session, world_counter):
                    calls, by_operation = measure(world, world_session, world_counter, registered)
                figures[f"{figure}_{name}"] = calls
                detail = ", ".join(f"{op} x{n}" for op, n in sorted(by_operation.items()))
                rows.append((f"{figure}_{name}", f"{calls:.0f}", f"{what} among {registered}: {detail}"))
        equal = [
            f"{figure} {'equal' if figures[f'{figure}_1k'] == figures[f'{figure}_20k'] else 'NOT EQUAL'}"
            for figure in ("sar_calls", "sweep_calls", "search_calls", "flagged_calls")
        ]

    restore_moto()

    import_rows, import_figures = import_ratios(json.loads(TEMPLATE.read_text()))
    figures.update(import_figures)
    rows += import_rows

    print(f"Handler logs: {HANDLER_LOG.relative_to(ROOT)}; this process {pinned}")
    print(f"{'figure':<34} {'value':>8} {'target':>8}  detail")
    for name, value, detail in rows:
        limit = TARGETS.get(name, IMPORT_RATIO_TARGET if name.startswith("import ") else None)
        target = "-" if limit is None else f"<= {limit}"
        print(f"{name:<34} {value:>8} {target:>8}  {detail}")
    print(f"1k against 20k: {', '.join(equal)}")
    print(json.dumps(figures))
    return 0 if all(each.endswith(" equal") for each in equal) else 1


@contextmanager
def fresh_world() -> Iterator[tuple[LocalStack, boto3.Session, ApiCallCounter]]:
    """A moto world of its own, provisioned from the template, with its own call counter."""
    with mock_aws():
        boto3.setup_default_session(region_name="eu-west-2")
        counter = ApiCallCounter()
        session = boto3.Session(region_name="eu-west-2")
        stack = provision(json.loads(TEMPLATE.read_text()), session)
        emulate_lambda_invoke(stack, boto3.DEFAULT_SESSION)
        runner.start_new_containers(stack)  # handlers forget the clients of the previous world
        yield stack, session, counter


if __name__ == "__main__":
    sys.exit(main())
