"""Deploying as the README says: the pinned CDK command line, cdk.json's feature flags, the
README's deploy context, and who may act as the DPO."""

import json
import os
import subprocess
import tarfile
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Template

from infra.app import CDK_JSON, project_context
from infra.config import (
    CONSOLE_ROLE_NAME,
    CONTEXT_CONSOLE_ADMIN_EMAIL,
    CONTEXT_DATA_CONTROLLER,
    CONTEXT_DATA_PROCESSORS,
    CONTEXT_REGION,
    CONTEXT_STORAGE_LOCATION,
    DEFAULT_DATA_CONTROLLER,
    DPO_ROLE_NAME,
    TELEPHONY_UPLOADER_ROLE_NAME,
    ContextError,
    StackSettings,
)
from infra.dpo_api import only_dpo_principals_invoke, trusted_dpo_staff
from tests.infra.conftest import readme_deploy_context

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


def test_the_readme_deploy_command_synthesizes_with_no_cdk_nag_finding(deployment):
    stack, outdir = deployment  # the fixture's synth raises on any unacknowledged finding
    assert stack.account == readme_deploy_context()["account"]
    report = json.loads((outdir / "validation-report.json").read_text())
    assert [report["violations"] for report in report["pluginReports"] if report["violations"]] == []


def dpo_role(template) -> dict:
    [role] = [
        role
        for role in template.find_resources("AWS::IAM::Role").values()
        if role["Properties"].get("Description", "").startswith("Assumed by the Data Protection Officer")
    ]
    return role


def test_the_dpo_role_trusts_only_the_named_principals_and_never_an_account(deployment_template):
    trust = dpo_role(deployment_template)["Properties"]["AssumeRolePolicyDocument"]
    named = readme_deploy_context()["dpoPrincipalArns"].split(",")
    trusted = [arn for statement in trust["Statement"] for arn in _listed(statement["Principal"]["AWS"])]
    assert sorted(trusted) == sorted(named)
    assert {statement["Action"] for statement in trust["Statement"]} == {"sts:AssumeRole"}
    assert ":root" not in json.dumps(trust)


def test_the_dpo_role_arn_is_a_stack_output(deployment_template):
    assert "DpoRoleArn" in deployment_template.find_outputs("*")


def test_a_named_iam_user_needs_mfa_to_assume_the_dpo_role_or_call_the_api():
    role_arn, user_arn = ("arn:aws:iam::111122223333:role/Dpo", "arn:aws:iam::111122223333:user/jane")
    stack = cdk.Stack(cdk.App(), "Trust")
    role = iam.Role(stack, "DpoRole", assumed_by=trusted_dpo_staff((role_arn, user_arn)))
    [trust] = [r["Properties"] for r in Template.from_stack(stack).find_resources("AWS::IAM::Role").values()]
    statements = {
        statement["Principal"]["AWS"]: statement
        for statement in trust["AssumeRolePolicyDocument"]["Statement"]
    }
    # Long-term access keys carry no MFA key: `Bool` (absent fails), never `BoolIfExists`.
    assert statements[user_arn]["Condition"] == {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    # Identity Center and other federated roles enforce MFA at sign-in and carry no such key.
    assert "Condition" not in statements[role_arn]

    policy = stack.resolve(only_dpo_principals_invoke(role, (role_arn, user_arn)).to_json())
    [users_without_mfa] = [s for s in policy["Statement"] if s["Sid"] == "IamUsersOnlyWithMfa"]
    assert users_without_mfa["Effect"] == "Deny"
    assert users_without_mfa["Condition"] == {
        "ArnLike": {"aws:PrincipalArn": [user_arn]},
        "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"},
    }


def test_cdk_deploy_with_credentials_but_no_context_is_refused(tmp_path, monkeypatch, capsys):
    """`cdk deploy` passes the credentials' account (CDK_DEFAULT_ACCOUNT) and cdk.json's context:
    a deploy with no -c values is a deployment without a DPO, refused before anything is built."""
    import app as entry_point

    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path))
    monkeypatch.setenv("CDK_DEFAULT_ACCOUNT", "111122223333")
    monkeypatch.setenv("CDK_CONTEXT_JSON", json.dumps(project_context()))
    with pytest.raises(SystemExit) as refused:
        entry_point.main([])
    message = str(refused.value)
    assert message.startswith("Refusing to synthesize: account 111122223333 (from the AWS credentials")
    assert "-c dpoPrincipalArns=" in message and "-c dpoAlertEmail=" in message


def _listed(value) -> list:
    return value if isinstance(value, list) else [value]


def test_the_policies_the_docs_tell_staff_and_telephony_to_attach_name_the_stack_roles(deployment_template):
    account = readme_deploy_context()["account"]
    roles = {
        role["Properties"]["RoleName"]
        for role in deployment_template.find_resources("AWS::IAM::Role").values()
        if "RoleName" in role["Properties"]
    }
    # The console's role is assumed through its identity pool only, never by a policy of the council's.
    assert roles == {DPO_ROLE_NAME, TELEPHONY_UPLOADER_ROLE_NAME, CONSOLE_ROLE_NAME}
    for doc, role_name in (
        (ROOT / "README.md", DPO_ROLE_NAME),
        (ROOT / "docs" / "telephony.md", TELEPHONY_UPLOADER_ROLE_NAME),
    ):
        [policy] = [
            json.loads(block.removeprefix("json"))
            for block in doc.read_text().split("```")[1::2]
            if block.startswith("json")
        ]
        [statement] = policy["Statement"]
        assert statement["Action"] == "sts:AssumeRole"
        assert statement["Resource"] == f"arn:aws:iam::{account}:role/{role_name}"


def test_hold_review_months_from_context_reach_the_casework_function_only(synthesize, template_path):
    """CDK context holdReviewMonths sets the casework function's HOLD_REVIEW_MONTHS (it places holds);
    no other function is given it, and without the context none is (the defaults in holds/review.py)."""
    template = json.loads(synthesize(holdReviewMonths='{"complaint": 2}').template_path.read_text())
    given = {
        props["Properties"]["Handler"]: props["Properties"]["Environment"]["Variables"]["HOLD_REVIEW_MONTHS"]
        for props in template["Resources"].values()
        if props["Type"] == "AWS::Lambda::Function"
        and "HOLD_REVIEW_MONTHS" in props["Properties"].get("Environment", {}).get("Variables", {})
    }
    assert given == {"call_recordings.dpo_api.casework_handler.lambda_handler": '{"complaint": 2}'}
    assert "HOLD_REVIEW_MONTHS" not in template_path.read_text()


def test_the_manifests_controller_processors_and_location_come_from_context_with_honest_defaults():
    """Issue 16 item 6: what every SAR manifest says of the deployment is the council's to set in context
    (dataController, dataProcessors, storageLocation); by default the notice's controller, AWS as hosting
    processor and the region the stack is in, never the notice's "EEU"."""
    default = StackSettings.from_context({}.get).manifest_facts
    assert default.controller == DEFAULT_DATA_CONTROLLER
    assert default.processors.startswith("Amazon Web Services EMEA SARL")
    assert "(eu-west-2)" in default.location and "London" in default.location
    assert "EEU" not in " ".join(vars(default).values())
    irish = StackSettings.from_context({CONTEXT_REGION: "eu-west-1"}.get).manifest_facts
    assert irish.location.startswith("Stored by Amazon Web Services in its Ireland region (eu-west-1)")
    given = StackSettings.from_context(
        {
            CONTEXT_DATA_CONTROLLER: "West Devon Borough Council, Kilworthy Park, Tavistock",
            CONTEXT_DATA_PROCESSORS: "Amazon Web Services EMEA SARL, and Example Telephony Ltd",
            CONTEXT_STORAGE_LOCATION: "London (eu-west-2)",
        }.get
    ).manifest_facts
    assert (given.controller, given.processors, given.location) == (
        "West Devon Borough Council, Kilworthy Park, Tavistock",
        "Amazon Web Services EMEA SARL, and Example Telephony Ltd",
        "London (eu-west-2)",
    )
    with pytest.raises(ContextError, match="dataProcessors"):
        StackSettings.from_context({CONTEXT_DATA_PROCESSORS: "x" * 1001}.get)


def test_the_readme_deploy_command_names_the_consoles_first_dpo_and_a_bad_address_is_refused():
    """consoleAdminEmail: the README's deployment makes its DPO the console's first user (tests/infra/
    test_console_deployment.py reads the user from that template); an address that is none is refused
    before synth."""
    context = readme_deploy_context()
    settings = StackSettings.from_context(context.get)
    assert settings.console_admin_email == context[CONTEXT_CONSOLE_ADMIN_EMAIL] == context["dpoAlertEmail"]
    with pytest.raises(ContextError, match=CONTEXT_CONSOLE_ADMIN_EMAIL):
        StackSettings.from_context({**context, CONTEXT_CONSOLE_ADMIN_EMAIL: "the DPO"}.get)
