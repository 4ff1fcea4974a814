"""Run the stack's handlers in-process, as Lambda would, on what the local queues deliver."""

from __future__ import annotations

import importlib
import io
import json
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import boto3
from botocore.response import StreamingBody

from infra.local.provision import ACCOUNT, LocalFunction, LocalStack
from infra.local.streams import StreamDeliveryReport, StreamPositions, deliver_stream

RECEIVE_BATCH = 10


@dataclass
class LocalContext:
    """The parts of the Lambda context that Powertools reads."""

    function_name: str
    memory_limit_in_mb: int = 512
    aws_request_id: str = ""
    invoked_function_arn: str = ""

    @classmethod
    def for_function(cls, function: LocalFunction, region: str) -> LocalContext:
        return cls(
            function_name=function.logical_id,
            aws_request_id=str(uuid.uuid4()),
            invoked_function_arn=f"arn:aws:lambda:{region}:{ACCOUNT}:function:{function.logical_id}",
        )


@contextmanager
def function_environment(function: LocalFunction) -> Iterator[None]:
    """The function's environment variables from the template, for the length of one invocation."""
    saved = dict(os.environ)
    os.environ.update(function.environment)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


# Each container reset (a handler module's `reset_dependencies`) and the function whose container it
# holds now. The DPO API's functions share one composition root in this process, as in none in AWS.
_CONTAINER_OF: dict[Any, str] = {}


def invoke(function: LocalFunction, event: dict, region: str) -> Any:
    module_name, handler_name = function.handler.rsplit(".", 1)
    with function_environment(function):  # as in Lambda, the module is first imported with it set
        module = importlib.import_module(module_name)
        _own_container(module, function)
        handler = getattr(module, handler_name)
        return handler(event, LocalContext.for_function(function, region))


def _own_container(module: Any, function: LocalFunction) -> None:
    """In AWS each function has containers of its own. Here functions whose handler modules share
    their made-once state (settings, clients) would see each other's: when another function used it
    last, it is forgotten, as if this function's own container served the request."""
    reset = getattr(module, "reset_dependencies", None)
    if reset is None:
        return
    if _CONTAINER_OF.get(reset, function.logical_id) != function.logical_id:
        reset()
    _CONTAINER_OF[reset] = function.logical_id


def start_new_containers(stack: LocalStack) -> None:
    """Make every function's next invocation a cold start: its handler forgets its cached clients.

    Each handler module exposes `reset_dependencies()`; in AWS a new container does the same.
    """
    for function in stack.functions.values():
        module = sys.modules.get(function.handler.rsplit(".", 1)[0])
        reset = getattr(module, "reset_dependencies", None)
        if reset is not None:
            reset()
    _CONTAINER_OF.clear()


def sqs_event(messages: list[dict], queue_arn: str, region: str) -> dict:
    """The event Lambda's SQS event source sends for a batch of received messages."""
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": message.get("MessageAttributes", {}),
                "md5OfBody": message["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": region,
            }
            for message in messages
        ]
    }


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0


def deliver_queued(stack: LocalStack, session: boto3.Session, *, max_batches: int = 1000) -> DeliveryReport:
    """Give each consumed queue's messages to its function, as the event source mapping would.

    Messages the handler reports as failed stay on the queue (visible again after the visibility
    timeout) and reach the dead-letter queue after the template's maxReceiveCount, as in AWS.
    """
    sqs = session.client("sqs")
    report = DeliveryReport()
    for queue_url, function_id in stack.queue_consumers.items():
        function = stack.functions[function_id]
        queue_arn = next(arn for arn, url in stack.queue_urls.items() if url == queue_url)
        for _ in range(max_batches):
            # As many as the event source mapping's batch size (SQS gives at most 10 a receive).
            batch = min(RECEIVE_BATCH, stack.queue_batch_sizes.get(queue_url, RECEIVE_BATCH))
            messages = sqs.receive_message(
                QueueUrl=queue_url, MaxNumberOfMessages=batch, AttributeNames=["All"]
            ).get("Messages", [])
            if not messages:
                break
            response = invoke(function, sqs_event(messages, queue_arn, stack.region), stack.region) or {}
            failed = {item["itemIdentifier"] for item in response.get("batchItemFailures", [])}
            succeeded = [m for m in messages if m["MessageId"] not in failed]
            if succeeded:
                sqs.delete_message_batch(
                    QueueUrl=queue_url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(succeeded)
                    ],
                )
            report.delivered += len(succeeded)
            report.failed += len(failed)
    return report


def deliver_streams(
    stack: LocalStack, session: boto3.Session, positions: StreamPositions
) -> StreamDeliveryReport:
    """Give each DynamoDB stream's new records to its function, as its event source mapping would
    (infra/local/streams.py): the audit table's to the audit archiver."""
    total = StreamDeliveryReport()
    for stream_arn, mapping in stack.stream_consumers.items():
        function = stack.functions[mapping.function_id]
        report = deliver_stream(
            session,
            stream_arn,
            function=lambda event, function=function: invoke(function, event, stack.region),
            batch_size=mapping.batch_size,
            retries=mapping.retries,
            on_failure_queue_url=mapping.on_failure_queue_url,
            positions=positions,
            region=stack.region,
        )
        total.delivered += report.delivered
        total.failed += report.failed
        total.sent_to_on_failure += report.sent_to_on_failure
    return total


def emulate_lambda_invoke(stack: LocalStack, session: boto3.Session) -> None:
    """Answer `lambda:Invoke` of the stack's own functions by running their handler in-process.

    moto cannot run a Lambda without Docker. Registered on the session before any client is
    created, this makes a handler that invokes another function (the DPO API invoking the
    hold worker) work locally unchanged.
    """
    by_name = {function.logical_id: function for function in stack.functions.values()}

    def answer(model, params, **_):
        name = unquote(params["url_path"].split("/functions/", 1)[1].split("/", 1)[0])
        function = by_name.get(name.rsplit(":", 1)[-1])
        if function is None:
            return None  # not ours: let moto answer
        event = json.loads(params["body"] or b"{}")
        payload = json.dumps(invoke(function, event, stack.region)).encode()
        return _LocalHttpResponse(), {
            "StatusCode": 200,
            "Payload": StreamingBody(io.BytesIO(payload), len(payload)),
        }

    session._session.register("before-call.lambda.Invoke", answer)


@dataclass
class _LocalHttpResponse:
    status_code: int = 200
    headers: dict = field(default_factory=dict)
