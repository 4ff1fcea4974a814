"""How every Lambda of the stack is built: one code asset, one dependencies layer, a role each."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Acknowledgment, Duration, RemovalPolicy, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from constructs import Construct

from call_recordings.core.observability import METRICS_NAMESPACE
from infra.storage import grant_on_recordings

ROOT = Path(__file__).parent.parent
FUNCTIONS_DIR = ROOT / "functions"
LAYER_DIR = ROOT / ".build" / "layer"
RUNTIME = lambda_.Runtime.PYTHON_3_12
ARCHITECTURE = lambda_.Architecture.ARM_64
LOG_RETENTION = logs.RetentionDays.ONE_YEAR
DEFAULT_TIMEOUT = Duration.seconds(30)


class FunctionRuntime(Construct):
    """The code asset, the dependencies layer and the log groups' key that every function of the stack
    shares."""

    def __init__(self, scope: Construct, construct_id: str, *, logs_key: kms.IKey) -> None:
        super().__init__(scope, construct_id)
        self.logs_key = logs_key  # every function's log group is encrypted with it
        if not (LAYER_DIR / "python").is_dir():
            raise FileNotFoundError(
                f"The Lambda dependencies layer is missing at {LAYER_DIR}: run `make install` first."
            )
        self.code = lambda_.Code.from_asset(
            str(FUNCTIONS_DIR), exclude=["**/__pycache__", "**/*.pyc", "*.egg-info"]
        )
        self.layer = lambda_.LayerVersion(
            self,
            "Dependencies",
            code=lambda_.Code.from_asset(str(LAYER_DIR), exclude=[".built"]),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
            description="Runtime dependencies from pyproject.toml (Powertools, pydantic, dateutil, ...)",
        )


class CouncilFunction(Construct):
    """A Python Lambda with its own role, its own log group and nothing granted by default."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        runtime: FunctionRuntime,
        handler: str,
        service: str,
        description: str,
        environment: dict[str, str],
        timeout: Duration = DEFAULT_TIMEOUT,
        memory_size: int = 512,
    ) -> None:
        super().__init__(scope, construct_id)
        # Logs name object keys and ids: encrypted with the stack's logs key (infra/storage.py).
        self.log_group = logs.LogGroup(
            self,
            "Logs",
            retention=LOG_RETENTION,
            removal_policy=RemovalPolicy.RETAIN,
            encryption_key=runtime.logs_key,
        )
        # A role of its own, not AWSLambdaBasicExecutionRole: logs only to this log group.
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"{service}: {description}",
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[f"{self.log_group.log_group_arn}"],
            )
        )
        self.function = lambda_.Function(
            self,
            "Function",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            code=runtime.code,
            handler=handler,
            layers=[runtime.layer],
            role=self.role,
            log_group=self.log_group,
            timeout=timeout,
            memory_size=memory_size,
            description=description,
            environment={
                "POWERTOOLS_SERVICE_NAME": service,
                "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
                "LOG_LEVEL": "INFO",
                # No pydantic plugin is installed: without this, the first model built at import scans
                # every installed distribution's entry points for one (a few ms of each cold start).
                "PYDANTIC_DISABLE_PLUGINS": "__all__",
                **environment,
            },
        )
        Validations.of(self.function).acknowledge(
            Acknowledgment(
                id="AwsSolutions-L1",
                reason="Python 3.12 is the runtime the council's engineers chose and test on; "
                "moving to a newer runtime is a deliberate, tested upgrade.",
            )
        )

    def grant_on_recordings(self, bucket: s3.IBucket, *, sid: str, actions: list[str], what: str) -> None:
        """Grant `actions` on the objects under recordings/, with the cdk-nag acknowledgement that
        justifies the key wildcard beside it."""
        grant_on_recordings(self.role, bucket, sid=sid, actions=actions, what=what)

    def grant_data_key_use(self, key) -> None:
        """Encrypt and decrypt with the recordings key (S3 objects, registry and casework tables)."""
        self.role.add_to_policy(
            iam.PolicyStatement(
                sid="UseTheRecordingsKey",
                actions=["kms:Decrypt", "kms:GenerateDataKey"],
                resources=[key.key_arn],
            )
        )
