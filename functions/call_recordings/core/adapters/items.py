"""Items to and from DynamoDB's typed form, for every table: one serializer and one deserializer (both
keep no state, so one of each serves every adapter and thread)."""

from collections.abc import Mapping
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
