"""POST /recordings/search (issue 18, Find a recording by caller number or customer reference) through
the real DPO API handlers on moto: a person's live recordings found by the keyed hash of one identifier,
newest first, a page at a time, never another person's nor a deleted one; every search audited without
the identifier (UK GDPR Art 5(2), accountability: a search of a person's recordings is itself a processing
of their data the DPO must be able to account for); served by the casework function, which holds the
subject key, never by the reports function."""

import base64
import json

import pytest

from call_recordings.dpo_api import casework_handler, reports_handler
from call_recordings.dpo_api.openapi import operations
from tests.conftest import SUITE_NOW
from tests.integration import statistics_fixtures
from tests.integration.holds_fixtures import AUDIT_TABLE, DPO_ARN
from tests.integration.statistics_fixtures import restrict_directly, seed, tombstone

holds_world = statistics_fixtures.holds_world
world = statistics_fixtures.world

CALLER = "01803 861234"
SEARCHED_ON = SUITE_NOW.date().isoformat()  # the suite runs at SUITE_NOW (tests/conftest.py)


def search(world, **body):
    return world.call("POST", "/recordings/search", body=body)


def searches(world):
    return world.audit_entries(f"search#{SEARCHED_ON}")


def test_a_caller_number_in_any_written_form_finds_the_persons_live_recordings_newest_first(world):
    """Art 15: the DPO must find every recording of the person; only versions their own upload tied to
    them, newest first, with retention, holds, restrictions and flags."""
    seed(world, "C-OLD", caller_number=CALLER, recorded_at="2026-10-01T09:00:00+00:00")
    [newest] = seed(
        world,
        "C-NEW",
        caller_number="+44 1803 861234",
        recorded_at="2026-11-20T09:00:00+00:00",
        flags=frozenset({"arrived-late"}),
    )
    restrict_directly(world, newest, "R-20261120-AAAAAAAAAA")
    seed(world, "C-OTHER", caller_number="01803 861235", recorded_at="2026-11-21T09:00:00+00:00")
    [gone] = seed(world, "C-GONE", caller_number=CALLER, recorded_at="2026-09-01T09:00:00+00:00")
    tombstone(world, gone)

    answer = search(world, caller_number="(01803) 861 234")

    assert answer.status == 200
    assert [found["call_id"] for found in answer.body["recordings"]] == ["C-NEW", "C-OLD"]
    first = answer.body["recordings"][0]
    assert first["version_id"] == newest.version_id
    assert (first["purpose"], first["source"], first["retention"]) == (
        "quality-training",
        "data-subject",
        "standard",
    )
    assert first["expires_on"] == "2027-02-20" and first["flags"] == ["arrived-late"]
    assert first["restrictions"] == ["R-20261120-AAAAAAAAAA"] and first["holds"] == []
    assert answer.body["next_token"] is None


def test_a_customer_reference_finds_only_its_own_recordings_within_london_dates(world):
    seed(world, "C-1", customer_ref="cr-100", recorded_at="2026-11-01T00:30:00+00:00")
    seed(world, "C-2", customer_ref="CR-100", recorded_at="2026-11-10T09:00:00+00:00")
    seed(world, "C-3", customer_ref="CR-100", recorded_at="2026-11-20T09:00:00+00:00")
    seed(world, "C-4", caller_number=CALLER, recorded_at="2026-11-10T09:00:00+00:00")

    answer = search(world, customer_ref=" cr-100 ", recorded_from="2026-11-01", recorded_to="2026-11-10")

    assert answer.status == 200
    assert [found["call_id"] for found in answer.body["recordings"]] == ["C-2", "C-1"]


def test_a_held_recording_is_found_with_its_holds(world):
    versions = seed(world, "C-H", caller_number=CALLER)
    placed = world.place({"reason": "legal-claim", "case_reference": "CLAIM-1", "call_ids": ["C-H"]})
    assert placed.status == 201

    [found] = search(world, caller_number=CALLER).body["recordings"]

    assert found["holds"] == [placed.body["hold_id"]] and found["retention"] == "hold"
    assert found["version_id"] == versions[0].version_id


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"caller_number": CALLER, "customer_ref": "CR-1"}, "empty-selection"),
        ({}, "empty-selection"),
        ({"recorded_from": "2026-11-01"}, "empty-selection"),
        ({"caller_number": "call me 861234"}, "invalid-subject-identifier"),
        (
            {"caller_number": CALLER, "recorded_from": "2026-11-10", "recorded_to": "2026-11-01"},
            "empty-selection",
        ),
    ],
)
def test_one_identifier_exactly_is_asked_for_and_a_bad_one_is_refused_without_repeating_it(world, body, code):
    answer = search(world, **body)

    assert answer.status == 400
    assert answer.body["error"]["code"] == code
    assert "861234" not in answer.text
    assert searches(world) == []  # nothing was searched: nothing to account for


def test_every_search_is_audited_naming_who_and_what_was_found_never_the_identifier(world):
    """Art 5(2) accountability; the audit trail holds no personal data (DESIGN section 3)."""
    seed(world, "C-A", caller_number=CALLER, recorded_at="2026-11-02T09:00:00+00:00")
    seed(world, "C-B", caller_number=CALLER, recorded_at="2026-11-03T09:00:00+00:00")

    search(world, caller_number=CALLER, recorded_from="2026-11-01")
    search(world, caller_number="01632 960000")  # nobody's: the search is still accounted for

    entries = sorted(searches(world), key=lambda entry: entry["entry"])
    assert [entry["action"] for entry in entries] == ["recordings-searched"] * 2
    assert all(entry["who"] == DPO_ARN for entry in entries)
    assert entries[0]["details"]["by"] == "caller number"
    assert entries[0]["details"]["recorded_from"] == "2026-11-01"
    assert entries[0]["details"]["found"] == 2 and entries[0]["details"]["call_ids"] == ["C-A", "C-B"]
    assert entries[1]["details"]["found"] == 0
    stored = world.stored_text(AUDIT_TABLE)
    item = world.registry_item(world._versions["C-A"][0])
    for personal in ("861234", "+441803861234", "960000", item["caller_hash"]):
        assert personal not in stored
    # The DPO reads them as any other trail.
    trail = world.call("GET", "/audit", query={"target": f"search#{SEARCHED_ON}"})
    assert trail.status == 200 and len(trail.body["entries"]) == 2


def test_a_long_list_comes_a_page_at_a_time_and_the_token_carries_no_hash(world):
    for day in range(1, 6):
        seed(world, f"C-{day}", caller_number=CALLER, recorded_at=f"2026-11-0{day}T09:00:00+00:00")

    first = search(world, caller_number=CALLER, limit=2)
    token = first.body["next_token"]
    second = search(world, caller_number=CALLER, limit=2, next_token=token)
    third = search(world, caller_number=CALLER, limit=2, next_token=second.body["next_token"])

    pages = [first, second, third]
    assert [[found["call_id"] for found in page.body["recordings"]] for page in pages] == [
        ["C-5", "C-4"],
        ["C-3", "C-2"],
        ["C-1"],
    ]
    position = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    assert set(position) == {"call_id", "version_id", "recorded_at"}
    assert world.registry_item(world._versions["C-5"][0])["caller_hash"] not in token
    assert len(searches(world)) == 3  # each page is a search of the person's recordings


def test_a_token_no_search_returned_is_refused(world):
    forged = base64.urlsafe_b64encode(json.dumps({"caller_hash": {"S": "x"}}).encode()).decode()

    answer = search(world, caller_number=CALLER, next_token=forged)

    assert answer.status == 400 and answer.body["error"]["code"] == "invalid-page-token"


def test_the_casework_function_which_holds_the_subject_key_serves_it_and_the_reports_function_does_not():
    """DESIGN section 8: personal data (the subject key) only where needed; the reports function reads
    what identifies nobody."""
    assert ("POST", "/recordings/search") in set(operations(casework_handler.app))
    assert ("POST", "/recordings/search") not in set(operations(reports_handler.app))
    assert ("GET", "/recordings") in set(operations(reports_handler.app))
