"""The real clock, as every feature's dependencies take it by default: the time now, in UTC.

Features take a `clock` callable instead of reading the time themselves, so tests and the local
run's `AS_OF` can give them another day.
"""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
