"""What the SAR logic is given to act with: the holds machinery (registry, casework, audit, the hold
worker, the subject key and the clock) and the SAR store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from call_recordings.core.retention import LONDON

if TYPE_CHECKING:
    from call_recordings.holds.dependencies import HoldsDependencies
    from call_recordings.subject_access.adapters.sar_cases import SarCases

# Tries to save a change over a SAR that another request keeps changing at the same moment.
SAVE_ATTEMPTS = 3


@dataclass(frozen=True)
class SarDependencies:
    holds: HoldsDependencies
    sars: SarCases
    save_attempts: int = SAVE_ATTEMPTS

    def today(self) -> date:
        """Today in London: the statutory clock counts the council's days."""
        return self.holds.clock().astimezone(LONDON).date()
