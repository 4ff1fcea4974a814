"""The bodies of /restrictions (UK GDPR Art 18)."""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from call_recordings.dpo_api.models import NamedRecordings
from call_recordings.restrictions.records import Restriction
from call_recordings.restrictions.restricting import RestrictionRequest
from call_recordings.restrictions.vocabulary import GROUND_WORDING, RestrictionGround

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)


class RestrictRequest(NamedRecordings):
    """Name the recordings either by ``call_ids`` or by ``subject`` (every version of each call)."""

    grounds: RestrictionGround = Field(description="Which of UK GDPR Art 18(1)(a)-(d) applies")
    note: str | None = Field(default=None, max_length=2000)

    def restriction_request(self) -> RestrictionRequest:
        """The domain's request (raises EmptySelection, InvalidSubjectIdentifier)."""
        return RestrictionRequest(grounds=self.grounds, note=self.note, selection=self.selection("restrict"))


class LiftRestrictionRequest(BaseModel):
    model_config = _STRICT

    subject_told_on: Annotated[
        date,
        Field(description="When the person was told of the lifting (Art 18(3)); not after today"),
    ]
    note: str | None = Field(default=None, max_length=2000)


class RestrictedRecording(BaseModel):
    call_id: str
    version_id: str
    object_key: str


class RestrictionView(Restriction):
    """A restriction: on which ground, who made it and when, how many versions; its lifting."""

    grounds_wording: str

    @classmethod
    def of(cls, restriction: Restriction) -> "RestrictionView":
        return cls(**dict(restriction), grounds_wording=GROUND_WORDING[restriction.grounds])


class RestrictionReport(RestrictionView):
    recordings: list[RestrictedRecording]


class RestrictionList(BaseModel):
    restrictions: list[RestrictionView]
    next_token: str | None = None
