"""Which requests a synthesized bucket policy's Deny statements refuse, evaluated here because moto
does not enforce bucket policies.

Enough of IAM's policy evaluation for the statements our template writes ("Policy evaluation logic"
and "IAM JSON policy elements: Condition operators" in the IAM User Guide): an explicit Deny whose
action, resource and every condition match refuses the request, whatever any Allow says. Action and
resource patterns take IAM's wildcards (`*`, `?`); several values of one condition key are ORed, the
keys and operators of one statement ANDed; a negated operator (`ArnNotEquals`, `StringNotEquals`)
matches a request that lacks the key, a positive one does not; `Null` asks whether the key is
absent. The template's intrinsic values are resolved to stable local names: a role's ARN is
``arn:aws:iam::<ACCOUNT>:role/<logical id>``, a bucket's ``arn:aws:s3:::<logical id>``, a table's and a
key's as `table_arn` and `key_arn` say; any other attribute ``<logical id>.<attribute>``.

The same evaluation of one statement serves identity policies and key policies too
(tests/adversarial/access_matrix.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

ACCOUNT = "123456789012"
REGION = "eu-west-2"
DEPLOYMENT_ROLE = f"arn:aws:iam::{ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-{ACCOUNT}-{REGION}"
ACCOUNT_ADMIN = f"arn:aws:iam::{ACCOUNT}:role/Administrator"


def role_arn(logical_id: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:role/{logical_id}"


def role_of(template: Mapping[str, Any], prefix: str) -> str:
    """The ARN of the template's one role whose logical id starts with `prefix` ("IngestHandlerRole")."""
    [logical_id] = [
        name
        for name, resource in template["Resources"].items()
        if resource["Type"] == "AWS::IAM::Role" and name.startswith(prefix)
    ]
    return role_arn(logical_id)


def bucket_arn(logical_id: str) -> str:
    return f"arn:aws:s3:::{logical_id}"


def table_arn(logical_id: str) -> str:
    return f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{logical_id}"


def key_arn(logical_id: str) -> str:
    return f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{logical_id}"


_ARNS = {
    "AWS::S3::Bucket": bucket_arn,
    "AWS::IAM::Role": role_arn,
    "AWS::DynamoDB::Table": table_arn,
    "AWS::KMS::Key": key_arn,
}


def resolve(value: Any, resources: Mapping[str, Any]) -> Any:
    """A template value with its intrinsic functions replaced by local names (`resources`: the
    template's, to know what a logical id names)."""
    if isinstance(value, list):
        return [resolve(each, resources) for each in value]
    if not isinstance(value, dict):
        return value
    if "Fn::GetAtt" in value:
        logical_id, attribute = value["Fn::GetAtt"]
        arn = _ARNS.get(resources[logical_id]["Type"])
        return arn(logical_id) if attribute == "Arn" and arn else f"{logical_id}.{attribute}"
    if "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return separator.join(str(resolve(part, resources)) for part in parts)
    if "Fn::Sub" in value:
        text = value["Fn::Sub"]
        for name, local in (("AWS::Partition", "aws"), ("AWS::AccountId", ACCOUNT), ("AWS::Region", REGION)):
            text = text.replace("${" + name + "}", local)
        return text
    if "Ref" in value:
        return {"AWS::AccountId": ACCOUNT, "AWS::Region": REGION, "AWS::Partition": "aws"}.get(
            value["Ref"], value["Ref"]
        )
    return {key: resolve(each, resources) for key, each in value.items()}


@dataclass(frozen=True)
class Request:
    """One S3 request as IAM sees it: who, what, on which resource, with which context keys."""

    principal: str
    action: str
    resource: str
    context: Mapping[str, str] = field(default_factory=dict)

    def keys(self) -> dict[str, str]:
        # S3 sets s3:ObjectCreationOperation on every request it authorizes as s3:PutObject: true for
        # one that creates an object (PutObject, CompleteMultipartUpload), false for the multipart
        # steps that create none (CreateMultipartUpload, UploadPart), which a request's context says.
        creation = {"s3:ObjectCreationOperation": "true"} if self.action == "s3:PutObject" else {}
        return {"aws:PrincipalArn": self.principal, "aws:SecureTransport": "true", **creation, **self.context}


def _values(value: Any) -> list[str]:
    return [str(each) for each in (value if isinstance(value, list) else [value])]


def _condition_matches(operator: str, key: str, wanted: Any, context: Mapping[str, str]) -> bool:
    present = key in context
    values = _values(wanted)
    if operator == "Null":
        return (not present) == (values[0] == "true")
    if operator.endswith("IfExists") and not present:
        return True
    if operator.startswith("ForAllValues:"):  # a multivalued key, here written comma-separated
        # Every value the request has is among those named (true for a request with none, as in IAM).
        inner = operator.removeprefix("ForAllValues:")
        return all(
            _condition_matches(inner, key, wanted, {key: each})
            for each in (context[key].split(",") if present else [])
        )
    base = operator.removesuffix("IfExists")
    negated = "Not" in base
    if not present:
        return negated
    actual = context[key]
    if base in ("ArnEquals", "ArnNotEquals", "StringEquals", "StringNotEquals", "Bool"):
        matched = actual in values
    elif base in ("ArnLike", "ArnNotLike", "StringLike", "StringNotLike"):
        matched = any(fnmatchcase(actual, pattern) for pattern in values)
    elif base == "NumericGreaterThan":
        matched = any(float(actual) > float(each) for each in values)
    else:
        raise NotImplementedError(
            f"condition operator {operator} (extend tests/adversarial/bucket_policy.py)"
        )
    return not matched if negated else matched


def statement_matches(statement: Mapping[str, Any], request: Request) -> bool:
    """Whether the statement's action, resource and every condition match the request (its effect and
    principal aside)."""
    return _statement_matches(statement, request)


def _statement_matches(statement: Mapping[str, Any], request: Request) -> bool:
    actions = _values(statement["Action"])
    resources = _values(statement["Resource"])
    if not any(fnmatchcase(request.action, pattern) for pattern in actions):
        return False
    if not any(fnmatchcase(request.resource, pattern) for pattern in resources):
        return False
    context = request.keys()
    return all(
        _condition_matches(operator, key, wanted, context)
        for operator, conditions in statement.get("Condition", {}).items()
        for key, wanted in conditions.items()
    )


@dataclass(frozen=True)
class BucketPolicy:
    """A bucket's policy as synthesized, resolved."""

    bucket: str
    statements: tuple[Mapping[str, Any], ...]

    @classmethod
    def of(cls, template: Mapping[str, Any], bucket_logical_id: str) -> BucketPolicy:
        [policy] = [
            resource["Properties"]
            for resource in template["Resources"].values()
            if resource["Type"] == "AWS::S3::BucketPolicy"
            and resource["Properties"]["Bucket"] == {"Ref": bucket_logical_id}
        ]
        statements = resolve(policy["PolicyDocument"]["Statement"], template["Resources"])
        return cls(bucket_arn(bucket_logical_id), tuple(statements))

    def object_arn(self, key: str) -> str:
        return f"{self.bucket}/{key}"

    def denying(self, request: Request) -> list[str]:
        """The Sid of every Deny statement that refuses the request (empty: the policy allows it to
        whatever the principal's own policies allow)."""
        return [
            str(statement.get("Sid", "(no sid)"))
            for statement in self.statements
            if statement["Effect"] == "Deny" and _statement_matches(statement, request)
        ]
