#!/usr/bin/env python3
"""CDK entry point: `python app.py` (or `npx cdk synth`) writes cdk.out/CallRecordings.template.json.

Run directly, it reads the context from cdk.json and from `-c key=value` arguments, as the CDK
CLI would; run by the CLI, the CLI passes both, and the account of the AWS credentials it found
(CDK_DEFAULT_ACCOUNT), which binds the stack to that account when no `-c account` is given.
"""

import argparse
import os
import sys
from pathlib import Path

from infra.app import build_app, project_context
from infra.config import ContextError

HERE = Path(__file__).parent


def _direct_run_context(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--context", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    return project_context(**dict(pair.partition("=")[::2] for pair in args.context))


def main(argv: list[str]) -> None:
    run_by_cli = "CDK_OUTDIR" in os.environ
    try:
        app, _ = build_app(
            context=None if run_by_cli else _direct_run_context(argv),
            outdir=None if run_by_cli else str(HERE / "cdk.out"),
            credentials_account=os.environ.get("CDK_DEFAULT_ACCOUNT") if run_by_cli else None,
        )
        app.synth()
    except ContextError as error:
        sys.exit(f"Refusing to synthesize: {error}")


if __name__ == "__main__":
    main(sys.argv[1:])
