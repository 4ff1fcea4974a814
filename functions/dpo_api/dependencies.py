"""What the routes are given: the hold logic's adapters (made once per container, on first use) and
the caller's identity from the API Gateway request context."""

import functools

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from holds.dependencies import HoldsDependencies
from holds.errors import CallerNotIdentified


@functools.cache
def holds_dependencies() -> HoldsDependencies:
    """Settings, AWS clients and the subject key reader. Tests override this dependency
    (``app.dependency_overrides``) with adapters on moto and an in-process hold worker."""
    import boto3  # here, not at import: the handler module stays quick to load
    from botocore.config import Config

    from adapters.audit import AuditTrail
    from adapters.casework import Casework
    from adapters.hold_work import HoldWorkerFunction, HoldWorkQueue
    from adapters.recording_holds import RecordingHolds
    from adapters.secrets import Secrets
    from dpo_api.settings import DpoApiSettings

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


def caller_principal(event: APIGatewayProxyEvent) -> str:
    """The IAM principal that signed the request (API Gateway's AWS_IAM authorization sets it)."""
    principal = event.request_context.identity.user_arn
    if not principal:
        raise CallerNotIdentified("the request carries no IAM principal; the API requires AWS_IAM signing")
    return principal
