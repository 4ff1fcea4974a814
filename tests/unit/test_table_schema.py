"""A table's keys, indexes and projections are written down once, in call_recordings.core.tables (STYLE 9):
the constructs build the tables from it, the adapters name indexes by it, and every test makes its
tables from the synthesized template (infra/local/provision.py's ``create_tables``), never by hand.

The sources are read with ``ast``: outside the provisioner nothing may call CreateTable or UpdateTable
(``create_table`` / ``update_table``, on a client, a resource or anything else), and outside the schema
module neither the functions nor the constructs may write an index's name as a string.
"""

import ast
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from call_recordings.core.adapters.items import from_item, to_item
from call_recordings.core.tables import AUDIT, CALL_IDS, DUE_INDEX, MONTH_INDEX, REGISTRY, REQUESTS

ROOT = Path(__file__).resolve().parents[2]
PROVISIONER = Path("infra/local/provision.py")
SCHEMA = Path("functions/call_recordings/core/tables.py")
TABLE_DECLARATIONS = {"create_table", "update_table"}
INDEX_NAMES = {index.name for schema in (REGISTRY, REQUESTS, AUDIT) for index in schema.indexes}


def python_files(root: Path, *directories: str) -> Iterator[tuple[Path, ast.Module]]:
    for directory in directories:
        for path in sorted((root / directory).rglob("*.py")):
            yield path.relative_to(root), ast.parse(path.read_text(), filename=str(path))


def tables_declared_by_hand(root: Path) -> list[str]:
    """Every call of create_table or update_table outside the provisioner, as "path:line"."""
    found = []
    for path, tree in python_files(root, "tests", "infra", "functions", "bench"):
        if path == PROVISIONER:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                called = (
                    node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                )
                if called in TABLE_DECLARATIONS:
                    found.append(f"{path}:{node.lineno}")
    return found


def index_names_written_out(root: Path) -> list[str]:
    """Every string literal in functions/ or infra/ (outside the schema) that is an index's name."""
    return [
        f"{path}:{node.lineno}: {node.value!r}"
        for path, tree in python_files(root, "functions", "infra")
        if path != SCHEMA
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in INDEX_NAMES
    ]


def test_no_test_or_module_but_the_provisioner_declares_a_table():
    assert tables_declared_by_hand(ROOT) == []


def test_no_function_or_construct_writes_an_index_name_of_its_own():
    assert index_names_written_out(ROOT) == []


def test_both_checks_find_what_they_look_for(tmp_path):
    """A fixture that declares a table, or adds an index, by hand; an adapter that names its index."""
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "fixtures.py").write_text(
        "def world(dynamodb, resource):\n"
        "    dynamodb.create_table(TableName='Registry')\n"
        "    resource.create_table(TableName='Audit')\n"
        "    dynamodb.update_table(TableName='Registry', GlobalSecondaryIndexUpdates=[])\n"
        "    create_tables(template, dynamodb, {})\n"
    )
    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "adapter.py").write_text(
        "DUE_INDEX = 'by-due-date'\n"
        "def month(client):\n"
        "    return client.query(IndexName='by-month', KeyConditionExpression='by-month is a phrase')\n"
    )
    assert tables_declared_by_hand(tmp_path) == [
        "tests/fixtures.py:2",
        "tests/fixtures.py:3",
        "tests/fixtures.py:4",
    ]
    assert index_names_written_out(tmp_path) == [
        "functions/adapter.py:1: 'by-due-date'",
        "functions/adapter.py:3: 'by-month'",
    ]


def test_every_index_name_is_used_once_per_table_and_every_key_is_a_string_attribute():
    for schema in (REGISTRY, REQUESTS, AUDIT):
        names = [index.name for index in schema.indexes]
        assert len(names) == len(set(names))
        assert list(schema.key_attributes())[:2] == [schema.partition_key, schema.sort_key]
    assert list(CALL_IDS.key_attributes()) == ["call_id"]
    assert CALL_IDS.key("C-1") == {"call_id": {"S": "C-1"}}
    assert list(REGISTRY.key_attributes()) == [
        "call_id",
        "version_id",
        "caller_hash",
        "recorded_at",
        "customer_hash",
        "due_on",
        "recorded_month",
        "needs_dpo",
    ]


def test_the_indexes_that_must_not_identify_anyone_project_no_subject_hash_and_no_time():
    for index in (DUE_INDEX, MONTH_INDEX):
        assert index.projection is not None  # INCLUDE, never ALL
        assert not {"caller_hash", "customer_hash", "recorded_at", "agent_id"} & set(index.projection)


def test_a_key_is_the_schemas_two_attributes_typed_as_strings():
    assert REGISTRY.key("C-1", "v1") == {"call_id": {"S": "C-1"}, "version_id": {"S": "v1"}}
    assert REQUESTS.key("H-1", "request") == {"request_id": {"S": "H-1"}, "item": {"S": "request"}}
    assert AUDIT.key("hold#H-1", "2026-12-03T10:15:00#x") == {
        "target": {"S": "hold#H-1"},
        "entry": {"S": "2026-12-03T10:15:00#x"},
    }


def test_an_item_goes_to_dynamodbs_typed_form_and_comes_back_as_it_was():
    plain = {
        "call_id": "C-1",
        "size": 20,
        "flags": {"source-missing", "caller-withheld"},
        "why": {"rule": "3 months", "days": Decimal("1.5")},
        "batches": ["1", "2"],
        "quarantined": False,
    }
    typed = to_item(plain)
    assert typed["size"] == {"N": "20"}
    assert typed["flags"]["SS"] and sorted(typed["flags"]["SS"]) == ["caller-withheld", "source-missing"]
    assert typed["why"] == {"M": {"rule": {"S": "3 months"}, "days": {"N": "1.5"}}}
    assert from_item(typed) == plain


def test_a_float_is_refused_rather_than_rounded():
    with pytest.raises(TypeError):
        to_item({"size": 1.5})
