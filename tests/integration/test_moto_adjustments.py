"""The local stack's adjustments to moto change how fast DynamoDB answers, never what it answers."""

import boto3
import pytest
from moto import mock_aws

from call_recordings.core.tables import AUDIT, MONTH_INDEX, REGISTRY, REQUESTS
from infra.local.moto_adjustments import adjust_moto
from infra.local.provision import create_tables
from infra.local.streams import STREAMS_CLIENT_CONFIG

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


def plain_and_adjusted(run, template: dict) -> tuple:
    """What ``run`` gives in a moto world of the template without the adjustments, then with them."""
    plain = run(template)
    restore = adjust_moto()
    try:
        return plain, run(template)
    finally:
        restore()


def test_item_operations_answer_exactly_what_moto_does(stack_template):
    plain, adjusted = plain_and_adjusted(item_operations, stack_template)
    assert adjusted == plain
    found = dict(plain[2:3])["get_item"]["Item"]
    assert found["b"] == {"B": b"\x00\xffsealed"} and found["bs"] == {"BS": [b"\x01", b"\x02"]}
    assert len(dict(plain)["batch_get_item"]["Responses"]["t"]) == 5


def transactions(template: dict) -> tuple[list, list, list]:
    """Transactions on a streamed table (the audit trail's, from the template): one written, one
    cancelled by a condition after a put, an update and a delete had run in it. What each answered,
    the table's items after, and its stream's records (event and keys)."""
    answers = []
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="eu-west-2")
        create_tables(template, dynamodb, {AUDIT: "a"})

        def key(n: int) -> dict:
            return {"target": {"S": f"T{n}"}, "entry": {"S": f"E{n}"}}

        for n in range(3):
            dynamodb.put_item(TableName="a", Item=key(n) | {"n": {"N": str(n)}} | EVERY_TYPE)
        new_item = {"target": {"S": "T7"}, "entry": {"S": "E7"}}
        is_new = {
            "ConditionExpression": "attribute_not_exists(#t)",
            "ExpressionAttributeNames": {"#t": "target"},
        }
        new_put = {"Put": {"TableName": "a", "Item": new_item} | is_new}
        update = {
            "Update": {
                "TableName": "a",
                "Key": key(0),
                "UpdateExpression": "SET m.#i[0] = :x ADD n :one",
                "ExpressionAttributeNames": {"#i": "inner"},
                "ExpressionAttributeValues": {":x": {"S": "changed"}, ":one": {"N": "1"}},
            }
        }
        delete = {"Delete": {"TableName": "a", "Key": key(1)}}
        taken = {
            "Put": {"TableName": "a", "Item": key(2), "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}
            | is_new
        }
        try:
            dynamodb.transact_write_items(TransactItems=[new_put, update, delete, taken])
        except dynamodb.exceptions.TransactionCanceledException as cancelled:
            answers.append(("cancelled", cancelled.response["CancellationReasons"]))
        answer = dynamodb.transact_write_items(TransactItems=[new_put, update, delete])
        answer.pop("ResponseMetadata")
        answers.append(("written", answer))
        items = sorted(dynamodb.scan(TableName="a")["Items"], key=lambda item: item["target"]["S"])
        streams = boto3.client("dynamodbstreams", region_name="eu-west-2", config=STREAMS_CLIENT_CONFIG)
        arn = dynamodb.describe_table(TableName="a")["Table"]["LatestStreamArn"]
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
        records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
        stream = [(r["eventName"], r["dynamodb"]["Keys"]["target"]["S"]) for r in records]
    return answers, items, stream


def test_a_cancelled_transaction_leaves_the_table_and_its_stream_as_moto_does(stack_template):
    plain, adjusted = plain_and_adjusted(transactions, stack_template)
    assert adjusted == plain
    answers, items, stream = plain
    assert answers[0][0] == "cancelled" and answers[0][1][3]["Code"] == "ConditionalCheckFailed"
    # Only the written transaction shows: T0 updated, T1 deleted, T7 put; the cancelled one left nothing.
    assert [item["target"]["S"] for item in items] == ["T0", "T2", "T7"]
    assert items[0]["n"] == {"N": "4"} and items[0]["m"]["M"]["inner"]["L"][0] == {"S": "changed"}
    assert stream == [("INSERT", "T0"), ("INSERT", "T1"), ("INSERT", "T2"), ("INSERT", "T7"),
                      ("MODIFY", "T0"), ("REMOVE", "T1")]  # fmt: skip
