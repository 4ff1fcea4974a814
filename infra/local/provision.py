"""Create, in moto, the resources the synthesized template declares, with the template's settings.

Buckets, queues, tables, keys, secrets and topics are read from `cdk.out`, never declared
here a second time, so the local stack cannot drift from what `cdk deploy` creates; the tests create
their tables the same way (`create_tables`), and only this module calls DynamoDB's CreateTable. Lambda
functions are not created (moto cannot run them without Docker): their handler, environment
and event source are recorded so that the runner calls the same handler in-process.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import boto3

from call_recordings.core.tables import TableSchema

ACCOUNT = "123456789012"  # moto's default account


@dataclass(frozen=True)
class LocalFunction:
    logical_id: str
    handler: str  # "call_recordings.ingest.handler.lambda_handler"
    environment: dict[str, str]
    timeout: int


@dataclass(frozen=True)
class LocalSchedule:
    """An EventBridge schedule rule and the function it invokes (EventBridge itself is not emulated)."""

    rule_id: str
    expression: str  # "cron(0 2 * * ? *)"
    function_id: str  # the target function's logical id


@dataclass(frozen=True)
class LocalApiMethod:
    """A method of the template's REST API and the function its Lambda proxy integration invokes."""

    http_method: str  # "GET", or "ANY"
    resource_path: str  # "/holds/{hold_id}"
    function_id: str  # the function's logical id


@dataclass(frozen=True)
class StreamMapping:
    """A DynamoDB stream's event source mapping: the function, and what it does with a failing batch."""

    function_id: str
    batch_size: int
    retries: int  # MaximumRetryAttempts; -1 for until the record expires
    on_failure_queue_url: str | None


@dataclass
class LocalStack:
    """What was created, by logical id, and how the functions are wired."""

    region: str
    refs: dict[str, str] = field(default_factory=dict)
    attributes: dict[tuple[str, str], str] = field(default_factory=dict)
    functions: dict[str, LocalFunction] = field(default_factory=dict)
    queue_consumers: dict[str, str] = field(default_factory=dict)  # queue URL -> function logical id
    queue_batch_sizes: dict[str, int] = field(default_factory=dict)  # queue URL -> its mapping's BatchSize
    # DynamoDB stream ARN -> how its event source mapping delivers it (infra/local/streams.py).
    stream_consumers: dict[str, StreamMapping] = field(default_factory=dict)
    queue_urls: dict[str, str] = field(default_factory=dict)  # queue ARN -> queue URL
    buckets: dict[str, str] = field(default_factory=dict)  # logical id -> bucket name
    schedules: list[LocalSchedule] = field(default_factory=list)  # the daily jobs, in template order
    # Topic ARN -> the queue standing in for its e-mail subscription: what the DPO would be sent.
    topic_inboxes: dict[str, str] = field(default_factory=dict)
    api_methods: list[LocalApiMethod] = field(default_factory=list)  # API Gateway's routes to functions

    def function(self, handler: str) -> LocalFunction:
        [found] = [f for f in self.functions.values() if f.handler == handler]
        return found

    def resolve(self, value: Any) -> Any:
        """Resolve the intrinsic functions CDK writes (Ref, Fn::GetAtt, Fn::Join) to local names."""
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if not isinstance(value, dict):
            return value
        if set(value) == {"Ref"}:
            return self._ref(value["Ref"])
        if set(value) == {"Fn::GetAtt"}:
            logical_id, attribute = value["Fn::GetAtt"]
            # A resource that has no local stand-in (a role, a log group) resolves to a marker.
            return self.attributes.get((logical_id, attribute), f"local:{logical_id}.{attribute}")
        if set(value) == {"Fn::Sub"}:
            return f"local:{value['Fn::Sub']}"
        if set(value) == {"Fn::Join"}:
            separator, parts = value["Fn::Join"]
            return separator.join(str(self.resolve(part)) for part in parts)
        return {key: self.resolve(item) for key, item in value.items()}

    def _ref(self, name: str) -> str:
        pseudo = {"AWS::Region": self.region, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws"}
        return pseudo.get(name) or self.refs.get(name, f"local:{name}")


def provision(template: dict, session: boto3.Session) -> LocalStack:
    """Create every supported resource of the template in the moto behind `session`."""
    stack = LocalStack(region=session.region_name)
    resources = template["Resources"]
    by_type: dict[str, list[str]] = {}
    for logical_id, resource in resources.items():
        by_type.setdefault(resource["Type"], []).append(logical_id)

    def each(resource_type: str):
        for logical_id in by_type.get(resource_type, []):
            yield logical_id, stack.resolve(resources[logical_id].get("Properties", {}))

    kms = session.client("kms")
    for logical_id, props in each("AWS::KMS::Key"):
        key = kms.create_key(Description=props.get("Description", logical_id))["KeyMetadata"]
        stack.refs[logical_id] = key["KeyId"]
        stack.attributes[(logical_id, "Arn")] = key["Arn"]

    s3 = session.client("s3")
    for logical_id, _ in each("AWS::S3::Bucket"):
        name = f"callrecordings-{logical_id.lower()}"[:63]
        stack.refs[logical_id] = stack.buckets[logical_id] = name
        stack.attributes[(logical_id, "Arn")] = f"arn:aws:s3:::{name}"
    for logical_id, props in each("AWS::S3::Bucket"):
        create_bucket(s3, stack.refs[logical_id], props, stack.region)

    sqs = session.client("sqs")
    queues = sorted(
        by_type.get("AWS::SQS::Queue", []), key=lambda q: "RedrivePolicy" in resources[q]["Properties"]
    )
    for logical_id in queues:
        props = stack.resolve(resources[logical_id]["Properties"])
        name = f"callrecordings-{logical_id}"
        attributes = {
            key: str(props[key]) for key in ("VisibilityTimeout", "MessageRetentionPeriod") if key in props
        }
        if "RedrivePolicy" in props:
            attributes["RedrivePolicy"] = json.dumps(props["RedrivePolicy"])
        if "KmsMasterKeyId" in props:
            attributes["KmsMasterKeyId"] = props["KmsMasterKeyId"]
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        stack.refs[logical_id] = url
        stack.attributes[(logical_id, "Arn")] = f"arn:aws:sqs:{stack.region}:{ACCOUNT}:{name}"
        stack.attributes[(logical_id, "QueueName")] = name
        stack.attributes[(logical_id, "QueueUrl")] = url
        stack.queue_urls[stack.attributes[(logical_id, "Arn")]] = url

    dynamodb = session.client("dynamodb")
    for logical_id, props in each("AWS::DynamoDB::Table"):
        name = f"callrecordings-{logical_id}"
        stack.refs[logical_id] = name
        table = _create_table(dynamodb, name, props)
        stack.attributes[(logical_id, "Arn")] = table["TableArn"]
        if "LatestStreamArn" in table:
            stack.attributes[(logical_id, "StreamArn")] = table["LatestStreamArn"]

    secretsmanager = session.client("secretsmanager")
    for logical_id, props in each("AWS::SecretsManager::Secret"):
        generated = props.get("GenerateSecretString", {})
        secret = secretsmanager.create_secret(
            Name=f"callrecordings-{logical_id}",
            SecretString=secrets.token_hex(generated.get("PasswordLength", 64) // 2),
        )
        stack.refs[logical_id] = secret["ARN"]

    sns = session.client("sns")
    for logical_id, _ in each("AWS::SNS::Topic"):
        arn = sns.create_topic(Name=f"callrecordings-{logical_id}")["TopicArn"]
        stack.refs[logical_id] = arn
        stack.attributes[(logical_id, "TopicName")] = arn.rsplit(":", 1)[1]
        stack.topic_inboxes[arn] = _subscribe_inbox(sqs, sns, arn, f"callrecordings-{logical_id}-inbox")

    for logical_id, _ in each("AWS::Lambda::Function"):
        stack.refs[logical_id] = logical_id
        stack.attributes[(logical_id, "Arn")] = (
            f"arn:aws:lambda:{stack.region}:{ACCOUNT}:function:{logical_id}"
        )
    for logical_id in by_type.get("AWS::Lambda::Function", []):
        props = stack.resolve(resources[logical_id]["Properties"])
        stack.functions[logical_id] = LocalFunction(
            logical_id=logical_id,
            handler=props["Handler"],
            environment={k: str(v) for k, v in props.get("Environment", {}).get("Variables", {}).items()},
            timeout=props.get("Timeout", 3),
        )
    for _, props in each("AWS::Lambda::EventSourceMapping"):
        source = props["EventSourceArn"]
        if source in stack.queue_urls:
            stack.queue_consumers[stack.queue_urls[source]] = props["FunctionName"]
            stack.queue_batch_sizes[stack.queue_urls[source]] = int(props.get("BatchSize", 10))
            continue
        on_failure = props.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
        stack.stream_consumers[source] = StreamMapping(
            function_id=props["FunctionName"],
            batch_size=props.get("BatchSize", 100),
            retries=props.get("MaximumRetryAttempts", -1),
            on_failure_queue_url=stack.queue_urls.get(on_failure) if on_failure else None,
        )

    for logical_id, props in each("AWS::Events::Rule"):
        if "ScheduleExpression" not in props or props.get("State", "ENABLED") != "ENABLED":
            continue
        for target in props.get("Targets", []):
            function_id = str(target["Arn"]).rsplit(":function:", 1)[-1]
            if function_id in stack.functions:
                stack.schedules.append(LocalSchedule(logical_id, props["ScheduleExpression"], function_id))

    stack.api_methods = _api_methods(resources, stack)

    for _, props in each("Custom::S3BucketNotifications"):
        s3.put_bucket_notification_configuration(
            Bucket=props["BucketName"], NotificationConfiguration=props["NotificationConfiguration"]
        )
    _upgrade(stack, dynamodb)
    return stack


def _upgrade(stack: LocalStack, dynamodb: Any) -> None:
    """What docs/deploying.md has an engineer run after `cdk deploy`, on this new deployment: the call
    ids table says every version is listed (an empty registry has none to list)."""
    from infra.upgrades.call_versions import list_call_versions

    tables = next(
        (
            (function.environment["REGISTRY_TABLE"], function.environment["CALL_IDS_TABLE"])
            for function in stack.functions.values()
            if {"REGISTRY_TABLE", "CALL_IDS_TABLE"} <= function.environment.keys()
        ),
        None,
    )
    if tables is not None:
        list_call_versions(dynamodb, *tables)


def _api_methods(resources: dict, stack: LocalStack) -> list[LocalApiMethod]:
    """Each API Gateway method with a Lambda proxy integration: its resource's path, built from the
    resources' path parts up to the API's root, and the function its integration URI names."""

    def path_of(resource_id: dict) -> str:
        if "Ref" not in resource_id:  # {"Fn::GetAtt": [<api>, "RootResourceId"]}
            return ""
        props = resources[resource_id["Ref"]]["Properties"]
        return f"{path_of(props['ParentId'])}/{props['PathPart']}"

    methods = []
    for resource in resources.values():
        props = resource.get("Properties", {})
        if (
            resource["Type"] != "AWS::ApiGateway::Method"
            or props.get("Integration", {}).get("Type") != "AWS_PROXY"
        ):
            continue
        uri = str(stack.resolve(props["Integration"]["Uri"]))  # .../functions/<function ARN>/invocations
        function_id = uri.split(":function:", 1)[1].split("/", 1)[0]
        methods.append(LocalApiMethod(props["HttpMethod"], path_of(props["ResourceId"]) or "/", function_id))
    return methods


def _create_table(dynamodb, name: str, props: dict) -> dict:
    """Create one of the template's tables, as its properties declare it (keys, attribute definitions,
    billing, indexes and their projections, stream, point-in-time recovery); its description."""
    declared = ("KeySchema", "AttributeDefinitions", "BillingMode", "GlobalSecondaryIndexes")
    stream = (
        {"StreamSpecification": {"StreamEnabled": True, **props["StreamSpecification"]}}
        if "StreamSpecification" in props
        else {}
    )
    table = dynamodb.create_table(
        TableName=name, **{key: props[key] for key in declared if key in props}, **stream
    )
    if props.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled"):
        dynamodb.update_continuous_backups(
            TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
        )
    return table["TableDescription"]


def create_tables(template: dict, dynamodb, names: Mapping[TableSchema, str]) -> None:
    """Create, under the name given for each schema, the template's table with that schema's keys,
    exactly as `provision` creates it: how the tests make their tables (never by hand, STYLE 9)."""
    tables = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::DynamoDB::Table"]
    for schema, name in names.items():
        [props] = [table for table in tables if table["KeySchema"] == schema.key_schema()]
        _create_table(dynamodb, name, props)


def _subscribe_inbox(sqs, sns, topic_arn: str, name: str) -> str:
    """A queue subscribed to the topic, standing in for the e-mail subscription `dpoAlertEmail` makes
    in AWS (moto sends no e-mail): the local run reads what the DPO would have been sent from it."""
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn)
    return url


def create_bucket(s3, name: str, props: dict, region: str) -> None:
    """Create one of the template's buckets as its properties declare it (Object Lock and its default
    retention, versioning, public access block, encryption, lifecycle rules); tests make theirs so too."""
    s3.create_bucket(
        Bucket=name,
        CreateBucketConfiguration={"LocationConstraint": region},
        ObjectLockEnabledForBucket=bool(props.get("ObjectLockEnabled")),
    )
    if props.get("VersioningConfiguration", {}).get("Status") == "Enabled":
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    if "ObjectLockConfiguration" in props:  # a default retention (the audit archive's)
        s3.put_object_lock_configuration(
            Bucket=name, ObjectLockConfiguration=props["ObjectLockConfiguration"]
        )
    if "PublicAccessBlockConfiguration" in props:
        s3.put_public_access_block(
            Bucket=name, PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"]
        )
    if "BucketEncryption" in props:
        rules = [
            {
                "ApplyServerSideEncryptionByDefault": rule["ServerSideEncryptionByDefault"],
                **({"BucketKeyEnabled": rule["BucketKeyEnabled"]} if "BucketKeyEnabled" in rule else {}),
            }
            for rule in props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        ]
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": rules})
    if "LifecycleConfiguration" in props:
        s3.put_bucket_lifecycle_configuration(
            Bucket=name,
            LifecycleConfiguration={
                "Rules": [lifecycle_rule(rule) for rule in props["LifecycleConfiguration"]["Rules"]]
            },
        )


def recordings_bucket_id(template: dict) -> str:
    """The recordings bucket's logical id: the one bucket with Object Lock and no default retention
    (legal holds only; the audit archive's bucket has a default retention)."""
    [logical_id] = [
        logical_id
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == "AWS::S3::Bucket"
        and resource["Properties"].get("ObjectLockEnabled")
        and "ObjectLockConfiguration" not in resource["Properties"]
    ]
    return logical_id


def recordings_lifecycle_rules(template: dict) -> list[dict]:
    """The recordings bucket's lifecycle rules as the template declares them, in the S3 API's shape."""
    properties = template["Resources"][recordings_bucket_id(template)]["Properties"]
    return [lifecycle_rule(rule) for rule in properties["LifecycleConfiguration"]["Rules"]]


def lifecycle_rule(rule: dict) -> dict:
    """A CloudFormation lifecycle rule in the shape of the S3 API."""
    api: dict[str, Any] = {"ID": rule["Id"], "Status": rule["Status"]}
    tags = [{"Key": t["Key"], "Value": t["Value"]} for t in rule.get("TagFilters", [])]
    if len(tags) == 1 and "Prefix" not in rule:
        api["Filter"] = {"Tag": tags[0]}
    elif tags:
        api["Filter"] = {"And": {"Tags": tags, **({"Prefix": rule["Prefix"]} if "Prefix" in rule else {})}}
    else:
        api["Filter"] = {"Prefix": rule.get("Prefix", "")}
    expiration = {}
    if "ExpirationInDays" in rule:
        expiration["Days"] = rule["ExpirationInDays"]
    if rule.get("ExpiredObjectDeleteMarker"):
        expiration["ExpiredObjectDeleteMarker"] = True
    if expiration:
        api["Expiration"] = expiration
    if "NoncurrentVersionExpiration" in rule:
        api["NoncurrentVersionExpiration"] = rule["NoncurrentVersionExpiration"]
    if "AbortIncompleteMultipartUpload" in rule:
        api["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
    return api
