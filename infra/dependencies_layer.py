"""Build the Lambda dependencies layer from pyproject.toml's runtime dependencies.

    python -m infra.dependencies_layer .build/layer

pip installs the wheels built for Lambda's Python 3.12 on arm64 into `<dir>/python`, so no
Docker is needed. Needs the package registry once; synth afterwards is offline.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

LAMBDA_PYTHON = "3.12"
LAMBDA_PLATFORM = "manylinux2014_aarch64"


# The DPO's command line's own dependencies: the project installs them, no Lambda function imports them.
CLI_ONLY = frozenset({"typer", "rich", "botocore"})


def runtime_dependencies(pyproject: Path) -> list[str]:
    """What the Lambda functions import: the project's dependencies but the command line's."""
    return [
        requirement
        for requirement in tomllib.loads(pyproject.read_text())["project"]["dependencies"]
        if re.split(r"[<>=!~\[ ;]", requirement)[0] not in CLI_ONLY
    ]


def build(target: Path, pyproject: Path) -> None:
    site = target / "python"
    subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--upgrade", "--no-compile",
            "--target", str(site),
            "--platform", LAMBDA_PLATFORM,
            "--implementation", "cp",
            "--python-version", LAMBDA_PYTHON,
            "--only-binary=:all:",
            *runtime_dependencies(pyproject),
        ],
        check=True,
    )  # fmt: skip


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(__file__).parent.parent / "pyproject.toml")
