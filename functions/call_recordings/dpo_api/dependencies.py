"""The DPO API's composition root: what its routes are given, each part made once per container, on
first use, and the caller's identity from the API Gateway request context.

One reading of the settings, one DynamoDB client, one secrets cache (the subject key is fetched at
most once a container). Each adapter is made when a route first needs it, so a function makes, and
needs the setting and the privilege for, only what its own routes use: the reports function never
makes a queue, Lambda or S3 client. The routes name the dependencies below (``holds_dependencies``
...); tests override them in ``DEPENDENCY_OVERRIDES``, which every DPO function's resolver shares.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from call_recordings.core.errors import CallerNotIdentified
from call_recordings.dpo_api.settings import DpoApiSettings

if TYPE_CHECKING:
    from call_recordings.complaints.adapters.complaint_records import ComplaintRecords
    from call_recordings.complaints.dependencies import ComplaintsDependencies
    from call_recordings.core.adapters.audit_trail import AuditTrail
    from call_recordings.core.adapters.notes import NoteSealer
    from call_recordings.core.adapters.recordings_bucket import RecordingsBucket
    from call_recordings.core.adapters.secrets import Secrets
    from call_recordings.corrections.correcting import CorrectionDependencies
    from call_recordings.deletion.adapters.destructions import DestructionRecords
    from call_recordings.deletion.adapters.erasures import EraserFunction, ErasureRecords
    from call_recordings.deletion.destruction_dependencies import DestructionDependencies
    from call_recordings.deletion.erasure_dependencies import ErasureDependencies
    from call_recordings.holds.adapters.casework import Casework
    from call_recordings.holds.adapters.hold_work import HoldWorkerFunction, HoldWorkQueue
    from call_recordings.holds.adapters.recording_holds import RecordingHolds
    from call_recordings.holds.dependencies import HoldsDependencies
    from call_recordings.jobs.adapters.job_records import JobQueue, JobRecords
    from call_recordings.jobs.running import JobsDependencies, JobStep
    from call_recordings.outside_disclosures.adapters.register import DisclosureRegister
    from call_recordings.outside_disclosures.dependencies import DisclosuresDependencies
    from call_recordings.restrictions.adapters.registry_restrictions import RegistryRestrictions
    from call_recordings.restrictions.adapters.restriction_records import RestrictionRecords
    from call_recordings.restrictions.dependencies import RestrictionsDependencies
    from call_recordings.rights.adapters.rights_requests import RightsRequests
    from call_recordings.rights.dependencies import RightsDependencies
    from call_recordings.statistics.adapters.month_releases import MonthReleases
    from call_recordings.statistics.adapters.recordings_by_month import RecordingsByMonth
    from call_recordings.statistics.report import StatisticsDependencies
    from call_recordings.subject_access.adapters.disclosures import DisclosureStore
    from call_recordings.subject_access.adapters.package_zips import PackageZips
    from call_recordings.subject_access.adapters.sar_cases import SarCases
    from call_recordings.subject_access.dependencies import SarDependencies
    from call_recordings.subject_access.exporting import ExportDependencies

Made = TypeVar("Made")

# Tests put their own factories here, keyed by the dependency they replace; every resolver reads it.
DEPENDENCY_OVERRIDES: dict[Callable[..., Any], Callable[..., Any]] = {}
_MADE_ONCE: list[Any] = []


def _once(make: Callable[[], Made]) -> Callable[[], Made]:
    """`make`, cached for the container's life (until ``reset_dependencies``, a cold start)."""
    cached = functools.cache(make)
    _MADE_ONCE.append(cached)
    return cached


def reset_dependencies() -> None:
    """Forget everything made: the next request is served as by a new container."""
    for cached in _MADE_ONCE:
        cached.cache_clear()


class _OnFirstUse:
    """Stands in for an adapter until it is first used, then makes it (once) and passes every call on.
    A route that never uses it never makes its client nor reads its setting."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make

    def __getattr__(self, name: str) -> Any:
        return getattr(self._make(), name)


def on_first_use(make: Callable[[], Made]) -> Made:
    return cast("Made", _OnFirstUse(make))


# How API Gateway names a sign-in through a Cognito user pool in `cognitoAuthenticationProvider`, when the
# request is signed with credentials of an identity pool: "cognito-idp.<region>.amazonaws.com/<pool id>,
# cognito-idp.<region>.amazonaws.com/<pool id>:CognitoSignIn:<sub>".
COGNITO_SIGN_IN = ":CognitoSignIn:"
COGNITO_PERSON_PREFIX = "cognito:"


def caller_principal(event: APIGatewayProxyEvent) -> str:
    """Who made the request, as the audit trail names them.

    A DPO signed in to the console calls with the console role's temporary credentials, whose session
    Cognito names `CognitoIdentityCredentials` for everyone: the role alone would not say who. API Gateway
    passes the sign-in the credentials came from (`cognitoAuthenticationProvider`): the person is named by
    their user pool and their `sub`, ``cognito:<user pool id>/<sub>``, which Cognito never changes nor
    gives anyone else (an e-mail address can change hands); `aws cognito-idp list-users --filter
    'sub = "<sub>"'` names their e-mail (README). Everyone else is the IAM principal that signed the request
    (API Gateway's AWS_IAM authorization sets it): the DPO role's session, or a named role or user."""
    identity = event.request_context.identity
    provider = identity.cognito_authentication_provider
    if provider:
        return _cognito_person(provider)
    principal = identity.user_arn
    if not principal:
        raise CallerNotIdentified("the request carries no IAM principal; the API requires AWS_IAM signing")
    return principal


def _cognito_person(provider: str) -> str:
    """``cognito:<user pool id>/<sub>`` from API Gateway's `cognitoAuthenticationProvider`; a sign-in it
    cannot read names nobody, and is refused: no audit entry may go unattributed."""
    for part in provider.split(","):
        issuer, found, sub = part.strip().partition(COGNITO_SIGN_IN)
        pool = issuer.rpartition("/")[2]
        if found and issuer.startswith("cognito-idp.") and pool and sub and "/" not in sub:
            return f"{COGNITO_PERSON_PREFIX}{pool}/{sub}"
    raise CallerNotIdentified(
        "the request's Cognito sign-in names no user of a user pool; sign in to the console again"
    )


# Settings and clients ---------------------------------------------------------------------------------


@_once
def settings() -> DpoApiSettings:
    return DpoApiSettings.from_environment()


@_once
def dynamodb() -> Any:
    """The one DynamoDB client; its pool serves the hold and deletion logic's concurrent calls."""
    import boto3  # here, not at import: the handler modules stay quick to load
    from botocore.config import Config

    return boto3.client("dynamodb", config=Config(max_pool_connections=16))


@_once
def secrets() -> Secrets:
    import boto3

    from call_recordings.core.adapters.secrets import Secrets

    return Secrets(boto3.client("secretsmanager"))


def subject_key() -> bytes:
    """The HMAC key of subject hashes: read from Secrets Manager on first use, once per container."""
    return secrets().hmac_key(settings().required("hmac_secret_arn"))


@_once
def note_sealer() -> NoteSealer:
    """Seals and opens the DPO's notes with KMS (core/notes.py): the client made on first use."""
    import boto3

    from call_recordings.core.adapters.notes import NoteSealer

    return NoteSealer(boto3.client("kms"), settings().required("notes_key_arn"))


# Adapters ---------------------------------------------------------------------------------------------


@_once
def registry() -> RecordingHolds:
    from call_recordings.holds.adapters.recording_holds import RecordingHolds

    return RecordingHolds(dynamodb(), settings().registry_table, call_ids_table=settings().call_ids_table)


@_once
def casework() -> Casework:
    from call_recordings.holds.adapters.casework import Casework

    return Casework(dynamodb(), settings().requests_table, notes=note_sealer)


@_once
def audit_trail() -> AuditTrail:
    from call_recordings.core.adapters.audit_trail import AuditTrail

    return AuditTrail(dynamodb(), settings().audit_table)


@_once
def sar_cases() -> SarCases:
    from call_recordings.subject_access.adapters.sar_cases import SarCases

    return SarCases(dynamodb(), settings().requests_table, notes=note_sealer)


@_once
def disclosure_register() -> DisclosureRegister:
    from call_recordings.outside_disclosures.adapters.register import DisclosureRegister

    return DisclosureRegister(dynamodb(), settings().requests_table, notes=note_sealer)


@_once
def erasure_records() -> ErasureRecords:
    from call_recordings.deletion.adapters.erasures import ErasureRecords

    return ErasureRecords(dynamodb(), settings().requests_table, notes=note_sealer)


@_once
def destruction_records() -> DestructionRecords:
    from call_recordings.deletion.adapters.destructions import DestructionRecords

    return DestructionRecords(dynamodb(), settings().requests_table, notes=note_sealer)


@_once
def restriction_records() -> RestrictionRecords:
    from call_recordings.restrictions.adapters.restriction_records import RestrictionRecords

    return RestrictionRecords(dynamodb(), settings().requests_table, notes=note_sealer)


@_once
def complaint_records() -> ComplaintRecords:
    from call_recordings.complaints.adapters.complaint_records import ComplaintRecords

    return ComplaintRecords(dynamodb(), settings().requests_table, notes=note_sealer)


@_once
def rights_requests() -> RightsRequests:
    from call_recordings.rights.adapters.rights_requests import RightsRequests

    return RightsRequests(dynamodb(), settings().requests_table, notes=note_sealer)


@_once
def registry_restrictions() -> RegistryRestrictions:
    from call_recordings.restrictions.adapters.registry_restrictions import RegistryRestrictions

    return RegistryRestrictions(dynamodb(), settings().registry_table)


@_once
def recordings_by_month() -> RecordingsByMonth:
    from call_recordings.statistics.adapters.recordings_by_month import RecordingsByMonth

    return RecordingsByMonth(dynamodb(), settings().registry_table)


@_once
def month_releases() -> MonthReleases:
    from call_recordings.statistics.adapters.month_releases import MonthReleases

    return MonthReleases(dynamodb(), settings().requests_table)


@_once
def recordings_bucket() -> RecordingsBucket:
    """Tags recording versions (a correction of purpose or source); the bucket is each item's own."""
    import boto3

    from call_recordings.core.adapters.recordings_bucket import RecordingsBucket

    return RecordingsBucket(boto3.client("s3"))


@_once
def hold_work_queue() -> HoldWorkQueue:
    import boto3

    from call_recordings.holds.adapters.hold_work import HoldWorkQueue

    return HoldWorkQueue(boto3.client("sqs"), settings().required("hold_work_queue_url"))


@_once
def hold_worker() -> HoldWorkerFunction:
    import boto3
    from botocore.config import Config

    from call_recordings.holds.adapters.hold_work import HoldWorkerFunction

    # The API waits for a small hold well inside API Gateway's 29 s, and never retries a slow call:
    # if the worker does not answer in time, its work goes to the queue instead.
    client = boto3.client("lambda", config=Config(read_timeout=20, retries={"total_max_attempts": 1}))
    return HoldWorkerFunction(client, settings().required("hold_worker_function"))


@_once
def eraser() -> EraserFunction:
    import boto3
    from botocore.config import Config

    from call_recordings.deletion.adapters.erasures import EraserFunction

    # Inside API Gateway's 29 s, and never retried: a repeated erasure would find only what is left.
    client = boto3.client("lambda", config=Config(read_timeout=25, retries={"total_max_attempts": 1}))
    return EraserFunction(client, settings().required("eraser_function"))


@_once
def disclosure_store() -> DisclosureStore:
    import boto3
    from botocore.config import Config

    from call_recordings.subject_access.adapters.disclosures import COPY_THREADS, DisclosureStore

    # SigV4 signs the links (required for SSE-KMS objects), with the credentials of the session the
    # client was made from (boto3's default one, which making the client makes): the function's role.
    # The pool serves the concurrent copies.
    s3 = boto3.client("s3", config=Config(signature_version="s3v4", max_pool_connections=COPY_THREADS))
    credentials = boto3.DEFAULT_SESSION.get_credentials()
    return DisclosureStore(s3, settings().required("export_bucket"), credentials=credentials)


@_once
def job_records() -> JobRecords:
    from call_recordings.jobs.adapters.job_records import JobRecords

    return JobRecords(dynamodb(), settings().requests_table)


@_once
def job_queue() -> JobQueue:
    import boto3

    from call_recordings.jobs.adapters.job_records import JobQueue

    return JobQueue(boto3.client("sqs"), settings().required("job_queue_url"))


# What the routes are given ----------------------------------------------------------------------------


@_once
def holds_dependencies() -> HoldsDependencies:
    """The hold logic's: the registry's look-ups, casework, the audit trail, the subject key, and the
    work queue and hold worker (made only when a hold is placed or released)."""
    from call_recordings.holds.dependencies import HoldsDependencies
    from call_recordings.holds.review import DEFAULT_REVIEW_MONTHS

    return HoldsDependencies(
        registry=registry(),
        casework=casework(),
        audit=audit_trail(),
        work_queue=on_first_use(hold_work_queue),
        worker=on_first_use(hold_worker),
        subject_key=subject_key,
        review_months=DEFAULT_REVIEW_MONTHS | (settings().hold_review_months or {}),
    )


@_once
def sar_dependencies() -> SarDependencies:
    """The holds machinery (a SAR preserves its recordings with a hold) and the SAR store."""
    from call_recordings.subject_access.dependencies import SarDependencies

    return SarDependencies(holds=holds_dependencies(), sars=sar_cases())


@_once
def export_dependencies() -> ExportDependencies:
    """For the packages (POST /sars/{sar_id}/export, POST /disclosures/{id}/export): the export bucket's
    adapter (copies, manifests, presigned links), the audit trail, the deployment's facts a manifest
    states, and the outside-disclosure register."""
    from call_recordings.subject_access.disclosure import ProcessingFacts
    from call_recordings.subject_access.exporting import ExportDependencies

    given = settings()
    return ExportDependencies(
        disclosures=disclosure_store(),
        audit=audit_trail(),
        export_bucket=given.required("export_bucket"),
        facts=ProcessingFacts(
            controller=given.required("controller"),
            processors=given.required("processors"),
            location=given.required("storage_location"),
        ),
        register=disclosure_register(),
        zips=package_zips(),
    )


@_once
def package_zips() -> PackageZips:
    """The package's zip in the export bucket (its multipart upload, the copies streamed into it)."""
    from call_recordings.subject_access.adapters.package_zips import PackageZips

    return PackageZips(disclosure_store().s3_client, settings().required("export_bucket"))


@_once
def disclosures_dependencies() -> DisclosuresDependencies:
    """For /disclosures: the holds machinery (a disclosure preserves its recordings with a hold), the
    register and the audit trail."""
    from call_recordings.outside_disclosures.dependencies import DisclosuresDependencies

    return DisclosuresDependencies(
        holds=holds_dependencies(), register=disclosure_register(), audit=audit_trail()
    )


@_once
def erasure_dependencies() -> ErasureDependencies:
    """For /erasures: the registry's look-ups, the erasure records, the audit trail, the subject key and
    the eraser (invoked while the DPO waits; made only when an erasure is asked for)."""
    from call_recordings.deletion.erasure_dependencies import ErasureDependencies

    return ErasureDependencies(
        registry=registry(),
        casework=casework(),
        records=erasure_records(),
        audit=audit_trail(),
        eraser=on_first_use(eraser),
        subject_key=subject_key,
        restrictions=restriction_records(),
        jobs=on_first_use(jobs_dependencies),
    )


@_once
def destruction_dependencies() -> DestructionDependencies:
    """For POST /recordings/{call_id}/destroy: the registry's look-ups, the destruction records and the
    eraser (invoked while the DPO waits; made only when a destruction is asked for)."""
    from call_recordings.deletion.destruction_dependencies import DestructionDependencies

    return DestructionDependencies(
        registry=registry(), records=destruction_records(), eraser=on_first_use(eraser), audit=audit_trail()
    )


@_once
def rights_dependencies() -> RightsDependencies:
    """For /requests: the rights requests' store, the audit trail and the subject key (made only when a
    request naming a person is opened)."""
    from call_recordings.rights.dependencies import RightsDependencies

    return RightsDependencies(requests=rights_requests(), audit=audit_trail(), subject_key=subject_key)


@_once
def statistics_dependencies() -> StatisticsDependencies:
    """For GET /statistics: the registry's by-month index and the published months."""
    from call_recordings.statistics.report import StatisticsDependencies

    return StatisticsDependencies(by_month=recordings_by_month(), releases=month_releases())


@_once
def restrictions_dependencies() -> RestrictionsDependencies:
    """For /restrictions: the holds machinery (a restriction keeps its recordings under a hold), the
    registry's look-ups and restriction marks, the restriction records, the audit trail and the subject
    key."""
    from call_recordings.restrictions.dependencies import RestrictionsDependencies

    return RestrictionsDependencies(
        holds=holds_dependencies(),
        registry=registry(),
        marks=registry_restrictions(),
        records=restriction_records(),
        audit=audit_trail(),
        subject_key=subject_key,
    )


@_once
def complaints_dependencies() -> ComplaintsDependencies:
    """For /complaints: the complaint records, the audit trail and the subject key (read only when a
    complainant's identifier is given)."""
    from call_recordings.complaints.dependencies import ComplaintsDependencies

    return ComplaintsDependencies(records=complaint_records(), audit=audit_trail(), subject_key=subject_key)


@_once
def correction_dependencies() -> CorrectionDependencies:
    """For /recordings/{call_id}/purpose and /source: the registry's look-ups and corrections, the
    recordings bucket (tags only, made on first use) and the audit trail."""
    from call_recordings.corrections.correcting import CorrectionDependencies

    return CorrectionDependencies(
        holds=holds_dependencies(),
        bucket=on_first_use(recordings_bucket),
        audit=audit_trail(),
    )


@_once
def jobs_dependencies() -> JobsDependencies:
    """For the jobs (a package or an erasure too large to finish while the DPO waits) and the worker that
    runs them in this function: the job records, the work queue (made on first use) and each kind's
    step, made when a job of that kind is first worked on or reported."""
    from call_recordings.jobs.records import JobKind
    from call_recordings.jobs.running import JobsDependencies

    return JobsDependencies(
        records=job_records(),
        queue=on_first_use(job_queue),
        audit=audit_trail(),
        steps={
            JobKind.SAR_EXPORT: sar_export_step,
            JobKind.DISCLOSURE_PACKAGE: recipient_package_step,
            JobKind.ERASURE: erasure_step,
            JobKind.PACKAGE_ZIP: package_zip_step,
        },
    )


@_once
def sar_export_step() -> JobStep:
    """A subject access package's copies, manifest and audit entry, and the export counted on the SAR."""
    from call_recordings.subject_access.changes import note_export
    from call_recordings.subject_access.export_job import SarExportStep, is_exportable

    rights = rights_dependencies()
    return SarExportStep(
        export=export_dependencies(),
        statements=lambda call_ids: {
            call_id: [each.statement for each in found]
            for call_id, found in rights.requests.supplementary_statements(call_ids).items()
        },
        note_export=lambda sar_id, by: note_export(sar_id, exported_by=by, deps=sar_dependencies()),
        still_exportable=lambda sar_id: is_exportable(sar_id, sar_dependencies()),
        jobs=jobs_dependencies,
    )


@_once
def package_zip_step() -> JobStep:
    """A package made into one zip: a part of its upload per batch, then the manifests and its end."""
    from call_recordings.subject_access.zip_job import PackageZipStep

    return PackageZipStep(export=export_dependencies())


@_once
def erasure_step() -> JobStep:
    """An erasure's batches through the eraser, its finish, and the decision it carries out."""
    from call_recordings.rights.erasure_job import ErasureStep

    return ErasureStep(erasure=erasure_dependencies(), rights=rights_dependencies())


@_once
def recipient_package_step() -> JobStep:
    """An outside body's package: copies, manifest, the register's note of each recording's recipient."""
    from call_recordings.outside_disclosures.package_job import RecipientPackageStep

    return RecipientPackageStep(export=export_dependencies())
