"""POST /erasures and POST /requests/{request_id}/erase: the request bodies."""

from pydantic import Field

from call_recordings.core.identifiers import RIGHTS_REQUEST_ID_PATTERN
from call_recordings.core.models import BaseModel
from call_recordings.dpo_api.inputs import Note
from call_recordings.dpo_api.request_models import STRICT


class ErasureRequest(BaseModel):
    """Decide an erasure request (UK GDPR Art 17), or an upheld objection, by erasing: the request names
    the person, by the keyed hashes of their caller number and/or customer reference, and any dates."""

    model_config = STRICT

    request_id: str = Field(
        pattern=RIGHTS_REQUEST_ID_PATTERN,
        description="The erasure or objection request this decides (POST /requests opens one)",
    )
    note: Note | None = Field(default=None, description="The reasons, kept sealed with the decision")


class EraseRightsRequest(BaseModel):
    model_config = STRICT

    note: Note | None = Field(default=None, description="The reasons, kept sealed with the decision")
