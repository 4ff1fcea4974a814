"""Handing a hold's work to the hold worker: on the work queue, or by invoking it and waiting."""

import json
from collections.abc import Sequence
from typing import Any

from botocore.exceptions import BotoCoreError

from call_recordings.core.adapters.queue_batches import send_in_batches
from call_recordings.holds.errors import HoldWorkerFailed
from call_recordings.holds.records import WorkMessage, WorkReport


class HoldWorkNotQueued(Exception):
    """Some work messages could not be sent to the work queue."""


class HoldWorkQueue:
    def __init__(self, sqs_client: Any, queue_url: str) -> None:
        self._sqs = sqs_client
        self._queue_url = queue_url

    def enqueue(self, messages: Sequence[WorkMessage]) -> None:
        """Send every message, ten to a call; entries SQS refuses are sent again, then it raises."""
        bodies = [message.model_dump_json() for message in messages]
        if refused := send_in_batches(self._sqs, self._queue_url, bodies):
            raise HoldWorkNotQueued(f"{refused} hold work message(s) were refused by the work queue")


class HoldWorkerFunction:
    """The hold worker Lambda, invoked synchronously with one work message."""

    def __init__(self, lambda_client: Any, function_name: str) -> None:
        self._lambda = lambda_client
        self._function = function_name

    def apply(self, message: WorkMessage) -> WorkReport:
        try:
            response = self._lambda.invoke(
                FunctionName=self._function,
                InvocationType="RequestResponse",
                Payload=message.model_dump_json().encode(),
            )
        except (self._lambda.exceptions.ClientError, BotoCoreError) as error:
            raise HoldWorkerFailed(f"the hold worker could not be invoked: {error}") from error
        payload = response["Payload"].read()
        if response.get("FunctionError"):
            raise HoldWorkerFailed(f"the hold worker failed: {payload[:500]!r}")
        return WorkReport.model_validate(json.loads(payload))
