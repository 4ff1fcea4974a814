"""The recordings bucket: read an uploaded version's metadata, tag that version."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# HeadObject has no body, so S3 reports a missing key or version by status code alone.
_GONE = frozenset({"404", "NoSuchKey", "NoSuchVersion"})


@dataclass(frozen=True)
class StoredVersion:
    version_id: str
    size: int
    last_modified: datetime
    metadata: dict[str, str] = field(repr=False)  # the telephony system's, with personal data


class RecordingsBucket:
    def __init__(self, s3_client: Any) -> None:
        self._s3 = s3_client

    def head_version(self, bucket: str, key: str, version_id: str | None) -> StoredVersion | None:
        """The version's size, upload time and user metadata; None if it no longer exists.

        Without a version id (an unversioned bucket, or a notification that names none) the
        current version is read, and the version id S3 reports for it is returned.
        """
        request = {"Bucket": bucket, "Key": key} | ({"VersionId": version_id} if version_id else {})
        try:
            response = self._s3.head_object(**request)
        except self._s3.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in _GONE:
                return None
            raise
        return StoredVersion(
            version_id=response.get("VersionId") or version_id or "null",
            size=response["ContentLength"],
            last_modified=response["LastModified"],
            metadata=response.get("Metadata", {}),
        )

    def tag_version(self, bucket: str, key: str, version_id: str, tags: Mapping[str, str]) -> None:
        """Replace the version's whole tag set, in one call."""
        self._s3.put_object_tagging(
            Bucket=bucket,
            Key=key,
            VersionId=version_id,
            Tagging={"TagSet": [{"Key": name, "Value": value} for name, value in tags.items()]},
        )
