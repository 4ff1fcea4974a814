"""The Powertools logger and metrics every handler imports: created once, configured by environment.

Powertools reads ``POWERTOOLS_SERVICE_NAME``, ``POWERTOOLS_METRICS_NAMESPACE`` and ``LOG_LEVEL``.
Every metric is published in the ``CallRecordings`` namespace with the dimension ``service`` (the
function's service name); the alarms and the dashboard (infra/monitoring.py) read these names.
"""

from enum import StrEnum

from aws_lambda_powertools import Logger, Metrics

METRICS_NAMESPACE = "CallRecordings"  # the stack sets POWERTOOLS_METRICS_NAMESPACE to it

logger = Logger()
metrics = Metrics()


class Metric(StrEnum):
    """Every metric name a function publishes (``metrics.add_metric(name=Metric...)``, never a string:
    tests/unit/test_metric_and_audit_names.py), and that the monitoring construct reads."""

    # ingest
    RECORDINGS_REGISTERED = "RecordingsRegistered"
    RECORDINGS_FLAGGED = "RecordingsFlagged"
    RECORDINGS_QUARANTINED = "RecordingsQuarantined"
    DUPLICATE_DELIVERIES = "DuplicateDeliveries"
    RECORDINGS_GONE_BEFORE_INGEST = "RecordingsGoneBeforeIngest"
    NOTIFICATIONS_IGNORED = "NotificationsIgnored"
    # hold-worker
    RECORDINGS_HELD = "RecordingsHeld"
    RECORDINGS_RETURNED_TO_RETENTION = "RecordingsReturnedToRetention"
    HOLDS_WAITING_FOR_RELEASE = "HoldsWaitingForRelease"
    WORK_MESSAGES_APPLIED = "WorkMessagesApplied"
    WORK_MESSAGES_SKIPPED = "WorkMessagesSkipped"
    WORK_MESSAGES_REFUSED = "WorkMessagesRefused"  # the hold's record does not bear the message out
    # retention-sweeper
    RECORDINGS_DELETED = "RecordingsDeleted"
    RECORDINGS_KEPT_UNDER_HOLD = "RecordingsKeptUnderHold"
    RECORDINGS_KEPT_UNDER_RESTRICTION = "RecordingsKeptUnderRestriction"
    SWEEP_COMPLETED = "SweepCompleted"
    # eraser
    RECORDINGS_ERASED = "RecordingsErased"
    ERASER_VERSIONS_REFUSED = "EraserVersionsRefused"  # versions no erasure record lists
    # casework-reminders
    REQUESTS_OVERDUE = "RequestsOverdue"  # rights requests of every kind: alarmed
    REQUESTS_DUE_SOON = "RequestsDueSoon"
    COMPLAINT_ACKNOWLEDGEMENTS_OVERDUE = "ComplaintAcknowledgementsOverdue"  # alarmed
    HOLD_REVIEWS_OVERDUE = "HoldReviewsOverdue"  # alarmed
    OPEN_CASEWORK = "OpenCasework"  # dimension kind
    OLDEST_OPEN_CASEWORK_DAYS = "OldestOpenCaseworkDays"  # dimension kind
    # reconciliation
    RECORDINGS_REINGESTED = "RecordingsReingested"
    REGISTRY_ITEMS_WITHOUT_OBJECT = "RegistryItemsWithoutObject"
    OBJECTS_OUTSIDE_CONTRACT = "ObjectsOutsideContract"
    # audit-archiver
    AUDIT_ENTRIES_ARCHIVED = "AuditEntriesArchived"
    AUDIT_ENTRIES_CHANGED = "AuditEntriesChanged"  # a MODIFY or REMOVE on the stream: alarmed
    # audit-verification
    AUDIT_ENTRIES_VERIFIED = "AuditEntriesVerified"
    AUDIT_ARCHIVE_DIFFERENCES = "AuditArchiveDifferences"  # alarmed


class Service(StrEnum):
    """Each function's ``POWERTOOLS_SERVICE_NAME`` (set by infra), the dimension of its metrics."""

    INGEST = "ingest"
    HOLD_WORKER = "hold-worker"
    DPO_API = "dpo-api"
    RETENTION_SWEEPER = "retention-sweeper"
    ERASER = "eraser"
    CASEWORK_REMINDERS = "casework-reminders"
    RECONCILIATION = "reconciliation"
    AUDIT_ARCHIVER = "audit-archiver"
    AUDIT_VERIFICATION = "audit-verification"
