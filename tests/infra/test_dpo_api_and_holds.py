"""The DPO API, the hold worker and the bucket policy that guards evidence, from the template."""

import json

from call_recordings.core.tables import CALL_IDS
from infra.config import CONSOLE_ROLE_NAME
from tests.infra.conftest import (
    CDK_JSON,
    RECORDINGS_BUCKET,
    logical_id,
    only_resource,
    readme_deploy_context,
    registry_table_id,
)

# The DPO API's functions, one per privilege.
REPORTS_HANDLER = "call_recordings.dpo_api.reports_handler.lambda_handler"
CASEWORK_HANDLER = "call_recordings.dpo_api.casework_handler.lambda_handler"
RIGHTS_HANDLER = "call_recordings.dpo_api.rights_handler.lambda_handler"
DISCLOSURE_HANDLER = "call_recordings.dpo_api.disclosure_handler.lambda_handler"
API_HANDLERS = (REPORTS_HANDLER, CASEWORK_HANDLER, RIGHTS_HANDLER, DISCLOSURE_HANDLER)
WORKER_HANDLER = "call_recordings.holds.worker_handler.lambda_handler"

# Which function serves each route: the privilege each route needs, decided here once more, on purpose.
SERVED_BY = {
    ("GET", "/recordings"): REPORTS_HANDLER,
    ("GET", "/recordings/{call_id}"): REPORTS_HANDLER,
    ("GET", "/holds"): REPORTS_HANDLER,
    ("GET", "/holds/{hold_id}"): REPORTS_HANDLER,
    ("GET", "/sars"): REPORTS_HANDLER,
    ("GET", "/sars/{sar_id}"): REPORTS_HANDLER,
    ("GET", "/erasures/{erasure_id}"): REPORTS_HANDLER,
    ("GET", "/restrictions"): REPORTS_HANDLER,
    ("GET", "/restrictions/{restriction_id}"): REPORTS_HANDLER,
    ("GET", "/complaints"): REPORTS_HANDLER,
    ("GET", "/complaints/{complaint_id}"): REPORTS_HANDLER,
    ("GET", "/statistics"): REPORTS_HANDLER,
    ("GET", "/audit"): REPORTS_HANDLER,
    ("GET", "/requests"): REPORTS_HANDLER,
    ("GET", "/requests/{request_id}"): REPORTS_HANDLER,
    ("POST", "/holds"): CASEWORK_HANDLER,
    ("POST", "/holds/{hold_id}/release"): CASEWORK_HANDLER,
    ("POST", "/holds/{hold_id}/review"): CASEWORK_HANDLER,
    ("POST", "/sars"): CASEWORK_HANDLER,
    ("POST", "/sars/{sar_id}/extend"): CASEWORK_HANDLER,
    ("POST", "/sars/{sar_id}/pause"): CASEWORK_HANDLER,
    ("POST", "/sars/{sar_id}/resume"): CASEWORK_HANDLER,
    ("POST", "/sars/{sar_id}/close"): CASEWORK_HANDLER,
    ("POST", "/restrictions"): CASEWORK_HANDLER,
    ("POST", "/restrictions/{restriction_id}/lift"): CASEWORK_HANDLER,
    ("POST", "/complaints"): RIGHTS_HANDLER,
    ("POST", "/complaints/{complaint_id}/acknowledge"): RIGHTS_HANDLER,
    ("POST", "/complaints/{complaint_id}/update"): RIGHTS_HANDLER,
    ("POST", "/complaints/{complaint_id}/answer"): RIGHTS_HANDLER,
    ("POST", "/complaints/{complaint_id}/withdraw"): RIGHTS_HANDLER,
    ("POST", "/recordings/search"): CASEWORK_HANDLER,
    ("POST", "/recordings/{call_id}/purpose"): CASEWORK_HANDLER,
    ("POST", "/recordings/{call_id}/source"): CASEWORK_HANDLER,
    ("POST", "/sars/{sar_id}/export"): DISCLOSURE_HANDLER,
    ("GET", "/jobs"): DISCLOSURE_HANDLER,
    ("GET", "/jobs/{job_id}"): DISCLOSURE_HANDLER,
    ("POST", "/erasures"): DISCLOSURE_HANDLER,
    ("POST", "/recordings/{call_id}/destroy"): DISCLOSURE_HANDLER,
    ("POST", "/requests"): RIGHTS_HANDLER,
    ("POST", "/requests/{request_id}/extend"): RIGHTS_HANDLER,
    ("POST", "/requests/{request_id}/pause"): RIGHTS_HANDLER,
    ("POST", "/requests/{request_id}/resume"): RIGHTS_HANDLER,
    ("POST", "/requests/{request_id}/decide"): RIGHTS_HANDLER,
    ("POST", "/requests/{request_id}/close"): RIGHTS_HANDLER,
    # Erasing decides a request in the one function that may invoke the eraser.
    ("POST", "/requests/{request_id}/erase"): DISCLOSURE_HANDLER,
    # The DPO's decision on each recording of a SAR: kept by casework, read by reports.
    ("POST", "/sars/{sar_id}/decisions"): CASEWORK_HANDLER,
    ("GET", "/sars/{sar_id}/decisions"): REPORTS_HANDLER,
    # The outside-disclosure register: the rights function preserves and releases, only the disclosure
    # function copies recordings and signs links for the recipient.
    ("POST", "/disclosures"): RIGHTS_HANDLER,
    ("POST", "/disclosures/{disclosure_id}/close"): RIGHTS_HANDLER,
    ("GET", "/disclosures"): REPORTS_HANDLER,
    ("GET", "/disclosures/{disclosure_id}"): REPORTS_HANDLER,
    ("POST", "/disclosures/{disclosure_id}/export"): DISCLOSURE_HANDLER,
}


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
    bucket_id = logical_id(template, "AWS::S3::Bucket", RECORDINGS_BUCKET)
    [policy] = template.find_resources(
        "AWS::S3::BucketPolicy", {"Properties": {"Bucket": {"Ref": bucket_id}}}
    ).values()
    return {s.get("Sid"): s for s in policy["Properties"]["PolicyDocument"]["Statement"]}


def api_methods(template) -> dict[tuple[str, str], str]:
    """Each method of the template's API, (METHOD, path), and the handler of the function its Lambda
    proxy integration invokes."""
    resources = template.to_json()["Resources"]

    def path_of(resource_id):
        if "Ref" not in resource_id:  # the API's root resource
            return ""
        props = resources[resource_id["Ref"]]["Properties"]
        return f"{path_of(props['ParentId'])}/{props['PathPart']}"

    found = {}
    for method in template.find_resources("AWS::ApiGateway::Method").values():
        props = method["Properties"]
        if props["HttpMethod"] == "OPTIONS":  # the console's CORS preflight, answered by API Gateway
            assert props["Integration"]["Type"] == "MOCK"
            continue
        assert props["Integration"]["Type"] == "AWS_PROXY"
        [function_id] = [
            part["Fn::GetAtt"][0]
            for part in props["Integration"]["Uri"]["Fn::Join"][1]
            if isinstance(part, dict) and "Fn::GetAtt" in part
        ]
        found[(props["HttpMethod"], path_of(props["ResourceId"]))] = resources[function_id]["Properties"][
            "Handler"
        ]
    return found


def test_the_api_has_each_route_of_the_openapi_document_and_sends_it_to_the_function_of_its_privilege(
    template,
):
    document = json.loads((CDK_JSON.parent / "docs" / "openapi.json").read_text())
    documented = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    methods = api_methods(template)
    assert set(methods) == documented  # no route more, none less: nothing else reaches a function
    assert methods == SERVED_BY


def test_api_gateway_may_invoke_each_dpo_function_only_through_its_own_routes(template):
    handlers = {
        function_id: function["Properties"]["Handler"]
        for function_id, function in template.find_resources("AWS::Lambda::Function").items()
    }
    own_routes = {handler: set() for handler in API_HANDLERS}
    for (method, path), handler in SERVED_BY.items():  # a permission names a path parameter "*"
        own_routes[handler].add(
            f"/{method}" + "/".join("*" if p.startswith("{") else p for p in path.split("/"))
        )
    granted = {handler: set() for handler in API_HANDLERS}
    for permission in template.find_resources("AWS::Lambda::Permission").values():
        props = permission["Properties"]
        handler = handlers[props["FunctionName"]["Fn::GetAtt"][0]]
        if handler in API_HANDLERS:
            assert props["Principal"] == "apigateway.amazonaws.com"
            *_, route = props["SourceArn"]["Fn::Join"][1]  # ".../<stage>/POST/holds/*/release"
            granted[handler].add(
                "/" + route.split("/", 2)[-1] if route.startswith("/test-invoke-stage/") else route
            )
    assert granted == own_routes


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
    allow, deny, preflight = policy["Statement"]
    assert allow["Effect"] == "Allow" and deny["Effect"] == "Deny"
    # And the console's signed-in DPOs (infra/console.py), named by the role's fixed name.
    console = f"arn:aws:iam::{readme_deploy_context()['account']}:role/{CONSOLE_ROLE_NAME}"
    admitted = [{"Fn::GetAtt": [role_id, "Arn"]}, *named, console]
    assert allow["Condition"]["ArnLike"]["aws:PrincipalArn"] == admitted
    assert deny["Condition"]["ArnNotLike"]["aws:PrincipalArn"] == admitted
    # Nobody else may call any method; anybody may ask a CORS preflight (OPTIONS), which no function answers.
    assert (deny["NotResource"], preflight["Resource"]) == (
        "execute-api:/*/OPTIONS/*",
        "execute-api:/*/OPTIONS/*",
    )
    assert preflight["Effect"] == "Allow" and "Condition" not in preflight


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
    for handler in (*API_HANDLERS, "call_recordings.ingest.handler.lambda_handler"):
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


LOGS = {"logs:CreateLogStream", "logs:PutLogEvents"}
READS = {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"}
SUBJECT_KEY = {"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}
DATA_KEY = {"kms:Decrypt", "kms:GenerateDataKey"}  # reads and writes under the data key
SEAL_NOTES = {"kms:Encrypt"}  # the DPO's notes, sealed by our own code (core/notes.py)


def test_the_reports_function_reads_the_tables_and_writes_only_published_statistics(template):
    # What the tables hold is encrypted with the data key: decrypting it, and nothing more.
    role = role_of(template, REPORTS_HANDLER)
    assert actions_of(template, role) == {*READS, "dynamodb:PutItem", "kms:Decrypt", *LOGS}
    # Its one write: a month of statistics, in the requests table's `statistics` partition only.
    puts = [each for each in statements_of(template, role).values() if "dynamodb:PutItem" in each["Action"]]
    [publish] = puts
    [requests_table] = [
        name
        for name, table in template.find_resources("AWS::DynamoDB::Table").items()
        if table["Properties"]["KeySchema"][0]["AttributeName"] == "request_id"
    ]
    assert publish["Action"] == "dynamodb:PutItem"
    assert publish["Resource"] == {"Fn::GetAtt": [requests_table, "Arn"]}
    assert publish["Condition"] == {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["statistics"]}}


def test_the_casework_function_keeps_casework_and_hands_holds_to_the_worker_and_only_retags_objects(template):
    actions = actions_of(template, role_of(template, CASEWORK_HANDLER))
    writes = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"}
    hand_over = {"sqs:SendMessage", "lambda:InvokeFunction"}
    retag = {"s3:PutObjectVersionTagging"}  # a correction of purpose or source (issue 16 item 3)
    assert actions == READS | writes | SUBJECT_KEY | hand_over | DATA_KEY | SEAL_NOTES | LOGS | retag
    tagging = statements_of(template, role_of(template, CASEWORK_HANDLER))["CorrectPurposeAndSourceTags"]
    assert tagging["Action"] == "s3:PutObjectVersionTagging"
    assert tagging["Resource"]["Fn::Join"][1][-1] == "/recordings/*"  # recordings only, not the bucket
    [worker_id] = template.find_resources(
        "AWS::Lambda::Function", {"Properties": {"Handler": WORKER_HANDLER}}
    )
    invoke = statements_of(template, role_of(template, CASEWORK_HANDLER))["ApplySmallHoldsThroughTheWorker"]
    assert invoke["Resource"] == {"Fn::GetAtt": [worker_id, "Arn"]}


def test_the_rights_function_keeps_rights_requests_disclosures_and_complaints_through_the_worker_only(
    template,
):
    """The fourth DPO function (rights requests, outside disclosures, complaints) has the casework grants
    a restriction decided and a disclosure's preservation hold need (the registry's restriction marks, the
    requests table, the hold worker and its queue, the subject key, sealing notes) and nothing more: no
    tag, no recording, no export, no eraser."""
    role_id = role_of(template, RIGHTS_HANDLER)
    writes = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"}
    hand_over = {"sqs:SendMessage", "lambda:InvokeFunction"}
    assert (
        actions_of(template, role_id)
        == READS | writes | SUBJECT_KEY | hand_over | DATA_KEY | SEAL_NOTES | LOGS
    )
    statements = statements_of(template, role_id)
    [worker_id] = template.find_resources(
        "AWS::Lambda::Function", {"Properties": {"Handler": WORKER_HANDLER}}
    )
    assert statements["ApplySmallHoldsThroughTheWorker"]["Resource"] == {"Fn::GetAtt": [worker_id, "Arn"]}
    # Its one registry write: a restriction's mark, on the table itself.
    registry_id = registry_table_id(template)
    registry_writes = [
        sid
        for sid, statement in statements.items()
        if registry_id in json.dumps(statement["Resource"])
        and set(statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]])
        & writes
    ]
    assert registry_writes == ["MarkRestrictedRecordings"]
    assert statements["MarkRestrictedRecordings"]["Resource"] == {"Fn::GetAtt": [registry_id, "Arn"]}


# The package's zip (issue 18): a multipart upload it completes from the parts S3 lists, or aborts.
PACKAGE_ZIP_UPLOAD = {"s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"}


def test_the_disclosure_function_copies_recordings_writes_exports_and_erases_but_holds_nothing(template):
    role_id = role_of(template, DISCLOSURE_HANDLER)
    actions = actions_of(template, role_id)
    writes = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"}
    objects = {"s3:GetObjectVersion", "s3:GetObject", "s3:PutObject"} | PACKAGE_ZIP_UPLOAD
    assert actions == (
        READS
        | writes
        | SUBJECT_KEY
        | objects
        | {"lambda:InvokeFunction"}
        | DATA_KEY
        | SEAL_NOTES
        | LOGS
        | JOB_QUEUE_SEND
        | JOB_QUEUE_CONSUME
    )
    # It updates requests (an outside disclosure counts its packages), never the registry: the
    # registry's holds and restrictions are not its to change.
    registry_id = registry_table_id(template)
    for statement in statements_of(template, role_id).values():
        listed = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        if set(listed) & writes:
            assert registry_id not in json.dumps(statement["Resource"])


def test_only_the_disclosure_function_reads_recordings_writes_exports_or_invokes_the_eraser(template):
    functions = template.find_resources("AWS::Lambda::Function")
    [eraser_id] = [
        id_
        for id_, f in functions.items()
        if f["Properties"]["Handler"] == "call_recordings.deletion.eraser_handler.lambda_handler"
    ]
    [worker_id] = [id_ for id_, f in functions.items() if f["Properties"]["Handler"] == WORKER_HANDLER]
    for handler in API_HANDLERS:
        statements = statements_of(template, role_of(template, handler)).values()
        invoked = {json.dumps(s["Resource"]) for s in statements if s["Action"] == "lambda:InvokeFunction"}
        s3_actions = {a for a in actions_of(template, role_of(template, handler)) if a.startswith("s3:")}
        sends = {a for a in actions_of(template, role_of(template, handler)) if a.startswith("sqs:")}
        if handler == DISCLOSURE_HANDLER:
            assert invoked == {json.dumps({"Fn::GetAtt": [eraser_id, "Arn"]})}
            assert s3_actions == {"s3:GetObjectVersion", "s3:GetObject", "s3:PutObject"} | PACKAGE_ZIP_UPLOAD
            # Only its own jobs' work queue: it hands its long work there and works it (issue 17).
            assert sends == JOB_QUEUE_SEND | JOB_QUEUE_CONSUME
            queues = {
                json.dumps(s["Resource"])
                for s in statements
                if any(
                    a.startswith("sqs:")
                    for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])
                )
            }
            assert queues == {json.dumps({"Fn::GetAtt": [job_queue_id(template), "Arn"]})}
        elif handler == CASEWORK_HANDLER:  # and only the two casework functions hand work to the hold worker
            assert invoked == {json.dumps({"Fn::GetAtt": [worker_id, "Arn"]})}
            assert s3_actions == {"s3:PutObjectVersionTagging"}  # never reads nor deletes an object
            assert sends == {"sqs:SendMessage"}
        elif handler == RIGHTS_HANDLER:
            assert invoked == {json.dumps({"Fn::GetAtt": [worker_id, "Arn"]})}
            assert not s3_actions  # not even a tag: corrections are the casework function's
            assert sends == {"sqs:SendMessage"}
        else:
            assert not invoked and not s3_actions and not sends


# The functions that place holds: the subject key, the hold worker and its queue, and the call ids table
# (its claims list each call's versions).
HOLD_PLACING = {"CALL_IDS_TABLE", "HMAC_SECRET_ARN", "HOLD_WORK_QUEUE_URL", "HOLD_WORKER_FUNCTION"}


def test_only_the_functions_placing_holds_read_the_call_ids_table_and_only_its_lists(template):
    """A hold naming call ids reads their claims' lists of versions (BatchGetItem, nothing else); no
    DPO function writes the table, which is ingest's."""
    call_ids_id = logical_id(template, "AWS::DynamoDB::Table", {"KeySchema": CALL_IDS.key_schema()})
    for handler in API_HANDLERS:
        touching = [
            statement
            for statement in statements_of(template, role_of(template, handler)).values()
            if call_ids_id in json.dumps(statement["Resource"])
        ]
        if handler in (CASEWORK_HANDLER, RIGHTS_HANDLER):
            assert [(s["Action"], s["Resource"]) for s in touching] == [
                ("dynamodb:BatchGetItem", {"Fn::GetAtt": [call_ids_id, "Arn"]})
            ]
        else:
            assert touching == []


def test_each_dpo_function_is_given_only_the_settings_its_routes_use(template):
    tables = {"REGISTRY_TABLE", "REQUESTS_TABLE", "AUDIT_TABLE", "NOTES_KEY_ARN"}
    common = {
        "POWERTOOLS_SERVICE_NAME",
        "POWERTOOLS_METRICS_NAMESPACE",
        "LOG_LEVEL",
        "PYDANTIC_DISABLE_PLUGINS",
        "CONSOLE_ORIGIN",  # the console's origin, for CORS (infra/dpo_api.py admit_the_console)
    }
    expected = {
        REPORTS_HANDLER: tables,
        CASEWORK_HANDLER: tables | HOLD_PLACING,
        RIGHTS_HANDLER: tables | HOLD_PLACING,
        DISCLOSURE_HANDLER: tables
        | {"HMAC_SECRET_ARN", "ERASER_FUNCTION", "EXPORT_BUCKET", "JOB_QUEUE_URL"}
        | {"DATA_CONTROLLER", "DATA_PROCESSORS", "STORAGE_LOCATION"},
    }
    for handler, variables in expected.items():
        function = only_resource(template, "AWS::Lambda::Function", {"Handler": handler})["Properties"]
        assert set(function["Environment"]["Variables"]) == variables | common
        assert function["Timeout"] == 29  # inside API Gateway's own limit


JOB_QUEUE_SEND = {"sqs:SendMessage"}
# What Lambda's SQS event source needs of its function's role (CDK grants exactly these).
JOB_QUEUE_CONSUME = {
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:ChangeMessageVisibility",
    "sqs:GetQueueAttributes",
    "sqs:GetQueueUrl",
}


def job_queue_id(template):
    [queue_id] = [
        queue_id
        for queue_id in template.find_resources("AWS::SQS::Queue")
        if queue_id.startswith("DpoApiJobsWorkQueue")
    ]
    return queue_id


def test_the_jobs_queue_is_worked_a_batch_at_a_time_by_the_disclosure_function_with_a_dead_letter_alarm(
    template,
):
    """Issue 17: every failure of a job's batch ends in a retry, then the dead-letter queue and its alarm."""
    queue = template.find_resources("AWS::SQS::Queue")[job_queue_id(template)]["Properties"]
    assert queue["RedrivePolicy"]["maxReceiveCount"] == 5
    assert queue["VisibilityTimeout"] == 29 * 6  # six times the function's timeout (AWS's advice)
    [mapping] = [
        m["Properties"]
        for m in template.find_resources("AWS::Lambda::EventSourceMapping").values()
        if m["Properties"]["EventSourceArn"] == {"Fn::GetAtt": [job_queue_id(template), "Arn"]}
    ]
    disclosure = only_resource(template, "AWS::Lambda::Function", {"Handler": DISCLOSURE_HANDLER})
    [disclosure_id] = [
        id_ for id_, f in template.find_resources("AWS::Lambda::Function").items() if f == disclosure
    ]
    assert mapping["FunctionName"] == {"Ref": disclosure_id}
    assert mapping["BatchSize"] == 1 and mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    dead_letters = queue["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
    alarms = [
        alarm["Properties"]
        for alarm in template.find_resources("AWS::CloudWatch::Alarm").values()
        if dead_letters in json.dumps(alarm["Properties"].get("Dimensions", []))
    ]
    assert alarms, "no alarm watches the jobs' dead-letter queue"


def statements_of(template, role_id):
    return {
        statement["Sid"]: statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if "Sid" in statement
    }


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
    statements = {each["Sid"]: each for each in audit["ResourcePolicy"]["PolicyDocument"]["Statement"]}
    deny = statements[
        "AuditTrailIsAppendOnly"
    ]  # the table's own changes: tests/infra/test_storage_boundary.py
    assert deny["Effect"] == "Deny" and deny["Principal"] == {"AWS": "*"}
    assert {"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"} <= set(deny["Action"])
    assert audit["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}


def test_only_the_writing_dpo_functions_may_seal_notes_and_only_with_a_requests_context(template):
    """core/notes.py: casework and disclosure write notes (kms:Encrypt under the data key, with the
    request and field as its encryption context); the reports function only opens them (kms:Decrypt)."""
    for handler, seals in ((CASEWORK_HANDLER, True), (DISCLOSURE_HANDLER, True), (REPORTS_HANDLER, False)):
        function = only_resource(template, "AWS::Lambda::Function", {"Handler": handler})
        role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
        statements = statements_of(template, role_id)
        encrypting = [sid for sid, each in statements.items() if "kms:Encrypt" in str(each["Action"])]
        assert encrypting == (["SealTheDposNotes"] if seals else [])
        if seals:
            conditions = statements["SealTheDposNotes"]["Condition"]
            assert conditions["ForAllValues:StringEquals"] == {
                "kms:EncryptionContextKeys": ["request_id", "field"]
            }
            key = function["Properties"]["Environment"]["Variables"]["NOTES_KEY_ARN"]
            assert statements["SealTheDposNotes"]["Resource"] == key


def test_the_package_manifest_names_aws_as_processor_and_the_deployments_region_from_context(template):
    """Issue 16 item 6: the controller, the processors and the storage location a SAR manifest states
    come from the deployment (infra/config.py defaults when context names none), not literal text."""
    variables = only_resource(template, "AWS::Lambda::Function", {"Handler": DISCLOSURE_HANDLER})[
        "Properties"
    ]["Environment"]["Variables"]
    assert variables["DATA_CONTROLLER"].startswith("South Hams District Council, Follaton House")
    assert variables["DATA_PROCESSORS"].startswith("Amazon Web Services EMEA SARL (AWS)")
    assert "processor" in variables["DATA_PROCESSORS"]
    assert variables["STORAGE_LOCATION"] == (
        "Stored by Amazon Web Services in its London, United Kingdom region (eu-west-2); no copy is kept in "
        "any other region"
    )


def test_the_hold_worker_takes_one_work_message_at_a_time_inside_its_timeout(template):
    """A work message is up to 1,000 versions (3,000 calls): the worker is given one message an
    invocation, so its timeout is one message's time; the queue hides a message being worked on for six
    times that (AWS's advice for an SQS event source), and the worker reads a message's versions among
    the hold's members with one query, not a BatchGetItem per 100."""
    worker = only_resource(template, "AWS::Lambda::Function", {"Handler": WORKER_HANDLER})
    worker_id = logical_id(template, "AWS::Lambda::Function", {"Handler": WORKER_HANDLER})
    [mapping] = [
        each["Properties"]
        for each in template.find_resources("AWS::Lambda::EventSourceMapping").values()
        if each["Properties"]["FunctionName"] == {"Ref": worker_id}
    ]
    assert mapping["BatchSize"] == 1
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    [queue_id] = mapping["EventSourceArn"]["Fn::GetAtt"][:1]
    queue = template.find_resources("AWS::SQS::Queue")[queue_id]["Properties"]
    assert worker["Properties"]["Timeout"] == 120
    assert queue["VisibilityTimeout"] == 6 * 120
    actions = actions_of(template, role_of(template, WORKER_HANDLER))
    assert "dynamodb:Query" in actions and "dynamodb:BatchGetItem" not in actions
