"""Issue 18: the audit trail names the DPO signed in to the console, through the real handlers on moto.

Every call from the console is signed with the console role's credentials, whose session Cognito names
`CognitoIdentityCredentials` for every person; API Gateway passes the Cognito sign-in beside it
(`requestContext.identity.cognitoAuthenticationProvider`, tests/unit/test_console_caller.py). Two DPOs signed
in to the console are told apart in the trail, and a DPO using the DPO role is named as before.
"""

import json

from tests.integration import holds_fixtures
from tests.integration.holds_fixtures import ACCOUNT, DPO_ARN, LambdaContext, api_event, api_gateway

world = holds_fixtures.world

POOL = "eu-west-2_AbCdEf123"
ALICE = "5f6a1c2e-8d4b-4c1a-9e3f-2b7d6a0c9e11"
BOB = "0c0c0c0c-1111-4222-8333-444455556666"
CONSOLE_SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/CallRecordingsConsole/CognitoIdentityCredentials"


def from_the_console(sub: str, method: str, path: str, body=None) -> dict:
    """A request signed with the console role's credentials of the person `sub`, as API Gateway passes it."""
    event = api_event(method, path, body, principal=CONSOLE_SESSION)
    provider = f"cognito-idp.eu-west-2.amazonaws.com/{POOL}"
    event["requestContext"]["identity"] |= {
        "cognitoIdentityPoolId": "eu-west-2:0b1c2d3e-0000-4000-8000-000000000001",
        "cognitoIdentityId": f"eu-west-2:{sub}",
        "cognitoAuthenticationType": "authenticated",
        "cognitoAuthenticationProvider": f"{provider},{provider}:CognitoSignIn:{sub}",
        "user": "AROAEXAMPLECONSOLE:CognitoIdentityCredentials",
    }
    return api_gateway(event, LambdaContext())


def test_a_hold_placed_and_released_in_the_console_names_each_person_in_the_audit_trail(world):
    world.seed_recording("C-1", versions=1)
    hold = {"reason": "legal-claim", "case_reference": "LC-2026-014", "call_ids": ["C-1"]}
    placed = from_the_console(ALICE, "POST", "/holds", hold)
    assert placed["statusCode"] == 201, placed["body"]
    hold_id = json.loads(placed["body"])["hold_id"]
    released = from_the_console(BOB, "POST", f"/holds/{hold_id}/release")
    assert released["statusCode"] in (200, 202), released["body"]

    trail = world.call("GET", "/audit", query={"target": f"hold#{hold_id}"})
    who = {entry["action"]: entry["who"] for entry in trail.body["entries"]}
    assert who["hold-placed"] == f"cognito:{POOL}/{ALICE}"
    assert who["hold-release-requested"] == f"cognito:{POOL}/{BOB}"
    assert CONSOLE_SESSION not in who.values()


def test_a_dpo_using_the_dpo_role_is_still_named_by_their_session(world):
    world.seed_recording("C-2", versions=1)
    placed = world.place({"reason": "legal-claim", "case_reference": "LC-2026-015", "call_ids": ["C-2"]})
    trail = world.call("GET", "/audit", query={"target": f"hold#{placed.body['hold_id']}"})
    assert {entry["who"] for entry in trail.body["entries"] if entry["action"] == "hold-placed"} == {DPO_ARN}
