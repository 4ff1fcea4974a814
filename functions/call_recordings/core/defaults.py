"""The default factories of pydantic fields that start empty: not ``list`` or ``dict`` themselves. Pydantic
reads a factory's signature as it builds the model, and a builtin's is parsed from its text with the
tokenizer, whose patterns take a cold start about 1.3 ms to compile (nothing else needs them); every
DPO function builds these models at its cold start (README, "Benchmarks")."""

from typing import Any


def no_items() -> list:
    """A new empty list."""
    return []


def no_entries() -> dict[str, Any]:
    """A new empty dict."""
    return {}
