"""Issue 18: the audit trail names the DPO signed in to the console, and the API answers the console's
origin only (CORS).

A DPO signed in to the console calls with the console role's temporary credentials, which Cognito's identity
pool gets for them (the enhanced flow: Cognito calls AssumeRoleWithWebIdentity with the session name
`CognitoIdentityCredentials` for everyone). API Gateway's IAM authorization passes the sign-in the credentials
came from in `requestContext.identity`: `cognitoAuthenticationProvider`
("cognito-idp.<region>.amazonaws.com/<pool>,cognito-idp.<region>.amazonaws.com/<pool>:CognitoSignIn:<sub>")
and `cognitoIdentityId` (API Gateway developer guide, "$context variables": `$context.identity.
cognitoAuthenticationProvider`, "a comma-separated list of the Amazon Cognito authentication providers used by
the caller making the request. Available only if the request was signed with Amazon Cognito credentials").
"""

import json

import pytest
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from call_recordings.core.errors import CallerNotIdentified
from call_recordings.dpo_api.dependencies import caller_principal
from call_recordings.dpo_api.resolver import CONSOLE_ORIGIN, dpo_api_resolver, lambda_handler_for

ACCOUNT = "111122223333"
POOL = "eu-west-2_AbCdEf123"
SUB = "5f6a1c2e-8d4b-4c1a-9e3f-2b7d6a0c9e11"
IDP = f"cognito-idp.eu-west-2.amazonaws.com/{POOL}"
CONSOLE_SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/CallRecordingsConsole/CognitoIdentityCredentials"
DPO_SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/CallRecordingsDpo/jane.smith"
CONSOLE = "https://d111111abcdef8.cloudfront.net"


def event(
    identity: dict, *, path: str = "/ping", headers: dict | None = None, body: str | None = None
) -> dict:
    all_headers = {"Host": "api.example", **(headers or {})}
    return {
        "resource": path,
        "path": path,
        "httpMethod": "GET" if body is None else "POST",
        "headers": all_headers,
        "multiValueHeaders": {name: [value] for name, value in all_headers.items()},
        "queryStringParameters": None,
        "pathParameters": None,
        "body": body,
        "isBase64Encoded": False,
        "requestContext": {
            "resourcePath": path,
            "httpMethod": "GET",
            "path": f"/v1{path}",
            "stage": "v1",
            "requestId": "r-1",
            "accountId": ACCOUNT,
            "apiId": "dpoapi",
            "identity": {"sourceIp": "192.0.2.10", **identity},
        },
    }


def signed_in_console(sub: str = SUB) -> dict:
    """The identity API Gateway passes for a call signed with the console role's credentials."""
    return {
        "cognitoIdentityPoolId": "eu-west-2:0b1c2d3e-0000-4000-8000-000000000001",
        "cognitoIdentityId": "eu-west-2:9a8b7c6d-0000-4000-8000-000000000002",
        "cognitoAuthenticationType": "authenticated",
        "cognitoAuthenticationProvider": f"{IDP},{IDP}:CognitoSignIn:{sub}",
        "accountId": ACCOUNT,
        "caller": "AROAEXAMPLECONSOLE:CognitoIdentityCredentials",
        "user": "AROAEXAMPLECONSOLE:CognitoIdentityCredentials",
        "userArn": CONSOLE_SESSION,
    }


def test_a_dpo_signed_in_to_the_console_is_named_by_their_user_pool_and_sub_not_the_shared_session():
    """Every console session is CognitoIdentityCredentials: naming the role's session would name nobody."""
    who = caller_principal(APIGatewayProxyEvent(event(signed_in_console())))
    assert who == f"cognito:{POOL}/{SUB}"
    other = caller_principal(
        APIGatewayProxyEvent(event(signed_in_console("0c0c0c0c-1111-4222-8333-444455556666")))
    )
    assert other != who and CONSOLE_SESSION not in (who, other)


def test_a_caller_signing_with_the_dpo_role_or_a_named_principal_is_named_by_their_iam_principal():
    assert caller_principal(APIGatewayProxyEvent(event({"userArn": DPO_SESSION}))) == DPO_SESSION


@pytest.mark.parametrize(
    "provider",
    [
        IDP,  # the pool without the sign-in
        f"{IDP}:CognitoSignIn:",  # no sub
        f"graph.facebook.com,{IDP}:SomethingElse:{SUB}",
        f"cognito-idp.eu-west-2.amazonaws.com/:CognitoSignIn:{SUB}",  # no pool
        f"{IDP}:CognitoSignIn:{SUB}/../x",
    ],
)
def test_a_cognito_sign_in_that_names_no_user_is_refused_so_nothing_goes_unattributed(provider):
    identity = {**signed_in_console(), "cognitoAuthenticationProvider": provider}
    with pytest.raises(CallerNotIdentified):
        caller_principal(APIGatewayProxyEvent(event(identity)))


def test_no_principal_at_all_is_refused():
    with pytest.raises(CallerNotIdentified):
        caller_principal(APIGatewayProxyEvent(event({})))


def _resolver(monkeypatch, origin: str | None):
    if origin is None:
        monkeypatch.delenv(CONSOLE_ORIGIN, raising=False)
    else:
        monkeypatch.setenv(CONSOLE_ORIGIN, origin)
    router = Router()

    @router.get("/ping")
    def ping() -> dict:
        return {"who": caller_principal(router.current_event)}

    app = dpo_api_resolver(router)
    return app, lambda_handler_for(app)


class _Context:
    function_name = "dpo-api"
    memory_limit_in_mb = 128
    invoked_function_arn = f"arn:aws:lambda:eu-west-2:{ACCOUNT}:function:dpo-api"
    aws_request_id = "r-1"


def test_answers_carry_cors_headers_for_the_consoles_origin_and_for_no_other(monkeypatch):
    app, _ = _resolver(monkeypatch, CONSOLE)
    answer = app.resolve(event(signed_in_console(), headers={"Origin": CONSOLE}), _Context())
    assert answer["statusCode"] == 200
    assert json.loads(answer["body"]) == {"who": f"cognito:{POOL}/{SUB}"}
    assert answer["multiValueHeaders"]["Access-Control-Allow-Origin"] == [CONSOLE]
    assert "X-Amz-Security-Token" in answer["multiValueHeaders"]["Access-Control-Allow-Headers"][0]
    elsewhere = app.resolve(
        event(signed_in_console(), headers={"Origin": "https://evil.example"}), _Context()
    )
    assert "Access-Control-Allow-Origin" not in (elsewhere.get("multiValueHeaders") or {})
    # An error (here a route it does not serve) answers the console in the same way.
    missing = app.resolve(
        event(signed_in_console(), path="/nowhere", headers={"Origin": CONSOLE}), _Context()
    )
    assert missing["statusCode"] == 404
    assert missing["multiValueHeaders"]["Access-Control-Allow-Origin"] == [CONSOLE]


def test_a_request_refused_before_parsing_answers_the_console_too(monkeypatch):
    _, handler = _resolver(monkeypatch, CONSOLE)
    refused = handler(
        event(signed_in_console(), headers={"Origin": CONSOLE, "Content-Type": "text/plain"}, body="x"),
        _Context(),
    )
    assert refused["statusCode"] == 415
    assert refused["headers"]["Access-Control-Allow-Origin"] == CONSOLE


def test_without_a_console_origin_no_answer_carries_a_cors_header(monkeypatch):
    app, handler = _resolver(monkeypatch, None)
    answer = app.resolve(event(signed_in_console(), headers={"Origin": CONSOLE}), _Context())
    assert answer["statusCode"] == 200
    assert not [name for name in answer.get("multiValueHeaders") or {} if name.startswith("Access-Control")]
    refused = handler(
        event(signed_in_console(), headers={"Origin": CONSOLE, "Content-Type": "text/plain"}, body="x"),
        _Context(),
    )
    assert not [name for name in refused["headers"] if name.startswith("Access-Control")]
