"""What the deletion path, the sweeper and the eraser act with (adapters, clock); the erasure route's is in
deletion/erasure_dependencies.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from call_recordings.core.clock import utc_now

if TYPE_CHECKING:
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.deletion.adapters.recording_deletion import (
        RecordingVersionDeletion,
        RegistryDeletion,
        SweepCheckpoint,
    )

# Versions deleted at once (each is 5 sequential AWS calls at most).
DELETION_THREADS = 8


@dataclass(frozen=True)
class DeletionDependencies:
    """The one deletion path's (sweeper and eraser alike)."""

    registry: RegistryDeletion
    bucket: RecordingVersionDeletion
    audit: AuditTrail
    threads: int = DELETION_THREADS
    clock: Callable[[], datetime] = utc_now


def deletion_on_aws(
    *, registry_table: str, audit_table: str, retry_attempts: int
) -> tuple[DeletionDependencies, Any]:
    """The deletion path with AWS clients (for the sweeper's and the eraser's handlers), and the
    DynamoDB client it uses. Throttled calls are retried with backoff, up to `retry_attempts`."""
    import boto3  # here, not at import: the handler modules stay quick to load
    from botocore.config import Config

    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.deletion.adapters.recording_deletion import (
        RecordingVersionDeletion,
        RegistryDeletion,
    )

    config = Config(max_pool_connections=16, retries={"mode": "standard", "max_attempts": retry_attempts})
    dynamodb = boto3.client("dynamodb", config=config)
    deletion = DeletionDependencies(
        registry=RegistryDeletion(dynamodb, registry_table),
        bucket=RecordingVersionDeletion(boto3.client("s3", config=config)),
        audit=AuditTrail(dynamodb, audit_table),
    )
    return deletion, dynamodb


@dataclass(frozen=True)
class SweeperDependencies:
    deletion: DeletionDependencies
    checkpoint: SweepCheckpoint
