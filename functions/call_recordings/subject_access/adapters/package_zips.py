"""The package's zip in the export bucket: a multipart upload whose parts the workers make, the copies
streamed into it, and the one-part zip of a small package.

Every part but the last must hold at least 5 MiB (S3 refuses to complete the upload otherwise:
subject_access/package_zip.py plans the parts by bytes so that they do). A part uploaded again under
the same number replaces the first (a batch worked twice), so the upload is completed with the parts S3
lists, not with ETags a delivery remembered. The zip is encrypted as every object of the bucket is, by
its default encryption (no encryption header: see adapters/disclosures.py). An upload abandoned
(a failed job) is aborted here, and the bucket's lifecycle rule aborts any left incomplete.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

ZIP_CONTENT_TYPE = "application/zip"
STREAM_CHUNK = 1024 * 1024

# S3 reports a missing object or upload as one of these.
_GONE = frozenset({"404", "NoSuchKey", "NoSuchUpload"})


class PackageFileGone(Exception):
    """A file of the package is no longer in the export bucket (or its upload was aborted)."""


class PackageZips:
    def __init__(self, s3_client: Any, export_bucket: str, *, chunk: int = STREAM_CHUNK) -> None:
        self._s3 = s3_client
        self._bucket = export_bucket
        self._chunk = chunk

    def begin(self, key: str, file_name: str) -> str:
        """Start the zip's multipart upload; its upload id."""
        return self._s3.create_multipart_upload(
            Bucket=self._bucket,
            Key=key,
            ContentType=ZIP_CONTENT_TYPE,
            ContentDisposition=f'attachment; filename="{file_name}"',
        )["UploadId"]

    def stream(self, key: str) -> Iterator[bytes]:
        """A file of the package, a chunk at a time; PackageFileGone when it is not there."""
        try:
            body = self._s3.get_object(Bucket=self._bucket, Key=key)["Body"]
        except self._s3.exceptions.ClientError as error:
            if _code(error) in _GONE:
                raise PackageFileGone(key) from error
            raise
        try:
            yield from body.iter_chunks(self._chunk)
        finally:
            body.close()

    def upload_part(self, key: str, upload_id: str, number: int, body: BinaryIO) -> None:
        """Upload (or upload again) one part of the zip, from the start of ``body``."""
        body.seek(0)
        try:
            self._s3.upload_part(
                Bucket=self._bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=body
            )
        except self._s3.exceptions.ClientError as error:
            if _code(error) in _GONE:
                raise PackageFileGone(f"{key} (upload {upload_id})") from error
            raise

    def complete(self, key: str, upload_id: str, parts: int) -> None:
        """Complete the upload with parts 1..``parts`` as S3 holds them; PackageFileGone if the upload is
        gone, or a part is missing."""
        try:
            listed = self._s3.list_parts(Bucket=self._bucket, Key=key, UploadId=upload_id, MaxParts=1000)
            held: dict[int, str] = {}
            while True:
                held |= {part["PartNumber"]: part["ETag"] for part in listed.get("Parts", [])}
                if not listed.get("IsTruncated"):
                    break
                listed = self._s3.list_parts(
                    Bucket=self._bucket,
                    Key=key,
                    UploadId=upload_id,
                    MaxParts=1000,
                    PartNumberMarker=listed["NextPartNumberMarker"],
                )
            missing = [number for number in range(1, parts + 1) if number not in held]
            if missing:
                raise PackageFileGone(f"{key}: part(s) {missing} of {parts} were never uploaded")
            self._s3.complete_multipart_upload(
                Bucket=self._bucket,
                Key=key,
                UploadId=upload_id,
                MultipartUpload={
                    "Parts": [{"PartNumber": number, "ETag": held[number]} for number in range(1, parts + 1)]
                },
            )
        except self._s3.exceptions.ClientError as error:
            if _code(error) in _GONE:
                raise PackageFileGone(f"{key} (upload {upload_id})") from error
            raise

    def abort(self, key: str, upload_id: str) -> None:
        """Abort the upload and drop its parts (nothing to do when it is gone already)."""
        try:
            self._s3.abort_multipart_upload(Bucket=self._bucket, Key=key, UploadId=upload_id)
        except self._s3.exceptions.ClientError as error:
            if _code(error) not in _GONE:
                raise

    def put(self, key: str, body: BinaryIO, file_name: str) -> None:
        """Write a small package's zip in one request, from the start of ``body``."""
        body.seek(0)
        self._s3.put_object(
            Bucket=self._bucket,
            Key=key,
            Body=body,
            ContentType=ZIP_CONTENT_TYPE,
            ContentDisposition=f'attachment; filename="{file_name}"',
        )


def _code(error: Any) -> str:
    return str(error.response.get("Error", {}).get("Code"))
