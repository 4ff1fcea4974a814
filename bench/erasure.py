"""The erasure against its floor alone (issue 17), without the rest of ``make bench``: what to run after
changing the erasure's path, in a minute rather than fifteen.

``.venv/bin/python -m bench.erasure [rounds]`` (after ``make synth``) provisions the local stack under
moto as ``make bench`` does, registers 20,000 other recordings first (``make bench`` reaches the
erasure with about that many registered: the hold's, the floors' and the export's; the subject's
look-up walks them under moto), then measures ``erasure_2000_vs_floor`` ``rounds`` times (default 1),
each round seeding the caller's versions and the floor's afresh, and prints each round's wall and CPU
ratios and the AWS calls the handlers made, by operation (the floor's own client is not counted). On
a shared machine the CPU ratio is the steadier of the two.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import redirect_stdout

import boto3
from moto import mock_aws

from bench import floors
from bench.__main__ import HANDLER_LOG, TEMPLATE
from bench.counting import ApiCallCounter, on_one_core
from bench.holds import seed
from infra.local.moto_adjustments import adjust_moto
from infra.local.provision import provision
from infra.local.runner import emulate_lambda_invoke

REGISTERED_BEFORE = 20_000


def main(rounds: int) -> int:
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="eu-west-2"
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    out = sys.stdout
    print(f"This process {on_one_core()}", file=out)
    restore_moto = adjust_moto()
    HANDLER_LOG.parent.mkdir(exist_ok=True)
    with HANDLER_LOG.open("w") as log, redirect_stdout(log), mock_aws():
        boto3.setup_default_session(region_name="eu-west-2")
        counter = ApiCallCounter()
        session = boto3.Session(region_name="eu-west-2")
        stack = provision(json.loads(TEMPLATE.read_text()), session)
        emulate_lambda_invoke(stack, boto3.DEFAULT_SESSION)
        seed(stack, session, REGISTERED_BEFORE, "RB")
        for _ in range(rounds):
            counter.calls.clear()
            with counter.counting():
                against = floors.erasure_against_floor(stack, session)
            wall, cpu = against.took.ratio(against.floor)
            calls = ", ".join(f"{op} x{n}" for op, n in sorted(counter.calls.items()))
            print(
                f"erasure_2000_vs_floor {wall:.2f} (CPU {cpu:.2f}): {against.detail}: "
                f"{against.took.wall:.1f} s against {against.floor.wall:.1f} s (CPU {against.took.cpu:.1f} s "
                f"against {against.floor.cpu:.1f} s); the handlers' calls: {calls}",
                file=out,
            )
    restore_moto()
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1))
