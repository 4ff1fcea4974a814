"""Doing one piece of work for each of many items, several at once: the copies of a package, a hold's
versions, an erasure's steps, a query per call id. Every one of them waits on AWS (S3 or DynamoDB),
so a few threads keep several calls in flight; the boto3 clients they share are thread-safe.

``each_at_once`` answers like ``list(ThreadPoolExecutor(threads).map(work, items))``: every result, in
the items' order, or the error of the first item (in that order) that failed. It differs in who hands
the work out. ``Executor.map`` makes a future for every item and the caller waits for each in turn, so
every item costs a hand-over to a thread and a wake-up of the caller. Here each thread takes the next
item itself from a shared queue until none is left, and the caller waits once for the threads: the
same number of calls in flight, without the two switches an item. Measured under moto, where a call
is only Python and nothing waits, 500 copies of a package on a machine of two cores took about 1.23 s
handed over one by one (the median of six, 1.16 to 1.40), 1.11 s taken in turn (1.05 to 1.15), as a
plain loop; with the process on one core, as make bench runs, 1.12 s and 1.11 s. Once an item has
failed, no thread starts another.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def each_at_once(work: Callable[[Item], Result], items: Sequence[Item], *, threads: int) -> list[Result]:
    """``work(item)`` for every item, up to ``threads`` at once; the results in the items' order, or the
    first failed item's error, raised once every thread has stopped."""
    if threads <= 1 or len(items) <= 1:
        return [work(item) for item in items]
    results: list[Result | None] = [None] * len(items)
    failures: list[tuple[int, BaseException]] = []
    waiting: queue.SimpleQueue[tuple[int, Item]] = queue.SimpleQueue()
    for numbered in enumerate(items):
        waiting.put(numbered)

    def take_in_turn() -> None:
        while not failures:
            try:
                index, item = waiting.get_nowait()
            except queue.Empty:
                return
            try:
                results[index] = work(item)
            except BaseException as error:  # raised to the caller below, once the others have stopped
                failures.append((index, error))
                return

    with ThreadPoolExecutor(max_workers=min(threads, len(items))) as pool:
        for _ in range(min(threads, len(items))):
            pool.submit(take_in_turn)
    if failures:
        raise min(failures, key=lambda failure: failure[0])[1]
    return results  # type: ignore[return-value]  # every index was filled: no item failed
