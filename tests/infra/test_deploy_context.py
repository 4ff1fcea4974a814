"""Deploying as the README says: the pinned CDK command line, cdk.json's feature flags."""

import json
import os
import subprocess
import tarfile
from pathlib import Path

from infra.app import CDK_JSON

ROOT = CDK_JSON.parent
CDK_CLI = ROOT / "node_modules" / ".bin" / "cdk"


def test_cdk_json_sets_every_recommended_feature_flag():
    import aws_cdk

    library = Path(aws_cdk.__file__).parent / "_jsii"
    [bundle] = library.glob("aws-cdk-lib@*.jsii.tgz")
    with tarfile.open(bundle) as archive:
        recommended = json.load(archive.extractfile("package/recommended-feature-flags.json"))
    context = json.loads(CDK_JSON.read_text())["context"]
    assert {flag: context.get(flag) for flag in recommended} == recommended


def test_the_pinned_cdk_cli_reads_the_synthesized_assembly(synthesized):
    _, outdir = synthesized
    assert CDK_CLI.exists(), "the CDK command line is missing: `make install` runs npm ci"
    listed = subprocess.run(  # noqa: S603 - the pinned CLI, fixed argument list, no shell
        [str(CDK_CLI), "ls", "--app", str(outdir), "--no-notices"],
        cwd=ROOT,
        env={**os.environ, "CDK_DISABLE_CLI_TELEMETRY": "true"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == ["CallRecordings"]
