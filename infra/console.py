"""The DPO's console (DESIGN section 9): a static web application served from a private bucket through
CloudFront, and the Cognito sign-in that gives a DPO the console's role to call the DPO API.

What is served holds no personal data: the application's files and `config.json`, which names the API,
the region and the Cognito ids (no secret: the app client has none). Every recording, request and audit
entry reaches the browser only from the DPO API, signed by the person's temporary credentials.

- The bucket is private (no public access, TLS only, SSE-S3, access-logged like the stack's other
  buckets); CloudFront reads it through origin access control, as nobody else can.
- CloudFront answers over HTTPS only, with security headers (a strict Content-Security-Policy that lets
  the page talk to itself, the DPO API and Cognito alone; HSTS; no framing), in price class 100 (North
  America, Europe and Israel: the cheapest class whose edge locations cover Europe), and only to viewers
  in the United Kingdom (geo restriction: GB).
- Cognito: a user pool in the stack's region where an administrator creates each DPO (no self sign-up),
  MFA (an authenticator app) is required at every sign-in, and threat protection blocks risky sign-ins;
  an identity pool (no unauthenticated identities) exchanges the sign-in for the role
  `CallRecordingsConsole`, which may only invoke the DPO API, and which the API's resource policy admits
  (infra/dpo_api.py `only_dpo_principals_invoke`). The API names the signed-in person in the audit trail
  from the Cognito sign-in API Gateway passes it (dpo_api/dependencies.py `caller_principal`).
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import (
    Acknowledgment,
    DefaultStackSynthesizer,
    Duration,
    Fn,
    RemovalPolicy,
    Stack,
    Token,
    Validations,
)
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from infra.config import CONSOLE_ROLE_NAME
from infra.functions import LOG_RETENTION
from infra.storage import expiring_logs

# What `make console` builds (console/dist): the application's static files.
CONSOLE_DIST = Path(__file__).parent.parent / "console" / "dist"
# The console's own sign-in domain prefix, when context names none: one per account (there is one
# CallRecordings stack per account, README), so unique per deployment.
DERIVED_DOMAIN_PREFIX = "callrecordings-dpo"
# HSTS for two years, with subdomains, and preload: the values hstspreload.org asks for.
HSTS_MAX_AGE = Duration.days(730)
# The viewer countries CloudFront serves: the United Kingdom only (ISO 3166-1 alpha-2).
VIEWER_COUNTRIES = ("GB",)
# A DPO signs in again after a working day (the refresh token); the sign-in's tokens, and the credentials
# the API calls are signed with, last an hour.
TOKEN_VALIDITY = Duration.hours(1)
REFRESH_TOKEN_VALIDITY = Duration.hours(10)
MIN_PASSWORD_LENGTH = 14
# CDK's wildcard grants to its BucketDeployment: read the CDK assets bucket, write the console's.
CDK_DEPLOYMENT_ACTIONS = ("s3:GetBucket*", "s3:GetObject*", "s3:List*", "s3:Abort*", "s3:DeleteObject*")


class DpoConsole(Construct):
    """The console's bucket, distribution, user pool, identity pool and role. `api_url` is the DPO API's
    base URL without the trailing slash, `api_origin` its scheme and host (the CSP's connect-src)."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        api_url: str,
        api_origin: str,
        api_arn: str,
        api_logical_id: str,
        access_logs: s3.IBucket,
        logs_key: kms.IKey,
        admin_email: str | None,
        domain_prefix: str | None,
    ) -> None:
        super().__init__(scope, construct_id)
        region = Stack.of(self).region
        self._api_logical_id = api_logical_id
        self.user_pool = self._user_pool()
        self.domain = self.user_pool.add_domain(
            "SignIn",
            cognito_domain=cognito.CognitoDomainOptions(
                domain_prefix=domain_prefix or Fn.join("-", [DERIVED_DOMAIN_PREFIX, Stack.of(self).account])
            ),
        )
        self.sign_in_url = self.domain.base_url()  # https://<prefix>.auth.<region>.amazoncognito.com

        # Not versioned: rebuilt from the repository by every deployment.
        self.bucket = self._private_bucket(
            "Assets", access_logs, "console-bucket/", s3.ObjectOwnership.BUCKET_OWNER_ENFORCED
        )
        # CloudFront's standard logs: it writes them with an ACL, so the bucket takes ACLs (object writer).
        self.viewer_logs = self._private_bucket(
            "ViewerLogs",
            access_logs,
            "console-viewer-logs-bucket/",
            s3.ObjectOwnership.OBJECT_WRITER,
            versioned=True,
            lifecycle_rules=[expiring_logs("expire-viewer-logs")],
        )
        self.headers = cloudfront.ResponseHeadersPolicy(
            self,
            "SecurityHeaders",
            comment="The DPO console: strict CSP (itself, the DPO API, Cognito), HSTS, no framing",
            security_headers_behavior=security_headers(
                content_security_policy(api_origin=api_origin, sign_in_url=self.sign_in_url, region=region)
            ),
        )
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="The DPO console (call recordings)",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=self.headers,
                compress=True,
            ),
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            # North America, Europe and Israel: the cheapest class whose edge locations cover Europe.
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            geo_restriction=cloudfront.GeoRestriction.allowlist(*VIEWER_COUNTRIES),
            enable_logging=True,
            log_bucket=self.viewer_logs,
            log_file_prefix="console-distribution/",
        )
        self.url = f"https://{self.distribution.distribution_domain_name}/"
        self.origin = f"https://{self.distribution.distribution_domain_name}"

        self.client = self.user_pool.add_client(
            "Console",
            generate_secret=False,  # a browser keeps no secret: authorization code with PKCE
            # The fewest Cognito allows (SRP and refresh; none named would add custom auth); the console
            # signs in through the sign-in pages, which need none of them.
            auth_flows=cognito.AuthFlow(user_srp=True),
            o_auth=cognito.OAuthSettings(
                flows=cognito.OAuthFlows(authorization_code_grant=True),
                scopes=[cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
                callback_urls=[self.url],
                logout_urls=[self.url],
            ),
            supported_identity_providers=[cognito.UserPoolClientIdentityProvider.COGNITO],
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            access_token_validity=TOKEN_VALIDITY,
            id_token_validity=TOKEN_VALIDITY,
            refresh_token_validity=REFRESH_TOKEN_VALIDITY,
        )
        self.identity_pool = cognito.CfnIdentityPool(
            self,
            "Identities",
            identity_pool_name="CallRecordingsDpoConsole",
            allow_unauthenticated_identities=False,
            allow_classic_flow=False,  # the enhanced flow only: Cognito assumes the role, never the browser
            cognito_identity_providers=[
                cognito.CfnIdentityPool.CognitoIdentityProviderProperty(
                    client_id=self.client.user_pool_client_id,
                    provider_name=self.user_pool.user_pool_provider_name,
                    server_side_token_check=True,  # a DPO signed out or removed gets no credentials
                )
            ],
        )
        self.role = self._signed_in_role(api_arn)
        cognito.CfnIdentityPoolRoleAttachment(
            self,
            "Roles",
            identity_pool_id=self.identity_pool.ref,
            roles={"authenticated": self.role.role_arn},
        )
        if admin_email:
            # The first DPO: Cognito e-mails a temporary password; MFA is set up at the first sign-in.
            cognito.CfnUserPoolUser(
                self,
                "FirstDpo",
                user_pool_id=self.user_pool.user_pool_id,
                username=admin_email,
                user_attributes=[
                    cognito.CfnUserPoolUser.AttributeTypeProperty(name="email", value=admin_email),
                    cognito.CfnUserPoolUser.AttributeTypeProperty(name="email_verified", value="true"),
                ],
                desired_delivery_mediums=["EMAIL"],
            )

        self.config = {
            "apiUrl": api_url,
            "region": region,
            "auth": {
                "mode": "cognito",
                "userPoolId": self.user_pool.user_pool_id,
                "userPoolClientId": self.client.user_pool_client_id,
                "identityPoolId": self.identity_pool.ref,
                "hostedUiDomain": self.sign_in_url,
                "redirectUri": self.url,
            },
        }
        self.deployment = s3deploy.BucketDeployment(
            self,
            "Deploy",
            sources=[
                s3deploy.Source.asset(str(CONSOLE_DIST)),
                s3deploy.Source.json_data("config.json", self.config),
            ],
            destination_bucket=self.bucket,
            distribution=self.distribution,  # invalidated, so a deployment is seen at once
            distribution_paths=["/*"],
            memory_limit=256,
            # Its log, like every function's, under the stack's logs key (infra/storage.py).
            log_group=logs.LogGroup(
                self,
                "DeployLogs",
                retention=LOG_RETENTION,
                removal_policy=RemovalPolicy.RETAIN,
                encryption_key=logs_key,
            ),
        )
        self._acknowledge()

    def _user_pool(self) -> cognito.UserPool:
        return cognito.UserPool(
            self,
            "Users",
            user_pool_name="call-recordings-dpo-console",
            self_sign_up_enabled=False,  # an administrator creates each DPO (README)
            sign_in_aliases=cognito.SignInAliases(email=True),
            sign_in_case_sensitive=False,
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True)
            ),
            mfa=cognito.Mfa.REQUIRED,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            password_policy=cognito.PasswordPolicy(
                min_length=MIN_PASSWORD_LENGTH,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=Duration.days(3),
                password_history_size=24,
            ),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            # Plus: threat protection, which blocks sign-ins with compromised credentials or from
            # unusual places and devices (a few DPOs: pennies a month).
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            user_invitation=cognito.UserInvitationConfig(
                email_subject="Your account for the call recordings DPO console",
                email_body=(
                    "You have an account for the council's call recordings DPO console. Sign in with "
                    "{username} and the temporary password {####} within 3 days; you will choose a new "
                    "password and set up an authenticator app."
                ),
            ),
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )

    def _private_bucket(
        self,
        construct_id: str,
        access_logs: s3.IBucket,
        logs_prefix: str,
        ownership: s3.ObjectOwnership,
        **options: object,
    ) -> s3.Bucket:
        """A bucket nobody outside reads: no public access, TLS only, its own access logged, retained with
        the stack; SSE-S3, as the stack's access logs are: the application's files hold no personal data,
        and the viewer logs (the staff's addresses) are kept like the stack's other access logs."""
        return s3.Bucket(
            self,
            construct_id,
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=ownership,
            removal_policy=RemovalPolicy.RETAIN,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix=logs_prefix,
            **options,
        )

    def _signed_in_role(self, api_arn: str) -> iam.Role:
        """What a signed-in DPO's credentials may do: invoke the DPO API, nothing else. Assumed only
        through this identity pool, for an authenticated identity (Cognito's documented trust policy)."""
        role = iam.Role(
            self,
            "SignedInRole",
            role_name=CONSOLE_ROLE_NAME,
            description="A DPO signed in to the console (Cognito, MFA): calls the call-recordings DPO API",
            assumed_by=iam.FederatedPrincipal(
                "cognito-identity.amazonaws.com",
                conditions={
                    "StringEquals": {"cognito-identity.amazonaws.com:aud": self.identity_pool.ref},
                    "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"},
                },
                assume_role_action="sts:AssumeRoleWithWebIdentity",
            ),
            max_session_duration=Duration.hours(1),
        )
        role.add_to_policy(
            iam.PolicyStatement(sid="CallTheDpoApi", actions=["execute-api:Invoke"], resources=[api_arn])
        )
        return role

    def _acknowledge(self) -> None:
        stack = Stack.of(self)
        # cdk-nag names ARNs as the template has them: literals once the stack is bound to an account.
        partition = "<AWS::Partition>" if Token.is_unresolved(stack.partition) else stack.partition
        account = "<AWS::AccountId>" if Token.is_unresolved(stack.account) else stack.account
        Validations.of(self.role).acknowledge(
            Acknowledgment(
                id=f"AwsSolutions-IAM5[Resource::arn:{partition}:execute-api:{stack.region}:{account}:"
                f"<{self._api_logical_id}>/*/*/*]",
                reason="A signed-in DPO may call every route of this one API (stage/method/path), as the DPO "
                "role may; no other API, nothing else.",
            )
        )
        qualifier = (
            stack.node.try_get_context("@aws-cdk/core:bootstrapQualifier")
            or DefaultStackSynthesizer.DEFAULT_QUALIFIER
        )
        cdk_assets = f"arn:{partition}:s3:::cdk-{qualifier}-assets-{account}-{stack.region}/*"
        bucket_id = stack.get_logical_id(self.bucket.node.default_child)
        deployer = "CDK's BucketDeployment, which copies the console's built files and config.json at deploy "
        for child in stack.node.children:
            if not child.node.id.startswith("Custom::CDKBucketDeployment"):
                continue
            Validations.of(child).acknowledge(
                Acknowledgment(
                    id="AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                    "AWSLambdaBasicExecutionRole]",
                    reason=deployer + "time: AWS's managed policy lets it write its own logs only.",
                ),
                Acknowledgment(
                    id="AwsSolutions-L1",
                    reason=deployer + "time: CDK pins its handler's runtime; it runs at deployments only.",
                ),
                *(
                    Acknowledgment(
                        id=f"AwsSolutions-IAM5[Action::{action}]",
                        reason=deployer + "time: CDK's read grant on the CDK assets bucket (the console's "
                        "zip) and its write grant on the console's own bucket; no other bucket.",
                    )
                    for action in CDK_DEPLOYMENT_ACTIONS
                ),
                Acknowledgment(
                    id=f"AwsSolutions-IAM5[Resource::{cdk_assets}]",
                    reason=deployer + "time: it reads the console's zip from the CDK assets bucket.",
                ),
                Acknowledgment(
                    id=f"AwsSolutions-IAM5[Resource::<{bucket_id}.Arn>/*]",
                    reason=deployer + "time: it writes, and prunes, the files of the console's own bucket.",
                ),
                Acknowledgment(
                    id="AwsSolutions-IAM5[Resource::*]",
                    reason=deployer + "time: CloudFront's invalidation actions (CreateInvalidation, "
                    "GetInvalidation), which CDK grants on every distribution; it invalidates the console's.",
                ),
            )
        Validations.of(self.distribution).acknowledge(
            Acknowledgment(
                id="AwsSolutions-CFR2",
                reason="No WAF: a web ACL for CloudFront lives in us-east-1 (a second stack) and would guard "
                "only static files holding no personal data; viewers are limited to the UK and every API "
                "call is SigV4-signed by a signed-in DPO, checked by API Gateway's IAM auth.",
            ),
            Acknowledgment(
                id="AwsSolutions-CFR4",
                reason="The console is served at its *.cloudfront.net address with CloudFront's default "
                "certificate, whose minimum protocol cdk-nag cannot see raised; browsers negotiate TLS 1.2 "
                "or 1.3. A council domain (an ACM certificate in us-east-1, TLSv1.2_2021) is the fix when "
                "the council gives one (README).",
            ),
        )


def content_security_policy(*, api_origin: str, sign_in_url: str, region: str) -> str:
    """The page may load only its own scripts, styles, fonts and images (and data: images), talk only to
    itself, the DPO API, Cognito's user pool and identity pool endpoints in the region and the sign-in
    pages, post forms only to itself and the sign-in pages, be framed by nobody and embed nothing."""
    connect = [
        "'self'",
        api_origin,
        f"https://cognito-idp.{region}.amazonaws.com",
        f"https://cognito-identity.{region}.amazonaws.com",
        sign_in_url,
    ]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": connect,
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", sign_in_url],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def security_headers(csp: str) -> cloudfront.ResponseSecurityHeadersBehavior:
    """The headers CloudFront adds to every answer, replacing any the origin sent."""
    return cloudfront.ResponseSecurityHeadersBehavior(
        content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
            content_security_policy=csp, override=True
        ),
        strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
            access_control_max_age=HSTS_MAX_AGE, include_subdomains=True, preload=True, override=True
        ),
        frame_options=cloudfront.ResponseHeadersFrameOptions(
            frame_option=cloudfront.HeadersFrameOption.DENY, override=True
        ),
        content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
        referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
            referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override=True
        ),
    )
