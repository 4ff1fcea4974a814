"""The registry: one DynamoDB item per recording version, found by subject or by due date."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from constructs import Construct

# Key and index names are shared with the functions through environment variables set
# where each function is wired; the design is written down in docs/registry.md.
PARTITION_KEY = "call_id"
SORT_KEY = "version_id"
CALLER_INDEX = "by-caller"
CUSTOMER_INDEX = "by-customer"
DUE_INDEX = "by-due-date"
# What the sweeper needs to delete a due version without reading the item again.
DUE_INDEX_ATTRIBUTES = ["bucket", "object_key", "expires_on", "retention"]

_S = dynamodb.AttributeType.STRING


class RecordingsRegistry(Construct):
    """Encrypted, on-demand, point-in-time recoverable and protected from deletion."""

    def __init__(self, scope: Construct, construct_id: str, *, key: kms.IKey) -> None:
        super().__init__(scope, construct_id)

        self.table = dynamodb.Table(
            self,
            "Table",
            partition_key=dynamodb.Attribute(name=PARTITION_KEY, type=_S),
            sort_key=dynamodb.Attribute(name=SORT_KEY, type=_S),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=key,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        # A subject's recordings, newest last, by the keyed hash of each identifier: one
        # query per identifier, a date range in the key condition.
        for index_name, hash_attribute in ((CALLER_INDEX, "caller_hash"), (CUSTOMER_INDEX, "customer_hash")):
            self.table.add_global_secondary_index(
                index_name=index_name,
                partition_key=dynamodb.Attribute(name=hash_attribute, type=_S),
                sort_key=dynamodb.Attribute(name="recorded_at", type=_S),
                projection_type=dynamodb.ProjectionType.ALL,
            )
        # Sparse: only versions awaiting deletion carry `due_on`; a hold removes it, the
        # release of the last hold puts it back.
        self.table.add_global_secondary_index(
            index_name=DUE_INDEX,
            partition_key=dynamodb.Attribute(name="due_on", type=_S),
            sort_key=dynamodb.Attribute(name="call_id", type=_S),
            projection_type=dynamodb.ProjectionType.INCLUDE,
            non_key_attributes=DUE_INDEX_ATTRIBUTES,
        )
