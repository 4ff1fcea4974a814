"""Issue 17: a subject access package too large to make while API Gateway waits (29 s) is made by a job:
202 with the job, progress while it runs, the package as its result, idempotent under redelivery, and a
failure that ends the job ``failed`` and is audited (never lost silently)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from call_recordings.core.versions import RecordingVersion
from tests.integration import jobs_fixtures, rights_fixtures
from tests.integration.holds_fixtures import REQUESTS_TABLE, LambdaContext
from tests.integration.sar_fixtures import CALLER, EXPORT_BUCKET

jobs_world = jobs_fixtures.jobs_world
sar_world = jobs_fixtures.sar_world
world = jobs_fixtures.world
deletion = jobs_fixtures.deletion
erasing_jobs = jobs_fixtures.erasing_jobs

# The limits, made small so that a test needs few recordings: what matters is over or within them.
SYNC_EXPORT_LIMIT = 8
EXPORT_BATCH = 8
LARGE = SYNC_EXPORT_LIMIT + EXPORT_BATCH // 2  # two batches: one full, one half


@pytest.fixture(autouse=True)
def small_limits(monkeypatch):
    monkeypatch.setattr("call_recordings.dpo_api.routes.sar_exports.SYNC_EXPORT_LIMIT", SYNC_EXPORT_LIMIT)
    monkeypatch.setattr(
        "call_recordings.dpo_api.routes.disclosure_packages.SYNC_EXPORT_LIMIT", SYNC_EXPORT_LIMIT
    )
    monkeypatch.setattr("call_recordings.subject_access.export_job.EXPORT_BATCH", EXPORT_BATCH)
    monkeypatch.setattr("call_recordings.outside_disclosures.package_job.EXPORT_BATCH", EXPORT_BATCH)


def _open_large_sar(jobs_world, count: int = LARGE) -> str:
    """A caller with ``count`` recordings, a SAR for them (its preservation hold placed through the
    work queue) and every recording decided ``disclose``."""
    sar, world = jobs_world.sar, jobs_world.sar.world
    for number in range(count):
        world.seed_recording(f"C-{number:04d}", caller_number=CALLER, recorded_at="2026-11-02T10:00:00+00:00")
    sar.today = date(2026, 11, 30)
    opened = sar.open({"subject": {"caller_number": CALLER}, "received_on": "2026-11-30"})
    assert opened.status == 201, opened.body
    world.deliver_work()
    decided = sar.disclose_all(opened.body["sar_id"])
    assert decided.status in (200, 201), decided.body
    return opened.body["sar_id"]


def test_a_package_over_the_synchronous_limit_answers_202_and_ends_with_the_package(jobs_world):
    sar_id = _open_large_sar(jobs_world)
    started = jobs_world.call("POST", f"/sars/{sar_id}/export", body={"link_days": 3})
    assert started.status == 202, started.body
    job = started.body
    assert job["kind"] == "sar-export" and job["about"] == sar_id and job["status"] == "running"
    assert job["progress"]["done"] == 0 and job["progress"]["total"] == LARGE
    assert job["result"] is None

    messages = jobs_world.take_queued()
    assert len(messages) == 2  # one per batch of EXPORT_BATCH copies
    assert jobs_world.deliver(messages[:1]) == set()
    halfway = jobs_world.call("GET", f"/jobs/{job['job_id']}").body
    assert halfway["status"] == "running"
    assert halfway["progress"]["done"] in (EXPORT_BATCH, LARGE - EXPORT_BATCH)
    assert 0 < halfway["progress"]["percent"] < 100
    assert halfway["progress"]["estimated_finish_at"] is not None

    assert jobs_world.deliver(messages[1:]) == set()
    done = jobs_world.call("GET", f"/jobs/{job['job_id']}").body
    assert done["status"] == "done", done
    assert done["progress"]["percent"] == 100.0
    package = done["result"]
    assert package["sar_id"] == sar_id and len(package["recordings"]) == LARGE
    # Issue 18: the package's zip is a job of its own, started by this one's finish.
    assert package["zip_job_id"] and package["package_zip_url"] is None
    manifest = json.loads(
        jobs_world.sar.world.s3.get_object(
            Bucket=EXPORT_BUCKET, Key=f"exports/{sar_id}/{package['export_id']}/manifest.json"
        )["Body"].read()
    )
    assert len(manifest["recordings"]) == LARGE
    copies = jobs_world.sar.world.s3.list_objects_v2(Bucket=EXPORT_BUCKET, Prefix=f"exports/{sar_id}/")
    assert copies["KeyCount"] == LARGE + 2  # every copy, manifest.json and manifest.csv
    trail = [entry["action"] for entry in jobs_world.sar.world.audit_entries(f"sar#{sar_id}")]
    assert trail.count("job-started") == 2 and trail.count("sar-disclosed") == 1  # the package's, its zip's
    assert jobs_world.sar.sar_item(sar_id)["exports"] == 1


def test_a_batch_delivered_twice_is_counted_once_and_the_package_disclosed_once(jobs_world):
    sar_id = _open_large_sar(jobs_world)
    job_id = jobs_world.call("POST", f"/sars/{sar_id}/export").body["job_id"]
    messages = jobs_world.take_queued()
    assert jobs_world.deliver([messages[0], messages[0], *messages[1:], messages[-1]]) == set()
    done = jobs_world.call("GET", f"/jobs/{job_id}").body
    assert (done["status"], done["progress"]["done"]) == ("done", LARGE)
    trail = [entry["action"] for entry in jobs_world.sar.world.audit_entries(f"sar#{sar_id}")]
    assert trail.count("sar-disclosed") == 1
    assert jobs_world.sar.sar_item(sar_id)["exports"] == 1


def test_a_version_gone_from_the_bucket_fails_the_job_audited_and_discloses_nothing(jobs_world):
    sar_id = _open_large_sar(jobs_world)
    job_id = jobs_world.call("POST", f"/sars/{sar_id}/export").body["job_id"]
    # Deleted by hand behind the system's back (the bucket's Object Lock would refuse it in AWS).
    world = jobs_world.sar.world
    item = world.registry_item(world._versions["C-0000"][0])
    world.s3.put_object_legal_hold(
        Bucket=item["bucket"],
        Key=item["object_key"],
        VersionId=item["version_id"],
        LegalHold={"Status": "OFF"},
    )
    world.s3.delete_object(Bucket=item["bucket"], Key=item["object_key"], VersionId=item["version_id"])
    jobs_world.run_jobs()
    failed = jobs_world.call("GET", f"/jobs/{job_id}").body
    assert failed["status"] == "failed"
    assert "C-0000" in failed["error"] and failed["result"] is None
    trail = [entry["action"] for entry in world.audit_entries(f"sar#{sar_id}")]
    assert "job-failed" in trail and "sar-disclosed" not in trail
    assert jobs_world.sar.sar_item(sar_id).get("exports", 0) == 0


def test_a_package_within_the_limit_is_still_made_while_the_dpo_waits(jobs_world):
    sar_id = _open_large_sar(jobs_world, count=3)
    answer = jobs_world.call("POST", f"/sars/{sar_id}/export")
    assert answer.status == 201 and len(answer.body["recordings"]) == 3
    # Nothing for the package; only its zip's finish (issue 18: a package under 5 MiB is one part).
    assert [json.loads(each["Body"]) for each in jobs_world.take_queued()] == [
        {"job_id": answer.body["zip_job_id"], "batch": 0}
    ]


def test_an_unknown_job_answers_404_and_a_malformed_id_400(jobs_world):
    unknown = jobs_world.call("GET", "/jobs/J-20261203-0000000000")
    assert (unknown.status, unknown.body["error"]["code"]) == (404, "job-not-found")
    assert jobs_world.call("GET", "/jobs/nonsense").status == 400


def test_jobs_are_listed_newest_first_by_status(jobs_world):
    sar_id = _open_large_sar(jobs_world)
    job_id = jobs_world.call("POST", f"/sars/{sar_id}/export").body["job_id"]
    running = jobs_world.call("GET", "/jobs", query={"status": "running"}).body["jobs"]
    assert [each["job_id"] for each in running] == [job_id]
    jobs_world.run_jobs()
    assert jobs_world.call("GET", "/jobs", query={"status": "running"}).body["jobs"] == []
    zip_job_id = jobs_world.call("GET", f"/jobs/{job_id}").body["result"]["zip_job_id"]
    listed = [each["job_id"] for each in jobs_world.call("GET", "/jobs").body["jobs"]]
    # The package's zip (issue 18) is a job too; both started at the suite's frozen instant, so their
    # order between themselves is the index's, not the clock's.
    assert sorted(listed) == sorted([zip_job_id, job_id])


def test_art_17_an_erasure_over_the_synchronous_limit_is_carried_out_by_a_job(erasing_jobs, monkeypatch):
    """Issue 17: no size limit refuses a legitimate erasure (it was 400 over 500 versions). 12 versions to
    erase and one a legal claim keeps (Art 17(3)(e)): 202, the batches through the eraser, the erasure's
    report as the result, and the request decided only when the job finishes."""
    monkeypatch.setattr("call_recordings.deletion.erasing.ERASURE_BATCH", 5)
    world = erasing_jobs.sar.world
    for number in range(12):
        world.seed_recording(f"C-E{number:02d}", caller_number=CALLER)
    world.seed_recording("C-KEPT", caller_number=CALLER)
    assert (
        world.place({"reason": "legal-claim", "case_reference": "LC-1", "call_ids": ["C-KEPT"]}).status == 201
    )
    opened = rights_fixtures.open_request(world, "erasure", subject={"caller_number": CALLER})
    request_id = opened.body["request_id"]

    started = world.call("POST", f"/requests/{request_id}/erase")
    assert started.status == 202, started.body
    assert (started.body["kind"], started.body["about"]) == ("erasure", request_id)
    assert started.body["progress"]["total"] == 12
    assert world.call("GET", f"/requests/{request_id}").body["carried_out"] is None  # not until it is done

    assert erasing_jobs.run_jobs() == 3  # batches of 5, 5 and 2
    done = world.call("GET", f"/jobs/{started.body['job_id']}").body
    assert done["status"] == "done" and done["progress"]["done"] == 12
    report = done["result"]
    assert (report["status"], report["erased"], report["refused"]) == ("partly-refused", 12, 1)
    assert [each["call_id"] for each in report["refused_recordings"]] == ["C-KEPT"]
    request = world.call("GET", f"/requests/{request_id}").body
    assert request["decision"]["decision"] == "erase"
    assert request["carried_out"]["erasure"]["erasure_id"] == report["erasure_id"]
    assert len(request["erased_recordings"]) == 13
    trail = [entry["action"] for entry in world.audit_entries(f"erasure#{report['erasure_id']}")]
    assert trail.count("erasure-requested") == 1 and trail.count("erasure-finished") == 1
    assert all(world.registry_item(version).get("deleted_on") for version in world._versions["C-E00"])


def test_an_outside_bodys_package_over_the_limit_is_made_by_a_job_and_noted_in_the_register(jobs_world):
    world = jobs_world.sar.world
    call_ids = [f"C-P{number:02d}" for number in range(LARGE)]
    for call_id in call_ids:
        world.seed_recording(call_id, caller_number=CALLER)
    recorded = jobs_world.call(
        "POST",
        "/disclosures",
        body={
            "recipient": "Devon and Cornwall Police",
            "lawful_basis": "prevent-or-detect-crime",
            "request_reference": "DP9-2026-1187",
            "approved_by": "Head of Legal Services",
            "call_ids": call_ids,
        },
    )
    assert recorded.status == 201, recorded.body
    world.deliver_work()  # the disclosure's own hold, through the hold worker
    disclosure_id = recorded.body["disclosure_id"]
    started = jobs_world.call("POST", f"/disclosures/{disclosure_id}/export")
    assert started.status == 202, started.body
    assert (started.body["kind"], started.body["about"]) == ("disclosure-package", disclosure_id)
    jobs_world.run_jobs()
    done = jobs_world.call("GET", f"/jobs/{started.body['job_id']}").body
    assert done["status"] == "done", done
    package = done["result"]
    assert package["disclosure_id"] == disclosure_id and len(package["recordings"]) == LARGE
    assert package["manifest_json_url"]
    report = jobs_world.call("GET", f"/disclosures/{disclosure_id}").body
    assert report["exports"] == 1 and report["disclosed_at"]
    trail = [entry["action"] for entry in world.audit_entries(f"disclosure#{disclosure_id}")]
    assert trail.count("disclosure-packaged") == 1 and trail.count("job-started") == 1


def test_the_eraser_acts_only_on_the_batch_its_invocation_names(erasing_jobs, monkeypatch):
    """Ids, not instructions (DESIGN section 8): an invocation naming batch 1 with a version of batch 2
    erases nothing of it, and the refusal is audited."""
    from call_recordings.deletion import eraser_handler

    monkeypatch.setattr("call_recordings.deletion.erasing.ERASURE_BATCH", 5)
    world = erasing_jobs.sar.world
    for number in range(8):
        world.seed_recording(f"C-B{number:02d}", caller_number=CALLER)
    opened = rights_fixtures.open_request(world, "erasure", subject={"caller_number": CALLER})
    started = world.call("POST", f"/requests/{opened.body['request_id']}/erase")
    assert started.status == 202, started.body
    requests = world.dynamodb_resource_table(REQUESTS_TABLE)
    job = requests.get_item(Key={"request_id": started.body["job_id"], "item": "request"})["Item"]
    erasure_id = job["plan"]["erasure_id"]
    stranger = requests.get_item(Key={"request_id": erasure_id, "item": "to-erase#00002"})["Item"][
        "to_erase"
    ][0]
    answer = eraser_handler.lambda_handler(
        {"erasure_id": erasure_id, "batch": 1, "versions": [stranger]}, LambdaContext()
    )
    assert [each["outcome"] for each in answer["outcomes"]] == ["not-in-erasure"]
    assert not world.registry_item(RecordingVersion(**stranger, object_key="-")).get("deleted_on")
    trail = [entry["action"] for entry in world.audit_entries(f"erasure#{erasure_id}")]
    assert "eraser-invocation-refused" in trail


def test_a_finish_claimed_by_a_delivery_that_died_is_taken_over_not_lost(jobs_world):
    """Never lost silently: the last batch's delivery finds the finish claimed a moment ago by another
    (which then died) and fails, so the queue tries it again; once the claim is stale it finishes."""
    from call_recordings.jobs.adapters.job_records import JobRecords

    sar_id = _open_large_sar(jobs_world)
    job_id = jobs_world.call("POST", f"/sars/{sar_id}/export").body["job_id"]
    records = JobRecords(jobs_world.sar.world.dynamodb, REQUESTS_TABLE)
    now = jobs_world.sar.now()
    assert records.claim_finish(job_id, now=now, stale_before=now - timedelta(minutes=5))
    messages = jobs_world.take_queued()
    failed = jobs_world.deliver(messages)
    assert failed == {messages[-1]["MessageId"]}  # the one that found the finish claimed: retried
    assert jobs_world.call("GET", f"/jobs/{job_id}").body["status"] == "running"

    jobs_world.sar.world.dynamodb.update_item(  # the claim's delivery died ten minutes ago
        TableName=REQUESTS_TABLE,
        Key={"request_id": {"S": job_id}, "item": {"S": "request"}},
        UpdateExpression="SET finishing_at = :then",
        ExpressionAttributeValues={":then": {"S": (now - timedelta(minutes=10)).isoformat()}},
    )
    assert jobs_world.deliver(messages[-1:]) == set()
    assert jobs_world.call("GET", f"/jobs/{job_id}").body["status"] == "done"
    trail = [entry["action"] for entry in jobs_world.sar.world.audit_entries(f"sar#{sar_id}")]
    assert trail.count("sar-disclosed") == 1


def test_a_sar_closed_while_its_package_was_made_fails_the_job_and_discloses_nothing(jobs_world):
    sar_id = _open_large_sar(jobs_world)
    job_id = jobs_world.call("POST", f"/sars/{sar_id}/export").body["job_id"]
    assert jobs_world.call("POST", f"/sars/{sar_id}/close", body={"note": "withdrawn"}).status == 200
    jobs_world.run_jobs()
    failed = jobs_world.call("GET", f"/jobs/{job_id}").body
    assert failed["status"] == "failed" and "closed" in failed["error"]
    trail = [entry["action"] for entry in jobs_world.sar.world.audit_entries(f"sar#{sar_id}")]
    assert "sar-disclosed" not in trail and "job-failed" in trail


def test_a_job_whose_work_cannot_be_queued_is_failed_and_audited_not_left_running(jobs_world, monkeypatch):
    from call_recordings.jobs.adapters.job_records import JobQueue, JobsNotQueued

    def refuse(self, messages):
        raise JobsNotQueued("1 job message(s) were refused by the work queue")

    monkeypatch.setattr(JobQueue, "enqueue", refuse)
    sar_id = _open_large_sar(jobs_world)
    answer = jobs_world.call("POST", f"/sars/{sar_id}/export")
    assert answer.status >= 500  # the DPO is told it did not start
    [job] = jobs_world.call("GET", "/jobs").body["jobs"]
    assert job["status"] == "failed" and "work queue" in job["error"]
    trail = [entry["action"] for entry in jobs_world.sar.world.audit_entries(f"sar#{sar_id}")]
    assert "job-failed" in trail and "sar-disclosed" not in trail
