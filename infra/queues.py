"""Every queue of the stack: KMS-encrypted, TLS-only, with a dead-letter queue the DPO is alerted on."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.monitoring import Monitoring

DEAD_LETTER_RETENTION = Duration.days(14)


def queue_with_dead_letters(
    scope: Construct,
    queue_id: str,
    *,
    key: kms.IKey,
    consumer_timeout: Duration,
    retention_period: Duration,
    max_receives: int,
    monitoring: Monitoring,
    alarm_name: str,
) -> tuple[sqs.Queue, sqs.Queue]:
    """A work queue and its dead-letter queue (`DeadLetters` in `scope`), and the alarm on it."""
    dead_letters = sqs.Queue(
        scope,
        "DeadLetters",
        encryption=sqs.QueueEncryption.KMS,
        encryption_master_key=key,
        enforce_ssl=True,
        retention_period=DEAD_LETTER_RETENTION,
    )
    queue = sqs.Queue(
        scope,
        queue_id,
        encryption=sqs.QueueEncryption.KMS,
        encryption_master_key=key,
        enforce_ssl=True,
        # AWS's advice for an SQS event source: at least six times the function timeout.
        visibility_timeout=Duration.seconds(consumer_timeout.to_seconds() * 6),
        retention_period=retention_period,
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letters, max_receive_count=max_receives),
    )
    monitoring.alarm_when_dead_letters(dead_letters, alarm_name)
    return queue, dead_letters
