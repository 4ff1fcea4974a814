"""Who can do each critical action, computed from a synthesized template (the README's access matrix).

A principal can do an action on a resource when, as IAM evaluates a request within one account ("Policy
evaluation logic", IAM User Guide):
- S3 and DynamoDB: one of its identity policies' Allow statements matches, and no Deny of the bucket's
  policy or the table's resource policy does (tests/adversarial/bucket_policy.py);
- KMS: the key's policy allows it, naming the principal, or naming the account (which hands the
  decision to identity policies) and an identity policy allows it. A key policy alone decides: an
  identity policy without either is refused.

Every role of the template is a principal, under the name `ROLE_NAMES` gives it by its logical id's
prefix (a role not named there fails: a new role must take its place in the matrix); and two principals
from outside the stack stand for what an account holds: an administrator and CloudFormation's execution
role, each with an identity policy allowing everything.

Over-approximations, on purpose: an identity Allow's conditions are taken as met (the matrix says who
could, given the right request); managed policies are taken as allowing nothing here, which holds for the
two the template attaches (logs only, checked). A Deny's conditions are evaluated for a plain request over
TLS by that principal, as bucket_policy does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tests.adversarial.bucket_policy import (
    ACCOUNT,
    ACCOUNT_ADMIN,
    DEPLOYMENT_ROLE,
    Request,
    bucket_arn,
    key_arn,
    resolve,
    role_arn,
    statement_matches,
    table_arn,
)

ADMINISTRATOR = "account administrator"
DEPLOYMENT = "deployment (CloudFormation)"
EVERYTHING = {"Effect": "Allow", "Action": "*", "Resource": "*"}

# Each role of the stack, by its logical id's prefix.
ROLE_NAMES = {
    "IngestHandlerRole": "ingest",
    "HoldsHandlerRole": "hold worker",
    "DeletionSweeperRole": "sweeper",
    "DeletionEraserRole": "eraser",
    "DpoApiReportsRole": "API reports",
    "DpoApiCaseworkRole": "API casework",
    "DpoApiRightsRole": "API rights",
    "DpoApiDisclosureRole": "API disclosure",
    "CaseworkRemindersHandlerRole": "casework reminders",
    "ReconciliationHandlerRole": "reconciliation",
    "AuditArchiveArchiverRole": "audit archiver",
    "AuditArchiveVerificationRole": "audit verification",
    "TelephonyUploaderRole": "telephony uploader",
    "DpoApiDpoRole": "DPO",
    "BucketNotificationsHandler": "CDK notifications handler",
    "DpoApiCloudWatchRole": "API Gateway logging",
    "ConsoleSignedInRole": "console (a signed-in DPO)",
    "CustomCDKBucketDeployment": "CDK console deployment",
}
# The managed policies the template attaches, and why they can do nothing in the matrix.
LOGS_ONLY_MANAGED_POLICIES = ("AWSLambdaBasicExecutionRole", "AmazonAPIGatewayPushToCloudWatchLogs")


@dataclass(frozen=True)
class Principal:
    name: str
    arn: str
    identity: tuple[Mapping[str, Any], ...]  # its identity policies' statements, resolved


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def principals(template: Mapping[str, Any]) -> list[Principal]:
    """Every role of the template, and the account's administrator and deployment role."""
    resources = template["Resources"]
    found = [
        Principal(ADMINISTRATOR, ACCOUNT_ADMIN, (EVERYTHING,)),
        Principal(DEPLOYMENT, DEPLOYMENT_ROLE, (EVERYTHING,)),
    ]
    for logical_id, resource in resources.items():
        if resource["Type"] != "AWS::IAM::Role":
            continue
        [name] = [name for prefix, name in ROLE_NAMES.items() if logical_id.startswith(prefix)] or [
            f"unnamed role {logical_id}: add it to ROLE_NAMES and the README's matrix"
        ]
        for managed in resource["Properties"].get("ManagedPolicyArns", []):
            assert str(resolve(managed, resources)).endswith(LOGS_ONLY_MANAGED_POLICIES), managed
        assert "Policies" not in resource["Properties"], f"{logical_id} has inline policies: read them too"
        statements = [
            statement
            for policy in resources.values()
            if policy["Type"] == "AWS::IAM::Policy" and {"Ref": logical_id} in policy["Properties"]["Roles"]
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        ]
        found.append(Principal(name, role_arn(logical_id), tuple(resolve(statements, resources))))
    return found


def _identity_allows(principal: Principal, request: Request) -> bool:
    # Conditions of an Allow are taken as met (see the module's note): only action and resource count.
    return any(
        statement["Effect"] == "Allow" and statement_matches({**statement, "Condition": {}}, request)
        for statement in principal.identity
    )


def _names(statement: Mapping[str, Any], arn: str) -> bool:
    return arn in [str(each) for each in _values(statement.get("Principal", {}).get("AWS", []))]


@dataclass(frozen=True)
class Access:
    """The template's resource-side policies, resolved: bucket policies, table resource policies, key
    policies, each by the ARN of what it guards."""

    resource_policies: Mapping[str, tuple[Mapping[str, Any], ...]]
    key_policies: Mapping[str, tuple[Mapping[str, Any], ...]]

    @classmethod
    def of(cls, template: Mapping[str, Any]) -> Access:
        resources = template["Resources"]
        guarded: dict[str, tuple[Mapping[str, Any], ...]] = {}
        keys: dict[str, tuple[Mapping[str, Any], ...]] = {}
        for logical_id, resource in resources.items():
            properties = resource.get("Properties", {})
            if resource["Type"] == "AWS::S3::BucketPolicy":
                bucket = properties["Bucket"]["Ref"]
                guarded[bucket_arn(bucket)] = tuple(
                    resolve(properties["PolicyDocument"]["Statement"], resources)
                )
            elif resource["Type"] == "AWS::DynamoDB::Table" and "ResourcePolicy" in properties:
                statements = properties["ResourcePolicy"]["PolicyDocument"]["Statement"]
                # A table's resource policy names its resources "*": the table itself.
                table = table_arn(logical_id)
                guarded[table] = tuple(
                    {**each, "Resource": [table, f"{table}/*"]} for each in resolve(statements, resources)
                )
            elif resource["Type"] == "AWS::KMS::Key":
                keys[key_arn(logical_id)] = tuple(resolve(properties["KeyPolicy"]["Statement"], resources))
        return cls(guarded, keys)

    def _resource_denies(self, request: Request) -> bool:
        for arn, statements in self.resource_policies.items():
            if request.resource == arn or request.resource.startswith(f"{arn}/"):
                return any(
                    statement["Effect"] == "Deny" and statement_matches(statement, request)
                    for statement in statements
                )
        return False

    def _key_allows(self, principal: Principal, request: Request) -> bool:
        statements = self.key_policies[request.resource]
        if any(
            statement["Effect"] == "Deny" and statement_matches(statement, request)
            for statement in statements
        ):
            return False
        account_root = f"arn:aws:iam::{ACCOUNT}:root"
        for statement in statements:
            if statement["Effect"] != "Allow" or not statement_matches(statement, request):
                continue
            if _names(statement, principal.arn):
                return True
            if _names(statement, account_root) and _identity_allows(principal, request):
                return True
        return False

    def can(
        self, principal: Principal, action: str, resource: str, context: Mapping[str, str] | None = None
    ) -> bool:
        """Whether the principal can, by a request with these context keys (kms:ViaService, ...)."""
        request = Request(principal.arn, action, resource, context or {})
        if action.startswith("kms:"):
            return self._key_allows(principal, request)
        return _identity_allows(principal, request) and not self._resource_denies(request)

    def who_can(self, template: Mapping[str, Any], action: str, resource: str) -> list[str]:
        return sorted(each.name for each in principals(template) if self.can(each, action, resource))
