"""What the request bodies that name recordings share: a data subject (by caller number and/or
customer reference), or call ids; the strict configuration of every request body."""

from typing import Annotated

from pydantic import ConfigDict, Field, model_validator

from call_recordings.core.errors import EmptySelection
from call_recordings.core.identifiers import CALL_ID_PATTERN
from call_recordings.core.models import BaseModel
from call_recordings.core.selection import CallSelection, SubjectSelection
from call_recordings.dpo_api.inputs import ApiDate
from call_recordings.finding.searching import RecordingSearch

CallId = Annotated[str, Field(pattern=CALL_ID_PATTERN, description="The telephony system's call id")]

# A hold may name this many call ids (the body is limited to 1 MiB anyway).
MAX_CALL_IDS = 20_000

STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)


class Subject(BaseModel):
    """A data subject, by caller number and/or customer reference, hashed as at ingest and never kept."""

    model_config = STRICT

    caller_number: str | None = Field(
        default=None, max_length=40, repr=False, description="Any UK or international format"
    )
    customer_ref: str | None = Field(default=None, max_length=64, repr=False)
    recorded_from: ApiDate | None = Field(default=None, description="First London date, inclusive")
    recorded_to: ApiDate | None = Field(default=None, description="Last London date, inclusive")

    def selection(self) -> SubjectSelection:
        """The domain's selection (raises EmptySelection, InvalidSubjectIdentifier)."""
        return SubjectSelection(
            caller_number=self.caller_number,
            customer_ref=self.customer_ref,
            recorded_from=self.recorded_from,
            recorded_to=self.recorded_to,
        )


class NamedRecordings(BaseModel):
    """A body that names recordings either by ``call_ids`` or by ``subject``
    (every version of each named call, or every version carrying the subject's identifiers)."""

    model_config = STRICT

    call_ids: list[CallId] | None = Field(default=None, max_length=MAX_CALL_IDS)
    subject: Subject | None = None

    @model_validator(mode="after")
    def _one_way_of_naming_recordings(self) -> "NamedRecordings":
        if self.call_ids is not None and self.subject is not None:
            raise ValueError("name recordings by call_ids or by subject, not both")
        return self

    def selection(self, verb: str) -> CallSelection | SubjectSelection:
        """The domain's selection; EmptySelection names what the recordings were to be named for
        (``verb``: "hold", "restrict"), InvalidSubjectIdentifier a bad identifier."""
        if self.subject is not None:
            return self.subject.selection()
        if self.call_ids is not None:
            return CallSelection(tuple(self.call_ids))
        raise EmptySelection(f"name the recordings to {verb}: call_ids, or a subject")


class RecordingSearchRequest(Subject):
    """A person's recordings by one identifier (a caller number or a customer reference), a page at a time."""

    limit: int = Field(default=50, ge=1, le=1000, description="At most this many recordings")
    next_token: str | None = Field(
        default=None, max_length=4096, description="From the previous page, asked with the same identifier"
    )

    def search(self) -> RecordingSearch:
        return RecordingSearch(
            caller_number=self.caller_number,
            customer_ref=self.customer_ref,
            recorded_from=self.recorded_from,
            recorded_to=self.recorded_to,
        )
