"""Sending many messages to an SQS queue: ten to a SendMessageBatch call, at most 256 KiB of bodies to
a call (SQS's limit for the batch, as for one message), and the entries SQS refuses sent again (a batch
call succeeds even when some of its entries fail)."""

from collections.abc import Iterator, Sequence
from typing import Any

SEND_BATCH_LIMIT = 10  # entries in one SendMessageBatch
SEND_BATCH_BYTES = 262_144  # the bodies of one SendMessageBatch, together (UTF-8)
_SEND_ATTEMPTS = 3


def send_in_batches(sqs_client: Any, queue_url: str, bodies: Sequence[str]) -> int:
    """Send every body; how many SQS still refused after three attempts each (0 when all went). The
    caller raises: what was refused must not be lost silently."""
    refused = 0
    for batch in _batches(bodies):
        entries = {str(number): body for number, body in enumerate(batch)}
        for _ in range(_SEND_ATTEMPTS):
            response = sqs_client.send_message_batch(
                QueueUrl=queue_url,
                Entries=[{"Id": entry_id, "MessageBody": body} for entry_id, body in entries.items()],
            )
            failed = {failure["Id"] for failure in response.get("Failed", [])}
            entries = {entry_id: body for entry_id, body in entries.items() if entry_id in failed}
            if not entries:
                break
        refused += len(entries)
    return refused


def _batches(bodies: Sequence[str]) -> Iterator[list[str]]:
    """The bodies in order, in runs of at most SEND_BATCH_LIMIT and SEND_BATCH_BYTES (a body larger than
    that alone goes alone, and SQS refuses it)."""
    batch: list[str] = []
    size = 0
    for body in bodies:
        length = len(body.encode())
        if batch and (len(batch) == SEND_BATCH_LIMIT or size + length > SEND_BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(body)
        size += length
    if batch:
        yield batch
