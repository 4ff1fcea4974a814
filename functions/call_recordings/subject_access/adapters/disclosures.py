"""The export bucket: copies of recording versions disclosed to a data subject, their manifests, and
time-limited links to them.

Copies are made by S3 itself (CopyObject naming the exact source version), so the bytes never pass
through the function and are byte-for-byte the original's; S3 computes the copy's SHA-256 as it
writes it (``ChecksumAlgorithm``). The copy is encrypted by the export bucket's default encryption
(SSE-KMS with the stack's data key, bucket key on): no encryption header is sent, because naming
``aws:kms`` without a key id would pick the AWS-managed ``aws/s3`` key instead of the bucket's.
The original's user metadata (caller number, customer reference, agent id in clear) and its tags are
not copied: the manifest is the package's record of what each file is.

Links are presigned GET URLs (SigV4), valid for up to 7 days (604,800 s, S3's limit for SigV4).
A presigned URL is only as good as the credentials that signed it: signed with the Lambda role's
temporary credentials, it stops working when those credentials expire (a few hours after the function
obtained them), whatever ``ExpiresIn`` says. What this system does about it: the package records the
expiry the DPO asked for (``links_expire_at``) and hands the links over at once; if the subject
reports a dead link within that time, re-issuing links is one cheap call per file (``link``) on the
same objects, which stay in the bucket for 30 days (lifecycle). Links that truly last days would need
a long-term signing identity (an IAM user's access key, or CloudFront signed URLs with a key pair),
which the council has chosen not to hold.

The links are signed as the S3 client's ``generate_presigned_url`` signs them (SigV4 query
authentication, by botocore's own ``S3SigV4QueryAuth``), but the bucket's endpoint is resolved once,
from one link the client signs, not again for every link: that resolution is over half the client's
cost, and a package made by a job signs a link for each of its copies when the last is made (500
links took about 0.09 s through the client, 0.04 s here). Each link is signed with the credentials the
client was made with, as they are at that moment (refreshed ones included).
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest

from call_recordings.core.at_once import each_at_once
from call_recordings.subject_access.disclosure import CopiedFile, VersionCopy

MAX_LINK_SECONDS = 7 * 24 * 60 * 60  # 604,800: SigV4's limit for a presigned URL
COPY_THREADS = 8

# S3 reports a missing source version of a copy as one of these.
_GONE = frozenset({"404", "NoSuchKey", "NoSuchVersion"})


class DisclosureStore:
    def __init__(
        self, s3_client: Any, export_bucket: str, *, credentials: Any, threads: int = COPY_THREADS
    ) -> None:
        """``credentials``: those ``s3_client`` was made with (botocore's, from its session), which sign
        the links."""
        self._s3 = s3_client
        self._bucket = export_bucket
        self._credentials = credentials
        self._threads = threads
        self._signing: LinkSigning | None = None

    @property
    def bucket(self) -> str:
        return self._bucket

    @property
    def s3_client(self) -> Any:
        """The client (SigV4, pooled), shared with the package's zip (adapters/package_zips.py)."""
        return self._s3

    def copy_versions(self, copies: Sequence[VersionCopy]) -> list[CopiedFile | None]:
        """Copy each version (several at once; the client is thread-safe); for each, in order, the copy's
        size and SHA-256, or None when the source version no longer exists."""
        return each_at_once(self.copy_version, copies, threads=self._threads)

    def copy_version(self, copy: VersionCopy) -> CopiedFile | None:
        """Server-side copy of the exact version: one CopyObject, whose answer carries the copy's SHA-256;
        a HeadObject only when the registry did not give the size (an item from before ingest kept it)."""
        content_type = mimetypes.guess_type(copy.file_name)[0] or "application/octet-stream"
        try:
            copied = self._s3.copy_object(
                Bucket=self._bucket,
                Key=copy.destination_key,
                CopySource={
                    "Bucket": copy.source_bucket,
                    "Key": copy.source_key,
                    "VersionId": copy.version_id,
                },
                MetadataDirective="REPLACE",
                ContentType=content_type,
                ContentDisposition=f'attachment; filename="{copy.file_name}"',
                TaggingDirective="REPLACE",
                ChecksumAlgorithm="SHA256",
            )
        except self._s3.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in _GONE:
                return None
            raise
        checksum = copied.get("CopyObjectResult", {}).get("ChecksumSHA256")
        if copy.size_bytes is not None and checksum:
            return CopiedFile(size_bytes=copy.size_bytes, sha256=base64.b64decode(checksum).hex())
        head = self._s3.head_object(Bucket=self._bucket, Key=copy.destination_key, ChecksumMode="ENABLED")
        checksum = head.get("ChecksumSHA256") or checksum
        return CopiedFile(size_bytes=head["ContentLength"], sha256=base64.b64decode(checksum).hex())

    def put_file(self, key: str, body: bytes, content_type: str) -> None:
        """Write one of the package's own files (a manifest)."""
        self._s3.put_object(Bucket=self._bucket, Key=key, Body=body, ContentType=content_type)

    def read_file(self, key: str) -> bytes:
        """One of the package's own files (a manifest), as written."""
        return self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read()

    def exists(self, key: str) -> bool:
        """Whether a file of the package is in the bucket (the package's zip, once made)."""
        try:
            self._s3.head_object(Bucket=self._bucket, Key=key)
        except self._s3.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in _GONE:
                return False
            raise
        return True

    def link(self, key: str, *, expires_in: int) -> str:
        """A presigned GET URL for a file of the package, valid for ``expires_in`` seconds (at most 7
        days; see the module's note on the signing credentials' own lifetime)."""
        if not 1 <= expires_in <= MAX_LINK_SECONDS:
            raise ValueError(f"a presigned link lasts 1 to {MAX_LINK_SECONDS} seconds, not {expires_in}")
        if self._signing is None:
            self._signing = LinkSigning.of(self._s3, self._bucket)
        request = AWSRequest(method="GET", url=f"{self._signing.base_url}{quote(key, safe='/~')}")
        S3SigV4QueryAuth(  # no credentials: botocore's NoCredentialsError, as the client would raise
            self._credentials.get_frozen_credentials() if self._credentials is not None else None,
            self._signing.service,
            self._signing.region,
            expires=expires_in,
        ).add_auth(request)
        return request.url


_PROBE_KEY = "probe"


@dataclass(frozen=True)
class LinkSigning:
    """Where a bucket's links point and what signs them, as the S3 client resolves it for a link: the
    endpoint and addressing style (the bucket in the host, or in the path when the client names its own
    endpoint), the signing region and the service."""

    base_url: str  # a link is this and the object's key, escaped as S3's clients escape it
    region: str
    service: str

    @classmethod
    def of(cls, s3_client: Any, bucket: str) -> LinkSigning:
        probe = urlsplit(
            s3_client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": _PROBE_KEY})
        )
        if not probe.path.endswith(f"/{_PROBE_KEY}"):
            raise ValueError(f"the client's link to {bucket} does not end with its key: {probe.path}")
        # The credential scope: key id / date / region / service / aws4_request
        _key_id, _date, region, service, _terminator = parse_qs(probe.query)["X-Amz-Credential"][0].split("/")
        return cls(
            base_url=f"{probe.scheme}://{probe.netloc}{probe.path.removesuffix(_PROBE_KEY)}",
            region=region,
            service=service,
        )
