"""The recordings bucket, as the hold worker touches it: an exact version's legal hold and its tags.

Only the hold worker's role may change legal holds (the bucket policy denies everyone else).
"""

from call_recordings.core.adapters.recordings_bucket import RecordingsBucket


class LegalHolds(RecordingsBucket):
    """The bucket adapter (`tag_version` included) plus an exact version's legal hold."""

    def hold_version(self, bucket: str, key: str, version_id: str) -> None:
        """Object Lock legal hold ON for this version: nobody can delete it, lifecycle included."""
        self._put_legal_hold(bucket, key, version_id, "ON")

    def release_version(self, bucket: str, key: str, version_id: str) -> None:
        """Object Lock legal hold OFF for this version."""
        self._put_legal_hold(bucket, key, version_id, "OFF")

    def _put_legal_hold(self, bucket: str, key: str, version_id: str, status: str) -> None:
        self._s3.put_object_legal_hold(
            Bucket=bucket, Key=key, VersionId=version_id, LegalHold={"Status": status}
        )
