"""Which recordings a hold request names: by call ids, or by a data subject's identifiers and dates.

A subject's identifiers are normalised and hashed exactly as ingest does (recordings.subjects), so
that the registry's subject indexes find them; the identifiers themselves go no further than here.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date

from call_recordings.core.selection import (
    Selection,
)
from call_recordings.holds.vocabulary import HoldReason


@dataclass(frozen=True)
class HoldRequest:
    """What the DPO asked for: why, for which case, and which recordings."""

    reason: HoldReason
    case_reference: str
    selection: Selection
    note: str | None = None
    review_on: date | None = None  # None: the default for its reason (holds/review.py)

    def fingerprint(self, key: bytes) -> str:
        """A keyed digest of the request, to tell a retry (same Idempotency-Key, same request) from a
        different request under a reused key. Keyed, because the request may hold a caller number."""
        canonical = {
            "reason": self.reason.value,
            "case_reference": self.case_reference,
            "note": self.note,
            "review_on": self.review_on and self.review_on.isoformat(),
            "selection": self.selection.canonical(),
        }
        text = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
        return hmac.new(key, b"hold-request:" + text.encode(), hashlib.sha256).hexdigest()
