"""Every DynamoDB table of the template is one schema of call_recordings.core.tables, exactly: its keys,
and its indexes with their keys and projections, none added or changed by a construct outside the schema
(which is what the functions' adapters and the tests' tables are made from)."""

from call_recordings.core.tables import AUDIT, CALL_IDS, REGISTRY, REQUESTS, TableSchema


def declared(schema: TableSchema) -> dict:
    """The schema as CloudFormation writes a table: keys, indexes, projections (ALL, or INCLUDE these)."""

    def keys(partition: str, sort: str | None) -> list[dict]:
        hashed = [{"AttributeName": partition, "KeyType": "HASH"}]
        return hashed if sort is None else [*hashed, {"AttributeName": sort, "KeyType": "RANGE"}]

    return {
        "KeySchema": keys(schema.partition_key, schema.sort_key),
        "GlobalSecondaryIndexes": {
            index.name: {
                "KeySchema": keys(index.partition_key, index.sort_key),
                "Projection": {"ProjectionType": "ALL"}
                if index.projection is None
                else {"ProjectionType": "INCLUDE", "NonKeyAttributes": sorted(index.projection)},
            }
            for index in schema.indexes
        },
    }


def as_built(props: dict) -> dict:
    indexes = {}
    for index in props.get("GlobalSecondaryIndexes", []):
        projection = dict(index["Projection"])
        if "NonKeyAttributes" in projection:
            projection["NonKeyAttributes"] = sorted(projection["NonKeyAttributes"])
        indexes[index["IndexName"]] = {"KeySchema": index["KeySchema"], "Projection": projection}
    return {"KeySchema": props["KeySchema"], "GlobalSecondaryIndexes": indexes}


SCHEMAS = (REGISTRY, CALL_IDS, REQUESTS, AUDIT)


def test_each_table_is_one_schema_exactly_and_each_schema_is_one_table(template):
    tables = [table["Properties"] for table in template.find_resources("AWS::DynamoDB::Table").values()]
    built = sorted((as_built(props) for props in tables), key=repr)
    assert built == sorted((declared(schema) for schema in SCHEMAS), key=repr)
    for props in tables:
        assert {d["AttributeType"] for d in props["AttributeDefinitions"]} == {"S"}


def test_every_table_is_on_demand_recoverable_protected_and_kept(template):
    tables = template.find_resources("AWS::DynamoDB::Table")
    assert len(tables) == len(SCHEMAS)
    for table in tables.values():
        props = table["Properties"]
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert props["DeletionProtectionEnabled"] is True
        assert props["SSESpecification"]["SSEType"] == "KMS"
        assert table["DeletionPolicy"] == "Retain"
