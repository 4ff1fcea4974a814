"""The registry table's keys, indexes and protection, read from the synthesized template."""

from tests.infra.conftest import data_key_id, registry_table


def registry(template):
    return registry_table(template)


def indexes_of(template):
    return {index["IndexName"]: index for index in registry(template)["Properties"]["GlobalSecondaryIndexes"]}


def test_one_item_per_recording_version(template):
    props = registry(template)["Properties"]
    assert props["KeySchema"] == [
        {"AttributeName": "call_id", "KeyType": "HASH"},
        {"AttributeName": "version_id", "KeyType": "RANGE"},
    ]


def test_subject_lookups_are_one_query_per_keyed_hash_with_a_date_range(template):
    indexes = indexes_of(template)
    for name, attribute in (("by-caller", "caller_hash"), ("by-customer", "customer_hash")):
        assert indexes[name]["KeySchema"] == [
            {"AttributeName": attribute, "KeyType": "HASH"},
            {"AttributeName": "recorded_at", "KeyType": "RANGE"},
        ]
        assert indexes[name]["Projection"] == {"ProjectionType": "ALL"}


def test_due_date_lookup_carries_what_the_sweeper_needs(template):
    indexes = indexes_of(template)
    due = indexes["by-due-date"]
    assert due["KeySchema"][0] == {"AttributeName": "due_on", "KeyType": "HASH"}
    assert due["Projection"]["ProjectionType"] == "INCLUDE"
    assert set(due["Projection"]["NonKeyAttributes"]) >= {"bucket", "object_key"}


def test_no_caller_number_or_customer_reference_is_a_key(template):
    props = registry(template)["Properties"]
    names = {definition["AttributeName"] for definition in props["AttributeDefinitions"]}
    assert names == {
        "call_id",
        "version_id",
        "caller_hash",
        "customer_hash",
        "recorded_at",
        "due_on",
        "recorded_month",
        "needs_dpo",
    }


def test_statistics_read_one_month_per_query_and_no_personal_data(template):
    month = indexes_of(template)["by-month"]
    assert month["KeySchema"] == [
        {"AttributeName": "recorded_month", "KeyType": "HASH"},
        {"AttributeName": "call_id", "KeyType": "RANGE"},
    ]
    assert month["Projection"]["ProjectionType"] == "INCLUDE"
    assert set(month["Projection"]["NonKeyAttributes"]) == {"purpose", "source", "retention", "restrictions"}


def test_the_recordings_that_need_the_dpo_are_one_query_of_a_sparse_index_with_no_personal_data(template):
    """Issue 18 (Today: quarantined and flagged recordings): keyed by `needs_dpo`, which only flagged
    live versions carry, newest last by `recorded_at` (a tombstone loses it, and so leaves the index);
    it projects what the list shows and no subject hash nor object key."""
    flagged = indexes_of(template)["by-needs-dpo"]
    assert flagged["KeySchema"] == [
        {"AttributeName": "needs_dpo", "KeyType": "HASH"},
        {"AttributeName": "recorded_at", "KeyType": "RANGE"},
    ]
    assert flagged["Projection"]["ProjectionType"] == "INCLUDE"
    assert set(flagged["Projection"]["NonKeyAttributes"]) == {
        "purpose",
        "source",
        "retention",
        "expires_on",
        "flags",
    }


def test_on_demand_recoverable_encrypted_and_protected(template):
    table = registry(template)
    props = table["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert props["DeletionProtectionEnabled"] is True
    key_id = data_key_id(template)
    assert props["SSESpecification"] == {
        "KMSMasterKeyId": {"Fn::GetAtt": [key_id, "Arn"]},
        "SSEEnabled": True,
        "SSEType": "KMS",
    }
    assert table["DeletionPolicy"] == "Retain"
