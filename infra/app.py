"""Build the CDK app: context -> validated settings -> stack -> cdk-nag on every synth."""

from __future__ import annotations

import json
from pathlib import Path

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks

from infra.config import STACK_ID, StackSettings
from infra.stack import CallRecordingsStack

CDK_JSON = Path(__file__).parent.parent / "cdk.json"


def project_context(**overrides: object) -> dict:
    """cdk.json's context (feature flags and defaults) with overrides, as the CDK CLI would merge them."""
    return {**json.loads(CDK_JSON.read_text()).get("context", {}), **overrides}


def build_app(
    context: dict | None = None, outdir: str | None = None, credentials_account: str | None = None
) -> tuple[cdk.App, CallRecordingsStack]:
    """The app as `cdk synth` and the tests see it. Raises ContextError (ResidencyError outside
    the UK/EEA; a deployment without its DPO principals or alert e-mail).

    `context=None` leaves the context to the CDK CLI, which passes cdk.json's and `-c` values;
    `credentials_account` is the account of the CLI's AWS credentials, if it found any.
    """
    app = cdk.App(context=context, outdir=outdir)
    settings = StackSettings.from_context(app.node.try_get_context, credentials_account=credentials_account)
    stack = CallRecordingsStack(
        app,
        STACK_ID,
        settings=settings,
        env=cdk.Environment(account=settings.account, region=settings.region),
        description="Contact-centre call recordings: retention, legal holds and subject rights (UK/EEA only)",
    )
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    return app, stack
