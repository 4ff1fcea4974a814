"""The DPO's casework: the requests table (holds, SARs, erasures, restrictions) and the audit trail."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

REQUESTS_KIND_INDEX = "by-kind"
AUDIT_DAY_INDEX = "by-day"

_S = dynamodb.AttributeType.STRING

# Writes that could change or remove an audit entry. The audit trail is append-only: no
# principal, whatever its IAM policy, may use them on the table.
AUDIT_REWRITES = [
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
    "dynamodb:PartiQLInsert",
]


def _protected_table(scope: Construct, construct_id: str, key: kms.IKey, **kwargs) -> dynamodb.Table:
    return dynamodb.Table(
        scope,
        construct_id,
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryption_key=key,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
        deletion_protection=True,
        removal_policy=RemovalPolicy.RETAIN,
        **kwargs,
    )


class Casework(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, key: kms.IKey) -> None:
        super().__init__(scope, construct_id)

        # One partition per request: the header item ("request") and one item per recording
        # it covers ("recording#<call_id>#<version_id>"), so a hold report is one query.
        self.requests = _protected_table(
            self,
            "Requests",
            key,
            partition_key=dynamodb.Attribute(name="request_id", type=_S),
            sort_key=dynamodb.Attribute(name="item", type=_S),
        )
        # Headers only (members carry no `kind`): list holds or SARs by date.
        self.requests.add_global_secondary_index(
            index_name=REQUESTS_KIND_INDEX,
            partition_key=dynamodb.Attribute(name="kind", type=_S),
            sort_key=dynamodb.Attribute(name="created_at", type=_S),
            projection_type=dynamodb.ProjectionType.ALL,
        )

        # Entries by what they concern ("hold#H-…", "recording#C-…"), in time order; and by day
        # for the whole trail over a period.
        self.audit = _protected_table(
            self,
            "Audit",
            key,
            partition_key=dynamodb.Attribute(name="target", type=_S),
            sort_key=dynamodb.Attribute(name="entry", type=_S),
            resource_policy=iam.PolicyDocument(
                statements=[
                    iam.PolicyStatement(
                        sid="AuditTrailIsAppendOnly",
                        effect=iam.Effect.DENY,
                        principals=[iam.AnyPrincipal()],
                        actions=AUDIT_REWRITES,
                        resources=["*"],
                    )
                ]
            ),
        )
        self.audit.add_global_secondary_index(
            index_name=AUDIT_DAY_INDEX,
            partition_key=dynamodb.Attribute(name="day", type=_S),
            sort_key=dynamodb.Attribute(name="entry", type=_S),
            projection_type=dynamodb.ProjectionType.ALL,
        )

    def grant_append_audit(self, grantee: iam.IGrantable) -> None:
        """Put new audit entries only; the code writes them on `attribute_not_exists`."""
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                sid="AppendToAuditTrail", actions=["dynamodb:PutItem"], resources=[self.audit.table_arn]
            )
        )
