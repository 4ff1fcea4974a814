"""Whether a recording version may be used routinely: the one test every routine use applies.

A restricted version (its registry item lists a restriction id in ``restrictions``) is kept, but
UK GDPR Art 18(2) allows nothing more than storing it (and the few uses the Article names) while the
restriction stands. GET /statistics leaves such versions out through this function; any future
export of recordings for quality and training must do the same.
"""

from collections.abc import Mapping
from typing import Any


def routinely_usable(version: Mapping[str, Any] | Any) -> bool:
    """False while any restriction covers the version: a registry item (mapping) or a model with a
    ``restrictions`` attribute."""
    restrictions = (
        version.get("restrictions")
        if isinstance(version, Mapping)
        else getattr(version, "restrictions", None)
    )
    return not restrictions
