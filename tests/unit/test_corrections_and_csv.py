"""The pure parts of corrections (which review flags a correction answers) and of the statistics' CSV
answer (its content negotiation and its rows)."""

from datetime import UTC, datetime

import pytest

from call_recordings.core.vocabulary import FLAG_MEANINGS
from call_recordings.corrections.correcting import CLEARED_FLAGS, CorrectedField
from call_recordings.dpo_api.routes.statistics import prefers_csv
from call_recordings.statistics.releases import MonthRelease
from call_recordings.statistics.spreadsheet import HEADER, as_csv
from call_recordings.statistics.tables import month_table


def test_each_flag_a_correction_clears_is_one_ingest_sets_about_that_field():
    """ingest/assessment.py: purpose-unknown, source-missing and source-unknown ask for the DPO's review."""
    assert CLEARED_FLAGS[CorrectedField.PURPOSE] == {"purpose-unknown"}
    assert CLEARED_FLAGS[CorrectedField.SOURCE] == {"source-missing", "source-unknown"}
    for field, flags in CLEARED_FLAGS.items():
        for flag in flags:
            assert flag in FLAG_MEANINGS and flag.startswith(field.value)


@pytest.mark.parametrize(
    ("accept", "csv"),
    [
        (None, False),
        ("", False),
        ("application/json", False),
        ("*/*", False),
        ("text/csv", True),
        ("Text/CSV; charset=utf-8", True),
        ("text/csv, application/json", True),
        ("application/json, text/csv", False),
    ],
)
def test_csv_is_answered_only_when_asked_for_before_json(accept, csv):
    assert prefers_csv(accept) is csv


def test_the_csv_has_a_header_then_a_line_per_figure_suppressed_ones_in_words():
    versions = [{"purpose": "quality-training", "source": "data-subject"}] * 7 + [
        {"purpose": "legal-claims", "source": "councillor"}
    ]
    table = month_table("2026-11", versions)
    release = MonthRelease(**dict(table), published_at=datetime(2026, 12, 3, 10, 15, tzinfo=UTC), version=1)

    lines = as_csv([release]).split("\r\n")

    assert lines[0] == ",".join(HEADER)
    assert "2026-11,legal-claims,councillor,suppressed,2026-12-03T10:15:00Z,1" in lines
    assert "2026-11,legal-claims,data-subject,0,2026-12-03T10:15:00Z,1" in lines
    assert lines[-1] == ""  # every line ends with CRLF
    assert len(lines) - 2 == 5 * 5 + 5 + 5 + 1
