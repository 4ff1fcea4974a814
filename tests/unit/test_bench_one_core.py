"""make bench runs on one CPU core (bench/counting.py on_one_core): its threads and the interpreters it
starts too. Checked in a child interpreter, so the test run itself is not pinned."""

import json
import os
import subprocess
import sys

from bench.counting import on_one_core

_CHILD = """
import json, os, subprocess, sys, threading
from bench.counting import on_one_core
said = on_one_core()
seen = {}
thread = threading.Thread(target=lambda: seen.update(thread=sorted(os.sched_getaffinity(0))))
thread.start(); thread.join()
started = subprocess.run([sys.executable, "-c", "import os; print(sorted(os.sched_getaffinity(0)))"],
                         capture_output=True, text=True, check=True).stdout.strip()
print(json.dumps({"said": said, "process": sorted(os.sched_getaffinity(0)), "thread": seen["thread"],
                  "started": json.loads(started)}))
"""


def test_the_process_its_threads_and_what_it_starts_run_on_its_first_allowed_core():
    allowed = sorted(os.sched_getaffinity(0))
    child = [sys.executable, "-c", _CHILD]
    output = subprocess.run(child, capture_output=True, text=True, check=True).stdout  # noqa: S603 - fixed code
    pinned = json.loads(output.strip().splitlines()[-1])

    first = allowed[0]
    assert pinned["process"] == pinned["thread"] == pinned["started"] == [first]
    assert pinned["said"] == f"pinned to CPU {first}, as a 512 MB Lambda function has under one vCPU"


def test_where_affinity_cannot_be_set_nothing_is_pinned_and_it_says_so(monkeypatch):
    monkeypatch.delattr(os, "sched_setaffinity", raising=False)

    assert on_one_core() == "not pinned (this system cannot)"
