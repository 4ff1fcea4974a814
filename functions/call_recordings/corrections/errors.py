"""What can refuse a correction of a recording's purpose or source, in the DPO's terms (mapped to HTTP
once, in dpo_api/resolver.py ERRORS)."""

from collections.abc import Sequence

from call_recordings.core.errors import RequestError


class RecordingRestricted(RequestError):
    """A restriction of processing (UK GDPR Art 18) covers a version: while it stands the recording may
    only be stored (Art 18(2)), so it is not re-purposed; lift the restriction first."""

    def __init__(self, call_id: str, restriction_ids: Sequence[str]) -> None:
        self.restriction_ids = tuple(sorted(restriction_ids))
        super().__init__(
            f"recording {call_id} is restricted ({', '.join(self.restriction_ids)}): under UK GDPR Art 18(2) "
            "it may only be stored while the restriction stands, so its purpose and source are not changed"
        )


class VersionNotFound(RequestError):
    """The named version is not a live version of the recording."""

    def __init__(self, call_id: str, version_id: str) -> None:
        super().__init__(f"recording {call_id} has no live version {version_id[:64]!r}")


class CorrectionChangesNothing(RequestError):
    """Every version concerned already has the value asked for."""

    def __init__(self, call_id: str, field: str, value: str) -> None:
        super().__init__(f"the {field} of recording {call_id} is already {value!r}: nothing to change")
