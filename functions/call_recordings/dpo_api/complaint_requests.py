"""The request bodies of /complaints (DPA 2018 s.164A): log a complaint, acknowledge it, note progress,
answer it, record its withdrawal."""

from typing import Annotated

from pydantic import Field

from call_recordings.complaints.complaining import ComplaintRequest
from call_recordings.complaints.records import ComplaintAbout, ComplaintOutcome
from call_recordings.core.models import BaseModel
from call_recordings.dpo_api.inputs import ApiDate, Note
from call_recordings.dpo_api.request_models import STRICT


class Complainant(BaseModel):
    """Who complained, if known: hashed as at ingest and never kept."""

    model_config = STRICT

    caller_number: str | None = Field(
        default=None, max_length=40, repr=False, description="Any UK or international format"
    )
    customer_ref: str | None = Field(default=None, max_length=64, repr=False)


class LogComplaintRequest(BaseModel):
    model_config = STRICT

    received_on: Annotated[ApiDate, Field(description="The day the complaint reached the council")]
    about: ComplaintAbout
    summary: Annotated[Note, Field(description="What the complaint says: sealed, shown for this one only")]
    complainant: Complainant | None = None

    def complaint_request(self) -> ComplaintRequest:
        who = self.complainant or Complainant()
        return ComplaintRequest(
            received_on=self.received_on,
            about=self.about,
            summary=self.summary,
            caller_number=who.caller_number,
            customer_ref=who.customer_ref,
        )


class DatedStep(BaseModel):
    model_config = STRICT

    on: ApiDate | None = Field(default=None, description="When it was done; today (London) by default")


class ProgressRequest(DatedStep):
    note: Annotated[Note, Field(description="What the complainant was told of progress (sealed)")]


class AnswerRequest(DatedStep):
    outcome: ComplaintOutcome
    told_of_ico_right: bool | None = Field(
        default=None,
        description="Required: whether the answer told the complainant of their right to go to the ICO",
    )
    note: Note | None = None


class WithdrawRequest(DatedStep):
    note: Note | None = None
