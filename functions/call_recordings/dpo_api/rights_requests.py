"""The request bodies of /requests (erasure, restriction, objection and rectification requests): open
one, decide it, and the clock's changes, which are a SAR's (sar_requests)."""

from typing import Literal

from pydantic import Field

from call_recordings.core.models import BaseModel
from call_recordings.dpo_api.inputs import ApiDate, Note
from call_recordings.dpo_api.request_models import STRICT, CallId, NamedRecordings
from call_recordings.restrictions.vocabulary import RestrictionGround
from call_recordings.rights.opening import NewRightsRequest
from call_recordings.rights.records import MAX_REQUEST_CALL_IDS, RefusalGround, RightsKind


class OpenRightsRequest(NamedRecordings):
    """A request as it arrived: which right, about whom (``subject``) or which calls (``call_ids``), when."""

    kind: RightsKind = Field(
        description="erasure (Art 17), restriction (Art 18), objection (Art 21), rectification (Art 16)"
    )
    call_ids: list[CallId] | None = Field(
        default=None,
        max_length=MAX_REQUEST_CALL_IDS,
        description="The recordings named (a rectification's: the statement is attached to each call)",
    )
    received_on: ApiDate = Field(description="The day the request was received (today or earlier)")
    identity_verified_on: ApiDate | None = Field(
        default=None,
        description="The day proof of identity arrived, if it was asked for: the clock starts then (ICO)",
    )
    note: Note | None = None
    disputed: Note | None = Field(
        default=None, description="Rectification: what the person says is wrong (kept sealed)"
    )
    objection: Note | None = Field(
        default=None, description="Objection: the processing the person objects to, and why (kept sealed)"
    )

    def rights_request(self) -> NewRightsRequest:
        """The domain's request (raises EmptySelection, InvalidSubjectIdentifier)."""
        return NewRightsRequest(
            right=self.kind,
            recordings=self.selection("name for the request"),
            received_on=self.received_on,
            identity_verified_on=self.identity_verified_on,
            note=self.note,
            disputed=self.disputed,
            objection=self.objection,
        )


class DecideRightsRequest(BaseModel):
    """The decision, made in the rights function; an erasure is decided with POST /requests/{id}/erase."""

    model_config = STRICT

    decision: Literal["restrict", "rectify", "refuse"] = Field(
        description="restrict (a restriction request, or an objection upheld); rectify (a rectification: "
        "attach the statement); refuse (any kind, on refusal_ground, with the reasons in note)"
    )
    restriction_grounds: RestrictionGround | None = Field(
        default=None, description="restrict: which of UK GDPR Art 18(1)(a)-(d) applies"
    )
    refusal_ground: RefusalGround | None = Field(default=None, description="refuse: the ground")
    statement: Note | None = Field(
        default=None, description="rectify: the supplementary statement (Art 16), kept sealed"
    )
    note: Note | None = Field(default=None, description="The reasons (required to refuse: Art 12(4))")


class RightsRequestNote(BaseModel):
    model_config = STRICT

    note: Note | None = None
