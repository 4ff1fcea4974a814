"""The CallRecordings stack: a short composition of one construct per concern."""

from __future__ import annotations

from aws_cdk import Annotations, CfnOutput, Stack, Tags
from constructs import Construct

from infra.alerts import DpoAlerts
from infra.audit_archive import AuditArchive
from infra.casework import Casework
from infra.config import CONTEXT_TELEPHONY_PRINCIPAL_ARNS, StackSettings
from infra.dpo_api import DpoApi
from infra.exports import DisclosureExports
from infra.functions import FunctionRuntime
from infra.holds import HoldWorker
from infra.ingest import UploadIngest
from infra.monitoring import Monitoring
from infra.platform import Platform
from infra.reconciliation import Reconciliation
from infra.registry import RecordingsRegistry
from infra.reminders import CaseworkReminders
from infra.retention import RecordingDeletion
from infra.storage import RecordingsStorage
from infra.telephony import TelephonyUploader


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
        self.casework = Casework(self, "Casework", key=self.storage.key)
        # What every function construct below is built on, made once.
        self.platform = Platform(
            runtime=FunctionRuntime(self, "Runtime", logs_key=self.storage.logs_key),
            bucket=self.storage.recordings,
            data_key=self.storage.key,
            messages_key=self.storage.messages_key,
            registry=self.registry,
            casework=self.casework,
            monitoring=self.monitoring,
            alerts=self.alerts.topic,
        )
        self.ingest = UploadIngest(self, "Ingest", platform=self.platform)
        self.holds = HoldWorker(self, "Holds", platform=self.platform)
        self.exports = DisclosureExports(
            self, "Exports", key=self.storage.key, access_logs=self.storage.access_logs
        )
        self.deletion = RecordingDeletion(self, "Deletion", platform=self.platform)
        self.dpo_api = DpoApi(
            self,
            "DpoApi",
            platform=self.platform,
            holds=self.holds,
            dpo_principal_arns=settings.dpo_principal_arns,
            hold_review_months=settings.hold_review_months,
            eraser=self.deletion.eraser,
            exports=self.exports,
            manifest=settings.manifest_facts,
        )
        self.casework_reminders = CaseworkReminders(self, "CaseworkReminders", platform=self.platform)
        self.reconciliation = Reconciliation(
            self, "Reconciliation", platform=self.platform, ingest_queue=self.ingest.queue
        )
        # After the daily jobs whose entries it checks (the local run keeps the template's order).
        self.audit_archive = AuditArchive(
            self,
            "AuditArchive",
            platform=self.platform,
            access_logs=self.storage.access_logs,
            retention_years=settings.audit_archive_retention_years,
        )
        # Optional: a stack can be deployed before the telephony system is ready to upload.
        self.telephony = (
            TelephonyUploader(
                self,
                "TelephonyUploader",
                bucket=self.storage.recordings,
                data_key=self.storage.key,
                principal_arns=settings.telephony_principal_arns,
            )
            if settings.telephony_principal_arns
            else None
        )
        if self.telephony is None and settings.account:
            Annotations.of(self).add_warning_v2(
                "call-recordings:no-telephony-uploader",
                f"No {CONTEXT_TELEPHONY_PRINCIPAL_ARNS}: there is no TelephonyUploader role, so the "
                "telephony system cannot upload recordings until you deploy again with "
                f"-c {CONTEXT_TELEPHONY_PRINCIPAL_ARNS}=<its IAM role ARN> (docs/telephony.md).",
            )
        self._draw_the_perimeter()
        # Last: alarms on every function composed above, and the dashboard (infra/monitoring.py).
        self.monitoring.watch_stack(self)
        CfnOutput(
            self,
            "RecordingsBucketName",
            value=self.storage.recordings.bucket_name,
            description="Where the telephony system puts recordings (under recordings/)",
        )
        CfnOutput(self, "DpoApiUrl", value=self.dpo_api.api.url, description="The DPO API (SigV4, IAM auth)")
        CfnOutput(
            self,
            "AuditArchiveBucketName",
            value=self.audit_archive.bucket.bucket_name,
            description="Every audit entry, locked in compliance mode (docs/audit.md says how to read it)",
        )
        if self.telephony:
            CfnOutput(
                self,
                "TelephonyUploaderRoleArn",
                value=self.telephony.role.role_arn,
                description="The role the telephony system assumes to upload recordings (docs/telephony.md)",
            )
        if self.dpo_api.dpo_role:
            CfnOutput(
                self,
                "DpoRoleArn",
                value=self.dpo_api.dpo_role.role_arn,
                description="The role the Data Protection Officer assumes to call the DPO API",
            )

    def _draw_the_perimeter(self) -> None:
        """Who may read recordings and disclosure packages and use the keys, named (DESIGN section 8). A
        function that reads recordings, or uses a key, must be named here: README, "The data perimeter"."""
        disclosure = self.dpo_api.disclosure_function.role
        self.storage.guard_evidence(
            hold_keeper=self.holds.handler.role,
            deleters=self.deletion.deleter_roles,
            # Ingest reads each new version's metadata; disclosure copies the versions a SAR discloses.
            readers=[self.ingest.handler.role, disclosure],
        )
        self.exports.limit_reading_to(disclosure)
        functions = [
            self.ingest.handler,
            self.holds.handler,
            self.deletion.sweeper,
            self.deletion.eraser,
            *self.dpo_api.functions.values(),
            self.casework_reminders.handler,
            self.reconciliation.handler,
            self.audit_archive.archiver,
            self.audit_archive.verification,
        ]
        # Every function reads or writes a table, the trail or a bucket encrypted with the data key; the
        # messages key: those that receive from, send to or publish on an encrypted queue or topic.
        messages = [
            self.ingest.handler,  # its queue, and alerts
            self.holds.handler,  # its work queue
            self.dpo_api.casework_function,  # sends hold work
            self.dpo_api.disclosure_function,  # sends and works the jobs' work queue
            self.casework_reminders.handler,  # reminders
            self.reconciliation.handler,  # alerts, and the ingest queue
            self.audit_archive.archiver,  # its on-failure queue
        ]
        self.storage.name_key_users(
            data_key=[function.role for function in functions],
            messages_key=[function.role for function in messages],
            uploader=self.telephony.role if self.telephony else None,
            # Those that hash caller numbers and customer references (infra/registry.py's subject key).
            subject_key_readers=[self.ingest.handler.role, self.dpo_api.casework_function.role, disclosure],
            # Those that write the DPO's notes, sealed under the data key (core/adapters/notes.py).
            note_sealers=[self.dpo_api.casework_function.role, disclosure],
        )
