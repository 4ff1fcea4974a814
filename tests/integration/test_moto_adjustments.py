"""The local stack's adjustment to moto changes how fast a query is answered, never what it returns."""

import boto3
import pytest
from moto import mock_aws

from infra.local.moto_adjustments import adjust_moto

QUERIES = [
    ("p = :p", {":p": {"S": "P7"}}, True),
    ("p = :p AND s > :s", {":p": {"S": "P7"}, ":s": {"S": "S0"}}, False),
    ("p = :p", {":p": {"S": "absent"}}, True),
]


def answers() -> list:
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="eu-west-2")
        dynamodb.create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "s", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("p", "s", "g")],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "by-g",
                    "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        for p in range(20):
            for s in range(3):
                item = {"p": {"S": f"P{p}"}, "s": {"S": f"S{s}"}, "g": {"S": f"G{p % 4}"}}
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
                IndexName="by-g",
                KeyConditionExpression="g = :g",
                ExpressionAttributeValues={":g": {"S": "G1"}},
            )["Items"]
        )
        return found


@pytest.fixture
def adjusted():
    restore = adjust_moto()
    yield
    restore()


def test_partition_queries_answer_exactly_what_moto_does(adjusted):
    with_adjustment = answers()
    assert [len(items) for items in with_adjustment] == [3, 2, 0, 15]
    assert [i["s"]["S"] for i in with_adjustment[1]] == ["S2", "S1"]


def test_the_same_queries_without_the_adjustment_agree():
    plain = answers()
    restore = adjust_moto()
    try:
        assert answers() == plain
    finally:
        restore()
