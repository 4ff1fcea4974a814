"""What the stack's function constructs share, built once by the stack and passed to each as `platform=`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_s3 as s3
    from aws_cdk import aws_sns as sns

    from infra.casework import Casework
    from infra.functions import FunctionRuntime
    from infra.monitoring import Monitoring
    from infra.registry import RecordingsRegistry


@dataclass(frozen=True)
class Platform:
    """The shared pieces a construct's functions are built on and granted on. What belongs to one
    construct alone (the DPO API's eraser, the reconciliation's ingest queue) stays its own argument."""

    runtime: FunctionRuntime  # the code asset and the dependencies layer
    bucket: s3.IBucket  # the recordings bucket
    data_key: kms.IKey  # encrypts recordings, the registry and the casework tables
    messages_key: kms.IKey  # encrypts the queues and the DPO's alerts
    registry: RecordingsRegistry
    casework: Casework  # the requests table and the audit trail
    monitoring: Monitoring
    alerts: sns.ITopic  # the DPO's alerts topic
