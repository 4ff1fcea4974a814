"""Items to and from DynamoDB's typed form, for every table: one serializer and one deserializer (both
keep no state, so one of each serves every adapter and thread)."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

_SERIALIZER = TypeSerializer()
_DESERIALIZER = TypeDeserializer()


def to_item(plain: Mapping[str, Any]) -> dict[str, Any]:
    """An item in DynamoDB's typed form; numbers must be int or Decimal, sets non-empty."""
    return {name: _SERIALIZER.serialize(value) for name, value in plain.items()}


def from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """An item as plain values: numbers as Decimal, string sets as set."""
    return {name: _DESERIALIZER.deserialize(value) for name, value in item.items()}


def plain_numbers(value: Any) -> Any:
    """DynamoDB numbers come back as Decimal: whole ones as int, the others as float, for JSON."""
    if isinstance(value, dict):
        return {name: plain_numbers(each) for name, each in value.items()}
    if isinstance(value, list | set | frozenset):
        return [plain_numbers(each) for each in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def dynamodb_numbers(value: Any) -> Any:
    """Plain values DynamoDB takes: floats as Decimal (ints are fine), tuples as lists."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {name: dynamodb_numbers(each) for name, each in value.items()}
    if isinstance(value, list | tuple):
        return [dynamodb_numbers(each) for each in value]
    return value
