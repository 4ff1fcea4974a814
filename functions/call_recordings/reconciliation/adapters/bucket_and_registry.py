"""What the daily reconciliation reads and writes: the bucket's version listing, the registry's live
items and their ``object-missing`` flag, the ingest queue, the DPO's alerts topic, and which objects
outside the upload contract the audit trail says were reported already.

It never reads a recording's content or metadata, and never reads a subject hash.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from call_recordings.core.adapters.queue_batches import send_in_batches
from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.identifiers import bucket_target
from call_recordings.core.tables import REGISTRY
from call_recordings.core.vocabulary import NEEDS_DPO
from call_recordings.reconciliation.differences import OBJECT_MISSING, ListedVersion, RegisteredObject

SUMMARY_SUBJECT = "Call recordings: registry items without a recording"
OUTSIDE_CONTRACT_SUBJECT = "Call recordings: objects outside the upload contract"


class RecordingsListing:
    """ListObjectVersions on the recordings bucket (s3:ListBucketVersions): keys, never content."""

    def __init__(self, s3_client: Any, bucket: str) -> None:
        self._s3 = s3_client
        self._bucket = bucket

    def versions(self) -> Iterator[ListedVersion]:
        """Every object version in the bucket, whatever its key (1,000 a page); delete markers are
        skipped."""
        paginator = self._s3.get_paginator("list_object_versions")
        for page in paginator.paginate(Bucket=self._bucket):
            for version in page.get("Versions", []):
                yield ListedVersion(
                    bucket=self._bucket,
                    object_key=version["Key"],
                    version_id=version["VersionId"],
                    last_modified=version["LastModified"],
                    size=version.get("Size", 0),
                    etag=version.get("ETag", ""),
                )

    def version_exists(self, object_key: str, version_id: str) -> bool:
        """Whether this exact version is (still) in the bucket: a listing of the key alone, so that the
        function needs no right to read recordings."""
        paginator = self._s3.get_paginator("list_object_versions")
        for page in paginator.paginate(Bucket=self._bucket, Prefix=object_key):
            for version in page.get("Versions", []):
                if version["Key"] == object_key and version["VersionId"] == version_id:
                    return True
        return False


class RegistryObjects:
    """The registry's live items, by a paged Scan with a projection, and the ``object-missing`` flag."""

    def __init__(self, dynamodb_client: Any, table_name: str) -> None:
        self._dynamodb = dynamodb_client
        self._table = table_name

    def live_objects(self) -> Iterator[RegisteredObject]:
        """Where each live recording version's object should be. Tombstones (``deleted_on``) are
        filtered out by the Scan; only keys, location and flags are read."""
        paginator = self._dynamodb.get_paginator("scan")
        pages = paginator.paginate(
            TableName=self._table,
            ProjectionExpression="#call_id, #version_id, #bucket, #object_key, #flags, #needs_dpo",
            FilterExpression="attribute_not_exists(#deleted_on) AND attribute_exists(#object_key)",
            ExpressionAttributeNames={
                "#call_id": "call_id",
                "#version_id": "version_id",
                "#bucket": "bucket",
                "#object_key": "object_key",
                "#flags": "flags",
                "#needs_dpo": "needs_dpo",
                "#deleted_on": "deleted_on",
            },
        )
        for page in pages:
            for item in page.get("Items", []):
                yield RegisteredObject(
                    call_id=item["call_id"]["S"],
                    version_id=item["version_id"]["S"],
                    bucket=item["bucket"]["S"],
                    object_key=item["object_key"]["S"],
                    flags=frozenset(item.get("flags", {}).get("SS", [])),
                    on_dpo_list="needs_dpo" in item,
                )

    def flag_object_missing(self, item: RegisteredObject) -> bool:
        """Add ``object-missing`` to the item's flags, once: False when it was flagged already, or is
        no longer a live item (deleted, or tombstoned since the scan)."""
        try:
            self._dynamodb.update_item(
                TableName=self._table,
                Key=REGISTRY.key(item.call_id, item.version_id),
                UpdateExpression="ADD #flags :flag SET #needs_dpo = :needs_dpo",
                ConditionExpression=(
                    "attribute_exists(#object_key) AND attribute_not_exists(#deleted_on) "
                    "AND NOT contains(#flags, :flag_name)"
                ),
                ExpressionAttributeNames={
                    "#flags": "flags",
                    "#needs_dpo": "needs_dpo",
                    "#object_key": "object_key",
                    "#deleted_on": "deleted_on",
                },
                ExpressionAttributeValues={
                    ":flag": {"SS": [OBJECT_MISSING]},
                    ":flag_name": {"S": OBJECT_MISSING},
                    ":needs_dpo": {"S": NEEDS_DPO},
                },
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def put_on_dpo_list(self, item: RegisteredObject) -> bool:
        """Mark a flagged live version `needs_dpo` (the by-needs-dpo index): what a version registered
        before that index existed lacks. False when it is no longer live."""
        try:
            self._dynamodb.update_item(
                TableName=self._table,
                Key=REGISTRY.key(item.call_id, item.version_id),
                UpdateExpression="SET #needs_dpo = :needs_dpo",
                ConditionExpression="attribute_exists(#recorded_at) AND attribute_not_exists(#deleted_on)",
                ExpressionAttributeNames={
                    "#needs_dpo": "needs_dpo",
                    "#recorded_at": "recorded_at",
                    "#deleted_on": "deleted_on",
                },
                ExpressionAttributeValues={":needs_dpo": {"S": NEEDS_DPO}},
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True


class IngestQueue:
    """Sends S3-event-shaped messages to the ingest queue, as the bucket's notification would."""

    def __init__(self, sqs_client: Any, queue_url: str) -> None:
        self._sqs = sqs_client
        self._queue_url = queue_url

    def send(self, bodies: Sequence[str]) -> None:
        """Send every body, ten to a call; entries SQS refuses are sent again, then it raises."""
        if refused := send_in_batches(self._sqs, self._queue_url, bodies):
            raise RuntimeError(f"the ingest queue refused {refused} re-ingest message(s)")


class ReconciliationAlerts:
    """The DPO's alerts topic: one summary a run of each kind of finding."""

    def __init__(self, sns_client: Any, topic_arn: str) -> None:
        self._sns = sns_client
        self._topic_arn = topic_arn

    def report(self, message: str) -> str:
        """Registry items without a recording."""
        return self._publish(SUMMARY_SUBJECT, message)

    def report_outside_contract(self, message: str) -> str:
        """Objects in the bucket outside the upload contract."""
        return self._publish(OUTSIDE_CONTRACT_SUBJECT, message)

    def _publish(self, subject: str, message: str) -> str:
        response = self._sns.publish(TopicArn=self._topic_arn, Subject=subject, Message=message)
        return response["MessageId"]


class ReportedOutsideContract:
    """The versions outside the upload contract already reported: read from the audit trail, where
    each report is an entry under ``bucket#<bucket>`` naming its version. One paged Query of that one
    target, with a projection (``dynamodb:Query`` limited to it by ``dynamodb:LeadingKeys``)."""

    def __init__(self, dynamodb_client: Any, table_name: str) -> None:
        self._dynamodb = dynamodb_client
        self._table = table_name

    def version_ids(self, bucket: str) -> set[str]:
        paginator = self._dynamodb.get_paginator("query")
        pages = paginator.paginate(
            TableName=self._table,
            KeyConditionExpression="#target = :target",
            FilterExpression="#action = :action",
            ProjectionExpression="#details.#version_id",
            ExpressionAttributeNames={
                "#target": "target",
                "#action": "action",
                "#details": "details",
                "#version_id": "version_id",
            },
            ExpressionAttributeValues={
                ":target": {"S": bucket_target(bucket)},
                ":action": {"S": AuditAction.OBJECT_OUTSIDE_CONTRACT_REPORTED.value},
            },
        )
        return {
            item["details"]["M"]["version_id"]["S"]
            for page in pages
            for item in page.get("Items", [])
            if "version_id" in item.get("details", {}).get("M", {})
        }
