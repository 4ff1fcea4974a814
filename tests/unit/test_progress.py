"""The one shape of progress every long piece of work reports (core/progress.py)."""

from datetime import UTC, datetime, timedelta

from call_recordings.core.progress import Progress

START = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def test_the_estimate_is_a_straight_line_from_the_start_at_the_rate_so_far():
    progress = Progress.of(250, 1000, started_at=START, now=START + timedelta(seconds=30))
    assert progress.percent == 25.0
    assert progress.estimated_finish_at == START + timedelta(seconds=120)


def test_nothing_done_yet_gives_no_estimate_and_zero_percent():
    progress = Progress.of(0, 1000, started_at=START, now=START + timedelta(seconds=5))
    assert (progress.percent, progress.estimated_finish_at) == (0.0, None)


def test_finished_work_reports_its_finish_and_a_hundred_percent():
    finished = START + timedelta(minutes=3)
    progress = Progress.of(
        1000, 1000, started_at=START, now=finished + timedelta(hours=1), finished_at=finished
    )
    assert (progress.percent, progress.estimated_finish_at) == (100.0, finished)


def test_an_empty_piece_of_work_is_complete_and_more_done_than_total_is_capped():
    assert Progress.of(0, 0, started_at=START, now=START).percent == 100.0
    assert Progress.of(7, 5, started_at=START, now=START).done == 5


def test_percent_is_rounded_to_one_decimal_place():
    assert Progress.of(1, 3, started_at=START, now=START + timedelta(seconds=1)).percent == 33.3
