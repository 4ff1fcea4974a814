"""POST /recordings/{call_id}/purpose and /source (issue 16 item 3; DESIGN section 1: "the DPO can
re-purpose it") through the real DPO API handler on moto: the registry item and the S3 tags of each
version change together, the review flag the correction answers is cleared, the retention date stays,
a restricted recording (UK GDPR Art 18(2)) and a deleted one are refused, and each correction is one
audit entry naming the caller, the reason and the old and new values."""

import boto3
import pytest

from call_recordings.core.adapters.audit_trail import AuditTrail
from call_recordings.core.adapters.recordings_bucket import RecordingsBucket
from call_recordings.corrections.correcting import CorrectionDependencies
from call_recordings.dpo_api.dependencies import correction_dependencies
from call_recordings.dpo_api.handler import app
from tests.integration import holds_fixtures, statistics_fixtures
from tests.integration.holds_fixtures import AUDIT_TABLE, DPO_ARN, NOW, REGION, REGISTRY_TABLE
from tests.integration.statistics_fixtures import restrict_directly, seed, tombstone

holds_world = statistics_fixtures.holds_world
world = statistics_fixtures.world

REASON = "the agent chose the wrong purpose: the call was a complaint about bin collections"


@pytest.fixture
def corrections(world):
    """The world with the corrections' dependencies on moto."""
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    app.dependency_overrides[correction_dependencies] = lambda: CorrectionDependencies(
        holds=holds_fixtures.api_dependencies(world),
        bucket=RecordingsBucket(boto3.client("s3", region_name=REGION)),
        audit=AuditTrail(dynamodb, AUDIT_TABLE),
        clock=lambda: NOW,
    )
    try:
        yield world
    finally:
        app.dependency_overrides.pop(correction_dependencies, None)


def repurpose(world, call_id, purpose="complaints-disputes", **body):
    return world.call(
        "POST", f"/recordings/{call_id}/purpose", body={"purpose": purpose, "reason": REASON} | body
    )


def correct_source(world, call_id, source="councillor", **body):
    return world.call(
        "POST", f"/recordings/{call_id}/source", body={"source": source, "reason": REASON} | body
    )


def test_repurposing_changes_the_tag_and_the_registry_of_every_version_together(corrections):
    world = corrections
    versions = seed(
        world, "C-1", versions=2, purpose="quality-training", flags=frozenset({"purpose-unknown"})
    )
    before = [world.registry_item(version) for version in versions]

    answer = repurpose(world, "C-1")

    assert answer.status == 200
    assert answer.body["field"] == "purpose" and answer.body["value"] == "complaints-disputes"
    assert answer.body["corrected_by"] == DPO_ARN and answer.body["reason"] == REASON
    assert [(each["was"], each["now"]) for each in answer.body["versions"]] == [
        ("quality-training", "complaints-disputes")
    ] * 2
    for version, was in zip(versions, before, strict=True):
        item = world.registry_item(version)
        tags = world.tags(version)
        assert item["purpose"] == tags["purpose"] == "complaints-disputes"
        # The retention date does not follow the purpose (core/retention.py): 3 months from recording.
        assert (item["expires_on"], item["due_on"], item["retention"]) == (
            was["expires_on"],
            was["due_on"],
            was["retention"],
        )
        assert (tags["expires-on"], tags["retention"], tags["source"]) == (
            was["expires_on"],
            "standard",
            "data-subject",
        )


def test_a_correction_clears_the_flag_it_answers_so_it_leaves_the_review(corrections):
    """ingest/assessment.py: purpose-unknown and source-missing ask the DPO to review the recording."""
    world = corrections
    [flagged] = seed(
        world,
        "C-F",
        purpose="unspecified",
        source="unspecified",
        flags=frozenset({"purpose-unknown", "source-missing", "arrived-late"}),
    )
    world.dynamodb_resource_table(REGISTRY_TABLE).update_item(  # as ingest registers it
        Key={"call_id": "C-F", "version_id": flagged.version_id},
        UpdateExpression="SET registered_at = :at",
        ExpressionAttributeValues={":at": "2026-11-20T10:20:00+00:00"},
    )

    repurposed = repurpose(world, "C-F", "employee-safety")
    sourced = correct_source(world, "C-F", "organisation")

    assert (repurposed.status, sourced.status) == (200, 200)
    assert repurposed.body["versions"][0]["flags_cleared"] == ["purpose-unknown"]
    assert sourced.body["versions"][0]["flags_cleared"] == ["source-missing"]
    recording = world.call("GET", "/recordings/C-F").body["versions"][0]
    assert recording["flags"] == ["arrived-late"]  # the correction answers only its own flags
    assert (recording["purpose"], recording["source"]) == ("employee-safety", "organisation")
    assert world.tags(flagged)["purpose"] == "employee-safety"
    assert world.tags(flagged)["source"] == "organisation"
    # The recording's trail still shows what ingest flagged, and each correction.
    trail = world.call("GET", "/audit", query={"target": "recording#C-F"}).body
    [registered] = [entry for entry in trail["entries"] if entry["action"] == "recording-registered"]
    assert set(registered["details"]["flags"]) == {"purpose-unknown", "source-missing", "arrived-late"}
    actions = [entry["action"] for entry in trail["entries"]]
    assert actions.count("recording-repurposed") == actions.count("recording-source-corrected") == 1


def test_each_correction_is_one_audit_entry_naming_the_caller_the_reason_and_the_values(corrections):
    world = corrections
    [version] = seed(world, "C-A", source="data-subject")

    correct_source(world, "C-A", "member-of-public")

    [entry] = world.audit_entries("recording#C-A")
    assert (entry["action"], entry["who"]) == ("recording-source-corrected", DPO_ARN)
    assert entry["why"] == {"reason": REASON}
    assert entry["details"]["field"] == "source" and entry["details"]["to"] == "member-of-public"
    assert entry["details"]["versions"] == [
        {"version_id": version.version_id, "from": "data-subject", "to": "member-of-public"}
    ]
    assert "Retention is unchanged" in entry["details"]["retention"]


def test_a_named_version_alone_is_corrected(corrections):
    """A reused call id: the second version is another call, corrected on its own."""
    world = corrections
    first, second = seed(world, "C-V", versions=2)

    answer = repurpose(world, "C-V", "legal-claims", version_id=second.version_id)
    unknown = repurpose(world, "C-V", "legal-claims", version_id="no-such-version")

    assert answer.status == 200
    assert [each["version_id"] for each in answer.body["versions"]] == [second.version_id]
    assert world.tags(first)["purpose"] == world.registry_item(first)["purpose"] == "quality-training"
    assert world.tags(second)["purpose"] == world.registry_item(second)["purpose"] == "legal-claims"
    assert (unknown.status, unknown.error_code) == (404, "recording-version-not-found")


def test_a_restricted_recording_is_not_repurposed(corrections):
    """UK GDPR Art 18(2): a restricted recording may only be stored, so it is not re-purposed."""
    world = corrections
    [version] = seed(world, "C-R")
    restrict_directly(world, version, "R-20261128-0123456789")

    answer = repurpose(world, "C-R")

    assert (answer.status, answer.error_code) == (409, "recording-restricted")
    assert "R-20261128-0123456789" in answer.body["error"]["message"]
    assert world.registry_item(version)["purpose"] == world.tags(version)["purpose"] == "quality-training"
    assert world.audit_entries("recording#C-R") == []


def test_a_deleted_or_unknown_recording_is_refused(corrections):
    world = corrections
    [version] = seed(world, "C-D")
    tombstone(world, version)

    deleted = repurpose(world, "C-D")
    unknown = correct_source(world, "C-NONE")

    assert (deleted.status, deleted.error_code) == (410, "recording-deleted")
    assert (unknown.status, unknown.error_code) == (404, "recording-not-found")


def test_a_correction_that_changes_nothing_is_refused_and_not_audited(corrections):
    world = corrections
    seed(world, "C-S", purpose="complaints-disputes")

    answer = repurpose(world, "C-S", "complaints-disputes")

    assert (answer.status, answer.error_code) == (409, "correction-changes-nothing")
    assert world.audit_entries("recording#C-S") == []


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("purpose", {"purpose": "unspecified", "reason": REASON}),  # the system's, not the DPO's
        ("purpose", {"purpose": "marketing", "reason": REASON}),  # not one of the notice's
        ("source", {"source": "data-subject"}),  # no reason
        ("source", {"source": "data-subject", "reason": ""}),
        ("source", {"source": "data-subject", "reason": "rang back on 01803 861234"}),  # kept in clear
        ("source", {"source": "data-subject", "reason": "ok\u202eevil"}),
    ],
)
def test_only_the_notices_values_and_a_plain_reason_are_accepted(corrections, path, body):
    world = corrections
    [version] = seed(world, "C-X")

    answer = world.call("POST", f"/recordings/C-X/{path}", body=body)

    assert (answer.status, answer.error_code) == (400, "invalid-request")
    assert "861234" not in str(answer.body)
    assert world.tags(version)["purpose"] == "quality-training"


def test_a_month_already_published_keeps_its_figures_after_a_repurposing(corrections):
    """DESIGN section 10: a re-purposing after publication does not make a second release."""
    world = corrections
    for number in range(6):
        seed(world, f"C-P{number}", recorded_at="2026-11-10T10:00:00+00:00")
    month = {"from": "2026-11", "to": "2026-11"}
    published = world.call("GET", "/statistics", query=month)

    answer = repurpose(world, "C-P0")

    assert answer.status == 200
    assert world.call("GET", "/statistics", query=month).text == published.text
