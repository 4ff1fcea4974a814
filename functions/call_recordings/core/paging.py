"""Opaque page tokens: where the next page of a listing starts, as the client sees it."""

import base64
import binascii
import json
from typing import Any

from call_recordings.core.errors import InvalidPageToken


def page_token(position: dict[str, Any] | None) -> str | None:
    """The token for a position (e.g. DynamoDB's LastEvaluatedKey), or None at the end."""
    if not position:
        return None
    text = json.dumps(position, sort_keys=True, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def page_position(token: str | None) -> dict[str, Any] | None:
    """The position a token stands for; InvalidPageToken for anything this API did not return."""
    if token is None:
        return None
    try:
        position = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidPageToken() from None
    if not isinstance(position, dict) or not position:
        raise InvalidPageToken()
    return position
