"""The DPO API's casework and rights functions may mark restrictions on the registry, and nothing more than
that there."""

import pytest

from tests.infra.conftest import registry_table_id
from tests.infra.test_dpo_api_and_holds import CASEWORK_HANDLER, RIGHTS_HANDLER, role_of


@pytest.mark.parametrize("handler", [CASEWORK_HANDLER, RIGHTS_HANDLER])
def test_the_api_may_update_registry_items_only_for_restrictions_on_the_table_itself(template, handler):
    role_id = role_of(template, handler)
    statements = [
        statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]
    [mark] = [statement for statement in statements if statement.get("Sid") == "MarkRestrictedRecordings"]
    assert mark["Action"] == "dynamodb:UpdateItem"
    assert mark["Resource"] == {"Fn::GetAtt": [registry_table_id(template), "Arn"]}
    registry_writes = [
        statement
        for statement in statements
        if {"Fn::GetAtt": [registry_table_id(template), "Arn"]}
        in (statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]])
        and any(
            action in ("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem")
            for action in (
                statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            )
        )
    ]
    assert registry_writes == [mark]
