"""The audit archive bucket: objects put only if new (If-None-Match: *), read back, listed by prefix.

The bucket's default retention (Object Lock, compliance mode) applies to every object put; the bucket
policy refuses a put without If-None-Match, so even this function cannot replace what it archived.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_TAKEN = ("PreconditionFailed", "412")


class AuditArchiveBucket:
    def __init__(self, s3_client: Any, bucket: str) -> None:
        self._s3 = s3_client
        self._bucket = bucket

    def put_if_new(self, object_key: str, body: bytes) -> bool:
        """Write the object unless the key already holds one; False (and nothing written) if it does.

        A concurrent conditional put (409 ConditionalRequestConflict) is raised, for a retry.
        """
        try:
            self._s3.put_object(
                Bucket=self._bucket,
                Key=object_key,
                Body=body,
                ContentType="application/json",
                IfNoneMatch="*",
                # Object Lock needs an integrity checksum on every put with a retention period.
                ChecksumAlgorithm="SHA256",
            )
        except self._s3.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in _TAKEN:
                return False
            raise
        return True

    def read(self, object_key: str) -> bytes:
        return self._s3.get_object(Bucket=self._bucket, Key=object_key)["Body"].read()

    def keys_under(self, prefix: str) -> Iterator[str]:
        """Every object key under ``prefix`` (1,000 a page)."""
        paginator = self._s3.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self._bucket, Prefix=prefix):
            for found in page.get("Contents", []):
                yield found["Key"]
