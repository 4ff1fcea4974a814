"""The local stack's adjustment to moto changes how fast a query is answered, never what it returns."""

import boto3
import pytest
from moto import mock_aws

from call_recordings.core.tables import MONTH_INDEX, REGISTRY
from infra.local.moto_adjustments import adjust_moto
from infra.local.provision import create_tables

QUERIES = [
    ("call_id = :p", {":p": {"S": "P7"}}, True),
    ("call_id = :p AND version_id > :s", {":p": {"S": "P7"}, ":s": {"S": "S0"}}, False),
    ("call_id = :p", {":p": {"S": "absent"}}, True),
]


def answers(template: dict) -> list:
    """The registry (from the template) with 20 calls of 3 versions, in 4 months; what the queries find."""
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="eu-west-2")
        create_tables(template, dynamodb, {REGISTRY: "t"})
        for p in range(20):
            for s in range(3):
                item = {
                    "call_id": {"S": f"P{p}"},
                    "version_id": {"S": f"S{s}"},
                    "recorded_month": {"S": f"G{p % 4}"},
                }
                dynamodb.put_item(TableName="t", Item=item)
        found = [
            dynamodb.query(
                TableName="t",
                KeyConditionExpression=condition,
                ExpressionAttributeValues=values,
                ScanIndexForward=forward,
            )["Items"]
            for condition, values, forward in QUERIES
        ]
        found.append(
            dynamodb.query(
                TableName="t",
                IndexName=MONTH_INDEX.name,
                KeyConditionExpression="recorded_month = :g",
                ExpressionAttributeValues={":g": {"S": "G1"}},
            )["Items"]
        )
        return found


@pytest.fixture
def adjusted():
    restore = adjust_moto()
    yield
    restore()


def test_partition_queries_answer_exactly_what_moto_does(adjusted, stack_template):
    with_adjustment = answers(stack_template)
    assert [len(items) for items in with_adjustment] == [3, 2, 0, 15]
    assert [i["version_id"]["S"] for i in with_adjustment[1]] == ["S2", "S1"]


def test_the_same_queries_without_the_adjustment_agree(stack_template):
    plain = answers(stack_template)
    restore = adjust_moto()
    try:
        assert answers(stack_template) == plain
    finally:
        restore()
