"""GET /statistics through the real DPO API handler, on a moto registry seeded as ingest, the sweeper
and POST /restrictions leave it."""

from tests.integration import statistics_fixtures
from tests.integration.statistics_fixtures import restrict_directly, seed, tombstone

holds_world = statistics_fixtures.holds_world
world = statistics_fixtures.world

QUALITY, COMPLAINTS = "quality-training", "complaints-disputes"
SUBJECT, COUNCILLOR = "data-subject", "councillor"
SUPPRESSED = {"count": None, "suppressed": True}


def shown(count):
    return {"count": count, "suppressed": False}


def seed_october(world):
    """Nine quality-and-training calls from the data subject (one since deleted, one recorded at 00:30
    BST on 1 October, i.e. 23:30 UTC on 30 September), two complaints passed on by a councillor,
    and one restricted call that must not be counted."""
    for number in range(7):
        seed(world, f"C-Q{number}", recorded_at="2026-10-12T09:00:00+01:00")
    [deleted] = seed(world, "C-QX", recorded_at="2026-10-02T09:00:00+01:00")
    tombstone(world, deleted)
    seed(world, "C-QB", recorded_at="2026-09-30T23:30:00+00:00")
    for number in range(2):
        seed(
            world,
            f"C-C{number}",
            recorded_at="2026-10-20T15:00:00+01:00",
            purpose=COMPLAINTS,
            source=COUNCILLOR,
        )
    [restricted] = seed(world, "C-R", recorded_at="2026-10-21T15:00:00+01:00")
    restrict_directly(world, restricted, "R-20261101-0123456789")


def test_counts_by_month_purpose_and_source_with_small_numbers_suppressed(world):
    seed_october(world)
    for number in range(5):
        seed(world, f"C-N{number}", recorded_at="2026-11-03T10:00:00+00:00", source=COUNCILLOR)

    answer = world.call("GET", "/statistics", query={"from": "2026-09", "to": "2026-11"})

    assert answer.status == 200
    assert (answer.body["from_month"], answer.body["to_month"]) == ("2026-09", "2026-11")
    assert "Restricted recordings" in answer.body["excluded"]
    september, october, november = answer.body["months"]
    assert september["month"] == "2026-09"
    assert september["total"] == shown(0)  # the 23:30 UTC call was made on 1 October in London
    assert all(figure == shown(0) for figure in september["by_purpose"].values())

    # October: 9 live-or-deleted quality calls (the restricted one left out), 2 complaints (small).
    assert october["by_purpose_and_source"][QUALITY][SUBJECT] == shown(9)
    assert october["by_purpose"][QUALITY] == shown(9)
    assert october["by_source"][SUBJECT] == shown(9)
    assert october["by_purpose_and_source"][COMPLAINTS][COUNCILLOR] == SUPPRESSED
    assert october["by_purpose"][COMPLAINTS] == SUPPRESSED
    assert october["by_source"][COUNCILLOR] == SUPPRESSED
    # 9 + 2 = 11 would give the 2 away by subtraction: the month's total is suppressed too.
    assert october["total"] == SUPPRESSED
    assert october["by_purpose_and_source"]["legal-claims"]["organisation"] == shown(0)
    assert set(october["by_purpose_and_source"]) == {
        QUALITY,
        COMPLAINTS,
        "legal-claims",
        "employee-safety",
        "unspecified",
    }

    assert november["total"] == shown(5)
    assert november["by_purpose_and_source"][QUALITY][COUNCILLOR] == shown(5)


def test_the_answer_holds_no_personal_data(world):
    seed(
        world,
        "C-P1",
        recorded_at="2026-10-12T09:00:00+01:00",
        caller_number="01803 861234",
        customer_ref="SH-1",
    )

    answer = world.call("GET", "/statistics", query={"from": "2026-10", "to": "2026-10"})

    text = str(answer.body)
    assert answer.status == 200
    for personal in ("C-P1", "861234", "SH-1", "recorded_at", "caller_hash", "version_id"):
        assert personal not in text


def test_by_default_the_twelve_months_to_this_month(world):
    answer = world.call("GET", "/statistics")

    assert answer.status == 200
    months = [month["month"] for month in answer.body["months"]]
    assert months[0] == "2025-12" and months[-1] == "2026-11" and len(months) == 12


def test_a_missing_from_is_eleven_months_before_to(world):
    answer = world.call("GET", "/statistics", query={"to": "2026-03"})

    assert [answer.body["months"][0]["month"], answer.body["months"][-1]["month"]] == ["2025-04", "2026-03"]


def test_a_period_back_to_front_too_long_or_malformed_is_refused(world):
    backwards = world.call("GET", "/statistics", query={"from": "2026-11", "to": "2026-10"})
    too_long = world.call("GET", "/statistics", query={"from": "2024-10", "to": "2026-10"})
    longest = world.call("GET", "/statistics", query={"from": "2024-11", "to": "2026-10"})
    malformed = world.call("GET", "/statistics", query={"from": "2026-13"})

    assert (backwards.status, backwards.error_code) == (400, "invalid-statistics-period")
    assert (too_long.status, too_long.error_code) == (400, "invalid-statistics-period")
    assert "at most 24" in too_long.body["error"]["message"]
    assert longest.status == 200 and len(longest.body["months"]) == 24
    assert (malformed.status, malformed.error_code) == (400, "invalid-request")


def test_a_read_writes_no_audit_entry(world):
    world.call("GET", "/statistics", query={"from": "2026-10", "to": "2026-10"})

    assert world.dynamodb_resource_table(statistics_fixtures.AUDIT_TABLE).scan()["Items"] == []
