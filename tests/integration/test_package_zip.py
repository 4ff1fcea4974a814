"""Issue 18: the subject access package as one zip (``package_zip_url``), made by a job of its own in
the export bucket under moto's real multipart upload (which refuses, as S3 does, a part but the last
under 5 MiB): several parts, a part uploaded again when its batch is delivered again, the zip opened and
checked byte for byte against the copies, a small package in one request, and a failure that leaves no
orphan upload. ICO guidance on the right of access: the information is provided "in a commonly used
electronic form"; one archive with its manifest is that form for a package of many files."""

from __future__ import annotations

import hashlib
import io
import json
import random
import zipfile

import pytest
import requests
from botocore.exceptions import ClientError

from call_recordings.dpo_api.dependencies import export_dependencies, jobs_dependencies
from call_recordings.dpo_api.handler import app
from call_recordings.jobs.adapters.job_records import JobRecords
from call_recordings.subject_access.exporting import DisclosurePackage
from call_recordings.subject_access.package_zip import MIN_PART_BYTES
from call_recordings.subject_access.zip_job import zip_package
from tests.integration import jobs_fixtures
from tests.integration.sar_fixtures import CALLER, EXPORT_BUCKET

jobs_world = jobs_fixtures.jobs_world
sar_world = jobs_fixtures.sar_world
world = jobs_fixtures.world

# A little over S3's smallest part: with the part target at that smallest, each recording is a part.
LARGE_RECORDING = MIN_PART_BYTES + 200_000


def _recording(number: int, size: int) -> bytes:
    return b"RIFF" + random.Random(number).randbytes(size - 4)


def _export(jobs_world, sizes: list[int]) -> tuple[str, dict, dict[str, bytes]]:
    """A caller's recordings of ``sizes`` bytes, a SAR for them, each decided disclose, and the package
    made while the DPO waits; the SAR id, the package, and each call's bytes."""
    sar, world = jobs_world.sar, jobs_world.sar.world
    originals = {}
    for number, size in enumerate(sizes):
        call_id = f"C-{number:04d}"
        originals[call_id] = _recording(number, size)
        world.seed_recording(
            call_id, caller_number=CALLER, recorded_at="2026-11-02T10:00:00+00:00", body=originals[call_id]
        )
    opened = sar.open({"subject": {"caller_number": CALLER}, "received_on": "2026-11-30"})
    assert opened.status == 201, opened.body
    world.deliver_work()
    made = sar.export(opened.body["sar_id"])
    assert made.status == 201, made.body
    return opened.body["sar_id"], made.body, originals


def _zip_of(package: dict) -> zipfile.ZipFile:
    downloaded = requests.get(package["package_zip_url"], timeout=30)
    assert downloaded.status_code == 200
    return zipfile.ZipFile(io.BytesIO(downloaded.content))


def _uploads_left(world) -> list:
    return world.s3.list_multipart_uploads(Bucket=EXPORT_BUCKET).get("Uploads", [])


def test_moto_refuses_a_part_under_5_mib_but_the_last_as_s3_does(jobs_world):
    """What makes the integration tests below worth having: moto enforces S3's smallest part."""
    s3 = jobs_world.sar.world.s3
    upload = s3.create_multipart_upload(Bucket=EXPORT_BUCKET, Key="probe.zip")["UploadId"]
    parts = [
        {
            "PartNumber": number,
            "ETag": s3.upload_part(
                Bucket=EXPORT_BUCKET, Key="probe.zip", UploadId=upload, PartNumber=number, Body=b"x" * 1024
            )["ETag"],
        }
        for number in (1, 2)
    ]
    with pytest.raises(ClientError) as refused:
        s3.complete_multipart_upload(
            Bucket=EXPORT_BUCKET, Key="probe.zip", UploadId=upload, MultipartUpload={"Parts": parts}
        )
    assert refused.value.response["Error"]["Code"] == "EntityTooSmall"


def test_a_package_of_several_parts_is_one_zip_byte_for_byte_the_copies_with_its_manifest(
    jobs_world, monkeypatch
):
    monkeypatch.setattr("call_recordings.subject_access.zip_job.PART_TARGET_BYTES", MIN_PART_BYTES)
    sizes = [LARGE_RECORDING, LARGE_RECORDING + 7, 3_000, LARGE_RECORDING + 1]  # the small one joins a part
    sar_id, package, originals = _export(jobs_world, sizes)
    world = jobs_world.sar.world
    assert package["package_zip_url"] is None and package["zip_job_id"]
    zip_job = jobs_world.call("GET", f"/jobs/{package['zip_job_id']}").body
    assert (zip_job["kind"], zip_job["about"], zip_job["status"]) == ("package-zip", sar_id, "running")
    assert zip_job["progress"]["total"] == len(sizes)

    messages = jobs_world.take_queued()
    assert sorted(json.loads(each["Body"])["batch"] for each in messages) == [1, 2, 3]  # a part each
    # The first delivery dies after uploading its part, before counting it: delivered again, it uploads
    # the same part again (replacing it), and the zip is whole.
    counted = JobRecords.count
    died = []

    def die_once(self, job_id, batch, done, now):
        if not died:
            died.append(batch)
            raise RuntimeError("the function timed out")
        return counted(self, job_id, batch, done, now)

    monkeypatch.setattr(JobRecords, "count", die_once)
    assert jobs_world.deliver(messages[:1]) == {messages[0]["MessageId"]}
    assert jobs_world.deliver(messages) == set()
    assert jobs_world.run_jobs() == 0

    done = jobs_world.call("GET", f"/jobs/{package['zip_job_id']}").body
    assert done["status"] == "done", done
    zipped = done["result"]
    assert zipped["export_id"] == package["export_id"] and zipped["zip_job_id"] == package["zip_job_id"]
    archive = _zip_of(zipped)
    assert archive.testzip() is None  # every entry's CRC-32 checks
    names = sorted(each["file_name"] for each in package["recordings"])
    assert archive.namelist() == [*names, "manifest.json", "manifest.csv"]
    prefix = f"exports/{sar_id}/{package['export_id']}/"
    for recording in package["recordings"]:
        copy = world.s3.get_object(Bucket=EXPORT_BUCKET, Key=prefix + recording["file_name"])["Body"].read()
        inside = archive.read(recording["file_name"])
        assert inside == copy == originals[recording["call_id"]]
        assert hashlib.sha256(inside).hexdigest() == recording["sha256"]
    manifest = json.loads(archive.read("manifest.json"))
    assert sorted(each["call_id"] for each in manifest["recordings"]) == sorted(originals)
    assert archive.read("manifest.csv").decode().count("\n") == len(sizes) + 1
    assert _uploads_left(world) == []

    trail = world.audit_entries(f"sar#{sar_id}")
    zipped_entries = [entry for entry in trail if entry["action"] == "sar-package-zipped"]
    assert len(zipped_entries) == 1
    details = zipped_entries[0]["details"]
    size = world.s3.head_object(Bucket=EXPORT_BUCKET, Key=f"{prefix}package.zip")["ContentLength"]
    assert (details["export_id"], details["entries"], details["bytes"]) == (package["export_id"], 6, size)
    assert not any(call_id in json.dumps(details, default=str) for call_id in originals)  # no personal data


def test_a_small_package_is_zipped_in_one_request_by_the_finish(jobs_world):
    _, package, originals = _export(jobs_world, [4_000, 9_000])
    assert jobs_world.run_jobs() == 1  # the zip job's finish, nothing else
    zipped = jobs_world.call("GET", f"/jobs/{package['zip_job_id']}").body["result"]
    archive = _zip_of(zipped)
    assert archive.testzip() is None
    assert {name: archive.read(name) for name in ("C-0000_v1.wav", "C-0001_v1.wav")} == {
        "C-0000_v1.wav": originals["C-0000"],
        "C-0001_v1.wav": originals["C-0001"],
    }
    assert len(json.loads(archive.read("manifest.json"))["recordings"]) == 2
    # The link ends when the package's others do.
    assert zipped["links_expire_at"] == package["links_expire_at"]
    assert _uploads_left(jobs_world.sar.world) == []


def test_a_copy_gone_before_its_part_fails_the_zip_job_audited_and_aborts_the_upload(jobs_world, monkeypatch):
    monkeypatch.setattr("call_recordings.subject_access.zip_job.PART_TARGET_BYTES", MIN_PART_BYTES)
    sar_id, package, _ = _export(jobs_world, [LARGE_RECORDING, LARGE_RECORDING])
    world = jobs_world.sar.world
    assert len(_uploads_left(world)) == 1  # the zip's upload, begun with its job
    prefix = f"exports/{sar_id}/{package['export_id']}/"
    world.s3.delete_object(Bucket=EXPORT_BUCKET, Key=f"{prefix}C-0001_v1.wav")
    jobs_world.run_jobs()
    failed = jobs_world.call("GET", f"/jobs/{package['zip_job_id']}").body
    assert failed["status"] == "failed" and "C-0001_v1.wav" in failed["error"] and failed["result"] is None
    assert _uploads_left(world) == []  # no orphan parts
    trail = [entry["action"] for entry in world.audit_entries(f"sar#{sar_id}")]
    assert "job-failed" in trail and "sar-package-zipped" not in trail and "sar-disclosed" in trail


def test_a_package_made_by_a_job_is_zipped_and_its_result_then_carries_the_zip(jobs_world, monkeypatch):
    monkeypatch.setattr("call_recordings.dpo_api.routes.sar_exports.SYNC_EXPORT_LIMIT", 2)
    monkeypatch.setattr("call_recordings.subject_access.export_job.EXPORT_BATCH", 2)
    sar, world = jobs_world.sar, jobs_world.sar.world
    for number in range(3):
        world.seed_recording(f"C-{number:04d}", caller_number=CALLER, recorded_at="2026-11-02T10:00:00+00:00")
    opened = sar.open({"subject": {"caller_number": CALLER}, "received_on": "2026-11-30"})
    world.deliver_work()
    started = sar.export(opened.body["sar_id"])
    assert started.status == 202, started.body
    jobs_world.run_jobs()  # the package's batches, its finish, then its zip's finish
    package = jobs_world.call("GET", f"/jobs/{started.body['job_id']}").body["result"]
    assert package["zip_job_id"] and package["package_zip_url"]
    assert _zip_of(package).testzip() is None
    assert len(_zip_of(package).namelist()) == 3 + 2


def test_a_finish_of_the_package_delivered_again_starts_no_second_zip(jobs_world):
    _, package, _ = _export(jobs_world, [1_000])
    again = zip_package(
        DisclosurePackage.model_validate(package | {"zip_job_id": None}),
        requested_by="dpo",
        export=app.dependency_overrides[export_dependencies](),
        jobs=app.dependency_overrides[jobs_dependencies](),
    )
    assert again.zip_job_id == package["zip_job_id"]
    assert len(jobs_world.take_queued()) == 1  # the first start's message only
    assert _uploads_left(jobs_world.sar.world) == []
