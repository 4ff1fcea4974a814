"""The DPO API: API Gateway REST (IAM auth, DPO principals only) in front of four Lambda functions, one
per privilege, each with its own role: reports (reads, and publishing a month of statistics), casework
(holds, SARs, restrictions and corrections of purpose and source), rights (rights requests, outside
disclosures and complaints) and disclosure (SAR and outside-disclosure packages, erasures, the decision
of an erasure request or an upheld objection included, and destructions). API Gateway sends each route
to the function whose resolver serves it (dpo_api.handler.FUNCTIONS), so the routes' code decides
nothing here twice.
"""

from __future__ import annotations

import json

from aws_cdk import Acknowledgment, Duration, RemovalPolicy, Stack, Token, Validations
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from constructs import Construct

from call_recordings.core.tables import STATISTICS_PARTITION
from call_recordings.dpo_api.handler import FUNCTIONS
from call_recordings.dpo_api.openapi import operations
from call_recordings.dpo_api.resolver import (
    CONSOLE_ORIGIN,
    CONSOLE_REQUEST_HEADERS,
    PREFLIGHT_MAX_AGE_SECONDS,
)
from infra.casework import Casework
from infra.config import DPO_ROLE_NAME, ManifestFacts, is_iam_user
from infra.exports import DisclosureExports
from infra.functions import CouncilFunction, FunctionRuntime
from infra.holds import HoldWorker
from infra.platform import Platform
from infra.queues import queue_with_dead_letters
from infra.registry import RecordingsRegistry

API_TIMEOUT = Duration.seconds(29)  # API Gateway's own integration limit
THROTTLE_RATE = 10  # requests a second: one office, a handful of people
THROTTLE_BURST = 20
SERVICE = "dpo-api"
JOB_MAX_RECEIVES = 5  # tries of one batch of a job before its message is dead-lettered (and alarmed)


class DpoApi(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        platform: Platform,
        holds: HoldWorker,
        dpo_principal_arns: tuple[str, ...],
        hold_review_months: dict[str, int],
        eraser: CouncilFunction,
        exports: DisclosureExports,
        manifest: ManifestFacts,
        console_role_arn: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        runtime, bucket, data_key = platform.runtime, platform.bucket, platform.data_key
        registry, casework = platform.registry, platform.casework
        tables = {
            "REGISTRY_TABLE": registry.table.table_name,
            "REQUESTS_TABLE": casework.requests.table_name,
            "AUDIT_TABLE": casework.audit.table_name,
            # The DPO's notes are sealed under the data key by our own code (core/notes.py).
            "NOTES_KEY_ARN": data_key.key_arn,
        }
        self.reports_function = self._function(
            runtime,
            "reports",
            "The DPO API's reads: recordings, holds, SARs, erasures, restrictions, complaints, statistics, "
            "audit",
            tables,
        )
        # Both casework functions hash subjects and hand holds to the hold worker.
        hold_work = {
            "CALL_IDS_TABLE": registry.call_ids.table_name,  # the versions each call id's claim lists
            "HMAC_SECRET_ARN": registry.subject_key.secret_arn,
            "HOLD_WORK_QUEUE_URL": holds.queue.queue_url,
            "HOLD_WORKER_FUNCTION": holds.handler.function.function_name,
        }
        self.casework_function = self._function(
            runtime,
            "casework",
            "The DPO API's casework: places, reviews and releases holds, opens and runs SARs, restricts "
            "processing, corrects purpose and source",
            {
                **tables,
                **hold_work,
                # Months to a hold's first review, by reason; the defaults in holds/review.py otherwise.
                **({"HOLD_REVIEW_MONTHS": json.dumps(hold_review_months)} if hold_review_months else {}),
            },
        )
        # The holds it places are a request's own (restriction, disclosure): no review, no review months.
        self.rights_function = self._function(
            runtime,
            "rights",
            "The DPO API's rights casework: opens, runs and decides rights requests (but erasing), records "
            "and closes outside disclosures, logs and answers complaints",
            {**tables, **hold_work},
        )
        self.disclosure_function = self._function(
            runtime,
            "disclosure",
            "The DPO API's disclosure and erasure: SAR and outside-disclosure packages, erasures and "
            "destructions of out-of-policy captures through the eraser",
            {
                **tables,
                "HMAC_SECRET_ARN": registry.subject_key.secret_arn,
                "ERASER_FUNCTION": eraser.function.function_name,
                "EXPORT_BUCKET": exports.bucket.bucket_name,
                # What a package's manifest says of the deployment (infra/config.py, from context).
                "DATA_CONTROLLER": manifest.controller,
                "DATA_PROCESSORS": manifest.processors,
                "STORAGE_LOCATION": manifest.location,
            },
        )
        # The jobs the disclosure function starts (packages and erasures too large to finish while API
        # Gateway waits) are worked by the same function, one batch a message: the privilege they need
        # is its own, so no second role has it.
        self.job_queue, self.job_dead_letters = queue_with_dead_letters(
            Construct(self, "Jobs"),
            "WorkQueue",
            key=platform.messages_key,
            consumer_timeout=API_TIMEOUT,
            retention_period=Duration.days(14),
            max_receives=JOB_MAX_RECEIVES,
            monitoring=platform.monitoring,
            alarm_name="Jobs",
        )
        self.disclosure_function.function.add_environment("JOB_QUEUE_URL", self.job_queue.queue_url)
        self.disclosure_function.function.add_event_source(
            sources.SqsEventSource(self.job_queue, batch_size=1, report_batch_item_failures=True)
        )
        self.disclosure_function.role.add_to_policy(
            iam.PolicyStatement(
                sid="HandJobsToTheWorkQueue",
                actions=["sqs:SendMessage"],
                resources=[self.job_queue.queue_arn],
            )
        )
        self.disclosure_function.role.add_to_policy(
            iam.PolicyStatement(
                sid="EncryptJobWork",
                actions=["kms:GenerateDataKey", "kms:Decrypt"],
                resources=[platform.messages_key.key_arn],
            )
        )
        self._grant_reports(data_key, registry, casework)
        self._grant_casework(data_key, bucket, registry, casework, holds)
        self._grant_rights(data_key, registry, casework, holds)
        self._grant_disclosure(data_key, bucket, registry, casework, eraser, exports)

        # The role the DPO staff assume to call the API. It trusts the principals named in
        # context and nobody else, never the account root. A synth for no account may name none
        # (the tests and the local demo): then there is no role, and the API lets nobody in.
        self.dpo_role = (
            iam.Role(
                self,
                "DpoRole",
                role_name=DPO_ROLE_NAME,
                assumed_by=trusted_dpo_staff(dpo_principal_arns),
                description="Assumed by the Data Protection Officer to call the call-recordings DPO API",
                max_session_duration=Duration.hours(1),
            )
            if dpo_principal_arns
            else None
        )

        access_logs = logs.LogGroup(
            self,
            "AccessLogs",
            retention=logs.RetentionDays.TWO_YEARS,
            removal_policy=RemovalPolicy.RETAIN,
            encryption_key=runtime.logs_key,
        )
        self.api = apigateway.RestApi(
            self,
            "Api",
            description="Call recordings: the Data Protection Officer's API",
            endpoint_types=[apigateway.EndpointType.REGIONAL],
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=RemovalPolicy.RETAIN,
            default_method_options=apigateway.MethodOptions(
                authorization_type=apigateway.AuthorizationType.IAM
            ),
            policy=only_dpo_principals_invoke(
                self.dpo_role, dpo_principal_arns, console_role_arn=console_role_arn
            ),
            deploy_options=apigateway.StageOptions(
                stage_name="v1",
                access_log_destination=apigateway.LogGroupLogDestination(access_logs),
                access_log_format=apigateway.AccessLogFormat.json_with_standard_fields(
                    caller=True,
                    http_method=True,
                    ip=True,
                    protocol=True,
                    request_time=True,
                    resource_path=True,
                    response_length=True,
                    status=True,
                    user=True,
                ),
                logging_level=apigateway.MethodLoggingLevel.INFO,
                data_trace_enabled=False,  # request bodies hold caller numbers: never log them
                throttling_rate_limit=THROTTLE_RATE,
                throttling_burst_limit=THROTTLE_BURST,
                tracing_enabled=False,
            ),
        )
        self._add_routes()
        if self.dpo_role:
            self.dpo_role.add_to_policy(
                iam.PolicyStatement(
                    sid="CallTheDpoApi",
                    actions=["execute-api:Invoke"],
                    resources=[self.api.arn_for_execute_api()],
                )
            )
            self._acknowledge_dpo_role(self.dpo_role)
        self._acknowledge()

    @property
    def functions(self) -> dict[str, CouncilFunction]:
        """The API's functions by privilege, named as dpo_api.handler.FUNCTIONS names them."""
        return {
            "reports": self.reports_function,
            "casework": self.casework_function,
            "rights": self.rights_function,
            "disclosure": self.disclosure_function,
        }

    def _function(
        self, runtime: FunctionRuntime, privilege: str, description: str, environment: dict[str, str]
    ) -> CouncilFunction:
        return CouncilFunction(
            self,
            privilege.capitalize(),
            runtime=runtime,
            handler=f"{FUNCTIONS[privilege].__name__}.lambda_handler",
            service=SERVICE,
            description=description,
            timeout=API_TIMEOUT,
            environment=environment,
        )

    def _add_routes(self) -> None:
        """A method for each route, integrated with the function that serves it (a Lambda proxy
        integration; API Gateway may invoke each function through its own methods only). A route
        the API does not have is answered by API Gateway itself and reaches no function."""
        validator = self.api.add_request_validator(
            "ValidateRequests", validate_request_body=True, validate_request_parameters=True
        )
        for privilege, function in self.functions.items():
            integration = apigateway.LambdaIntegration(function.function)
            for method, path in operations(FUNCTIONS[privilege].app):
                self.api.root.resource_for_path(path).add_method(
                    method, integration, request_validator=validator
                )

    def _grant_reports(self, data_key: kms.IKey, registry: RecordingsRegistry, casework: Casework) -> None:
        """Reads: queries and gets on the three tables, and decrypting what they hold; and one write, a
        month of statistics published (the requests table's `statistics` partition only)."""
        role = self.reports_function.role
        _read_the_registry(role, registry)
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ReadCasework",
                actions=["dynamodb:GetItem", "dynamodb:Query"],
                resources=[casework.requests.table_arn, f"{casework.requests.table_arn}/index/*"],
            )
        )
        # Publishing a month of statistics (statistics/releases.py): one conditional PutItem of its
        # release, in the requests table's `statistics` partition and nowhere else of that table.
        role.add_to_policy(
            iam.PolicyStatement(
                sid="PublishMonthsOfStatistics",
                actions=["dynamodb:PutItem"],
                resources=[casework.requests.table_arn],
                conditions={"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [STATISTICS_PARTITION]}},
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ReadTheAuditTrail",
                actions=["dynamodb:Query"],
                resources=[casework.audit.table_arn, f"{casework.audit.table_arn}/index/*"],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ReadWithTheRecordingsKey", actions=["kms:Decrypt"], resources=[data_key.key_arn]
            )
        )
        _acknowledge_index_grants(role, registry.table, casework.requests, casework.audit)

    def _grant_casework(
        self,
        data_key: kms.IKey,
        bucket: s3.IBucket,
        registry: RecordingsRegistry,
        casework: Casework,
        holds: HoldWorker,
    ) -> None:
        """Holds, SARs, restrictions and corrections: the casework grants (_grant_keeping_casework) and
        the versions' tags, for corrections."""
        _grant_keeping_casework(self.casework_function, data_key, registry, casework, holds)
        # A correction rewrites the version's whole tag set from its registry item (purpose, source,
        # retention, expires-on, as the hold worker does); it never reads the recording nor its holds.
        self.casework_function.grant_on_recordings(
            bucket,
            sid="CorrectPurposeAndSourceTags",
            actions=["s3:PutObjectVersionTagging"],
            what="correcting a version's purpose or source tag",
        )

    def _grant_rights(
        self, data_key: kms.IKey, registry: RecordingsRegistry, casework: Casework, holds: HoldWorker
    ) -> None:
        """Rights requests (a restriction decided places a hold and marks the registry), outside
        disclosures (their preservation hold) and complaints: the casework grants and nothing more; no
        tag, no recording, no eraser."""
        _grant_keeping_casework(self.rights_function, data_key, registry, casework, holds)

    def _grant_disclosure(
        self,
        data_key: kms.IKey,
        bucket: s3.IBucket,
        registry: RecordingsRegistry,
        casework: Casework,
        eraser: CouncilFunction,
        exports: DisclosureExports,
    ) -> None:
        """A SAR's or an outside body's package: S3 copies exact recording versions into the export
        bucket, the function writes the manifests there and signs links to them; the SAR notes the
        export, the outside disclosure counts its package (an update of its header) and the register
        records who received each recording. An erasure, or the destruction of an out-of-policy
        capture: the versions found, the request recorded, the eraser invoked."""
        role = self.disclosure_function.role
        _read_the_registry(role, registry)
        _keep_requests(role, casework, sid="KeepSarsAndErasures")
        casework.grant_append_audit(role)
        registry.subject_key.grant_read(role)
        self.disclosure_function.grant_on_recordings(
            bucket,
            sid="CopyRecordingVersionsForDisclosure",
            actions=["s3:GetObjectVersion"],
            what="reading the exact versions a subject access request discloses, to copy them",
        )
        exports.grant_disclosure(role)
        role.add_to_policy(
            iam.PolicyStatement(
                sid="EraseThroughTheEraser",
                actions=["lambda:InvokeFunction"],
                resources=[eraser.function.function_arn],
            )
        )
        self.disclosure_function.grant_data_key_use(data_key)
        _grant_sealing_notes(role, data_key)
        _acknowledge_index_grants(role, registry.table, casework.requests)

    def _acknowledge_dpo_role(self, dpo_role: iam.Role) -> None:
        # cdk-nag names the ARN as the template has it: the account and partition are literals
        # once the stack is bound to an account (`-c account=...`) or a partition is known.
        stack = Stack.of(self)
        partition = "<AWS::Partition>" if Token.is_unresolved(stack.partition) else stack.partition
        account = "<AWS::AccountId>" if Token.is_unresolved(stack.account) else stack.account
        api_id = stack.get_logical_id(self.api.node.default_child)
        Validations.of(dpo_role).acknowledge(
            Acknowledgment(
                id=f"AwsSolutions-IAM5[Resource::arn:{partition}:execute-api:{stack.region}:{account}:"
                f"<{api_id}>/*/*/*]",
                reason="The DPO may call every route of this one API (stage/method/path); no other API.",
            )
        )

    def _acknowledge(self) -> None:
        Validations.of(self.api).acknowledge(
            Acknowledgment(
                id="AwsSolutions-COG4",
                reason="The API uses AWS_IAM authorization (SigV4 by the DPO role), not Cognito user pools.",
            ),
            Acknowledgment(
                id="AwsSolutions-APIG3",
                reason="Only the named DPO principals may invoke (resource policy and IAM auth), with "
                "throttling; a WAF would add cost and no protection for a SigV4-only API.",
            ),
            Acknowledgment(
                id="AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                "AmazonAPIGatewayPushToCloudWatchLogs]",
                reason="API Gateway's account-level role for execution logs; AWS's managed policy is "
                "the documented one for it.",
            ),
        )


def _read_the_registry(role: iam.IRole, registry: RecordingsRegistry) -> None:
    role.add_to_principal_policy(
        iam.PolicyStatement(
            sid="ReadTheRegistry",
            actions=["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"],
            resources=[registry.table.table_arn, f"{registry.table.table_arn}/index/*"],
        )
    )


def _grant_keeping_casework(
    function: CouncilFunction,
    data_key: kms.IKey,
    registry: RecordingsRegistry,
    casework: Casework,
    holds: HoldWorker,
) -> None:
    """What both casework functions need: the registry's look-ups (and the versions the call ids table
    lists under each call id) and restriction marks, the requests table, the audit trail (append), the
    subject key, the hold worker and its queue, the data key and sealing the DPO's notes."""
    role = function.role
    _read_the_registry(role, registry)
    # The versions each call id's claim lists: a hold naming thousands of call ids reads them 100 at a time.
    role.add_to_principal_policy(
        iam.PolicyStatement(
            sid="ReadTheVersionsOfCallIds",
            actions=["dynamodb:BatchGetItem"],
            resources=[registry.call_ids.table_arn],
        )
    )
    # Art 18 restrictions: ADD/DELETE a restriction id in a version's `restrictions` set (conditional
    # updates, adapters/registry_restrictions.py); and corrections of a version's purpose or source
    # (corrections/adapters/registry_corrections.py); the table itself, no index.
    role.add_to_principal_policy(
        iam.PolicyStatement(
            sid="MarkRestrictedRecordings",
            actions=["dynamodb:UpdateItem"],
            resources=[registry.table.table_arn],
        )
    )
    _keep_requests(role, casework, sid="KeepCasework")
    casework.grant_append_audit(role)
    registry.subject_key.grant_read(role)
    role.add_to_principal_policy(
        iam.PolicyStatement(
            sid="FanOutLargeHolds", actions=["sqs:SendMessage"], resources=[holds.queue.queue_arn]
        )
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(
            sid="EncryptHoldWork",
            actions=["kms:GenerateDataKey", "kms:Decrypt"],
            resources=[holds.queue.encryption_master_key.key_arn],
        )
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(
            sid="ApplySmallHoldsThroughTheWorker",
            actions=["lambda:InvokeFunction"],
            resources=[holds.handler.function.function_arn],
        )
    )
    function.grant_data_key_use(data_key)
    _grant_sealing_notes(role, data_key)
    _acknowledge_index_grants(role, registry.table, casework.requests)


def _keep_requests(role: iam.IRole, casework: Casework, *, sid: str) -> None:
    """Reading and writing the requests table (requests' headers and the recordings they cover)."""
    role.add_to_principal_policy(
        iam.PolicyStatement(
            sid=sid,
            actions=[
                "dynamodb:GetItem",
                "dynamodb:BatchGetItem",
                "dynamodb:Query",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:BatchWriteItem",
            ],
            resources=[casework.requests.table_arn, f"{casework.requests.table_arn}/index/*"],
        )
    )


def _acknowledge_index_grants(role: iam.IRole, *tables: Construct) -> None:
    """The acknowledgement of each `<table>/index/*` grant of `role`, beside the grants."""
    for table in tables:
        logical_id = Stack.of(table).get_logical_id(table.node.default_child)
        Validations.of(role).acknowledge(
            Acknowledgment(
                id=f"AwsSolutions-IAM5[Resource::<{logical_id}.Arn>/index/*]",
                reason="Queries go through this table's own indexes (subject, due date, kind, day; "
                "docs/registry.md); the grant covers no other table.",
            )
        )


# MFA is asked of an IAM user who assumes the DPO role or calls the API directly. A request made
# with a user's long-term access keys does not carry this key at all (only temporary credentials
# do, true when made with MFA), so the trust statement allows with `Bool` true, where an absent
# key fails; `BoolIfExists` true would let an access key without MFA through. The API's resource
# policy says the same the other way round: deny with `BoolIfExists` false, absent or false.
# Roles get no MFA condition: IAM Identity Center and other federated sign-ins enforce MFA at
# sign-in and do not vouch for it with this key, so `Bool` would lock them out and `BoolIfExists`
# would only look like a check. MFA for a role is required where people get into it (README,
# "Giving the DPO staff access").
MFA_PRESENT = "aws:MultiFactorAuthPresent"


def trusted_dpo_staff(arns: tuple[str, ...]) -> iam.IPrincipal:
    """The named roles, and the named IAM users only when they signed in with MFA."""
    roles = [iam.ArnPrincipal(arn) for arn in arns if not is_iam_user(arn)]
    users = [
        iam.ArnPrincipal(arn).with_conditions({"Bool": {MFA_PRESENT: "true"}})
        for arn in arns
        if is_iam_user(arn)
    ]
    return iam.CompositePrincipal(*roles, *users)


# A browser asks before each signed call (a CORS preflight: OPTIONS, unsigned, no credentials); API Gateway
# answers it itself (a mock integration, no function), and its resource policy must let anyone ask.
PREFLIGHT = "execute-api:/*/OPTIONS/*"


def only_dpo_principals_invoke(
    dpo_role: iam.Role | None, arns: tuple[str, ...], *, console_role_arn: str | None = None
) -> iam.PolicyDocument:
    """The API's resource policy: the DPO role and the named principals, users only with MFA; and, given
    its ARN, the console's role (a DPO signed in to the console, infra/console.py), with the browser's
    preflights. With no DPO role (a synth naming no DPO principals) nobody, the console included."""
    invoke = {
        "principals": [iam.AnyPrincipal()],
        "actions": ["execute-api:Invoke"],
        "resources": ["execute-api:/*"],
    }
    if dpo_role is None:
        return iam.PolicyDocument(
            statements=[iam.PolicyStatement(sid="NoDpoPrincipalsNamed", effect=iam.Effect.DENY, **invoke)]
        )
    allowed = [dpo_role.role_arn, *arns, *([console_role_arn] if console_role_arn else [])]
    # The deny spares the preflights only where the console is (its statement below lets them in).
    denied = {**invoke, "resources": None, "not_resources": [PREFLIGHT]} if console_role_arn else invoke
    statements = [
        iam.PolicyStatement(
            sid="DpoPrincipalsMayInvoke", conditions={"ArnLike": {"aws:PrincipalArn": allowed}}, **invoke
        ),
        iam.PolicyStatement(
            sid="NobodyElse",
            effect=iam.Effect.DENY,
            conditions={"ArnNotLike": {"aws:PrincipalArn": allowed}},
            **denied,
        ),
    ]
    if console_role_arn:
        statements.append(
            iam.PolicyStatement(
                sid="BrowsersMayAskBeforeCalling",
                principals=[iam.AnyPrincipal()],
                actions=["execute-api:Invoke"],
                resources=[PREFLIGHT],
            )
        )
    users = [arn for arn in arns if is_iam_user(arn)]
    if users:
        statements.append(
            iam.PolicyStatement(
                sid="IamUsersOnlyWithMfa",
                effect=iam.Effect.DENY,
                conditions={"ArnLike": {"aws:PrincipalArn": users}, "BoolIfExists": {MFA_PRESENT: "false"}},
                **invoke,
            )
        )
    return iam.PolicyDocument(statements=statements)


def admit_the_console(api: DpoApi, *, origin: str) -> None:
    """Let the console's pages, served at `origin`, call the API from the browser (CORS): API Gateway
    answers each resource's preflight itself (OPTIONS, no auth, no function), its own refusals (403 of IAM
    auth, 429 of throttling) carry the origin so the page can read them, and the functions add it to their
    answers (dpo_api/resolver.py, from CONSOLE_ORIGIN), for that origin only."""
    resources = {method.resource.node.path: method.resource for method in api.api.methods}
    for resource in resources.values():
        resource.add_cors_preflight(
            allow_origins=[origin],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=CONSOLE_REQUEST_HEADERS,
            max_age=Duration.seconds(PREFLIGHT_MAX_AGE_SECONDS),
        )
    for name, kind in (
        ("Default4xx", apigateway.ResponseType.DEFAULT_4_XX),
        ("Default5xx", apigateway.ResponseType.DEFAULT_5_XX),
    ):
        api.api.add_gateway_response(
            name,
            type=kind,
            response_headers={"Access-Control-Allow-Origin": f"'{origin}'", "Vary": "'Origin'"},
        )
    for function in api.functions.values():
        function.function.add_environment(CONSOLE_ORIGIN, origin)


def _grant_sealing_notes(role: iam.IRole, data_key: kms.IKey) -> None:
    """``kms:Encrypt`` under the data key, only with the encryption context a note is sealed with (the
    request and the field, core/adapters/notes.py); opening one is the data key's ``kms:Decrypt``."""
    role.add_to_principal_policy(
        iam.PolicyStatement(
            sid="SealTheDposNotes",
            actions=["kms:Encrypt"],
            resources=[data_key.key_arn],
            conditions={
                "ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["request_id", "field"]},
                "Null": {"kms:EncryptionContext:request_id": "false"},
            },
        )
    )
