"""Count the AWS API calls a handler makes, through botocore's events; time what a measurement takes."""

from __future__ import annotations

import gc
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import boto3


class ApiCallCounter:
    """Counts every API call made by clients of boto3's default session while `counting()` is on."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self._on = False
        session = boto3.DEFAULT_SESSION or boto3.setup_default_session() or boto3.DEFAULT_SESSION
        session.events.register("before-call", self._count)

    def _count(self, model, **_) -> None:
        if self._on:
            self.calls[f"{model.service_model.service_name}:{model.name}"] += 1

    @contextmanager
    def counting(self) -> Iterator[None]:
        self._on = True
        try:
            yield
        finally:
            self._on = False

    @property
    def total(self) -> int:
        return sum(self.calls.values())


@dataclass
class Took:
    """How long something took: wall time, and this process's CPU time (every thread's: the handlers
    and moto run in this process), which a busy machine disturbs far less."""

    wall: float = 0.0
    cpu: float = 0.0

    def __add__(self, other: Took) -> Took:
        return Took(self.wall + other.wall, self.cpu + other.cpu)

    def ratio(self, floor: Took) -> tuple[float, float]:
        """Wall over wall, CPU over CPU."""
        return self.wall / floor.wall, self.cpu / floor.cpu


@contextmanager
def stopwatch() -> Iterator[Took]:
    """The time the block took, filled in when it ends.

    The block starts with the garbage collector settled: everything the process holds already (moto's
    whole world, which in AWS is not in the function's process, the seeded recordings, the imported
    modules) is collected once and frozen, outside the time, so that a collection inside the block
    walks only what the block itself made, as the function's collections would in Lambda. Unfrozen
    when the block ends."""
    took = Took()
    gc.collect()
    gc.freeze()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield took
    finally:
        took.wall, took.cpu = time.perf_counter() - wall, time.process_time() - cpu
        gc.unfreeze()


def on_one_core() -> str:
    """Run this process (its every thread, and the interpreters it starts) on one CPU core; what was
    done, for the table.

    A DPO function has 512 MB, and Lambda gives a function CPU in proportion to its memory: one vCPU at
    1,769 MB, so under a third of one here. Its threads (8 copying a package, 16 applying a hold) are
    for waiting on AWS together; they never compute at once. Under moto each call is Python in this
    process, so those threads only take turns with the interpreter's lock, and on a machine of two
    cores the lock moving from one core to the other made the threaded side dearer and different from
    run to run (the hold of 2,000 recordings 1.18 to 1.45 times its floor in four identical runs), while
    the floors, one thread each, did not move. On one core the same runs read 1.13 to 1.14, as do the
    floors. Nothing is pinned where the system cannot (not Linux)."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (this system cannot)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to CPU {core}, as a 512 MB Lambda function has under one vCPU"
