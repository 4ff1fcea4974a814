"""The request bodies of /restrictions (UK GDPR Art 18): restrict processing of recordings, lift it."""

from typing import Annotated

from pydantic import Field

from call_recordings.core.identifiers import RIGHTS_REQUEST_ID_PATTERN
from call_recordings.core.models import BaseModel
from call_recordings.dpo_api.inputs import ApiDate, Note
from call_recordings.dpo_api.request_models import STRICT
from call_recordings.restrictions.vocabulary import RestrictionGround


class RestrictRequest(BaseModel):
    """Decide a restriction request (or uphold an objection) by restricting the recordings it names: every
    version of each named call, or every version carrying the subject's identifiers."""

    model_config = STRICT

    request_id: str = Field(
        pattern=RIGHTS_REQUEST_ID_PATTERN,
        description="The restriction or objection request this decides (POST /requests opens one)",
    )
    grounds: RestrictionGround = Field(description="Which of UK GDPR Art 18(1)(a)-(d) applies")
    note: Note | None = Field(default=None, description="The reasons, kept sealed with the decision")


class LiftRestrictionRequest(BaseModel):
    model_config = STRICT

    subject_told_on: Annotated[
        ApiDate,
        Field(description="When the person was told of the lifting (Art 18(3)); not after today"),
    ]
    note: Note | None = None
