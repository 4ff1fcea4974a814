"""Reading the register: one disclosure, or DisclosureNotFound (what the reports and the packages need,
without the code that places and releases holds)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from call_recordings.outside_disclosures.errors import DisclosureNotFound
from call_recordings.outside_disclosures.records import OutsideDisclosure

if TYPE_CHECKING:
    from call_recordings.outside_disclosures.dependencies import DisclosuresDependencies


def get_disclosure(disclosure_id: str, deps: DisclosuresDependencies) -> OutsideDisclosure:
    disclosure = deps.register.disclosure(disclosure_id)
    if disclosure is None:
        raise DisclosureNotFound(disclosure_id)
    return disclosure
