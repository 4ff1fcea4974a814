"""A SAR's disclosure package under moto: exact versions copied, manifests, links, one audit entry."""

import csv
import hashlib
import io
import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from botocore.config import Config

from call_recordings.holds.vocabulary import HOLD_REASON_WORDING, HoldReason
from call_recordings.subject_access.adapters.disclosures import DisclosureStore
from call_recordings.subject_access.disclosure import CSV_COLUMNS, KEPT_LONGER
from call_recordings.subject_access.errors import InvalidLinkLifetime, RecordingVersionMissing
from call_recordings.subject_access.exporting import export_disclosure
from tests.integration import disclosure_fixtures
from tests.integration.disclosure_fixtures import EXPORT_BUCKET, NOW

export_world = disclosure_fixtures.export_world

SAR_ID = "S-20261128-0A1B2C3D4E"
DPO = "arn:aws:sts::123456789012:assumed-role/DpoRole/jane.smith"
CALLER_NUMBER = "07700 900123"
CUSTOMER_REF = "SH-100001"
HOLD = "H-20261101-00000000AA"


def subject_metadata(call_id: str) -> dict[str, str]:
    """What the telephony system sent: identifiers in clear, which must never reach the package."""
    return {
        "call-id": call_id,
        "caller-number": CALLER_NUMBER,
        "customer-ref": CUSTOMER_REF,
        "agent-id": "agent-77q",
    }


@pytest.fixture
def matched(export_world):
    """Two versions of one call (a re-upload) and a held call: what a SAR found."""
    return [
        export_world.upload("C-1", b"RIFF first take" + bytes(64), metadata=subject_metadata("C-1")),
        export_world.upload(
            "C-1",
            b"RIFF second take" + bytes(96),
            recorded_at="2026-11-20T10:16:00+00:00",
            metadata=subject_metadata("C-1"),
        ),
        export_world.upload(
            "C-2",
            b"RIFF held call" + bytes(128),
            recorded_at="2026-08-01T09:00:00+01:00",
            holds=frozenset({HOLD}),
            source="member-of-public",
            metadata=subject_metadata("C-2"),
        ),
    ]


def export(export_world, versions, *, link_days=7, **options):
    return export_disclosure(
        SAR_ID,
        versions,
        "H-20261128-0000000055",  # the SAR's own preservation (not on these versions)
        requested_by=DPO,
        link_days=link_days,
        deps=export_world.dependencies(**options),
    )


def test_the_copies_bytes_equal_the_exact_original_versions_downloaded_through_the_links(
    export_world, matched
):
    package = export(export_world, matched)

    assert len(package.recordings) == 3
    for recording in package.recordings:
        original = export_world.originals[(recording.call_id, recording.version_id)]
        downloaded = requests.get(recording.url, timeout=10)
        assert downloaded.status_code == 200
        assert downloaded.content == original
        assert recording.size_bytes == len(original)
        assert recording.sha256 == hashlib.sha256(original).hexdigest()
    # Two versions of C-1 with different bytes: each copy is its own version, not the latest twice.
    c1 = [r for r in package.recordings if r.call_id == "C-1"]
    assert {r.file_name for r in c1} == {"C-1_v1.wav", "C-1_v2.wav"}
    assert len({r.sha256 for r in c1}) == 2


@pytest.mark.parametrize("size_registered", [True, False], ids=["size in the registry", "an older item"])
def test_a_copy_is_one_copyobject_when_the_registry_has_the_size(export_world, matched, size_registered):
    """Issue 17 (export_500_vs_floor): the copy's SHA-256 comes with CopyObject's answer and the size from
    the registry (ingest keeps S3's), so no HeadObject; an item without a size reads it from the copy."""
    versions = matched if size_registered else [each.model_copy(update={"size": None}) for each in matched]
    store = DisclosureStore(
        boto3.client("s3", region_name="eu-west-2", config=Config(signature_version="s3v4")),
        EXPORT_BUCKET,
        credentials=boto3.Session().get_credentials(),
    )
    calls = []
    store._s3.meta.events.register("before-call.s3", lambda model, **_: calls.append(model.name))
    package = export(export_world, versions, disclosures=store)
    assert calls.count("CopyObject") == 3
    assert calls.count("HeadObject") == (0 if size_registered else 3)
    for recording in package.recordings:
        original = export_world.originals[(recording.call_id, recording.version_id)]
        assert (recording.size_bytes, recording.sha256) == (
            len(original),
            hashlib.sha256(original).hexdigest(),
        )


def test_links_last_the_days_asked_and_the_package_says_when_they_end(export_world, matched):
    package = export(export_world, matched, link_days=3)

    assert package.links_expire_at == NOW + timedelta(days=3)
    for url in [package.manifest_json_url, package.manifest_csv_url, *(r.url for r in package.recordings)]:
        query = parse_qs(urlsplit(url).query)
        assert query["X-Amz-Expires"] == [str(3 * 24 * 3600)]
        assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    seven = export(export_world, matched[:1], link_days=7)
    assert parse_qs(urlsplit(seven.recordings[0].url).query)["X-Amz-Expires"] == ["604800"]


def test_copies_live_under_the_sar_and_export_encrypted_with_the_key_and_without_the_uploads_metadata(
    export_world, matched
):
    package = export(export_world, matched)

    prefix = f"exports/{SAR_ID}/{package.export_id}/"
    assert export_world.exported_keys() == sorted(
        [f"{prefix}{name}" for name in ("C-1_v1.wav", "C-1_v2.wav", "C-2_v1.wav")]
        + [f"{prefix}manifest.json", f"{prefix}manifest.csv"]
    )
    for recording in package.recordings:
        head = export_world.s3.head_object(Bucket=EXPORT_BUCKET, Key=f"{prefix}{recording.file_name}")
        assert head["ServerSideEncryption"] == "aws:kms"
        assert head["SSEKMSKeyId"] == export_world.key_arn
        assert head["Metadata"] == {}  # no caller number, customer reference or agent id
        assert head["ContentDisposition"] == f'attachment; filename="{recording.file_name}"'
        assert (
            export_world.s3.get_object_tagging(Bucket=EXPORT_BUCKET, Key=f"{prefix}{recording.file_name}")[
                "TagSet"
            ]
            == []
        )


def test_both_manifests_parse_agree_and_match_the_package(export_world, matched):
    package = export(export_world, matched)

    document = requests.get(package.manifest_json_url, timeout=10).json()
    rows = list(
        csv.DictReader(
            io.StringIO(requests.get(package.manifest_csv_url, timeout=10).content.decode("utf-8-sig"))
        )
    )
    assert document["export_id"] == package.export_id
    assert document["sar_id"] == SAR_ID
    assert [r["file_name"] for r in document["recordings"]] == [r["file_name"] for r in rows]
    for row, recording in zip(rows, document["recordings"], strict=True):
        assert row == {column: str(recording[column]) for column in CSV_COLUMNS}
    assert document["recordings"] == [json.loads(r.model_dump_json()) for r in package.recordings]

    held = next(r for r in document["recordings"] if r["call_id"] == "C-2")
    # Kept for a legal claim: the requester is told only that the law allows it to be kept longer.
    assert held["retention"].endswith(f", {KEPT_LONGER}.")
    assert HOLD_REASON_WORDING[HoldReason.LEGAL_CLAIM] not in json.dumps(document)
    assert "claim" not in held["retention"]
    assert held["recorded_at"] == "2026-08-01T09:00:00+01:00"  # London summer time
    assert held["source"].startswith("Information provided by another member of the public")
    assert all(r["recipients"] == "None outside the Councils" for r in document["recordings"])
    assert "Information Commissioner's Office" in document["about_the_processing"]["complaints"]


def test_the_disclosure_is_audited_once_with_its_lawful_basis_and_no_personal_data(export_world, matched):
    package = export(export_world, matched)

    [entry] = export_world.audit_items()
    assert entry["target"] == f"sar#{SAR_ID}"
    assert entry["action"] == "sar-disclosed"
    assert entry["who"] == DPO
    assert entry["why"]["lawful_basis"] == "UK GDPR Article 15 (right of access by the data subject)"
    assert entry["details"]["export_id"] == package.export_id
    assert entry["details"]["recordings"] == 3
    assert entry["details"]["recipients"] == "the data subject"
    assert entry["details"]["links_expire_at"] == package.links_expire_at.isoformat()
    text = export_world.audit_text()
    for personal in (CALLER_NUMBER, "+447700900123", CUSTOMER_REF, "C-1", "C-2"):
        assert personal not in text


def test_no_manifest_or_copy_carries_the_identifiers_the_upload_sent(export_world, matched):
    package = export(export_world, matched)

    manifest = requests.get(package.manifest_json_url, timeout=10).text
    manifest_csv = requests.get(package.manifest_csv_url, timeout=10).text
    for identifier in (CALLER_NUMBER, CUSTOMER_REF, "agent-77q"):
        assert identifier not in manifest and identifier not in manifest_csv


def test_a_version_gone_from_the_bucket_stops_the_disclosure_without_an_audit_entry(export_world, matched):
    gone = matched[0]
    export_world.s3.delete_object(Bucket=gone.bucket, Key=gone.object_key, VersionId=gone.version_id)

    with pytest.raises(RecordingVersionMissing, match="C-1"):
        export(export_world, matched)
    assert export_world.audit_items() == []
    assert not [key for key in export_world.exported_keys() if key.endswith("manifest.json")]


def test_links_beyond_seven_days_are_refused_before_anything_is_copied(export_world, matched):
    with pytest.raises(InvalidLinkLifetime):
        export(export_world, matched, link_days=8)
    assert export_world.exported_keys() == []
    assert export_world.audit_items() == []


def test_a_sar_that_matched_nothing_gets_a_manifest_saying_so(export_world):
    package = export(export_world, [])

    assert package.recordings == []
    assert requests.get(package.manifest_json_url, timeout=10).json()["recordings"] == []
    [entry] = export_world.audit_items()
    assert entry["details"]["recordings"] == 0
