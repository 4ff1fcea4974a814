"""The DPO API, the hold worker and the bucket policy that guards evidence, from the template."""

from tests.infra.conftest import logical_id, only_resource, readme_deploy_context

API_HANDLER = "call_recordings.dpo_api.handler.lambda_handler"
WORKER_HANDLER = "call_recordings.holds.worker_handler.lambda_handler"


def role_of(template, handler):
    return only_resource(template, "AWS::Lambda::Function", {"Handler": handler})["Properties"]["Role"][
        "Fn::GetAtt"
    ][0]


def actions_of(template, role_id):
    actions = set()
    for policy in template.find_resources("AWS::IAM::Policy").values():
        if {"Ref": role_id} in policy["Properties"]["Roles"]:
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
                listed = statement["Action"]
                actions.update(listed if isinstance(listed, list) else [listed])
    return actions


def bucket_statements(template):
    bucket_id = logical_id(template, "AWS::S3::Bucket", {"ObjectLockEnabled": True})
    [policy] = template.find_resources(
        "AWS::S3::BucketPolicy", {"Properties": {"Bucket": {"Ref": bucket_id}}}
    ).values()
    return {s.get("Sid"): s for s in policy["Properties"]["PolicyDocument"]["Statement"]}


def test_every_api_method_needs_iam_auth_and_validates_requests(template):
    methods = template.find_resources("AWS::ApiGateway::Method")
    assert methods
    validator_id = logical_id(template, "AWS::ApiGateway::RequestValidator", {"ValidateRequestBody": True})
    for method in methods.values():
        props = method["Properties"]
        if props["HttpMethod"] == "OPTIONS":
            continue
        assert props["AuthorizationType"] == "AWS_IAM"
        assert props["RequestValidatorId"] == {"Ref": validator_id}


def test_only_dpo_principals_may_invoke_the_api(deployment_template):
    [role_id] = [
        role_id
        for role_id, role in deployment_template.find_resources("AWS::IAM::Role").items()
        if role["Properties"].get("Description", "").startswith("Assumed by the Data Protection Officer")
    ]
    named = readme_deploy_context()["dpoPrincipalArns"].split(",")
    policy = only_resource(deployment_template, "AWS::ApiGateway::RestApi")["Properties"]["Policy"]
    allow, deny = policy["Statement"]
    assert allow["Effect"] == "Allow" and deny["Effect"] == "Deny"
    assert allow["Condition"]["ArnLike"]["aws:PrincipalArn"] == [{"Fn::GetAtt": [role_id, "Arn"]}, *named]
    assert deny["Condition"]["ArnNotLike"]["aws:PrincipalArn"] == [{"Fn::GetAtt": [role_id, "Arn"]}, *named]


def test_with_no_dpo_principals_named_nobody_may_invoke_the_api(template):
    # A synth for no account (tests, make synth, the demo) names none: no DPO role, and a deny.
    assert not [
        role
        for role in template.find_resources("AWS::IAM::Role").values()
        if role["Properties"].get("Description", "").startswith("Assumed by the Data Protection Officer")
    ]
    [deny] = only_resource(template, "AWS::ApiGateway::RestApi")["Properties"]["Policy"]["Statement"]
    assert deny == {
        "Sid": "NoDpoPrincipalsNamed",
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": "execute-api:Invoke",
        "Resource": "execute-api:/*",
    }


def test_stage_logs_access_and_execution_without_bodies_and_throttles(template):
    stage = only_resource(template, "AWS::ApiGateway::Stage")["Properties"]
    assert "DestinationArn" in stage["AccessLogSetting"]
    [settings] = stage["MethodSettings"]
    assert settings["LoggingLevel"] == "INFO"
    assert settings["DataTraceEnabled"] is False
    assert 0 < settings["ThrottlingRateLimit"] <= 100
    assert 0 < settings["ThrottlingBurstLimit"] <= 200


def test_only_the_hold_worker_may_place_or_release_legal_holds(template):
    worker_role = role_of(template, WORKER_HANDLER)
    statement = bucket_statements(template)["OnlyTheHoldWorkerChangesLegalHolds"]
    assert statement["Effect"] == "Deny"
    assert statement["Principal"] == {"AWS": "*"}
    assert statement["Action"] == "s3:PutObjectLegalHold"
    assert statement["Condition"] == {
        "ArnNotEquals": {"aws:PrincipalArn": {"Fn::GetAtt": [worker_role, "Arn"]}}
    }
    assert "s3:PutObjectLegalHold" in actions_of(template, worker_role)
    for handler in (API_HANDLER, "call_recordings.ingest.handler.lambda_handler"):
        assert "s3:PutObjectLegalHold" not in actions_of(template, role_of(template, handler))


def test_nobody_bypasses_object_lock_or_deletes_versions_yet(template):
    statements = bucket_statements(template)
    assert statements["NobodyBypassesObjectLock"]["Action"] == "s3:BypassGovernanceRetention"
    assert "Condition" not in statements["NobodyBypassesObjectLock"]
    deletion = statements["OnlyScheduledDeletionAndErasureDeleteVersions"]
    assert deletion["Effect"] == "Deny" and deletion["Action"] == "s3:DeleteObjectVersion"


def test_only_deployments_change_object_lock_or_lifecycle(template):
    statement = bucket_statements(template)["OnlyDeploymentsChangeLockAndLifecycle"]
    assert statement["Effect"] == "Deny"
    assert set(statement["Action"]) == {"s3:PutBucketObjectLockConfiguration", "s3:PutLifecycleConfiguration"}
    exempt = statement["Condition"]["ArnNotEquals"]["aws:PrincipalArn"]["Fn::Sub"]
    assert "cfn-exec-role" in exempt


def test_api_role_reads_and_records_but_cannot_touch_objects(template):
    actions = actions_of(template, role_of(template, API_HANDLER))
    # Only what a SAR disclosure needs (read versions to copy them; write and link the export bucket's
    # packages: tests/infra/test_exports.py pins the resources): never delete, tag or change legal holds.
    s3_actions = {a for a in actions if a.startswith("s3:")}
    assert s3_actions == {"s3:GetObjectVersion", "s3:GetObject", "s3:PutObject"}
    assert {"lambda:InvokeFunction", "sqs:SendMessage", "dynamodb:PutItem"} <= actions
    assert "dynamodb:DeleteItem" not in actions


def test_audit_trail_is_append_only_for_every_principal(template):
    audit = only_resource(
        template,
        "AWS::DynamoDB::Table",
        {
            "KeySchema": [
                {"AttributeName": "target", "KeyType": "HASH"},
                {"AttributeName": "entry", "KeyType": "RANGE"},
            ]
        },
    )["Properties"]
    [deny] = audit["ResourcePolicy"]["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny" and deny["Principal"] == {"AWS": "*"}
    assert {"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"} <= set(deny["Action"])
    assert audit["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
