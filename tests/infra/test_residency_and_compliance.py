"""The stack refuses to leave the UK/EEA, passes cdk-nag on every synth and passes cfn-lint."""

import json

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from cfnlint.api import lint

from infra.app import build_app, project_context
from infra.config import UK_EEA_REGIONS, ResidencyError

# CDK-generic findings that say nothing about this stack, each with its reason.
IGNORED_CFN_LINT = {
    # W3005: CDK adds DependsOn for ordering that CloudFormation could infer; harmless.
    "W3005",
}


@pytest.mark.parametrize("region", ["us-east-1", "eu-central-2", "me-central-1", "af-south-1"])
def test_synth_outside_uk_eea_fails_naming_region_and_allow_list(region, tmp_path):
    with pytest.raises(ResidencyError) as refused:
        build_app(context=project_context(region=region), outdir=str(tmp_path))
    message = str(refused.value)
    assert repr(region) in message
    assert all(allowed in message for allowed in UK_EEA_REGIONS)


def test_london_is_the_default_region(synthesized):
    stack, _ = synthesized
    assert stack.region == "eu-west-2"


def test_direct_run_rejects_a_region_outside_the_allow_list(tmp_path, monkeypatch):
    import app as entry_point

    monkeypatch.delenv("CDK_OUTDIR", raising=False)
    with pytest.raises(SystemExit) as refused:
        entry_point.main(["-c", "region=us-west-2"])
    assert "us-west-2" in str(refused.value)
    assert "eu-west-2" in str(refused.value)


def test_cdk_nag_runs_on_every_synth_and_fails_an_unchecked_resource(tmp_path):
    app, stack = build_app(context=project_context(), outdir=str(tmp_path))
    s3.Bucket(stack, "CarelessBucket")  # no TLS policy, no logs: AwsSolutions must refuse it
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    report = json.loads((tmp_path / "validation-report.json").read_text())
    violations = {
        violation["ruleName"]: [c["constructPath"] for c in violation["violatingConstructs"]]
        for plugin in report["pluginReports"]
        for violation in plugin["violations"]
    }
    assert "AwsSolutions-S10" in violations
    assert all("CarelessBucket" in path for paths in violations.values() for path in paths)


def test_every_acknowledgement_carries_a_reason(synthesized):
    stack, _ = synthesized
    acknowledged = {
        (construct.node.path, rule): reason
        for construct in stack.node.find_all()
        for entry in construct.node.metadata
        if entry.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY
        for rule, reason in entry.data.items()
    }
    assert ("CallRecordings/Storage/AccessLogs", "Annotation::AwsSolutions-S1") in acknowledged
    short = {where: reason for where, reason in acknowledged.items() if len(reason.split()) < 5}
    assert short == {}, "every acknowledgement needs a reason a reviewer can check"


@pytest.mark.parametrize("synthesis", ["template_path", "deployment_template_path"])
def test_cfn_lint_passes(synthesis, request):
    """The minimal synth (no account) and the README's deploy command's synth, for every region the stack
    may be deployed in (the UK/EEA allow-list: any other is refused before a template exists). Linting for
    every AWS region would report that China and GovCloud lack Cognito or CloudFront, which no deployment
    of this stack can meet."""
    template_path = request.getfixturevalue(synthesis)
    # Errors and warnings, as the cfn-lint CLI reports by default (informational rules are opt-in).
    findings = [
        match
        for match in lint(template_path.read_text(), regions=list(UK_EEA_REGIONS))
        if match.rule.id[0] in "EW" and match.rule.id not in IGNORED_CFN_LINT
    ]
    assert findings == [], "\n".join(str(match) for match in findings)
