"""The request bodies of /holds: place a hold, release it."""

from pydantic import BaseModel, Field

from call_recordings.dpo_api.inputs import FREE_TEXT_PATTERN, CaseReference, Note
from call_recordings.dpo_api.request_models import STRICT, NamedRecordings
from call_recordings.holds.selection import HoldRequest
from call_recordings.holds.vocabulary import HoldReason


class PlaceHoldRequest(NamedRecordings):
    """Name the recordings either by ``call_ids`` or by ``subject``
    (every version of each named call, or every version carrying the subject's identifiers, is held)."""

    reason: HoldReason
    case_reference: CaseReference = Field(
        min_length=1,
        max_length=64,
        pattern=FREE_TEXT_PATTERN,
        description="The case or claim reference: the council's own, never a phone number (kept in clear)",
    )
    note: Note | None = None

    def hold_request(self) -> HoldRequest:
        """The domain's request (raises EmptySelection, InvalidSubjectIdentifier)."""
        return HoldRequest(
            reason=self.reason,
            case_reference=self.case_reference,
            note=self.note,
            selection=self.selection("hold"),
        )


class ReleaseHoldRequest(BaseModel):
    model_config = STRICT

    note: Note | None = None
