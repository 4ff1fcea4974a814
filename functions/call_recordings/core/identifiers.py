"""Hold ids and the keys under which holds, their recordings and audit entries are filed; and the shape of
every other request's id, which routes of several functions take as a path parameter (here, so that a
route names an id without importing the request's record and its models)."""

import re
import secrets
from datetime import datetime

from call_recordings.core.audit_vocabulary import TargetKind, audit_target

# H-<date placed, UTC>-<10 random hex digits>: sortable by day, unguessable within it.
HOLD_ID_PATTERN = r"^H-[0-9]{8}-[0-9A-F]{10}$"
_HOLD_ID = re.compile(HOLD_ID_PATTERN)

# S-, Q- and OD-<date opened, UTC>-<10 random hex digits>: a SAR, a rights request (erasure, restriction,
# objection, rectification) and a disclosure outside the council (OD-, so as not to share D- with
# destructions), the shape of hold ids.
SAR_ID_PATTERN = r"^S-[0-9]{8}-[0-9A-F]{10}$"
RIGHTS_REQUEST_ID_PATTERN = r"^Q-[0-9]{8}-[0-9A-F]{10}$"
DISCLOSURE_ID_PATTERN = r"^OD-[0-9]{8}-[0-9A-F]{10}$"

# Call ids as ingest accepts them (ingest.assessment), and the ids it derives (K-…).
CALL_ID_PATTERN = r"^[A-Za-z0-9._:-]{1,128}$"

HOLD_REQUEST_ITEM = "request"  # the requests table's sort key of a request's header item
RECORDING_ITEM_PREFIX = "recording#"


def new_hold_id(placed_at: datetime) -> str:
    """A new hold id, e.g. ``H-20261128-3F9A1C2B7D``."""
    return f"H-{placed_at:%Y%m%d}-{secrets.token_hex(5).upper()}"


def is_hold_id(text: str) -> bool:
    return bool(_HOLD_ID.fullmatch(text))


def recording_item(call_id: str, version_id: str) -> str:
    """The requests table's sort key of a recording version a request covers."""
    return f"{RECORDING_ITEM_PREFIX}{call_id}#{version_id}"


def hold_target(hold_id: str) -> str:
    """What an audit entry about a hold is filed under."""
    return audit_target(TargetKind.HOLD, hold_id)


def recording_target(call_id: str) -> str:
    """What an audit entry about a recording is filed under."""
    return audit_target(TargetKind.RECORDING, call_id)


def bucket_target(bucket: str) -> str:
    """What an audit entry about the recordings bucket itself (an object in it that is no recording)
    is filed under: by the bucket, since the object's key may carry personal data."""
    return audit_target(TargetKind.BUCKET, bucket)
