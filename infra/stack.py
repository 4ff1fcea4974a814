"""The CallRecordings stack: a short composition of one construct per concern."""

from __future__ import annotations

from aws_cdk import Stack, Tags
from constructs import Construct

from infra.config import StackSettings
from infra.registry import RecordingsRegistry
from infra.storage import RecordingsStorage


class CallRecordingsStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, settings: StackSettings, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        Tags.of(self).add("service", "call-recordings")
        Tags.of(self).add("data-classification", "personal")

        self.storage = RecordingsStorage(self, "Storage")
        self.registry = RecordingsRegistry(self, "Registry", key=self.storage.key)
