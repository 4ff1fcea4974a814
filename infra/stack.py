"""The CallRecordings stack: a short composition of one construct per concern."""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack, Tags
from constructs import Construct

from infra.alerts import DpoAlerts
from infra.casework import Casework
from infra.config import StackSettings
from infra.dpo_api import DpoApi
from infra.functions import FunctionRuntime
from infra.holds import HoldWorker
from infra.ingest import UploadIngest
from infra.monitoring import Monitoring
from infra.registry import RecordingsRegistry
from infra.storage import RecordingsStorage


class CallRecordingsStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, settings: StackSettings, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        Tags.of(self).add("service", "call-recordings")
        Tags.of(self).add("data-classification", "personal")

        self.storage = RecordingsStorage(self, "Storage")
        self.registry = RecordingsRegistry(self, "Registry", key=self.storage.key)
        self.alerts = DpoAlerts(
            self, "DpoAlerts", key=self.storage.messages_key, email=settings.dpo_alert_email
        )
        self.monitoring = Monitoring(self, "Monitoring", topic=self.alerts.topic)
        runtime = FunctionRuntime(self, "Runtime")
        self.ingest = UploadIngest(
            self,
            "Ingest",
            runtime=runtime,
            bucket=self.storage.recordings,
            data_key=self.storage.key,
            messages_key=self.storage.messages_key,
            registry=self.registry,
            alerts=self.alerts.topic,
            monitoring=self.monitoring,
        )
        self.casework = Casework(self, "Casework", key=self.storage.key)
        self.holds = HoldWorker(
            self,
            "Holds",
            runtime=runtime,
            bucket=self.storage.recordings,
            data_key=self.storage.key,
            messages_key=self.storage.messages_key,
            registry=self.registry,
            casework=self.casework,
            monitoring=self.monitoring,
        )
        self.dpo_api = DpoApi(
            self,
            "DpoApi",
            runtime=runtime,
            bucket=self.storage.recordings,
            data_key=self.storage.key,
            registry=self.registry,
            casework=self.casework,
            holds=self.holds,
            dpo_principal_arns=settings.dpo_principal_arns,
        )
        self.storage.guard_evidence(hold_keeper=self.holds.handler.role, deleters=[])
        CfnOutput(
            self,
            "RecordingsBucketName",
            value=self.storage.recordings.bucket_name,
            description="Where the telephony system puts recordings (under recordings/)",
        )
        CfnOutput(self, "DpoApiUrl", value=self.dpo_api.api.url, description="The DPO API (SigV4, IAM auth)")
        CfnOutput(
            self,
            "DpoRoleArn",
            value=self.dpo_api.dpo_role.role_arn,
            description="The role the Data Protection Officer assumes to call the DPO API",
        )
