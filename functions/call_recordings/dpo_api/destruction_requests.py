"""POST /recordings/{call_id}/destroy: the request body."""

from pydantic import Field

from call_recordings.core.models import BaseModel
from call_recordings.deletion.vocabulary import DestructionReason
from call_recordings.dpo_api.inputs import Note
from call_recordings.dpo_api.request_models import STRICT


class DestructionBody(BaseModel):
    """Destroy an out-of-policy capture: which promise of the privacy notice it breaks (the quarantine
    flag of the DPO's alert) and, if the DPO wants, a note kept (sealed) with the destruction."""

    model_config = STRICT

    reason: DestructionReason = Field(
        description="payment-details-recorded (card or bank details were recorded) or "
        "officer-call-leg-recorded (the officer's leg of a transferred call was recorded)"
    )
    note: Note | None = Field(default=None, description="Kept with the destruction record, sealed")
