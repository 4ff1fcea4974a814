"""Issue 14 item 1: the data perimeter (DESIGN section 8), from the synthesized template.

An audit found that HeadObject on a recording returned its caller number and customer reference from S3
user metadata, which SSE-KMS does not cover and which needs no kms:Decrypt, and that both data keys gave
the account root `kms:*`, so any principal of the account with s3:GetObject read them. moto enforces
neither bucket nor key policies, so the guarantee is shown where it lives: the template's policies,
evaluated as IAM would (tests/adversarial/access_matrix.py). The matrix below is the README's ("The data
perimeter"); on main before this change the administrator and the deployment role could read a recording
and its metadata, decrypt with the data key and read a disclosure package, so those rows differed.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.local.provision import recordings_bucket_id
from tests.adversarial.access_matrix import ADMINISTRATOR, DEPLOYMENT, Access, principals
from tests.adversarial.bucket_policy import (
    ACCOUNT_ADMIN,
    DEPLOYMENT_ROLE,
    BucketPolicy,
    Request,
    bucket_arn,
    key_arn,
    role_of,
    table_arn,
)
from tests.infra.conftest import readme_deploy_context

RECORDING = "recordings/2026/11/20/C-PII1.wav"
PACKAGE = "exports/SAR-1/E-1/C-PII1.wav"

FUNCTIONS = [
    "API casework",
    "API disclosure",
    "API reports",
    "API rights",
    "casework reminders",
    "audit archiver",
    "audit verification",
    "eraser",
    "hold worker",
    "ingest",
    "reconciliation",
    "sweeper",
]

# The intended matrix, as the README shows it: for each critical action, who can do it.
INTENDED = {
    "read a recording or its metadata (GetObject, HeadObject)": [],
    "read a version or its metadata (GetObjectVersion: HeadObject, CopyObject with a version id)": [
        "API disclosure",
        "ingest",
    ],
    "decrypt with the data key (kms:Decrypt)": FUNCTIONS,
    "read a disclosure package (GetObject on the exports bucket)": ["API disclosure"],
    "set or clear a legal hold (PutObjectLegalHold)": ["hold worker"],
    # No bucket-policy deny covers tags: an administrator may retag too (lifecycle then still meets the
    # legal hold of a kept version, DESIGN section 8).
    "change a version's tags: purpose, source, retention (PutObjectVersionTagging)": [
        "API casework",
        "hold worker",
        "ingest",
        ADMINISTRATOR,
        DEPLOYMENT,
    ],
    "delete a recording version (DeleteObjectVersion)": ["eraser", "sweeper"],
    "change the lifecycle rules (PutLifecycleConfiguration)": [DEPLOYMENT],
    "change Object Lock (PutBucketObjectLockConfiguration)": [DEPLOYMENT],
    "change the bucket policy (PutBucketPolicy)": [DEPLOYMENT],
    "write the audit trail (dynamodb:PutItem on the audit table)": [
        "API casework",
        "API disclosure",
        "API rights",
        "audit verification",
        "eraser",
        "hold worker",
        "reconciliation",
        "sweeper",
        ADMINISTRATOR,
        DEPLOYMENT,
    ],
}


def _only(template: dict, kind: str, test) -> str:
    [found] = [name for name, each in template["Resources"].items() if each["Type"] == kind and test(each)]
    return found


def _data_key_id(template: dict) -> str:
    alias = _only(
        template, "AWS::KMS::Alias", lambda each: each["Properties"]["AliasName"] == "alias/call-recordings"
    )
    return template["Resources"][alias]["Properties"]["TargetKeyId"]["Fn::GetAtt"][0]


def _exports_bucket_id(template: dict) -> str:
    return _only(
        template,
        "AWS::S3::Bucket",
        lambda each: (
            each["Properties"].get("LoggingConfiguration", {}).get("LogFilePrefix") == "exports-bucket/"
        ),
    )


def _audit_table_id(template: dict) -> str:
    return _only(
        template,
        "AWS::DynamoDB::Table",
        lambda each: each["Properties"]["KeySchema"][0]["AttributeName"] == "target",
    )


def critical_actions(template: dict) -> dict[str, tuple[str, str]]:
    recordings = bucket_arn(recordings_bucket_id(template))
    return dict(
        zip(
            INTENDED,
            [
                ("s3:GetObject", f"{recordings}/{RECORDING}"),
                ("s3:GetObjectVersion", f"{recordings}/{RECORDING}"),
                ("kms:Decrypt", key_arn(_data_key_id(template))),
                ("s3:GetObject", f"{bucket_arn(_exports_bucket_id(template))}/{PACKAGE}"),
                ("s3:PutObjectLegalHold", f"{recordings}/{RECORDING}"),
                ("s3:PutObjectVersionTagging", f"{recordings}/{RECORDING}"),
                ("s3:DeleteObjectVersion", f"{recordings}/{RECORDING}"),
                ("s3:PutLifecycleConfiguration", recordings),
                ("s3:PutBucketObjectLockConfiguration", recordings),
                ("s3:PutBucketPolicy", recordings),
                ("dynamodb:PutItem", table_arn(_audit_table_id(template))),
            ],
            strict=True,
        )
    )


def access_matrix(template: dict) -> dict[str, list[str]]:
    access = Access.of(template)
    return {
        what: access.who_can(template, action, resource)
        for what, (action, resource) in critical_actions(template).items()
    }


def test_who_can_do_each_critical_action_is_the_intended_matrix(stack_template):
    matrix = access_matrix(stack_template)
    for what, who in matrix.items():
        print(f"{what}: {', '.join(who) or 'nobody'}")
    assert matrix == {what: sorted(who) for what, who in INTENDED.items()}


def test_with_a_telephony_uploader_and_a_dpo_role_the_matrix_is_the_same(synthesize):
    """The README's deployment (telephony principals, DPO principals): the uploader and the DPO role add
    nothing to the matrix; the uploader uses the data key through S3 alone, which a direct call is not."""
    template = json.loads(synthesize(**readme_deploy_context()).template_path.read_text())
    names = {each.name for each in principals(template)}
    assert {"telephony uploader", "DPO"} <= names
    # The rows that name the deployment role's ARN are left out: bound to the README's account, the
    # template names that account's role, not the stand-in's (bucket_policy.DEPLOYMENT_ROLE).
    deployment_rows = [what for what, who in INTENDED.items() if who == [DEPLOYMENT]]
    matrix = access_matrix(template)
    assert {what: who for what, who in matrix.items() if what not in deployment_rows} == {
        what: sorted(who) for what, who in INTENDED.items() if what not in deployment_rows
    }
    uploader = role_of(template, "TelephonyUploaderRole").rsplit("/", 1)[1]
    [through_s3] = [
        each
        for each in template["Resources"][_data_key_id(template)]["Properties"]["KeyPolicy"]["Statement"]
        if each.get("Sid") == "TheUploaderEncryptsThroughS3"
    ]
    assert through_s3["Principal"] == {"AWS": {"Fn::GetAtt": [uploader, "Arn"]}}
    assert through_s3["Condition"] == {"StringEquals": {"kms:ViaService": "s3.eu-west-2.amazonaws.com"}}


@pytest.fixture
def recordings(stack_template) -> BucketPolicy:
    return BucketPolicy.of(stack_template, recordings_bucket_id(stack_template))


@pytest.mark.parametrize(
    "action", ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectVersionForReplication"]
)
@pytest.mark.parametrize("outsider", [ACCOUNT_ADMIN, DEPLOYMENT_ROLE, "arn:aws:iam::123456789012:root"])
def test_head_object_on_a_recording_outside_the_perimeter_is_denied_by_the_bucket_policy(
    recordings, outsider, action
):
    """HeadObject is authorized as s3:GetObject (s3:GetObjectVersion with a version id): the caller number
    and customer reference in the user metadata are no longer readable by an account administrator."""
    for key in (RECORDING, "inbox/C-PII1.wav"):  # outside recordings/ too: such an object may be one
        assert recordings.denying(Request(outsider, action, recordings.object_arn(key))) == [
            "OnlyTheNamedFunctionsReadRecordings"
        ]


def test_ingest_and_disclosure_read_versions_and_nobody_else_of_the_stack_does(recordings, stack_template):
    inside = {role_of(stack_template, "IngestHandlerRole"), role_of(stack_template, "DpoApiDisclosureRole")}
    for principal in principals(stack_template):
        request = Request(principal.arn, "s3:GetObjectVersion", recordings.object_arn(RECORDING))
        denied = recordings.denying(request) == ["OnlyTheNamedFunctionsReadRecordings"]
        assert denied == (principal.arn not in inside), principal.name


def test_a_disclosure_package_is_read_only_by_the_disclosure_function_and_its_links(stack_template):
    exports = BucketPolicy.of(stack_template, _exports_bucket_id(stack_template))
    package = exports.object_arn(PACKAGE)
    # A presigned link is a GET made as its signer, the disclosure function's role.
    signer = role_of(stack_template, "DpoApiDisclosureRole")
    assert exports.denying(Request(signer, "s3:GetObject", package)) == []
    for outsider in (ACCOUNT_ADMIN, DEPLOYMENT_ROLE, role_of(stack_template, "DpoApiReportsRole")):
        assert exports.denying(Request(outsider, "s3:GetObject", package)) == [
            "OnlyTheDisclosureFunctionReadsPackages"
        ]


def _key_statements(template: dict, key_id: str) -> list[dict[str, Any]]:
    return template["Resources"][key_id]["Properties"]["KeyPolicy"]["Statement"]


def test_the_keys_give_the_account_administration_and_no_use(stack_template):
    keys = [name for name, each in stack_template["Resources"].items() if each["Type"] == "AWS::KMS::Key"]
    assert len(keys) == 3  # data, messages, logs
    for key_id in keys:
        [administration] = [
            each
            for each in _key_statements(stack_template, key_id)
            if each.get("Sid") == "TheAccountAdministersTheKey"
        ]
        actions = set(administration["Action"])
        assert {"kms:Put*", "kms:ScheduleKeyDeletion", "kms:Enable*", "kms:Describe*"} <= actions
        assert not actions & {"kms:*", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncrypt*"}
        allows = [each for each in _key_statements(stack_template, key_id) if each["Effect"] == "Allow"]
        assert all(each["Action"] != "kms:*" for each in allows), key_id


@pytest.mark.parametrize("alias", ["alias/call-recordings", "alias/call-recordings-messages"])
def test_every_role_granted_a_key_is_named_in_its_policy_and_no_other(stack_template, alias):
    """A role whose identity policy uses a key but that the key's policy does not name would be refused
    by KMS at run time (moto would not notice); a named role that does not use it is a needless reader."""
    alias_id = _only(stack_template, "AWS::KMS::Alias", lambda each: each["Properties"]["AliasName"] == alias)
    key_id = stack_template["Resources"][alias_id]["Properties"]["TargetKeyId"]["Fn::GetAtt"][0]
    arn = key_arn(key_id)
    access = Access.of(stack_template)
    granted = {
        principal.arn
        for principal in principals(stack_template)
        if principal.name not in (ADMINISTRATOR, DEPLOYMENT)
        and any(
            statement["Effect"] == "Allow"
            and arn
            in [
                str(each)
                for each in (
                    statement["Resource"]
                    if isinstance(statement["Resource"], list)
                    else [statement["Resource"]]
                )
            ]
            for statement in principal.identity
        )
    }
    usable = {
        principal.arn
        for principal in principals(stack_template)
        if principal.name not in (ADMINISTRATOR, DEPLOYMENT) and access.can(principal, "kms:Decrypt", arn)
    }
    assert granted == usable


def test_only_the_subject_keys_readers_use_the_data_key_through_secrets_manager(stack_template):
    """CDK's Secret lets the whole account use its key through Secrets Manager; the key's policy takes that
    back but for the four functions that hash subjects and the deployments that create the secret. On
    main an administrator could decrypt the HMAC secret this way."""
    access = Access.of(stack_template)
    key = key_arn(_data_key_id(stack_template))
    through_secrets_manager = {"kms:ViaService": "secretsmanager.eu-west-2.amazonaws.com"}
    who = sorted(
        principal.name
        for principal in principals(stack_template)
        if access.can(principal, "kms:Decrypt", key, through_secrets_manager)
    )
    assert who == sorted(["ingest", "API casework", "API rights", "API disclosure", DEPLOYMENT])


def test_only_the_dpo_api_functions_that_write_notes_seal_them_and_only_naming_the_request(stack_template):
    """The casework, rights and disclosure functions encrypt the DPO's notes under the data key (KMS Encrypt,
    core/adapters/notes.py): the key's policy must name them for it, or KMS refuses every note at run
    time, which moto would never show; and only with the context a note is sealed with."""
    arn = _data_key_arn(stack_template)
    access = Access.of(stack_template)
    sealing = {"kms:EncryptionContextKeys": "request_id,field", "kms:EncryptionContext:request_id": "H-1"}
    ours = [each for each in principals(stack_template) if each.name not in (ADMINISTRATOR, DEPLOYMENT)]
    sealers = {each.name for each in ours if access.can(each, "kms:Encrypt", arn, sealing)}
    assert sealers == {"API casework", "API rights", "API disclosure"}
    casework = next(each for each in ours if each.name == "API casework")
    assert not access.can(casework, "kms:Encrypt", arn)  # no context naming a request
    assert not access.can(
        casework, "kms:Encrypt", arn, {**sealing, "kms:EncryptionContextKeys": "request_id,other"}
    )


def test_a_complaints_summary_and_progress_notes_are_sealed_by_the_rights_function_and_opened_by_the_reports(
    stack_template,
):
    """Complaints (DPA 2018 s.164A) seal their summary and each progress note under the data key with the
    context a note has (request CP-…, field summary or update#<n>): the key's policy lets the rights
    function (which logs complaints) seal them with no statement of their own, and the reports function,
    which shows one complaint, open them."""
    arn = _data_key_arn(stack_template)
    access = Access.of(stack_template)
    ours = {each.name: each for each in principals(stack_template)}
    for field in ("summary", "update#1", "outcome_note"):
        context = {
            "kms:EncryptionContextKeys": "request_id,field",
            "kms:EncryptionContext:request_id": "CP-20261203-0123456789",
            "kms:EncryptionContext:field": field,
        }
        assert access.can(ours["API rights"], "kms:Encrypt", arn, context)
        assert not access.can(ours["API reports"], "kms:Encrypt", arn, context)
        assert access.can(ours["API reports"], "kms:Decrypt", arn, context)


def _data_key_arn(stack_template) -> str:
    """The data key's ARN (alias/call-recordings), as the policies name it."""
    alias_id = _only(
        stack_template,
        "AWS::KMS::Alias",
        lambda each: each["Properties"]["AliasName"] == "alias/call-recordings",
    )
    return key_arn(stack_template["Resources"][alias_id]["Properties"]["TargetKeyId"]["Fn::GetAtt"][0])
