"""CDK context -> StackSettings: a deployment names its DPO staff and alert address, never an account."""

import pytest

from infra.config import (
    CONTEXT_ACCOUNT,
    CONTEXT_DPO_ALERT_EMAIL,
    CONTEXT_DPO_PRINCIPAL_ARNS,
    ContextError,
    StackSettings,
    is_iam_user,
)

ACCOUNT = "111122223333"
DPO_ROLE = f"arn:aws:iam::{ACCOUNT}:role/Dpo"
DPO_USER = f"arn:aws:iam::{ACCOUNT}:user/jane.smith"
SSO_ROLE = f"arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_Dpo_0123abcd"


def settings(credentials_account=None, **context) -> StackSettings:
    return StackSettings.from_context(context.get, credentials_account=credentials_account)


def test_no_account_needs_no_dpo_principals_nor_email():
    assert settings() == StackSettings(region="eu-west-2")


def test_a_deployment_with_everything_it_needs():
    deployed = settings(
        account=ACCOUNT, dpoPrincipalArns=f"{DPO_ROLE}, {SSO_ROLE}", dpoAlertEmail="dpo@example.org"
    )
    assert deployed.account == ACCOUNT
    assert deployed.dpo_principal_arns == (DPO_ROLE, SSO_ROLE)
    assert deployed.dpo_alert_email == "dpo@example.org"


def test_principals_from_cdk_json_are_a_list():
    assert settings(dpoPrincipalArns=[DPO_ROLE, DPO_USER]).dpo_principal_arns == (DPO_ROLE, DPO_USER)


def test_an_account_without_dpo_principals_is_refused_naming_the_key_and_why():
    with pytest.raises(ContextError) as refused:
        settings(account=ACCOUNT, dpoAlertEmail="dpo@example.org")
    message = str(refused.value)
    assert f"-c {CONTEXT_DPO_PRINCIPAL_ARNS}=arn:aws:iam::{ACCOUNT}:role/" in message
    assert "never trusts the whole account" in message
    assert CONTEXT_DPO_ALERT_EMAIL not in message
    assert f"from -c {CONTEXT_ACCOUNT}" in message


def test_an_account_without_an_alert_email_is_refused_naming_the_key_and_why():
    with pytest.raises(ContextError) as refused:
        settings(account=ACCOUNT, dpoPrincipalArns=DPO_ROLE)
    message = str(refused.value)
    assert f"-c {CONTEXT_DPO_ALERT_EMAIL}=" in message
    assert "would reach nobody" in message
    assert CONTEXT_DPO_PRINCIPAL_ARNS not in message


def test_the_cli_credentials_account_makes_a_deploy_without_context_a_deployment():
    # `cdk deploy` with cdk.json's defaults only: the CLI passes its credentials' account.
    with pytest.raises(ContextError) as refused:
        settings(credentials_account=ACCOUNT, dpoPrincipalArns=[])
    message = str(refused.value)
    assert "the AWS credentials the CDK CLI found" in message
    assert CONTEXT_DPO_PRINCIPAL_ARNS in message and CONTEXT_DPO_ALERT_EMAIL in message


def test_context_account_wins_over_the_credentials_account():
    deployed = settings(
        credentials_account="999999999999",
        account=ACCOUNT,
        dpoPrincipalArns=DPO_ROLE,
        dpoAlertEmail="dpo@example.org",
    )
    assert deployed.account == ACCOUNT


@pytest.mark.parametrize(
    "whole_account", [f"arn:aws:iam::{ACCOUNT}:root", ACCOUNT, f"arn:aws-us-gov:iam::{ACCOUNT}:root"]
)
def test_a_whole_account_is_never_a_dpo_principal(whole_account):
    with pytest.raises(ContextError, match="names a whole AWS account"):
        settings(dpoPrincipalArns=f"{DPO_ROLE},{whole_account}")


@pytest.mark.parametrize(
    "not_a_role_or_user",
    [
        f"arn:aws:sts::{ACCOUNT}:assumed-role/Dpo/jane",
        f"arn:aws:iam::{ACCOUNT}:group/Dpo",
        "role/Dpo",
        f"arn:aws:iam::{ACCOUNT}:role/",
    ],
)
def test_a_dpo_principal_must_be_an_iam_role_or_user(not_a_role_or_user):
    with pytest.raises(ContextError, match="is not the ARN of an IAM role or user"):
        settings(dpoPrincipalArns=not_a_role_or_user)


def test_an_alert_email_must_be_an_address():
    with pytest.raises(ContextError, match=r"dpoAlertEmail: 'dpo-at-example\.org' is not an e-mail"):
        settings(dpoAlertEmail="dpo-at-example.org")


def test_users_and_roles_are_told_apart_by_their_arn():
    assert is_iam_user(DPO_USER)
    assert not is_iam_user(DPO_ROLE)
    assert not is_iam_user(SSO_ROLE)


def test_telephony_principals_are_checked_like_the_dpo_principals():
    telephony = f"arn:aws:iam::{ACCOUNT}:role/TelephonyRecorder"
    assert settings(telephonyPrincipalArns=telephony).telephony_principal_arns == (telephony,)
    assert settings(telephonyPrincipalArns=[]).telephony_principal_arns == ()
    with pytest.raises(ContextError, match=r"telephonyPrincipalArns: .* names a whole AWS account"):
        settings(telephonyPrincipalArns=f"arn:aws:iam::{ACCOUNT}:root")


def test_a_deployment_may_come_before_the_telephony_system_is_ready():
    deployed = settings(account=ACCOUNT, dpoPrincipalArns=DPO_ROLE, dpoAlertEmail="dpo@example.org")
    assert deployed.telephony_principal_arns == ()


def test_the_first_console_dpo_and_the_sign_in_prefix_come_from_context_checked():
    """consoleAdminEmail makes the first DPO a user of the console's pool; consoleDomainPrefix names its
    sign-in pages. Both optional (the stack derives a prefix from the account, infra/console.py)."""
    given = settings(consoleAdminEmail="dpo@southhams.gov.uk", consoleDomainPrefix="south-hams-dpo")
    assert (given.console_admin_email, given.console_domain_prefix) == (
        "dpo@southhams.gov.uk",
        "south-hams-dpo",
    )
    assert (settings().console_admin_email, settings().console_domain_prefix) == (None, None)
    with pytest.raises(ContextError, match="consoleAdminEmail: 'dpo' is not an e-mail address"):
        settings(consoleAdminEmail="dpo")


@pytest.mark.parametrize(
    "prefix", ["South-Hams", "-dpo", "dpo-", "dpo_console", "my-aws-dpo", "amazon-dpo", "cognito", "x" * 64]
)
def test_a_sign_in_prefix_cognito_would_refuse_is_refused_before_anything_is_built(prefix):
    with pytest.raises(ContextError, match="consoleDomainPrefix"):
        settings(consoleDomainPrefix=prefix)
