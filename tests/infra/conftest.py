"""The stack synthesized once per session for each context: the minimal one (no account, as the
tests, `make synth` and the demo use; tests/conftest.py synthesizes it for every directory) and the
README's deploy command."""

import re
from pathlib import Path

import pytest
from aws_cdk.assertions import Match, Template

from infra.app import CDK_JSON

README = CDK_JSON.parent / "README.md"

# The recordings bucket: Object Lock with no default retention (legal holds only); the audit archive's
# bucket has Object Lock with a default retention (tests/infra/test_audit_archive.py).
RECORDINGS_BUCKET = {"ObjectLockEnabled": True, "ObjectLockConfiguration": Match.absent()}


@pytest.fixture(scope="session")
def template(template_path) -> Template:
    """The minimal context's template (synthesized once per session, tests/conftest.py)."""
    return Template.from_json(_read(template_path))


def readme_deploy_context() -> dict[str, str]:
    """The `-c key=value` pairs of the README's `npx cdk deploy` command, exactly as written."""
    deploying = README.read_text().split("\n## Deploying", 1)[1].split("\n## ", 1)[0]
    [command] = [block for block in deploying.split("```")[1::2] if "npx cdk deploy" in block]
    return dict(re.findall(r"-c ([A-Za-z]+)=(\S+)", command))


@pytest.fixture(scope="session")
def deployment(synthesize):
    """The stack as the README's deploy command synthesizes it: bound to an account, with its DPO
    principals, alert e-mail and telephony principals. cdk-nag raises here on any finding."""
    return synthesize(**readme_deploy_context())


@pytest.fixture(scope="session")
def deployment_template_path(deployment) -> Path:
    return deployment.template_path


@pytest.fixture(scope="session")
def deployment_template(deployment_template_path) -> Template:
    return Template.from_json(_read(deployment_template_path))


def _read(path: Path) -> dict:
    import json

    return json.loads(path.read_text())


def only_resource(template: Template, resource_type: str, props: dict | None = None) -> dict:
    """The single resource of a type (matching `props`), failing loudly if there are more or none."""
    found = template.find_resources(resource_type, {"Properties": props} if props else None)
    assert len(found) == 1, f"expected one {resource_type}, found {list(found)}"
    return next(iter(found.values()))


def logical_id(template: Template, resource_type: str, props: dict) -> str:
    found = template.find_resources(resource_type, {"Properties": props})
    assert len(found) == 1, f"expected one {resource_type} with {props}, found {list(found)}"
    return next(iter(found))


def function_statements(template: Template, handler: str) -> list[dict]:
    """Every statement of the identity policies of the role of the function with this handler."""
    role_id = only_resource(template, "AWS::Lambda::Function", {"Handler": handler})["Properties"]["Role"][
        "Fn::GetAtt"
    ][0]
    return [
        statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def key_id_by_alias(template: Template, alias: str) -> str:
    [alias_resource] = template.find_resources(
        "AWS::KMS::Alias", {"Properties": {"AliasName": alias}}
    ).values()
    return alias_resource["Properties"]["TargetKeyId"]["Fn::GetAtt"][0]


def data_key_id(template: Template) -> str:
    """The key for recordings, the registry and the subject key, at rest."""
    return key_id_by_alias(template, "alias/call-recordings")


def messages_key_id(template: Template) -> str:
    """The key for the queues and the DPO's alerts."""
    return key_id_by_alias(template, "alias/call-recordings-messages")


REGISTRY_KEYS = {
    "KeySchema": [
        {"AttributeName": "call_id", "KeyType": "HASH"},
        {"AttributeName": "version_id", "KeyType": "RANGE"},
    ]
}


def registry_table(template: Template) -> dict:
    return only_resource(template, "AWS::DynamoDB::Table", REGISTRY_KEYS)


def registry_table_id(template: Template) -> str:
    return logical_id(template, "AWS::DynamoDB::Table", REGISTRY_KEYS)
