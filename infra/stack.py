"""The CallRecordings stack: a short composition of one construct per concern."""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack, Tags
from constructs import Construct

from infra.alerts import DpoAlerts
from infra.casework import Casework
from infra.config import StackSettings
from infra.dpo_api import DpoApi
from infra.exports import DisclosureExports
from infra.functions import FunctionRuntime
from infra.holds import HoldWorker
from infra.ingest import UploadIngest
from infra.monitoring import Monitoring
from infra.reconciliation import Reconciliation
from infra.registry import RecordingsRegistry
from infra.retention import RecordingDeletion
from infra.storage import RecordingsStorage
from infra.subject_access import SarReminders


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
        self.exports = DisclosureExports(
            self, "Exports", key=self.storage.key, access_logs=self.storage.access_logs
        )
        self.deletion = RecordingDeletion(
            self,
            "Deletion",
            runtime=runtime,
            bucket=self.storage.recordings,
            data_key=self.storage.key,
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
            eraser=self.deletion.eraser,
            exports=self.exports,
        )
        self.sar_reminders = SarReminders(
            self,
            "SarReminders",
            runtime=runtime,
            casework=self.casework,
            alerts=self.alerts.topic,
            messages_key=self.storage.messages_key,
            monitoring=self.monitoring,
        )
        self.reconciliation = Reconciliation(
            self,
            "Reconciliation",
            runtime=runtime,
            bucket=self.storage.recordings,
            data_key=self.storage.key,
            messages_key=self.storage.messages_key,
            registry=self.registry,
            casework=self.casework,
            ingest_queue=self.ingest.queue,
            alerts=self.alerts.topic,
            monitoring=self.monitoring,
        )
        self.storage.guard_evidence(hold_keeper=self.holds.handler.role, deleters=self.deletion.deleter_roles)
        # Last: alarms on every function composed above, and the dashboard (infra/monitoring.py).
        self.monitoring.watch_stack(self)
        CfnOutput(
            self,
            "RecordingsBucketName",
            value=self.storage.recordings.bucket_name,
            description="Where the telephony system puts recordings (under recordings/)",
        )
        CfnOutput(self, "DpoApiUrl", value=self.dpo_api.api.url, description="The DPO API (SigV4, IAM auth)")
        if self.dpo_api.dpo_role:
            CfnOutput(
                self,
                "DpoRoleArn",
                value=self.dpo_api.dpo_role.role_arn,
                description="The role the Data Protection Officer assumes to call the DPO API",
            )
