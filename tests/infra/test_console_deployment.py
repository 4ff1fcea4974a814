"""Issue 18 item 2: the DPO's console deployed with the stack (infra/console.py), from the template.

A private bucket read by CloudFront through origin access control; security headers (a strict CSP that lets
the page reach only itself, the DPO API and Cognito; HSTS; no framing); price class 100 and viewers in the UK
only; a Cognito user pool with MFA required and no self sign-up; an identity pool with no unauthenticated
identities whose role may only invoke the DPO API, which the API's resource policy admits beside the DPO
principals and nobody else; config.json naming the API and the Cognito ids; CORS for the console's origin.
"""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from typing import Any

from call_recordings.dpo_api.resolver import CONSOLE_ORIGIN
from infra.config import CONSOLE_ROLE_NAME
from infra.console import CONSOLE_DIST
from tests.infra.conftest import logical_id, only_resource, readme_deploy_context

DISTRIBUTION = "AWS::CloudFront::Distribution"
# How the template names the console's own address, as the tests read its Fn::Join values.
CONSOLE_URL = "https://<Distribution.DomainName>/"
CONSOLE_ORIGIN_VALUE = "https://<Distribution.DomainName>"


def text(value: Any, resources: dict[str, Any]) -> str:
    """A template value as text: literals as they are, a Ref or GetAtt as `<LogicalId>` / `<Id.Attribute>`,
    the console's distribution as `Distribution` whatever its id (the tests compare with readable strings)."""
    if isinstance(value, str):
        return value
    if "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return separator.join(text(part, resources) for part in parts)
    if "Ref" in value:
        return f"<{_name(value['Ref'], resources)}>"
    if "Fn::GetAtt" in value:
        resource, attribute = value["Fn::GetAtt"]
        return f"<{_name(resource, resources)}.{attribute}>"
    raise AssertionError(f"unexpected template value {value}")


def _name(logical: str, resources: dict[str, Any]) -> str:
    kind = resources.get(logical, {}).get("Type", "")
    return {
        DISTRIBUTION: "Distribution",
        "AWS::ApiGateway::RestApi": "Api",
        "AWS::Cognito::UserPoolDomain": "SignIn",
        "AWS::Cognito::UserPool": "UserPool",
        "AWS::Cognito::UserPoolClient": "Client",
        "AWS::Cognito::IdentityPool": "IdentityPool",
        "AWS::ApiGateway::Stage": "Stage",
    }.get(kind, logical)


def resources_of(template) -> dict[str, Any]:
    return template.to_json()["Resources"]


def console_bucket(template) -> tuple[str, dict]:
    found = template.find_resources(
        "AWS::S3::Bucket", {"Properties": {"LoggingConfiguration": {"LogFilePrefix": "console-bucket/"}}}
    )
    [(bucket_id, bucket)] = found.items()
    return bucket_id, bucket["Properties"]


def distribution(template) -> dict:
    return only_resource(template, DISTRIBUTION)["Properties"]["DistributionConfig"]


def csp(template) -> dict[str, list[str]]:
    """The Content-Security-Policy CloudFront adds, directive by directive."""
    policy = only_resource(template, "AWS::CloudFront::ResponseHeadersPolicy")["Properties"]
    security = policy["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert security["ContentSecurityPolicy"]["Override"] is True
    value = text(security["ContentSecurityPolicy"]["ContentSecurityPolicy"], resources_of(template))
    directives = [directive.split() for directive in value.split(";")]
    return {name: sources for name, *sources in directives}


def test_the_console_bucket_is_private_and_read_only_by_its_distribution_with_origin_access_control(template):
    bucket_id, bucket = console_bucket(template)
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    [rule] = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    assert "WebsiteConfiguration" not in bucket  # never an S3 website: CloudFront is the only way in
    resources = resources_of(template)
    [policy] = [
        each["Properties"]["PolicyDocument"]["Statement"]
        for each in resources.values()
        if each["Type"] == "AWS::S3::BucketPolicy" and each["Properties"]["Bucket"] == {"Ref": bucket_id}
    ]
    tls_only, cloudfront = policy
    assert tls_only["Effect"] == "Deny"
    assert tls_only["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    # The one Allow: CloudFront, for this distribution only (origin access control's documented policy).
    assert cloudfront["Effect"] == "Allow" and cloudfront["Action"] == "s3:GetObject"
    assert cloudfront["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    source = text(cloudfront["Condition"]["StringEquals"]["AWS:SourceArn"], resources)
    assert source.endswith(":distribution/<Distribution>")

    [origin] = distribution(template)["Origins"]
    assert text(origin["DomainName"], resources) == f"<{bucket_id}.RegionalDomainName>"
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}  # no legacy OAI
    oac_id = origin["OriginAccessControlId"]["Fn::GetAtt"][0]
    assert resources[oac_id]["Properties"]["OriginAccessControlConfig"] | {"Name": None} == {
        "Name": None,
        "OriginAccessControlOriginType": "s3",
        "SigningBehavior": "always",
        "SigningProtocol": "sigv4",
    }


def test_the_pages_may_reach_only_themselves_the_dpo_api_and_cognito(template):
    """No inline script or style, no eval, no other host: a script injected into a page could send what it
    reads nowhere but the API and Cognito, and the page can be framed by nobody."""
    directives = csp(template)
    sign_in = "https://<SignIn>.auth.eu-west-2.amazoncognito.com"
    assert directives == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": [
            "'self'",
            "https://<Api>.execute-api.eu-west-2.<AWS::URLSuffix>",
            "https://cognito-idp.eu-west-2.amazonaws.com",
            "https://cognito-identity.eu-west-2.amazonaws.com",
            sign_in,
        ],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", sign_in],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
    assert not [source for sources in directives.values() for source in sources if "unsafe" in source]


def test_every_answer_carries_hsts_for_two_years_frame_denial_nosniff_and_the_referrer_policy(template):
    policy = only_resource(template, "AWS::CloudFront::ResponseHeadersPolicy")
    security = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert security["StrictTransportSecurity"] == {
        "AccessControlMaxAgeSec": 2 * 365 * 24 * 60 * 60,
        "IncludeSubdomains": True,
        "Preload": True,
        "Override": True,
    }
    assert security["FrameOptions"] == {"FrameOption": "DENY", "Override": True}
    assert security["ContentTypeOptions"] == {"Override": True}
    assert security["ReferrerPolicy"] == {
        "ReferrerPolicy": "strict-origin-when-cross-origin",
        "Override": True,
    }
    behaviour = distribution(template)["DefaultCacheBehavior"]
    policy_id = logical_id(template, "AWS::CloudFront::ResponseHeadersPolicy", {})
    assert behaviour["ResponseHeadersPolicyId"] == {"Ref": policy_id}
    assert behaviour["ViewerProtocolPolicy"] == "https-only"
    assert behaviour["AllowedMethods"] == ["GET", "HEAD"]


def test_the_console_is_served_from_price_class_100_to_viewers_in_the_uk_only(template):
    """PriceClass_100 (North America, Europe, Israel) is the cheapest class that covers Europe; CloudFront
    refuses (403) a viewer whose country is not GB."""
    config = distribution(template)
    assert config["PriceClass"] == "PriceClass_100"
    assert config["Restrictions"]["GeoRestriction"] == {"RestrictionType": "whitelist", "Locations": ["GB"]}
    assert config["DefaultRootObject"] == "index.html"
    # Who loaded the console is logged, to a bucket of its own (CloudFront writes its logs with ACLs).
    resources = resources_of(template)
    logs_bucket = config["Logging"]["Bucket"]["Fn::GetAtt"][0]
    assert resources[logs_bucket]["Properties"]["OwnershipControls"]["Rules"] == [
        {"ObjectOwnership": "ObjectWriter"}
    ]
    assert resources[logs_bucket]["Properties"]["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True


def user_pool(template) -> dict:
    return only_resource(template, "AWS::Cognito::UserPool")


def test_the_user_pool_requires_mfa_and_lets_nobody_sign_themselves_up(template):
    pool = user_pool(template)
    props = pool["Properties"]
    assert props["MfaConfiguration"] == "ON" and props["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert props["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert props["UsernameAttributes"] == ["email"]
    recovery = props["AccountRecoverySetting"]["RecoveryMechanisms"]
    assert recovery == [{"Name": "verified_email", "Priority": 1}]
    password = props["Policies"]["PasswordPolicy"]
    assert password["MinimumLength"] >= 14
    for each in ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols"):
        assert password[each] is True, each
    # Threat protection blocks sign-ins with leaked passwords or from unusual places (the Plus plan).
    assert (props["UserPoolTier"], props["UserPoolAddOns"]) == ("PLUS", {"AdvancedSecurityMode": "ENFORCED"})
    assert (pool["DeletionPolicy"], pool["UpdateReplacePolicy"]) == ("Retain", "Retain")
    assert props["DeletionProtection"] == "ACTIVE"


def test_the_first_dpo_is_a_user_only_when_context_names_them(template, deployment_template):
    """consoleAdminEmail (the README's deploy command gives it): Cognito e-mails a temporary password; with
    none, the pool has no user until an administrator creates one (README)."""
    assert not template.find_resources("AWS::Cognito::UserPoolUser")
    user = only_resource(deployment_template, "AWS::Cognito::UserPoolUser")["Properties"]
    email = readme_deploy_context()["consoleAdminEmail"]
    assert user["Username"] == email
    assert {"Name": "email", "Value": email} in user["UserAttributes"]
    assert user["DesiredDeliveryMediums"] == ["EMAIL"]
    assert user["UserPoolId"] == {"Ref": logical_id(deployment_template, "AWS::Cognito::UserPool", {})}


def test_the_console_signs_in_with_the_authorization_code_flow_as_a_public_client(template):
    client = only_resource(template, "AWS::Cognito::UserPoolClient")["Properties"]
    resources = resources_of(template)
    assert client["GenerateSecret"] is False
    assert client["AllowedOAuthFlows"] == ["code"] and client["AllowedOAuthFlowsUserPoolClient"] is True
    assert client["AllowedOAuthScopes"] == ["openid", "email"]
    assert [text(url, resources) for url in client["CallbackURLs"]] == [CONSOLE_URL]
    assert [text(url, resources) for url in client["LogoutURLs"]] == [CONSOLE_URL]
    assert client["SupportedIdentityProviders"] == ["COGNITO"]
    assert client["PreventUserExistenceErrors"] == "ENABLED"


def console_role_id(template) -> str:
    return logical_id(template, "AWS::IAM::Role", {"RoleName": CONSOLE_ROLE_NAME})


def test_the_identity_pool_admits_only_signed_in_dpos_of_the_pool_and_gives_them_the_console_role(template):
    identities = only_resource(template, "AWS::Cognito::IdentityPool")["Properties"]
    resources = resources_of(template)
    assert identities["AllowUnauthenticatedIdentities"] is False
    assert identities["AllowClassicFlow"] is False
    [provider] = identities["CognitoIdentityProviders"]
    assert text(provider["ProviderName"], resources) == "<UserPool.ProviderName>"
    assert text(provider["ClientId"], resources) == "<Client>"
    assert provider["ServerSideTokenCheck"] is True
    attachment = only_resource(template, "AWS::Cognito::IdentityPoolRoleAttachment")["Properties"]
    role_id = console_role_id(template)
    assert attachment["Roles"] == {"authenticated": {"Fn::GetAtt": [role_id, "Arn"]}}
    [trust] = resources[role_id]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Federated": "cognito-identity.amazonaws.com"}
    assert trust["Action"] == "sts:AssumeRoleWithWebIdentity"
    identity_pool = logical_id(template, "AWS::Cognito::IdentityPool", {})
    assert trust["Condition"] == {
        "StringEquals": {"cognito-identity.amazonaws.com:aud": {"Ref": identity_pool}},
        "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"},
    }


def test_the_console_role_may_only_invoke_the_dpo_api(template):
    role_id = console_role_id(template)
    resources = resources_of(template)
    role = resources[role_id]["Properties"]
    assert "ManagedPolicyArns" not in role and "Policies" not in role
    statements = [
        statement
        for each in resources.values()
        if each["Type"] == "AWS::IAM::Policy" and {"Ref": role_id} in each["Properties"]["Roles"]
        for statement in each["Properties"]["PolicyDocument"]["Statement"]
    ]
    [invoke] = statements
    assert (invoke["Effect"], invoke["Action"]) == ("Allow", "execute-api:Invoke")
    assert text(invoke["Resource"], resources).endswith(":<Api>/*/*/*")


def _principal_arn(value: Any, account: str) -> str:
    if isinstance(value, dict):  # a role of the stack: its ARN by its logical id
        return f"arn:aws:iam::{account}:role/{value['Fn::GetAtt'][0]}"
    return value


def invoke_allowed(policy: dict, principal: str | None, resource: str, account: str) -> bool:
    """API Gateway's resource policy, evaluated for one request as IAM does (an explicit deny wins; else an
    allow is needed): `principal` None for an unsigned request (a CORS preflight)."""

    def matches(statement: dict) -> bool:
        resources = statement.get("Resource", statement.get("NotResource"))
        listed = [resources] if isinstance(resources, str) else resources
        hit = any(fnmatchcase(resource, each) for each in listed)
        if ("Resource" in statement) != hit:
            return False
        for operator, condition in statement.get("Condition", {}).items():
            [(key, values)] = condition.items()
            assert key == "aws:PrincipalArn" and operator in ("ArnLike", "ArnNotLike"), condition
            arns = [_principal_arn(each, account) for each in values]
            named = principal is not None and any(fnmatchcase(principal, arn) for arn in arns)
            # A negated operator is true when the key is absent (an unsigned request has no principal).
            if named != (operator == "ArnLike"):
                return False
        return True

    statements = policy["Statement"]
    if any(each["Effect"] == "Deny" and matches(each) for each in statements):
        return False
    return any(each["Effect"] == "Allow" and matches(each) for each in statements)


def test_the_apis_resource_policy_admits_the_console_role_beside_the_dpo_principals_and_nobody_else(
    deployment_template,
):
    account = readme_deploy_context()["account"]
    policy = only_resource(deployment_template, "AWS::ApiGateway::RestApi")["Properties"]["Policy"]
    dpo_role = logical_id(deployment_template, "AWS::IAM::Role", {"RoleName": "CallRecordingsDpo"})
    place_a_hold = "execute-api:/v1/POST/holds"
    callers = {
        f"arn:aws:iam::{account}:role/{CONSOLE_ROLE_NAME}": True,
        f"arn:aws:iam::{account}:role/{dpo_role}": True,
        **dict.fromkeys(readme_deploy_context()["dpoPrincipalArns"].split(","), True),
        f"arn:aws:iam::{account}:role/{CONSOLE_ROLE_NAME}Other": False,
        f"arn:aws:iam::{account}:role/Administrator": False,
        f"arn:aws:iam::{account}:user/jane": False,
        f"arn:aws:iam::{account}:root": False,
        "arn:aws:iam::444455556666:role/CallRecordingsConsole": False,  # the same name in another account
    }
    for principal, admitted in callers.items():
        assert invoke_allowed(policy, principal, place_a_hold, account) == admitted, principal
    assert not invoke_allowed(policy, None, place_a_hold, account)  # unsigned: nothing but a preflight
    assert invoke_allowed(policy, None, "execute-api:/v1/OPTIONS/holds", account)
    assert invoke_allowed(policy, None, "execute-api:/v1/OPTIONS/sars/S-1/export", account)


def test_with_no_dpo_principals_the_console_is_built_and_cannot_call_the_api_either(template):
    policy = only_resource(template, "AWS::ApiGateway::RestApi")["Properties"]["Policy"]
    for principal in (f"arn:aws:iam::111122223333:role/{CONSOLE_ROLE_NAME}", None):
        for resource in ("execute-api:/v1/POST/holds", "execute-api:/v1/OPTIONS/holds"):
            assert not invoke_allowed(policy, principal, resource, "111122223333")


def test_config_json_names_the_api_and_the_cognito_ids_and_the_files_are_the_built_console(synthesized):
    """What the app reads first (/config.json, docs: the console's contract): the API's URL without a
    trailing slash, the region, the user pool, its client, the identity pool, the sign-in pages and the
    address Cognito sends the DPO back to; nothing secret."""
    template = json.loads(synthesized.template_path.read_text())
    resources = template["Resources"]
    [deployment] = [
        each["Properties"] for each in resources.values() if each["Type"] == "Custom::CDKBucketDeployment"
    ]
    assert text(deployment["DestinationBucketName"], resources) == f"<{console_bucket_id(resources)}>"
    assert deployment["DistributionPaths"] == ["/*"]  # invalidated: a deployment is seen at once
    files, config = (
        synthesized.outdir / f"asset.{key.removesuffix('.zip')}" for key in deployment["SourceObjectKeys"]
    )
    assert sorted(each.name for each in files.iterdir()) == sorted(
        each.name for each in CONSOLE_DIST.iterdir()
    )
    content = (config / "config.json").read_text()
    for marker, value in deployment["SourceMarkers"][1].items():
        content = content.replace(marker, text(value, resources))
    assert json.loads(content) == {
        "apiUrl": "https://<Api>.execute-api.eu-west-2.<AWS::URLSuffix>/<Stage>",
        "region": "eu-west-2",
        "auth": {
            "mode": "cognito",
            "userPoolId": "<UserPool>",
            "userPoolClientId": "<Client>",
            "identityPoolId": "<IdentityPool>",
            "hostedUiDomain": "https://<SignIn>.auth.eu-west-2.amazoncognito.com",
            "redirectUri": CONSOLE_URL,
        },
    }


def console_bucket_id(resources: dict) -> str:
    [bucket_id] = [
        name
        for name, each in resources.items()
        if each["Type"] == "AWS::S3::Bucket"
        and each["Properties"].get("LoggingConfiguration", {}).get("LogFilePrefix") == "console-bucket/"
    ]
    return bucket_id


def test_the_stack_outputs_the_console_url_and_its_user_pool(template):
    outputs = template.to_json()["Outputs"]
    resources = resources_of(template)
    assert text(outputs["ConsoleUrl"]["Value"], resources) == CONSOLE_URL
    assert text(outputs["ConsoleUserPoolId"]["Value"], resources) == "<UserPool>"


def test_the_api_answers_cors_for_the_consoles_origin_only(template):
    """Every resource with a method answers a preflight itself (OPTIONS, no auth, a mock: no function), for
    the console's origin; API Gateway's own refusals carry it; the DPO functions are given it (and only they:
    dpo_api/resolver.py adds it to their answers)."""
    resources = resources_of(template)
    methods = [each["Properties"] for each in resources.values() if each["Type"] == "AWS::ApiGateway::Method"]
    with_methods = {json.dumps(each["ResourceId"]) for each in methods if each["HttpMethod"] != "OPTIONS"}
    preflights = [each for each in methods if each["HttpMethod"] == "OPTIONS"]
    assert {json.dumps(each["ResourceId"]) for each in preflights} == with_methods
    for preflight in preflights:
        assert (preflight["AuthorizationType"], preflight["Integration"]["Type"]) == ("NONE", "MOCK")
        [answer] = preflight["Integration"]["IntegrationResponses"]
        headers = answer["ResponseParameters"]
        assert text(headers["method.response.header.Access-Control-Allow-Origin"], resources) == (
            f"'{CONSOLE_ORIGIN_VALUE}'"
        )
        allowed = headers["method.response.header.Access-Control-Allow-Headers"].strip("'").split(",")
        assert {"Authorization", "X-Amz-Date", "X-Amz-Security-Token", "Content-Type"} <= set(allowed)
    refusals = {
        each["Properties"]["ResponseType"]: each["Properties"]["ResponseParameters"]
        for each in resources.values()
        if each["Type"] == "AWS::ApiGateway::GatewayResponse"
    }
    assert set(refusals) == {"DEFAULT_4XX", "DEFAULT_5XX"}
    for headers in refusals.values():
        assert text(headers["gatewayresponse.header.Access-Control-Allow-Origin"], resources) == (
            f"'{CONSOLE_ORIGIN_VALUE}'"
        )
    given = {
        each["Properties"]["Handler"]
        for each in resources.values()
        if each["Type"] == "AWS::Lambda::Function"
        and CONSOLE_ORIGIN in each["Properties"].get("Environment", {}).get("Variables", {})
    }
    assert given and all(handler.startswith("call_recordings.dpo_api.") for handler in given)
    for each in resources.values():
        variables = each.get("Properties", {}).get("Environment", {}).get("Variables", {})
        if CONSOLE_ORIGIN in variables:
            assert text(variables[CONSOLE_ORIGIN], resources) == CONSOLE_ORIGIN_VALUE


def test_the_sign_in_domain_is_derived_from_the_account_unless_context_names_a_prefix(
    deployment_template, synthesize
):
    """Cognito domain prefixes are unique in a region: derived from the account (one stack per account),
    unless consoleDomainPrefix names one."""
    [derived] = deployment_template.find_resources("AWS::Cognito::UserPoolDomain").values()
    assert derived["Properties"]["Domain"] == f"callrecordings-dpo-{readme_deploy_context()['account']}"
    context = {**readme_deploy_context(), "consoleDomainPrefix": "south-hams-dpo"}
    template = json.loads(synthesize(**context).template_path.read_text())
    [named] = [
        each for each in template["Resources"].values() if each["Type"] == "AWS::Cognito::UserPoolDomain"
    ]
    assert named["Properties"]["Domain"] == "south-hams-dpo"
