"""Count the AWS API calls a handler makes, through botocore's events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import boto3


class ApiCallCounter:
    """Counts every API call made by clients of boto3's default session while `counting()` is on."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self._on = False
        session = boto3.DEFAULT_SESSION or boto3.setup_default_session() or boto3.DEFAULT_SESSION
        session.events.register("before-call", self._count)

    def _count(self, model, **_) -> None:
        if self._on:
            self.calls[f"{model.service_model.service_name}:{model.name}"] += 1

    @contextmanager
    def counting(self) -> Iterator[None]:
        self._on = True
        try:
            yield
        finally:
            self._on = False

    @property
    def total(self) -> int:
        return sum(self.calls.values())
