"""Changing a request's record when two changes may be made at once (two DPOs, a retried request).

Every request that changes step by step (a SAR, a rights request, a complaint) keeps a ``revision``:
a change is made on the record as read and saved only over the revision it was read at. When another
change was saved in between, the change is made again on the newer record, which may refuse it
(extending twice at once extends once, and the other answers that it is already extended).
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

Record = TypeVar("Record")  # a pydantic record with a ``revision``


def save_change(
    read: Callable[[], Record],
    change: Callable[[Record], dict[str, Any]],
    save: Callable[[Record, int], bool],
    *,
    attempts: int,
    kept: Iterable[str] = (),
) -> tuple[Record, Record] | None:
    """The record before and after ``change`` (the fields it sets, or it raises), validated and saved
    over the revision it was made from; None when ``attempts`` saves in a row lost the race. ``kept``
    names fields the record never dumps (keyed hashes of a person) that carry over unchanged."""
    kept = tuple(kept)
    for _ in range(attempts):
        current = read()
        changed = current.model_copy(update=change(current) | {"revision": current.revision + 1})
        changed = type(changed).model_validate(
            changed.model_dump() | {name: getattr(current, name) for name in kept}
        )
        if save(changed, current.revision):
            return current, changed
    return None
