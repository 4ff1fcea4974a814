"""The request bodies of /restrictions (UK GDPR Art 18): restrict processing of recordings, lift it."""

from typing import Annotated

from pydantic import BaseModel, Field

from call_recordings.dpo_api.inputs import ApiDate, Note
from call_recordings.dpo_api.request_models import STRICT, NamedRecordings
from call_recordings.restrictions.restricting import RestrictionRequest
from call_recordings.restrictions.vocabulary import RestrictionGround


class RestrictRequest(NamedRecordings):
    """Name the recordings either by ``call_ids`` or by ``subject``
    (every version of each named call, or every version carrying the subject's identifiers)."""

    grounds: RestrictionGround = Field(description="Which of UK GDPR Art 18(1)(a)-(d) applies")
    note: Note | None = None

    def restriction_request(self) -> RestrictionRequest:
        """The domain's request (raises EmptySelection, InvalidSubjectIdentifier)."""
        return RestrictionRequest(grounds=self.grounds, note=self.note, selection=self.selection("restrict"))


class LiftRestrictionRequest(BaseModel):
    model_config = STRICT

    subject_told_on: Annotated[
        ApiDate,
        Field(description="When the person was told of the lifting (Art 18(3)); not after today"),
    ]
    note: Note | None = None
