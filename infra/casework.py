"""The DPO's casework: the requests table (holds, SARs, erasures, restrictions) and the audit trail."""

from __future__ import annotations

from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from call_recordings.core.tables import AUDIT, REQUESTS
from infra.storage import deployment_role_arn
from infra.tables import protected_table

# Writes that could change or remove an audit entry. The audit trail is append-only: no
# principal, whatever its IAM policy, may use them on the table. The code only ever puts, on
# attribute_not_exists (core/adapters/audit_trail.py); the table has no TTL, so DynamoDB itself
# deletes nothing either. A put over an entry (PutItem cannot be conditioned in IAM) is seen on the
# table's stream as a MODIFY and archived and alarmed (infra/audit_archive.py).
AUDIT_REWRITES = [
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
    "dynamodb:PartiQLInsert",
]

# Changes to the table itself that could remove the trail or its protection (its streams, expiry or
# this policy): only deployments may make them.
AUDIT_TABLE_CHANGES = [
    "dynamodb:UpdateTable",
    "dynamodb:DeleteTable",
    "dynamodb:UpdateTimeToLive",
    "dynamodb:PutResourcePolicy",
    "dynamodb:DeleteResourcePolicy",
]


class Casework(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, key: kms.IKey) -> None:
        super().__init__(scope, construct_id)

        # Keys and indexes: call_recordings.core.tables' REQUESTS and AUDIT, which say why each is there.
        self.requests = protected_table(self, "Requests", schema=REQUESTS, key=key)
        self.audit = protected_table(
            self,
            "Audit",
            schema=AUDIT,
            key=key,
            # Every write, old and new image, to the audit archive (infra/audit_archive.py).
            stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
            resource_policy=iam.PolicyDocument(
                statements=[
                    iam.PolicyStatement(
                        sid="AuditTrailIsAppendOnly",
                        effect=iam.Effect.DENY,
                        principals=[iam.AnyPrincipal()],
                        actions=AUDIT_REWRITES,
                        resources=["*"],
                    ),
                    iam.PolicyStatement(
                        sid="OnlyDeploymentsChangeTheAuditTable",
                        effect=iam.Effect.DENY,
                        principals=[iam.AnyPrincipal()],
                        actions=AUDIT_TABLE_CHANGES,
                        resources=["*"],
                        conditions={"ArnNotEquals": {"aws:PrincipalArn": deployment_role_arn(self)}},
                    ),
                ]
            ),
        )

    def grant_append_audit(self, grantee: iam.IGrantable) -> None:
        """Put new audit entries only; the code writes them on `attribute_not_exists`."""
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                sid="AppendToAuditTrail", actions=["dynamodb:PutItem"], resources=[self.audit.table_arn]
            )
        )
