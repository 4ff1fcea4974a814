"""Issue 17 item 3: the demo and `make serve` draw a job's progress from the numbers the API answers."""

import json

from infra.local.progress import JobWatcher, follow_job, progress_line


def _job(done: int, total: int = 250, status: str = "running", **extra) -> dict:
    return {
        "job_id": "J-20261203-0000000001",
        "kind": "sar-export",
        "about": "S-20261203-0000000002",
        "status": status,
        "progress": {
            "done": done,
            "total": total,
            "percent": round(100 * done / total, 1),
            "estimated_finish_at": "2026-12-03T10:15:31+00:00" if 0 < done < total else None,
            "finished_at": "2026-12-03T10:16:00+00:00" if status == "done" else None,
        },
    } | extra


def test_the_bar_is_as_full_as_the_percentage_and_says_when_it_should_finish():
    line = progress_line(_job(100)["progress"], "export")
    assert line.startswith("export [" + "█" * 12 + "░" * 18 + "]")
    assert " 40.0%  100/250  finish ~10:15:31" in line
    assert progress_line(_job(250, status="done")["progress"], "x").endswith("250/250  finished 10:16:00")


def test_following_a_job_delivers_a_round_at_a_time_until_it_is_done():
    answers = iter([_job(100), _job(200), _job(250, status="done")])
    rounds, shown = [], []
    last = follow_job(
        lambda method, path: {"body": json.dumps(next(answers))},
        lambda: rounds.append(1) or 1,
        _job(0),
        shown.append,
    )
    assert last["status"] == "done" and len(rounds) == 3
    assert [line.split("%")[0][-5:].strip() for line in shown] == ["0.0", "40.0", "80.0", "100.0"]


def test_following_stops_and_says_so_when_the_queues_are_empty_but_the_job_still_runs():
    shown = []
    last = follow_job(lambda m, p: {"body": json.dumps(_job(100))}, lambda: 0, _job(0), shown.append)
    assert last["status"] == "running" and "still running" in shown[-1]


def test_the_watcher_shows_each_move_once_and_the_end_of_a_job_that_left_the_running_list():
    running = [_job(100)]
    shown = []

    def call_api(method, path):
        if path.startswith("/jobs?status=running"):
            return {"body": json.dumps({"jobs": running})}
        return {"body": json.dumps(_job(250, status="failed", error="recording C-1 version v1 is gone"))}

    watcher = JobWatcher(call_api, shown.append)
    watcher.look()
    watcher.look()  # nothing moved: nothing shown again
    assert len(shown) == 1 and watcher.following
    running.clear()
    watcher.look()
    assert shown[-1].endswith(": failed (recording C-1 version v1 is gone)") and not watcher.following
