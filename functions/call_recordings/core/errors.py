"""What can go wrong with any of the DPO's requests, in the DPO's terms: the API maps each to an HTTP
status in one place (dpo_api/handler.py ERRORS). No message repeats a caller number or customer
reference."""

from collections.abc import Sequence

_NAMED = 20  # call ids named in a message; the error carries all of them


class RequestError(Exception):
    """A DPO's request (a hold, a subject access request, an erasure, a restriction) that cannot be
    done as asked."""


class EmptySelection(RequestError):
    """The request names no recordings: an empty list of call ids, or a subject with no identifier."""


class RecordingsNotFound(RequestError):
    """Call ids the registry does not know. Nothing is held."""

    def __init__(self, call_ids: Sequence[str]) -> None:
        self.call_ids = sorted(call_ids)
        named = ", ".join(self.call_ids[:_NAMED])
        more = f" and {len(self.call_ids) - _NAMED} more" if len(self.call_ids) > _NAMED else ""
        super().__init__(
            f"{len(self.call_ids)} call id(s) are not in the registry: {named}{more}; nothing was held"
        )


class RecordingNotFound(RequestError):
    def __init__(self, call_id: str) -> None:
        self.call_id = call_id
        super().__init__(f"recording {call_id} is not in the registry")


class NoRecordingsForSubject(RequestError):
    def __init__(self, identifiers: Sequence[str]) -> None:
        super().__init__(
            f"no recording of this subject ({' or '.join(identifiers)}) is in the registry "
            "for the dates given; nothing was held"
        )


class InvalidPageToken(RequestError):
    def __init__(self) -> None:
        super().__init__("next_token is not one this API returned for this query")


class CallerNotIdentified(RequestError):
    """The request carries no IAM principal, so no audit entry could name who made it."""


class RecordingGone(Exception):
    """The recording version is no longer in the registry."""


class InvalidPeriod(RequestError):
    """A range of days that is back to front or too long to read at once."""
