"""What the routes are given: the hold logic's adapters (made once per container, on first use) and
the caller's identity from the API Gateway request context."""

import functools
from typing import TYPE_CHECKING

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from call_recordings.core.errors import CallerNotIdentified
from call_recordings.holds.dependencies import HoldsDependencies

if TYPE_CHECKING:
    from call_recordings.deletion.dependencies import ErasureDependencies
    from call_recordings.restrictions.restricting import RestrictionsDependencies
    from call_recordings.statistics.report import StatisticsDependencies
    from call_recordings.subject_access.dependencies import SarDependencies
    from call_recordings.subject_access.exporting import ExportDependencies


@functools.cache
def holds_dependencies() -> HoldsDependencies:
    """Settings, AWS clients and the subject key reader. Tests override this dependency
    (``app.dependency_overrides``) with adapters on moto and an in-process hold worker."""
    import boto3  # here, not at import: the handler module stays quick to load
    from botocore.config import Config

    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.core.adapters.secrets import Secrets
    from call_recordings.dpo_api.settings import DpoApiSettings
    from call_recordings.holds.adapters.casework import Casework
    from call_recordings.holds.adapters.hold_work import HoldWorkerFunction, HoldWorkQueue
    from call_recordings.holds.adapters.recording_holds import RecordingHolds

    settings = DpoApiSettings.from_environment()
    dynamodb = boto3.client("dynamodb", config=Config(max_pool_connections=16))
    secrets = Secrets(boto3.client("secretsmanager"))
    # The API waits for a small hold well inside API Gateway's 29 s, and never retries a slow call:
    # if the worker does not answer in time, its work goes to the queue instead.
    lambda_client = boto3.client("lambda", config=Config(read_timeout=20, retries={"total_max_attempts": 1}))
    return HoldsDependencies(
        registry=RecordingHolds(dynamodb, settings.registry_table),
        casework=Casework(dynamodb, settings.requests_table),
        audit=AuditTrail(dynamodb, settings.audit_table),
        work_queue=HoldWorkQueue(boto3.client("sqs"), settings.hold_work_queue_url),
        worker=HoldWorkerFunction(lambda_client, settings.hold_worker_function),
        subject_key=functools.partial(secrets.hmac_key, settings.hmac_secret_arn),
    )


def reset_dependencies() -> None:
    holds_dependencies.cache_clear()
    sar_dependencies.cache_clear()
    export_dependencies.cache_clear()
    erasure_dependencies.cache_clear()
    statistics_dependencies.cache_clear()
    restrictions_dependencies.cache_clear()


def caller_principal(event: APIGatewayProxyEvent) -> str:
    """The IAM principal that signed the request (API Gateway's AWS_IAM authorization sets it)."""
    principal = event.request_context.identity.user_arn
    if not principal:
        raise CallerNotIdentified("the request carries no IAM principal; the API requires AWS_IAM signing")
    return principal


@functools.cache
def sar_dependencies() -> "SarDependencies":
    """The holds machinery (a SAR preserves its recordings with a hold) and the SAR store. Tests
    override this dependency as they override ``holds_dependencies``."""
    import boto3

    from call_recordings.dpo_api.settings import DpoApiSettings
    from call_recordings.subject_access.adapters.sar_cases import SarCases
    from call_recordings.subject_access.dependencies import SarDependencies

    settings = DpoApiSettings.from_environment()
    return SarDependencies(
        holds=holds_dependencies(), sars=SarCases(boto3.client("dynamodb"), settings.requests_table)
    )


@functools.cache
def export_dependencies() -> "ExportDependencies":
    """The export bucket's adapter (copies, manifests, presigned links) and the audit trail, for
    ``POST /sars/{sar_id}/export``. Tests override it with adapters on moto."""
    import boto3
    from botocore.config import Config

    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.dpo_api.settings import DpoApiSettings
    from call_recordings.subject_access.adapters.disclosures import COPY_THREADS, DisclosureStore
    from call_recordings.subject_access.exporting import ExportDependencies

    settings = DpoApiSettings.from_environment()
    # SigV4 signs the links (required for SSE-KMS objects); the pool serves the concurrent copies.
    s3 = boto3.client("s3", config=Config(signature_version="s3v4", max_pool_connections=COPY_THREADS))
    return ExportDependencies(
        disclosures=DisclosureStore(s3, settings.export_bucket),
        audit=AuditTrail(boto3.client("dynamodb"), settings.audit_table),
        export_bucket=settings.export_bucket,
    )


@functools.cache
def erasure_dependencies() -> "ErasureDependencies":
    """For POST /erasures: the registry's lookups, the erasure records, the audit trail and the eraser
    (invoked while the DPO waits). Tests override it with adapters on moto and an in-process eraser."""
    import boto3
    from botocore.config import Config

    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.core.adapters.secrets import Secrets
    from call_recordings.deletion.adapters.erasures import EraserFunction, ErasureRecords
    from call_recordings.deletion.dependencies import ErasureDependencies
    from call_recordings.dpo_api.settings import DpoApiSettings
    from call_recordings.holds.adapters.casework import Casework
    from call_recordings.holds.adapters.recording_holds import RecordingHolds

    settings = DpoApiSettings.from_environment()
    dynamodb = boto3.client("dynamodb", config=Config(max_pool_connections=16))
    secrets = Secrets(boto3.client("secretsmanager"))
    # Inside API Gateway's 29 s, and never retried: a repeated erasure would find only what is left.
    lambda_client = boto3.client("lambda", config=Config(read_timeout=25, retries={"total_max_attempts": 1}))
    return ErasureDependencies(
        registry=RecordingHolds(dynamodb, settings.registry_table),
        casework=Casework(dynamodb, settings.requests_table),
        records=ErasureRecords(dynamodb, settings.requests_table),
        audit=AuditTrail(dynamodb, settings.audit_table),
        eraser=EraserFunction(lambda_client, settings.eraser_function),
        subject_key=functools.partial(secrets.hmac_key, settings.hmac_secret_arn),
    )


@functools.cache
def statistics_dependencies() -> "StatisticsDependencies":
    """For GET /statistics: the registry's by-month index. Tests override it with one on moto."""
    import boto3

    from call_recordings.dpo_api.settings import DpoApiSettings
    from call_recordings.statistics.adapters.recordings_by_month import RecordingsByMonth
    from call_recordings.statistics.report import StatisticsDependencies

    settings = DpoApiSettings.from_environment()
    by_month = RecordingsByMonth(boto3.client("dynamodb"), settings.registry_table)
    return StatisticsDependencies(by_month=by_month)


@functools.cache
def restrictions_dependencies() -> "RestrictionsDependencies":
    """For /restrictions: the registry's look-ups and restriction marks, the restriction records, the
    audit trail and the subject key. Tests override it with adapters on moto."""
    import boto3
    from botocore.config import Config

    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.core.adapters.secrets import Secrets
    from call_recordings.dpo_api.settings import DpoApiSettings
    from call_recordings.holds.adapters.recording_holds import RecordingHolds
    from call_recordings.restrictions.adapters.registry_restrictions import RegistryRestrictions
    from call_recordings.restrictions.adapters.restriction_records import RestrictionRecords
    from call_recordings.restrictions.restricting import RestrictionsDependencies

    settings = DpoApiSettings.from_environment()
    dynamodb = boto3.client("dynamodb", config=Config(max_pool_connections=16))
    secrets = Secrets(boto3.client("secretsmanager"))
    return RestrictionsDependencies(
        registry=RecordingHolds(dynamodb, settings.registry_table),
        marks=RegistryRestrictions(dynamodb, settings.registry_table),
        records=RestrictionRecords(dynamodb, settings.requests_table),
        audit=AuditTrail(dynamodb, settings.audit_table),
        subject_key=functools.partial(secrets.hmac_key, settings.hmac_secret_arn),
    )
