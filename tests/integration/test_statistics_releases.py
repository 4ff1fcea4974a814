"""Frozen statistics (DESIGN section 10, issue 16 item 5) through the real DPO API handler on moto: a
month is published once, after it has ended, and every later answer is that release; the current month
is refused; the same figures as CSV; two readers at once store one release."""

import csv
import io
import json
from datetime import UTC, datetime

import boto3

from call_recordings.statistics.adapters.month_releases import MonthReleases
from call_recordings.statistics.adapters.recordings_by_month import RecordingsByMonth
from call_recordings.statistics.report import StatisticsDependencies, recording_statistics
from call_recordings.statistics.tables import month_table
from tests.integration import statistics_fixtures
from tests.integration.holds_fixtures import REGION, REGISTRY_TABLE, REQUESTS_TABLE
from tests.integration.rights_fixtures import restrict
from tests.integration.statistics_fixtures import seed

holds_world = statistics_fixtures.holds_world
world = statistics_fixtures.world

COMPLAINTS, QUALITY, SUBJECT = "complaints-disputes", "quality-training", "data-subject"
NOVEMBER = {"from": "2026-11", "to": "2026-11"}


def seed_november(world):
    """The issue's November: nine complaints from the data subject and 47 quality calls (total 56)."""
    for number in range(9):
        seed(world, f"C-N{number}", recorded_at="2026-11-10T10:00:00+00:00", purpose=COMPLAINTS)
    for number in range(47):
        seed(world, f"C-Q{number}", recorded_at="2026-11-12T10:00:00+00:00")


def november(world, **options):
    return world.call("GET", "/statistics", query=NOVEMBER, **options)


def november_as_computed_now(world):
    """What counting the registry now would publish for November (not what GET /statistics answers)."""
    registry = RecordingsByMonth(boto3.client("dynamodb", region_name=REGION), REGISTRY_TABLE)
    return month_table("2026-11", registry.recorded_in("2026-11"))


def stored_releases(world):
    items = world.dynamodb_resource_table(REQUESTS_TABLE).scan()["Items"]
    return {item["month"]: item for item in items if item["request_id"] == "statistics"}


def test_restricting_a_recording_after_its_month_was_published_leaves_its_figures_unchanged(world):
    """DESIGN section 10 / issue 16: November read 9 before a restriction and 8 after; comparing the two
    releases singled out one restricted recording (Art 18). Now November is released once."""
    seed_november(world)
    before = november(world)
    before_csv = november(world, headers={"Accept": "text/csv"})
    assert before.status == 200
    [published] = before.body["months"]
    assert published["by_purpose_and_source"][COMPLAINTS][SUBJECT] == {"count": 9, "suppressed": False}
    assert published["total"] == {"count": 56, "suppressed": False}
    assert published["published_at"].startswith("2026-12-03T10:15") and published["version"] == 1

    restricted = restrict(world, {"grounds": "accuracy-contested", "call_ids": ["C-N0"]})
    assert restricted.status == 201
    # Counted now, November would read 8 and 55: the restriction is in the registry.
    assert november_as_computed_now(world).by_purpose_and_source[COMPLAINTS][SUBJECT].count == 8

    after = november(world)
    after_csv = november(world, headers={"Accept": "text/csv"})
    world.statistics_clock.now = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)  # months later, the same
    much_later = november(world)

    assert after.status == much_later.status == 200
    assert after.text == before.text  # the whole answer, byte for byte
    assert much_later.body["months"] == before.body["months"]
    assert after_csv.text == before_csv.text
    assert "2026-11,complaints-disputes,data-subject,9," in after_csv.text
    # One release stored, exactly the month answered.
    [stored] = stored_releases(world).values()
    assert json.loads(stored["release"]) == published


def test_the_current_month_is_refused_and_nothing_is_published(world):
    """DESIGN section 10: the current month is not published, so it cannot be watched growing."""

    current = world.call("GET", "/statistics", query={"from": "2026-12", "to": "2026-12"})
    reaching_it = world.call("GET", "/statistics", query={"from": "2026-10", "to": "2026-12"})
    future = world.call("GET", "/statistics", query={"from": "2027-03"})

    assert (current.status, current.error_code) == (409, "month-not-published")
    assert "published from 2027-01-01" in current.body["error"]["message"]
    assert (reaching_it.status, reaching_it.error_code) == (409, "month-not-published")
    assert (future.status, future.error_code) == (409, "month-not-published")
    assert "published from 2027-04-01" in future.body["error"]["message"]
    assert stored_releases(world) == {}  # refusing published nothing, not even October or November


def test_a_month_is_published_the_first_time_it_is_read_after_it_ends(world):
    """A month ends at midnight London time: at 23:59 on 30 November (GMT) November is refused, at
    00:30 on 1 December it is published."""
    seed(world, "C-1", recorded_at="2026-11-20T10:00:00+00:00")
    world.statistics_clock.now = datetime(2026, 11, 30, 23, 59, tzinfo=UTC)
    refused = world.call("GET", "/statistics", query={"to": "2026-11"})
    world.statistics_clock.now = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)

    answer = world.call("GET", "/statistics")

    assert (refused.status, refused.error_code) == (409, "month-not-published")
    assert answer.status == 200
    assert [month["month"] for month in answer.body["months"]][-1] == "2026-11"
    assert answer.body["months"][-1]["total"] == {"count": None, "suppressed": True}  # one call
    assert set(stored_releases(world)) == {"2025-12", *(f"2026-{month:02}" for month in range(1, 12))}


def test_the_stored_release_holds_no_count_from_1_to_4(world):
    """Only the publishable figures are stored: a suppressed figure is stored suppressed."""
    for number in range(2):
        seed(world, f"C-C{number}", recorded_at="2026-10-20T15:00:00+01:00", purpose=COMPLAINTS)
    for number in range(9):
        seed(world, f"C-Q{number}", recorded_at="2026-10-12T09:00:00+01:00")

    world.call("GET", "/statistics", query={"from": "2026-10", "to": "2026-10"})

    stored = json.loads(stored_releases(world)["2026-10"]["release"])
    figures = [stored["total"], *stored["by_purpose"].values(), *stored["by_source"].values()]
    figures += [figure for row in stored["by_purpose_and_source"].values() for figure in row.values()]
    assert not [figure for figure in figures if figure["count"] in range(1, 5)]
    assert stored["by_purpose"][COMPLAINTS] == {"count": None, "suppressed": True}
    assert {figure["count"] for figure in figures if not figure["suppressed"]} <= {0, 11}


def test_the_csv_answer_is_one_flat_table_with_a_header(world):
    seed_november(world)
    json_answer = november(world, headers={"Accept": "application/json"})

    answer = november(world, headers={"Accept": "text/csv"})

    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert answer.text.startswith("month,purpose,source,count,published_at,version\r\n")
    counted = {(row["purpose"], row["source"]): row["count"] for row in rows}
    assert counted[COMPLAINTS, SUBJECT] == "9"
    assert counted[QUALITY, SUBJECT] == "47"
    assert counted["all", "all"] == "56"
    assert counted[COMPLAINTS, "all"] == "9"
    assert counted["legal-claims", "councillor"] == "0"
    assert len(rows) == 5 * 5 + 5 + 5 + 1  # cells, totals by purpose and by source, the month's total
    assert {row["month"] for row in rows} == {"2026-11"}
    assert {row["published_at"] for row in rows} == {json_answer.body["months"][0]["published_at"]}
    assert json_answer.headers["Content-Type"] == "application/json"


def test_a_suppressed_figure_reads_suppressed_in_the_csv(world):
    seed(world, "C-1", recorded_at="2026-11-10T10:00:00+00:00")

    answer = november(world, headers={"Accept": "text/csv, application/json;q=0.5"})

    rows = {(row["purpose"], row["source"]): row["count"] for row in csv.DictReader(io.StringIO(answer.text))}
    assert rows[QUALITY, SUBJECT] == rows["all", "all"] == "suppressed"


def test_two_readers_at_once_store_one_release_and_both_answer_it(world):
    """A race: reader A counts November, then, before A stores it, a recording is restricted and reader
    B counts and stores November first. A's conditional write fails and A answers B's release."""
    seed_november(world)
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    registry = RecordingsByMonth(dynamodb, REGISTRY_TABLE)
    releases = MonthReleases(dynamodb, REQUESTS_TABLE)
    reader_b = StatisticsDependencies(
        by_month=registry, releases=releases, clock=lambda: datetime(2026, 12, 3, 10, 16, tzinfo=UTC)
    )
    answered_b = []

    class CountThenLetBFinish:
        def recorded_in(self, month):
            counted = registry.recorded_in(month)  # A has counted: 9 complaints
            assert restrict(world, {"grounds": "objection-pending", "call_ids": ["C-N0"]}).status == 201
            answered_b.extend(recording_statistics("2026-11", "2026-11", deps=reader_b)[2])
            return counted

    reader_a = StatisticsDependencies(
        by_month=CountThenLetBFinish(),
        releases=releases,
        clock=lambda: datetime(2026, 12, 3, 10, 15, tzinfo=UTC),
    )

    [answered_a] = recording_statistics("2026-11", "2026-11", deps=reader_a)[2]

    [b] = answered_b
    assert b.by_purpose_and_source[COMPLAINTS][SUBJECT].count == 8  # B counted after the restriction
    assert answered_a == b  # A answers B's release, not its own count of 9
    assert answered_a.published_at == datetime(2026, 12, 3, 10, 16, tzinfo=UTC)
    [stored] = stored_releases(world).values()
    assert json.loads(stored["release"]) == json.loads(b.model_dump_json())
    assert november(world).body["months"] == [json.loads(b.model_dump_json())]
