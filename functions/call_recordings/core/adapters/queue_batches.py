"""Sending many messages to an SQS queue: ten to a SendMessageBatch call, and the entries SQS refuses
sent again (a batch call succeeds even when some of its entries fail)."""

from collections.abc import Sequence
from typing import Any

SEND_BATCH_LIMIT = 10  # entries in one SendMessageBatch
_SEND_ATTEMPTS = 3


def send_in_batches(sqs_client: Any, queue_url: str, bodies: Sequence[str]) -> int:
    """Send every body; how many SQS still refused after three attempts each (0 when all went). The
    caller raises: what was refused must not be lost silently."""
    refused = 0
    for start in range(0, len(bodies), SEND_BATCH_LIMIT):
        entries = {str(number): body for number, body in enumerate(bodies[start : start + SEND_BATCH_LIMIT])}
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
