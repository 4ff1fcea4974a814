"""The DPO API's holds, through the real handler and the real hold worker, on moto."""

import json

import pytest
from botocore.exceptions import ClientError

from call_recordings.core.tables import REQUESTS
from call_recordings.holds.dependencies import SYNC_LIMIT
from tests.integration import holds_fixtures
from tests.integration.holds_fixtures import (
    AUDIT_TABLE,
    BUCKET,
    DPO_ARN,
    OTHER_DPO_ARN,
    REQUESTS_TABLE,
    InProcessHoldWorker,
    UnavailableHoldWorker,
)

world = holds_fixtures.world

LEGAL = {"reason": "legal-claim", "case_reference": "LC-2026-014"}
THREAT = {"reason": "threat", "case_reference": "T-2026-003"}
HOLD_TAGS = {
    "purpose": "quality-training",
    "source": "data-subject",
    "retention": "hold",
    "expires-on": "2027-02-20",
}


def _assert_held_by(world, versions, *hold_ids):
    for version in versions:
        item = world.registry_item(version)
        assert world.legal_hold(version) == "ON", version
        assert world.tags(version)["retention"] == "hold"
        assert set(item["holds"]) == set(hold_ids)
        assert item["retention"] == "hold"
        assert "due_on" not in item


def _assert_standard(world, versions):
    for version in versions:
        item = world.registry_item(version)
        assert world.legal_hold(version) == "OFF", version
        assert world.tags(version)["retention"] == "standard"
        assert "holds" not in item
        assert item["retention"] == "standard"
        assert item["due_on"] == item["expires_on"]


def test_a_hold_by_call_ids_holds_every_version_of_exactly_those_recordings(world):
    held = world.seed_recording("C-1", versions=2) + world.seed_recording("C-2")
    untouched = world.seed_recording("C-3")

    answer = world.place({**LEGAL, "note": "letter before claim, 20 Nov", "call_ids": ["C-2", "C-1", "C-2"]})

    assert answer.status == 201
    hold_id = answer.body["hold_id"]
    assert answer.body["status"] == "active"
    assert (answer.body["held"], answer.body["total"]) == (3, 3)
    _assert_held_by(world, held, hold_id)
    assert all(world.tags(version) == HOLD_TAGS for version in held)
    _assert_standard(world, untouched)
    assert {(each["call_id"], each["version_id"], each["status"]) for each in answer.body["recordings"]} == {
        (version.call_id, version.version_id, "held") for version in held
    }
    assert len(world.worker.messages) == 1  # applied while the DPO waited

    report = world.call("GET", f"/holds/{hold_id}")
    assert report.status == 200
    assert report.body["placed_by"] == DPO_ARN
    assert report.body["reason"] == "legal-claim"
    assert report.body["reason_wording"].startswith("Kept for the establishment, exercise or defence")
    assert report.body["case_reference"] == "LC-2026-014"
    assert report.body["note"] == "letter before claim, 20 Nov"
    assert report.body["selection"]["by"] == "call-ids"
    assert [each["status"] for each in report.body["recordings"]] == ["held"] * 3


def test_a_recording_shows_its_retention_and_the_holds_on_it(world):
    world.seed_recording("C-1", versions=2, purpose="complaints-disputes", source="councillor")
    first = world.place({**LEGAL, "call_ids": ["C-1"]}).body["hold_id"]
    second = world.place({**THREAT, "call_ids": ["C-1"]}).body["hold_id"]

    answer = world.call("GET", "/recordings/C-1")

    assert answer.status == 200
    assert answer.body["call_id"] == "C-1"
    assert len(answer.body["versions"]) == 2
    for version in answer.body["versions"]:
        assert version["purpose"] == "complaints-disputes"
        assert version["source"] == "councillor"
        assert version["retention"] == "hold"
        assert version["expires_on"] == "2027-02-20"
        assert version["due_on"] is None
        assert version["recorded_at"] == "2026-11-20T10:15:00Z"
        assert {(hold["hold_id"], hold["reason"], hold["case_reference"]) for hold in version["holds"]} == {
            (first, "legal-claim", "LC-2026-014"),
            (second, "threat", "T-2026-003"),
        }
    assert world.call("GET", "/recordings/C-404").error_code == "recording-not-found"


def test_a_hold_by_subject_covers_exactly_that_subjects_recordings_within_the_dates(world):
    number = "01803 861234"
    in_range = (
        world.seed_recording("C-A1", recorded_at="2026-10-05T09:00:00+01:00", caller_number=number)
        + world.seed_recording("C-A2", recorded_at="2026-10-31T23:30:00+00:00", caller_number=number)
        # 00:30 BST on 1 October is 30 September in UTC: the London date counts.
        + world.seed_recording("C-A3", recorded_at="2026-09-30T23:30:00+00:00", caller_number="+441803861234")
    )
    # A second upload under the call id without the number: it may be another person's call (a reused
    # id), so it is matched by its own hashes only, never through the call id (DESIGN section 8).
    same_call_id = world.seed_recording("C-A1", recorded_at="2026-10-05T09:00:00+01:00")
    out_of_range = world.seed_recording(
        "C-A4", recorded_at="2026-11-01T00:30:00+00:00", caller_number=number
    ) + world.seed_recording("C-A5", recorded_at="2026-09-30T22:30:00+00:00", caller_number=number)
    someone_else = world.seed_recording(
        "C-B1", recorded_at="2026-10-10T12:00:00+01:00", caller_number="01803 861235"
    )

    answer = world.place(
        {
            **THREAT,
            "subject": {
                "caller_number": "+44 (0)1803 861234",
                "recorded_from": "2026-10-01",
                "recorded_to": "2026-10-31",
            },
        }
    )

    assert answer.status == 201, answer.body
    hold_id = answer.body["hold_id"]
    assert answer.body["total"] == len(in_range) == 3
    _assert_held_by(world, in_range, hold_id)
    _assert_standard(world, same_call_id + out_of_range + someone_else)
    assert answer.body["selection"] == {
        "by": "subject",
        "call_ids": None,
        "identifiers": ["caller number"],
        "recorded_from": "2026-10-01",
        "recorded_to": "2026-10-31",
    }


def test_a_hold_by_caller_number_and_customer_reference_covers_the_recordings_of_either(world):
    by_number = world.seed_recording("C-1", caller_number="07700 900123")
    by_reference = world.seed_recording("C-2", customer_ref="SH-000042")
    by_both = world.seed_recording("C-3", caller_number="07700 900123", customer_ref="SH-000042")
    neither = world.seed_recording("C-4", caller_number="07700 900124", customer_ref="SH-000043")

    answer = world.place(
        {**LEGAL, "subject": {"caller_number": "07700900123", "customer_ref": " sh-000042 "}}
    )

    assert answer.status == 201
    assert answer.body["total"] == 3
    _assert_held_by(world, by_number + by_reference + by_both, answer.body["hold_id"])
    _assert_standard(world, neither)
    assert answer.body["selection"]["identifiers"] == ["caller number", "customer reference"]


def test_a_held_version_cannot_be_deleted_by_version_id_until_its_hold_is_released(world):
    versions = world.seed_recording("C-1", versions=2)
    hold_id = world.place({**LEGAL, "call_ids": ["C-1"]}).body["hold_id"]

    for version in versions:
        with pytest.raises(ClientError) as refused:
            world.s3.delete_object(Bucket=BUCKET, Key=version.object_key, VersionId=version.version_id)
        assert refused.value.response["Error"]["Code"] == "AccessDenied"
        assert world.legal_hold(version) == "ON"  # still there

    assert world.call("POST", f"/holds/{hold_id}/release").status == 200
    for version in versions:
        world.s3.delete_object(Bucket=BUCKET, Key=version.object_key, VersionId=version.version_id)
        with pytest.raises(ClientError):
            world.s3.head_object(Bucket=BUCKET, Key=version.object_key, VersionId=version.version_id)


def test_release_restores_standard_retention_only_where_no_other_hold_remains(world):
    only_first = world.seed_recording("C-1")
    both = world.seed_recording("C-2", versions=2)
    only_second = world.seed_recording("C-3")
    first = world.place({**LEGAL, "call_ids": ["C-1", "C-2"]}).body["hold_id"]
    second = world.place({**THREAT, "call_ids": ["C-2", "C-3"]}).body["hold_id"]
    _assert_held_by(world, both, first, second)

    released = world.call(
        "POST", f"/holds/{first}/release", body={"note": "claim settled"}, principal=OTHER_DPO_ARN
    )

    assert released.status == 200
    assert released.body["status"] == "released"
    assert released.body["release_requested_by"] == OTHER_DPO_ARN
    assert released.body["release_note"] == "claim settled"
    assert (released.body["released"], released.body["returned"]) == (3, 1)
    assert {each["status"] for each in released.body["recordings"]} == {"released"}
    _assert_standard(world, only_first)
    _assert_held_by(world, both, second)
    _assert_held_by(world, only_second, second)
    assert world.call("GET", f"/holds/{second}").body["status"] == "active"

    assert world.call("POST", f"/holds/{second}/release").status == 200
    _assert_standard(world, both + only_second)


def test_a_recording_whose_date_passed_while_held_falls_due_on_the_day_of_release(world):
    old = world.seed_recording("C-OLD", recorded_at="2025-01-10T10:00:00+00:00")
    hold_id = world.place({**LEGAL, "call_ids": ["C-OLD"]}).body["hold_id"]
    world.call("POST", f"/holds/{hold_id}/release")
    item = world.registry_item(old[0])
    assert item["expires_on"] == "2025-04-10"
    assert item["due_on"] > item["expires_on"]  # today, so the next sweep deletes it
    assert item["retention"] == "standard"


def test_a_quarantined_recording_goes_back_to_quarantine_when_released(world):
    quarantined = world.seed_recording(
        "C-Q", retention="quarantine", flags=frozenset({"payment-details-recorded"})
    )
    hold_id = world.place({**LEGAL, "call_ids": ["C-Q"]}).body["hold_id"]
    assert world.tags(quarantined[0])["retention"] == "hold"
    world.call("POST", f"/holds/{hold_id}/release")
    assert world.tags(quarantined[0])["retention"] == "quarantine"
    assert world.registry_item(quarantined[0])["retention"] == "quarantine"
    assert world.legal_hold(quarantined[0]) == "OFF"


OVERSIZED = json.dumps({**LEGAL, "call_ids": ["C-1"], "note": "x" * (1024 * 1024)})


@pytest.mark.parametrize(
    ("request_options", "status", "code", "mentions"),
    [
        (
            {"body": {**LEGAL, "call_ids": ["C-1", "C-404", "C-405"]}},
            404,
            "recordings-not-found",
            "C-404, C-405",
        ),
        (
            {"body": {**LEGAL, "reason": "vexatious", "call_ids": ["C-1"]}},
            400,
            "invalid-request",
            "body.reason",
        ),
        ({"body": {"reason": "threat", "call_ids": ["C-1"]}}, 400, "invalid-request", "body.case_reference"),
        (
            {"body": {**LEGAL, "case_reference": "", "call_ids": ["C-1"]}},
            400,
            "invalid-request",
            "case_reference",
        ),
        ({"body": {**LEGAL, "case_reference": "X" * 65, "call_ids": ["C-1"]}}, 400, "invalid-request", "64"),
        ({"body": {**LEGAL, "call_ids": []}}, 400, "empty-selection", "call_ids is empty"),
        ({"body": LEGAL}, 400, "empty-selection", "call_ids, or a subject"),
        (
            {"body": {**LEGAL, "subject": {}}},
            400,
            "empty-selection",
            "neither a caller_number nor a customer_ref",
        ),
        (
            {"body": {**LEGAL, "call_ids": ["C-1"], "subject": {"customer_ref": "SH-1"}}},
            400,
            "invalid-request",
            "not both",
        ),
        ({"body": {**LEGAL, "call_ids": ["C 1"]}}, 400, "invalid-request", "call_ids"),
        ({"body": {**LEGAL, "call_ids": ["C-1"], "urgent": True}}, 400, "invalid-request", "urgent"),
        (
            {"body": {**LEGAL, "subject": {"caller_number": "01803 999999"}}},
            404,
            "subject-has-no-recordings",
            "caller number",
        ),
        (
            {"body": {**LEGAL, "subject": {"caller_number": "0180386123456789"}}},
            400,
            "invalid-subject-identifier",
            "not a valid phone number",
        ),
        (
            {
                "body": {
                    **LEGAL,
                    "subject": {
                        "customer_ref": "SH-1",
                        "recorded_from": "2026-03-02",
                        "recorded_to": "2026-03-01",
                    },
                }
            },
            400,
            "empty-selection",
            "recorded_from is after recorded_to",
        ),
        ({"raw_body": '{"reason": "threat",'}, 400, "malformed-json", "not valid JSON"),
        ({"raw_body": "[1, 2]"}, 400, "invalid-request", "body"),
        ({"raw_body": OVERSIZED}, 413, "request-too-large", "1048576"),
        (
            {"raw_body": "reason=threat", "headers": {"Content-Type": "text/plain"}},
            415,
            "unsupported-media-type",
            "JSON",
        ),
        ({"body": {**LEGAL, "call_ids": ["C-1"]}, "principal": None}, 403, "caller-not-identified", "IAM"),
    ],
)
def test_a_bad_hold_request_is_refused_with_its_code_and_nothing_is_held(
    world, request_options, status, code, mentions
):
    recording = world.seed_recording("C-1", caller_number="01803 861234")

    answer = world.call("POST", "/holds", **request_options)

    assert (answer.status, answer.error_code) == (status, code), answer.body
    assert mentions in answer.body["error"]["message"]
    assert set(answer.body["error"]) <= {"code", "message", "call_ids"}
    assert world.worker.messages == [] and world.queued_messages() == 0
    _assert_standard(world, recording)


def test_unknown_call_ids_are_all_named_in_the_error(world):
    world.seed_recording("C-1")
    answer = world.place({**LEGAL, "call_ids": ["C-1", *[f"C-X{number:02d}" for number in range(30)]]})
    assert answer.status == 404
    assert answer.body["error"]["call_ids"] == [f"C-X{number:02d}" for number in range(30)]
    assert "and 10 more" in answer.body["error"]["message"]


def test_no_caller_number_or_customer_reference_is_kept_or_echoed(world):
    world.seed_recording("C-1", caller_number="01803 861234", customer_ref="SH-000042")
    placed = world.place(
        {**THREAT, "subject": {"caller_number": "01803 861234", "customer_ref": "SH-000042"}}
    )
    refused = world.place({**THREAT, "subject": {"caller_number": "01803 86123x"}})
    world.call("POST", f"/holds/{placed.body['hold_id']}/release")

    answers = json.dumps([placed.body, refused.body])
    stored = json.dumps(
        [world.dynamodb_resource_table(name).scan()["Items"] for name in ("Requests", "Audit")], default=str
    )
    caller_hash = world.registry_item(world._versions["C-1"][0])["caller_hash"]
    for text in ("861234", "86123x", "SH-000042", "sh-000042", caller_hash):
        assert text not in answers
        assert text not in stored


def test_the_same_request_with_the_same_idempotency_key_makes_one_hold(world):
    world.seed_recording("C-1")
    body = {**LEGAL, "call_ids": ["C-1"]}

    first = world.place(body, headers={"Idempotency-Key": "dpo-2026-11-28-001"})
    again = world.place(body, headers={"idempotency-key": "dpo-2026-11-28-001"})

    assert (first.status, again.status) == (201, 201)
    assert again.body["hold_id"] == first.body["hold_id"]
    assert len(world.hold_headers()) == 1
    assert len(world.worker.messages) == 1
    placed = [
        entry
        for entry in world.audit_entries(f"hold#{first.body['hold_id']}")
        if entry["action"] == "hold-placed"
    ]
    assert len(placed) == 1

    different = world.place({**body, "reason": "threat"}, headers={"Idempotency-Key": "dpo-2026-11-28-001"})
    assert (different.status, different.error_code) == (409, "idempotency-key-reused")
    other_key = world.place(body, headers={"Idempotency-Key": "dpo-2026-11-28-002"})
    assert other_key.status == 201 and other_key.body["hold_id"] != first.body["hold_id"]
    assert len(world.hold_headers()) == 2


def test_a_retry_after_a_failure_before_the_hold_was_made_makes_it_under_the_same_id(world, monkeypatch):
    from call_recordings.holds.adapters.casework import Casework

    world.seed_recording("C-1")
    body = {**LEGAL, "call_ids": ["C-1"]}
    real_create = Casework.create_hold

    def fails_once(self, hold, versions, **options):
        monkeypatch.setattr(Casework, "create_hold", real_create)
        raise ConnectionError("the requests table was unreachable")

    monkeypatch.setattr(Casework, "create_hold", fails_once)
    failed = world.place(body, headers={"Idempotency-Key": "retry-me"})
    assert (failed.status, failed.error_code) == (500, "internal-error")

    retried = world.place(body, headers={"Idempotency-Key": "retry-me"})
    assert retried.status == 201
    assert (
        world.place(body, headers={"Idempotency-Key": "retry-me"}).body["hold_id"] == retried.body["hold_id"]
    )
    assert len(world.hold_headers()) == 1


def _queue_fails_once(monkeypatch):
    from call_recordings.holds.adapters.hold_work import HoldWorkNotQueued, HoldWorkQueue

    real_enqueue = HoldWorkQueue.enqueue

    def refused(self, messages):
        monkeypatch.setattr(HoldWorkQueue, "enqueue", real_enqueue)
        raise HoldWorkNotQueued("10 hold work message(s) were refused by the work queue")

    monkeypatch.setattr(HoldWorkQueue, "enqueue", refused)


def test_a_retry_after_the_work_could_not_be_queued_hands_the_work_over(world, monkeypatch):
    world.sync_limit = 1
    versions = world.seed_recording("C-1") + world.seed_recording("C-2")
    body = {**LEGAL, "call_ids": ["C-1", "C-2"]}
    _queue_fails_once(monkeypatch)

    failed = world.place(body, headers={"Idempotency-Key": "queue-down"})
    assert (failed.status, failed.error_code) == (500, "internal-error")
    [header] = world.hold_headers()
    assert header["status"] == "placing" and "handed_over_at" not in header
    assert world.queued_messages() == 0

    retried = world.place(body, headers={"Idempotency-Key": "queue-down"}, principal=OTHER_DPO_ARN)
    assert retried.status == 202
    assert retried.body["hold_id"] == header["request_id"]
    assert retried.body["handed_over_at"] is not None
    assert world.deliver_work() == 1
    _assert_held_by(world, versions, header["request_id"])
    steps = [(entry["action"], entry["who"]) for entry in world.audit_entries(f"hold#{header['request_id']}")]
    assert ("hold-placing-resumed", OTHER_DPO_ARN) in steps
    # Once handed over, a retry only reports the hold.
    assert world.place(body, headers={"Idempotency-Key": "queue-down"}).status == 201
    assert world.queued_messages() == 0


def test_a_release_that_failed_before_handing_its_work_over_is_handed_over_when_asked_again(
    world, monkeypatch
):
    versions = world.seed_recording("C-1")
    hold_id = world.place({**LEGAL, "call_ids": ["C-1"]}).body["hold_id"]
    world.worker = UnavailableHoldWorker()
    _queue_fails_once(monkeypatch)

    failed = world.call("POST", f"/holds/{hold_id}/release")
    assert failed.status == 500
    assert world.call("GET", f"/holds/{hold_id}").body["status"] == "releasing"
    _assert_held_by(world, versions, hold_id)  # nothing released yet: still protected

    world.worker = InProcessHoldWorker()
    again = world.call("POST", f"/holds/{hold_id}/release")
    assert (again.status, again.body["status"]) == (200, "released")
    _assert_standard(world, versions)
    assert world.call("POST", f"/holds/{hold_id}/release").error_code == "hold-already-released"


def test_a_small_hold_the_worker_cannot_take_at_once_goes_through_the_queue(world):
    versions = world.seed_recording("C-1") + world.seed_recording("C-2")
    world.worker = UnavailableHoldWorker()

    answer = world.place({**LEGAL, "call_ids": ["C-1", "C-2"]})

    assert answer.status == 202
    assert answer.body["status"] == "placing"
    assert [each["status"] for each in answer.body["recordings"]] == ["pending", "pending"]
    assert world.queued_messages() == 1
    assert world.deliver_work() == 1
    _assert_held_by(world, versions, answer.body["hold_id"])
    assert world.call("GET", f"/holds/{answer.body['hold_id']}").body["status"] == "active"


def test_releasing_an_unknown_released_or_unfinished_hold_is_refused(world):
    world.seed_recording("C-1")
    unknown = world.call("POST", "/holds/H-20260101-0000000000/release")
    assert (unknown.status, unknown.error_code) == (404, "hold-not-found")
    malformed = world.call("POST", "/holds/H-1/release")
    assert (malformed.status, malformed.error_code) == (400, "invalid-request")

    hold_id = world.place({**LEGAL, "call_ids": ["C-1"]}).body["hold_id"]
    assert world.call("POST", f"/holds/{hold_id}/release").status == 200
    again = world.call("POST", f"/holds/{hold_id}/release")
    assert (again.status, again.error_code) == (409, "hold-already-released")
    assert "already released" in again.body["error"]["message"]

    world.worker = UnavailableHoldWorker()  # the next hold stays `placing` until the queue is worked
    placing = world.place({**THREAT, "call_ids": ["C-1"]}).body["hold_id"]
    early = world.call("POST", f"/holds/{placing}/release")
    assert (early.status, early.error_code) == (409, "hold-still-placing")
    assert world.legal_hold(world._versions["C-1"][0]) == "OFF"  # nothing placed or released yet
    world.deliver_work()
    world.worker = InProcessHoldWorker()
    assert world.call("POST", f"/holds/{placing}/release").status == 200


def test_the_audit_trail_shows_every_step_with_its_principal(world):
    world.seed_recording("C-1", versions=2)
    hold_id = world.place({**LEGAL, "call_ids": ["C-1"]}).body["hold_id"]
    world.call("POST", f"/holds/{hold_id}/release", principal=OTHER_DPO_ARN)

    trail = world.call("GET", "/audit", query={"target": f"hold#{hold_id}"})

    assert trail.status == 200
    steps = [(entry["action"], entry["who"]) for entry in trail.body["entries"]]
    assert steps == [  # newest first
        ("hold-released", "system:hold-worker"),
        ("recordings-released", "system:hold-worker"),
        ("hold-release-requested", OTHER_DPO_ARN),
        ("hold-active", "system:hold-worker"),
        ("recordings-held", "system:hold-worker"),
        ("hold-placed", DPO_ARN),
    ]
    for entry in trail.body["entries"]:
        assert entry["target"] == f"hold#{hold_id}"
        assert entry["why"] == {"reason": "legal-claim", "case_reference": "LC-2026-014"}
    placed = trail.body["entries"][-1]
    assert placed["details"] == {
        "selection": "1 call id(s)",
        "recordings": 2,
        "calls": 1,
        "applied": "now",
        "review_on": "2027-06-03",  # six months for a legal claim
    }
    held = trail.body["entries"][-2]
    assert held["details"]["outcomes"] == {"held": 2}
    assert sorted(held["details"]["recordings"]) == sorted(
        f"{version.call_id}#{version.version_id}" for version in world._versions["C-1"]
    )

    by_day = world.call("GET", "/audit")
    assert [entry["entry"] for entry in by_day.body["entries"]] == [
        entry["entry"] for entry in trail.body["entries"]
    ]

    paged, token = [], None
    while True:
        page = world.call("GET", "/audit", query={"limit": "4"} | ({"next_token": token} if token else {}))
        assert len(page.body["entries"]) <= 4
        paged += page.body["entries"]
        token = page.body["next_token"]
        if token is None:
            break
    assert paged == by_day.body["entries"]
    first_page = world.call("GET", "/audit", query={"target": f"hold#{hold_id}", "limit": "5"})
    rest = world.call(
        "GET", "/audit", query={"target": f"hold#{hold_id}", "next_token": first_page.body["next_token"]}
    )
    assert first_page.body["entries"] + rest.body["entries"] == trail.body["entries"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"from": "2026-03-02", "to": "2026-03-01"}, "invalid-period"),
        ({"from": "2025-01-01", "to": "2026-03-01"}, "invalid-period"),
        ({"from": "yesterday"}, "invalid-request"),
        ({"limit": "0"}, "invalid-request"),
        ({"next_token": "not-a-token"}, "invalid-page-token"),
        (
            {"target": "hold#H-20260101-0000000000", "next_token": "eyJ0YXJnZXQiOnsiUyI6IngifX0"},
            "invalid-page-token",
        ),
    ],
)
def test_a_bad_audit_query_is_refused(world, query, code):
    answer = world.call("GET", "/audit", query=query)
    assert (answer.status, answer.error_code) == (400, code)


def test_holds_are_listed_newest_first_and_filtered_by_status(world):
    world.seed_recording("C-1")
    ids = [world.place({**LEGAL, "call_ids": ["C-1"]}).body["hold_id"] for _ in range(3)]
    world.call("POST", f"/holds/{ids[1]}/release")

    listed = world.call("GET", "/holds")
    assert [hold["hold_id"] for hold in listed.body["holds"]] == list(reversed(ids))
    active = world.call("GET", "/holds", query={"status": "active"})
    assert [hold["hold_id"] for hold in active.body["holds"]] == [ids[2], ids[0]]
    released = world.call("GET", "/holds", query={"status": "released"})
    assert [hold["hold_id"] for hold in released.body["holds"]] == [ids[1]]
    first = world.call("GET", "/holds", query={"limit": "2"})
    second = world.call("GET", "/holds", query={"limit": "2", "next_token": first.body["next_token"]})
    assert [hold["hold_id"] for hold in first.body["holds"] + second.body["holds"]] == list(reversed(ids))
    assert second.body["next_token"] is None
    assert world.call("GET", "/holds", query={"status": "lifted"}).error_code == "invalid-request"


def test_a_hold_report_pages_through_its_recordings(world):
    for number in range(7):
        world.seed_recording(f"C-{number}")
    hold_id = world.place({**LEGAL, "call_ids": [f"C-{number}" for number in range(7)]}).body["hold_id"]

    seen, token = [], None
    while True:
        page = world.call(
            "GET", f"/holds/{hold_id}", query={"limit": "3"} | ({"next_token": token} if token else {})
        )
        assert page.status == 200 and page.body["total"] == 7
        seen += [each["call_id"] for each in page.body["recordings"]]
        token = page.body["next_token"]
        if token is None:
            break
    assert seen == [f"C-{number}" for number in range(7)]
    first_page = world.call("GET", f"/holds/{hold_id}", query={"limit": "3"})
    other_hold = world.place({**THREAT, "call_ids": ["C-1"]}).body["hold_id"]
    misused = world.call("GET", f"/holds/{other_hold}", query={"next_token": first_page.body["next_token"]})
    assert (misused.status, misused.error_code) == (400, "invalid-page-token")


def test_a_route_the_api_does_not_have_is_refused_by_api_gateway_before_any_function(world):
    answer = world.call("DELETE", "/holds")
    assert (answer.status, answer.body) == (403, {"message": "Missing Authentication Token"})


def test_the_sync_limit_is_a_hundred_versions():
    assert SYNC_LIMIT == 100


NUMBER_IN_A_NOTE = "caller rang back from 07700 900123"


def test_a_holds_notes_are_sealed_in_the_table_shown_on_its_own_report_and_left_out_of_lists(
    world, monkeypatch
):
    """Issue 14: a note may hold personal data, so the requests table and the audit trail never hold it
    in clear; the DPO still reads what they wrote on the hold's report; a list makes no KMS call."""
    world.seed_recording("C-1")
    kms_calls = world.count_kms_calls(monkeypatch)

    placed = world.place({**LEGAL, "note": NUMBER_IN_A_NOTE, "call_ids": ["C-1"]})
    hold_id = placed.body["hold_id"]
    released = world.call("POST", f"/holds/{hold_id}/release", body={"note": f"settled; {NUMBER_IN_A_NOTE}"})

    assert (placed.status, released.status) == (201, 200)
    assert placed.body["note"] == NUMBER_IN_A_NOTE
    assert released.body["release_note"] == f"settled; {NUMBER_IN_A_NOTE}"
    assert kms_calls["encrypt"] == 2  # one per note written
    for table in (REQUESTS_TABLE, AUDIT_TABLE):
        assert "07700" not in world.stored_text(table)
    header = world.dynamodb.get_item(TableName=REQUESTS_TABLE, Key=REQUESTS.key(hold_id, "request"))["Item"]
    assert set(header["note"]) == set(header["release_note"]) == {"B"}

    before = kms_calls["decrypt"]
    report = world.call("GET", f"/holds/{hold_id}")
    assert (report.body["note"], report.body["release_note"]) == (
        NUMBER_IN_A_NOTE,
        f"settled; {NUMBER_IN_A_NOTE}",
    )
    assert kms_calls["decrypt"] - before == 2  # one per note shown

    before = kms_calls["decrypt"]
    [listed] = world.call("GET", "/holds").body["holds"]
    assert (listed["hold_id"], listed["note"], listed["release_note"]) == (hold_id, None, None)
    assert kms_calls["decrypt"] == before


@pytest.mark.parametrize("reference", ["07700 900123", "+44 7700 900123", "claim 01803 861234"])
def test_a_case_reference_that_looks_like_a_phone_number_is_refused_as_it_is_kept_in_clear(world, reference):
    world.seed_recording("C-1")
    answer = world.place({**LEGAL, "case_reference": reference, "call_ids": ["C-1"]})
    assert (answer.status, answer.error_code) == (400, "invalid-request")
    assert "not a phone number" in json.dumps(answer.body)
    assert world.hold_headers() == []
