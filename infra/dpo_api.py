"""The DPO API: API Gateway REST (IAM auth, DPO principals only) in front of one Lambda."""

from __future__ import annotations

from aws_cdk import Acknowledgment, Duration, RemovalPolicy, Stack, Token, Validations
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.casework import Casework
from infra.config import DPO_ROLE_NAME, is_iam_user
from infra.exports import DisclosureExports
from infra.functions import CouncilFunction
from infra.holds import HoldWorker
from infra.platform import Platform
from infra.registry import RecordingsRegistry

API_TIMEOUT = Duration.seconds(29)  # API Gateway's own integration limit
THROTTLE_RATE = 10  # requests a second: one office, a handful of people
THROTTLE_BURST = 20


class DpoApi(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        platform: Platform,
        holds: HoldWorker,
        dpo_principal_arns: tuple[str, ...],
        eraser: CouncilFunction,
        exports: DisclosureExports,
    ) -> None:
        super().__init__(scope, construct_id)
        runtime, bucket, data_key = platform.runtime, platform.bucket, platform.data_key
        registry, casework = platform.registry, platform.casework

        self.handler = CouncilFunction(
            self,
            "Handler",
            runtime=runtime,
            handler="call_recordings.dpo_api.handler.lambda_handler",
            service="dpo-api",
            description="The Data Protection Officer's API: holds, subject access, erasure, audit",
            timeout=API_TIMEOUT,
            environment={
                "REGISTRY_TABLE": registry.table.table_name,
                "REQUESTS_TABLE": casework.requests.table_name,
                "AUDIT_TABLE": casework.audit.table_name,
                "HMAC_SECRET_ARN": registry.subject_key.secret_arn,
                "RECORDINGS_BUCKET": bucket.bucket_name,
                "HOLD_WORK_QUEUE_URL": holds.queue.queue_url,
                "HOLD_WORKER_FUNCTION": holds.handler.function.function_name,
                "ERASER_FUNCTION": eraser.function.function_name,
                "EXPORT_BUCKET": exports.bucket.bucket_name,
            },
        )
        self._grant(data_key, registry, casework, holds)
        self.handler.role.add_to_policy(
            iam.PolicyStatement(
                sid="EraseThroughTheEraser",
                actions=["lambda:InvokeFunction"],
                resources=[eraser.function.function_arn],
            )
        )
        self._grant_disclosure(bucket, exports)

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
            self, "AccessLogs", retention=logs.RetentionDays.TWO_YEARS, removal_policy=RemovalPolicy.RETAIN
        )
        self.api = apigateway.LambdaRestApi(
            self,
            "Api",
            handler=self.handler.function,
            proxy=True,
            description="Call recordings: the Data Protection Officer's API",
            endpoint_types=[apigateway.EndpointType.REGIONAL],
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=RemovalPolicy.RETAIN,
            default_method_options=apigateway.MethodOptions(
                authorization_type=apigateway.AuthorizationType.IAM
            ),
            policy=only_dpo_principals_invoke(self.dpo_role, dpo_principal_arns),
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
        validator = self.api.add_request_validator(
            "ValidateRequests", validate_request_body=True, validate_request_parameters=True
        )
        for method in self.api.methods:
            method.node.default_child.add_property_override(
                "RequestValidatorId", validator.request_validator_id
            )
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

    def _grant(
        self, data_key: kms.IKey, registry: RecordingsRegistry, casework: Casework, holds: HoldWorker
    ) -> None:
        role = self.handler.role
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ReadTheRegistry",
                actions=["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"],
                resources=[registry.table.table_arn, f"{registry.table.table_arn}/index/*"],
            )
        )
        # Art 18 restrictions: ADD/DELETE a restriction id in a version's `restrictions` set
        # (conditional updates, adapters/registry_restrictions.py); the table itself, no index.
        role.add_to_policy(
            iam.PolicyStatement(
                sid="MarkRestrictedRecordings",
                actions=["dynamodb:UpdateItem"],
                resources=[registry.table.table_arn],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="KeepCasework",
                actions=[
                    "dynamodb:GetItem",
                    "dynamodb:Query",
                    "dynamodb:PutItem",
                    "dynamodb:UpdateItem",
                    "dynamodb:BatchWriteItem",
                ],
                resources=[casework.requests.table_arn, f"{casework.requests.table_arn}/index/*"],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ReadTheAuditTrail",
                actions=["dynamodb:Query"],
                resources=[casework.audit.table_arn, f"{casework.audit.table_arn}/index/*"],
            )
        )
        casework.grant_append_audit(role)
        registry.subject_key.grant_read(role)
        role.add_to_policy(
            iam.PolicyStatement(
                sid="FanOutLargeHolds", actions=["sqs:SendMessage"], resources=[holds.queue.queue_arn]
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="EncryptHoldWork",
                actions=["kms:GenerateDataKey", "kms:Decrypt"],
                resources=[holds.queue.encryption_master_key.key_arn],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ApplySmallHoldsThroughTheWorker",
                actions=["lambda:InvokeFunction"],
                resources=[holds.handler.function.function_arn],
            )
        )
        self.handler.grant_data_key_use(data_key)
        self._acknowledge_index_grants(registry, casework)

    def _grant_disclosure(self, bucket: s3.IBucket, exports: DisclosureExports) -> None:
        """A SAR's disclosure: S3 copies exact recording versions into the export bucket, the API
        writes the manifests there and signs links to them (the data key is already granted)."""
        self.handler.grant_on_recordings(
            bucket,
            sid="CopyRecordingVersionsForDisclosure",
            actions=["s3:GetObjectVersion"],
            what="reading the exact versions a subject access request discloses, to copy them",
        )
        exports.grant_disclosure(self.handler.role)

    def _acknowledge_index_grants(self, registry: RecordingsRegistry, casework: Casework) -> None:
        for table in (registry.table, casework.requests, casework.audit):
            logical_id = Stack.of(table).get_logical_id(table.node.default_child)
            Validations.of(self.handler.role).acknowledge(
                Acknowledgment(
                    id=f"AwsSolutions-IAM5[Resource::<{logical_id}.Arn>/index/*]",
                    reason="Queries go through this table's own indexes (subject, due date, kind, day; "
                    "docs/registry.md); the grant covers no other table.",
                )
            )

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


def only_dpo_principals_invoke(dpo_role: iam.Role | None, arns: tuple[str, ...]) -> iam.PolicyDocument:
    """The API's resource policy: the DPO role and the named principals, users only with MFA."""
    invoke = {
        "principals": [iam.AnyPrincipal()],
        "actions": ["execute-api:Invoke"],
        "resources": ["execute-api:/*"],
    }
    if dpo_role is None:
        return iam.PolicyDocument(
            statements=[iam.PolicyStatement(sid="NoDpoPrincipalsNamed", effect=iam.Effect.DENY, **invoke)]
        )
    allowed = [dpo_role.role_arn, *arns]
    statements = [
        iam.PolicyStatement(
            sid="DpoPrincipalsMayInvoke", conditions={"ArnLike": {"aws:PrincipalArn": allowed}}, **invoke
        ),
        iam.PolicyStatement(
            sid="NobodyElse",
            effect=iam.Effect.DENY,
            conditions={"ArnNotLike": {"aws:PrincipalArn": allowed}},
            **invoke,
        ),
    ]
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
