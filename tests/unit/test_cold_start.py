"""A handler module's imports run with the collector paused and end frozen (core/cold_start.py)."""

import gc

import pytest

from call_recordings.core.cold_start import imports_kept


@pytest.fixture
def collector():
    """The collector as the test found it, afterwards; nothing left frozen."""
    was = gc.isenabled()
    yield
    gc.unfreeze()
    gc.enable() if was else gc.disable()


def test_the_collector_is_paused_inside_and_what_the_imports_made_is_frozen_after(collector):
    gc.enable()
    gc.unfreeze()
    with imports_kept():
        assert not gc.isenabled()
        made = [["route", n] for n in range(1000)]  # what an import keeps for the container's life
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made)
    walked = {id(each) for each in gc.get_objects()}  # what a collection walks: not the frozen
    assert gc.is_tracked(made[0]) and id(made[0]) not in walked and id(made) not in walked


def test_a_collector_paused_before_stays_paused_and_an_error_inside_still_resumes_it(collector):
    gc.disable()
    with imports_kept():
        pass
    assert not gc.isenabled()

    gc.enable()
    with pytest.raises(ImportError), imports_kept():
        raise ImportError("a module missing from the package")
    assert gc.isenabled()
