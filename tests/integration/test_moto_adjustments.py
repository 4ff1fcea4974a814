"""The local stack's adjustments to moto change how fast DynamoDB answers, never what it answers."""

import boto3
import pytest
from moto import mock_aws

from call_recordings.core.tables import MONTH_INDEX, REGISTRY, REQUESTS
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


# Every attribute type DynamoDB has, nested too.
EVERY_TYPE = {
    "text": {"S": "words"},
    "n": {"N": "3"},
    "b": {"B": b"\x00\xffsealed"},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "bs": {"BS": [b"\x01", b"\x02"]},
    "m": {"M": {"inner": {"L": [{"S": "x"}, {"BOOL": True}, {"NULL": True}, {"B": b"\x03"}]}}},
}


def item_operations(template: dict) -> list:
    """One of each item operation, with its options, and the error a failed condition gives: what the
    client parsed of each answer (request metadata aside)."""
    answers = []
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="eu-west-2")
        create_tables(template, dynamodb, {REQUESTS: "t"})

        def key(p: int, s: int = 0) -> dict:
            return {"request_id": {"S": f"P{p}"}, "item": {"S": f"S{s}"}}

        calls = [
            (
                "batch_write_item",
                {"RequestItems": {"t": [{"PutRequest": {"Item": key(p) | EVERY_TYPE}} for p in range(5)]}},
            ),
            ("put_item", {"TableName": "t", "Item": key(1) | {"n": {"N": "4"}}, "ReturnValues": "ALL_OLD"}),
            ("get_item", {"TableName": "t", "Key": key(2)}),
            ("get_item", {"TableName": "t", "Key": key(9), "ReturnConsumedCapacity": "TOTAL"}),
            ("get_item", {"TableName": "t", "Key": key(2), "ProjectionExpression": "b, m"}),
            (
                "batch_get_item",
                {
                    "RequestItems": {
                        "t": {"Keys": [key(1), key(2)], "ProjectionExpression": "m.inner[3], ss, n"}
                    }
                },
            ),
            (
                "query",
                {
                    "TableName": "t",
                    "KeyConditionExpression": "request_id = :p",
                    "ExpressionAttributeValues": {":p": {"S": "P2"}},
                    "ProjectionExpression": "m.inner, m, #t",
                    "ExpressionAttributeNames": {"#t": "text"},
                },
            ),
            ("batch_get_item", {"RequestItems": {"t": {"Keys": [key(p) for p in range(7)]}}}),
            (
                "query",
                {
                    "TableName": "t",
                    "KeyConditionExpression": "request_id = :p",
                    "ExpressionAttributeValues": {":p": {"S": "P3"}},
                },
            ),
            (
                "query",
                {
                    "TableName": "t",
                    "KeyConditionExpression": "request_id = :p",
                    "ExpressionAttributeValues": {":p": {"S": "P3"}},
                    "Select": "COUNT",
                },
            ),
            ("scan", {"TableName": "t", "Limit": 2}),
            (
                "update_item",
                {
                    "TableName": "t",
                    "Key": key(3),
                    "UpdateExpression": "ADD n :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}},
                    "ReturnValues": "ALL_NEW",
                    "ReturnConsumedCapacity": "TOTAL",
                },
            ),
            ("delete_item", {"TableName": "t", "Key": key(4), "ReturnValues": "ALL_OLD"}),
            ("transact_get_items", {"TransactItems": [{"Get": {"TableName": "t", "Key": key(2)}}]}),
            ("transact_write_items", {"TransactItems": [{"Put": {"TableName": "t", "Item": key(8)}}]}),
        ]
        for operation, parameters in calls:
            answer = getattr(dynamodb, operation)(**parameters)
            answer.pop("ResponseMetadata")
            answers.append((operation, answer))
        try:
            dynamodb.put_item(
                TableName="t", Item=key(2), ConditionExpression="attribute_not_exists(request_id)"
            )
        except dynamodb.exceptions.ConditionalCheckFailedException as refused:
            answers.append(("refused", refused.response["Error"]))
    return answers


def test_item_operations_answer_exactly_what_moto_does(stack_template):
    plain = item_operations(stack_template)
    restore = adjust_moto()
    try:
        adjusted = item_operations(stack_template)
    finally:
        restore()
    assert adjusted == plain
    found = dict(plain[2:3])["get_item"]["Item"]
    assert found["b"] == {"B": b"\x00\xffsealed"} and found["bs"] == {"BS": [b"\x01", b"\x02"]}
    assert len(dict(plain)["batch_get_item"]["Responses"]["t"]) == 5
