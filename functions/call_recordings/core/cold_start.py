"""A function's cold start: its handler module's imports, made once per container.

What they make (modules, routers, models, clients' settings) lives as long as the container, so the
garbage collector has nothing to find in it: collecting while it is made only walks it again and
again as it grows (about a tenth of a DPO function's import). `imports_kept` pauses the collector
for the imports, then freezes what they made (`gc.freeze`: kept out of every later collection, as
CPython advises for objects a process keeps for life) and resumes it as it was.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def imports_kept() -> Iterator[None]:
    """Import inside this block: the collector paused, and what the block made frozen at its end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
