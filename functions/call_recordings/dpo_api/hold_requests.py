"""The request bodies of /holds: place a hold, review it, release it."""

from pydantic import Field

from call_recordings.core.models import BaseModel
from call_recordings.dpo_api.inputs import FREE_TEXT_PATTERN, ApiDate, CaseReference, Note
from call_recordings.dpo_api.request_models import STRICT, NamedRecordings
from call_recordings.holds.review import ReviewDecision
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
    review_on: ApiDate | None = Field(
        default=None,
        description="When the hold must next be reviewed: after today, within 12 months (default: 6 months "
        "for a legal claim or a threat, 3 for a complaint, or as the deployment's context sets)",
    )

    def hold_request(self) -> HoldRequest:
        """The domain's request (raises EmptySelection, InvalidSubjectIdentifier)."""
        return HoldRequest(
            reason=self.reason,
            case_reference=self.case_reference,
            note=self.note,
            selection=self.selection("hold"),
            review_on=self.review_on,
        )


class ReviewHoldRequest(BaseModel):
    """The DPO's review of a hold: keep it until a new review date, or release it; and why."""

    model_config = STRICT

    decision: ReviewDecision = Field(description="keep: the reason still stands; release: it is over")
    review_on: ApiDate | None = Field(
        default=None, description="keep only: the next review date (after today, within 12 months)"
    )
    note: Note = Field(description="Why: kept sealed with the hold, shown only in its own report")


class ReleaseHoldRequest(BaseModel):
    model_config = STRICT

    note: Note | None = None
