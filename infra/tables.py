"""A DynamoDB table of the stack, built from its schema in call_recordings.core.tables (keys, indexes,
projections written down once, for this construct, the functions' adapters and the tests alike)."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from constructs import Construct

from call_recordings.core.tables import TableSchema

_S = dynamodb.AttributeType.STRING


def protected_table(
    scope: Construct, construct_id: str, *, schema: TableSchema, key: kms.IKey, **kwargs
) -> dynamodb.Table:
    """On-demand, encrypted with ``key``, point-in-time recoverable, protected from deletion and kept if
    the stack is deleted; with the schema's keys and every index of it."""
    table = dynamodb.Table(
        scope,
        construct_id,
        partition_key=dynamodb.Attribute(name=schema.partition_key, type=_S),
        sort_key=None if schema.sort_key is None else dynamodb.Attribute(name=schema.sort_key, type=_S),
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
    for index in schema.indexes:
        table.add_global_secondary_index(
            index_name=index.name,
            partition_key=dynamodb.Attribute(name=index.partition_key, type=_S),
            sort_key=dynamodb.Attribute(name=index.sort_key, type=_S),
            projection_type=dynamodb.ProjectionType.ALL
            if index.projection is None
            else dynamodb.ProjectionType.INCLUDE,
            non_key_attributes=None if index.projection is None else list(index.projection),
        )
    return table
