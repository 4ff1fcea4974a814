"""The request bodies of /disclosures: record a disclosure outside the council, and close it. (Its package
takes the body of a SAR's, ``export_requests.ExportSarRequest``: how long the links work.)"""

from typing import Annotated

from pydantic import Field

from call_recordings.core.models import BaseModel
from call_recordings.dpo_api.inputs import FREE_TEXT_PATTERN, CaseReference, Note
from call_recordings.dpo_api.request_models import STRICT, NamedRecordings
from call_recordings.outside_disclosures.recording import DisclosureRequest
from call_recordings.outside_disclosures.vocabulary import LawfulBasis

ShortText = Annotated[str, Field(min_length=1, max_length=200, pattern=FREE_TEXT_PATTERN)]


class RecordDisclosureRequest(NamedRecordings):
    """Name the recordings either by ``call_ids`` or by ``subject`` (every version of each named call, or
    every version carrying the subject's identifiers, hashed and never kept)."""

    recipient: ShortText = Field(description="The organisation outside the council, e.g. a police force")
    lawful_basis: LawfulBasis = Field(
        description="One of the privacy notice's three: required-by-law (DPA 2018 Sch 2 para 5(2)), "
        "prevent-or-detect-crime (Sch 2 para 2(1)(a),(b)), protect-public-funds (Sch 2 para 2(1)(c),(a))"
    )
    request_reference: CaseReference = Field(
        min_length=1,
        max_length=64,
        pattern=FREE_TEXT_PATTERN,
        description="The recipient's reference for its request (kept in clear: never a phone number)",
    )
    approved_by: ShortText = Field(description="Who approved the disclosure: a name or a role")
    note: Note | None = None

    def disclosure_request(self) -> DisclosureRequest:
        """The domain's request (raises EmptySelection, InvalidSubjectIdentifier)."""
        return DisclosureRequest(
            recipient=self.recipient,
            lawful_basis=self.lawful_basis,
            request_reference=self.request_reference,
            approved_by=self.approved_by,
            note=self.note,
            selection=self.selection("disclose"),
        )


class CloseDisclosureRequest(BaseModel):
    model_config = STRICT

    note: Note | None = None
