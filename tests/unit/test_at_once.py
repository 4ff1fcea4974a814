"""One piece of work for each of many items, several at once, each thread taking the next item itself
(core/at_once.py): the answers of Executor.map, without handing each item over."""

import threading
import time

import pytest

from call_recordings.core.at_once import each_at_once


def test_the_results_come_in_the_items_order_whoever_finished_first():
    def slow_for_the_first(n: int) -> int:
        time.sleep(0.02 if n < 3 else 0)
        return n * n

    assert each_at_once(slow_for_the_first, range(20), threads=4) == [n * n for n in range(20)]


def test_as_many_items_as_threads_are_worked_on_at_once():
    together = threading.Barrier(3, timeout=5)  # broken unless three items wait on it at the same time

    assert each_at_once(lambda n: together.wait() >= 0 and n, [1, 2, 3], threads=3) == [1, 2, 3]


def test_never_more_than_threads_at_once():
    running, most, lock = [0], [0], threading.Lock()

    def counted(n: int) -> int:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.002)
        with lock:
            running[0] -= 1
        return n

    assert each_at_once(counted, list(range(40)), threads=4) == list(range(40))
    assert 1 < most[0] <= 4


def test_each_item_is_worked_on_once():
    seen, lock = [], threading.Lock()

    def note(n: int) -> None:
        with lock:
            seen.append(n)

    each_at_once(note, range(500), threads=8)
    assert sorted(seen) == list(range(500))


def test_the_first_failed_item_s_error_is_raised_and_no_item_is_started_after_a_failure():
    started, lock = [], threading.Lock()

    def fails_at_five(n: int) -> int:
        with lock:
            started.append(n)
        if n == 5:
            raise ValueError("five")
        time.sleep(0.001)
        return n

    with pytest.raises(ValueError, match="five"):
        each_at_once(fails_at_five, range(1000), threads=4)
    # Each of the four threads finishes the item it holds and takes no other: far fewer than the 1,000.
    assert 5 in started and len(started) < 20


def test_of_two_failures_the_earlier_item_s_is_raised():
    both_failing = threading.Barrier(2, timeout=5)

    def fail(n: int) -> None:
        both_failing.wait()
        time.sleep(0.01 if n == 0 else 0)  # the later item fails first
        raise ValueError(f"item {n}")

    with pytest.raises(ValueError, match="item 0"):
        each_at_once(fail, [0, 1], threads=2)


@pytest.mark.parametrize(("items", "threads"), [([7], 8), ([1, 2, 3], 1), ([], 8)])
def test_one_item_or_one_thread_is_worked_on_in_the_caller_s_own_thread(items, threads):
    caller = threading.current_thread()

    assert each_at_once(lambda n: (n, threading.current_thread() is caller), items, threads=threads) == [
        (n, True) for n in items
    ]
