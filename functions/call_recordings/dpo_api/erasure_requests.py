"""POST /erasures: the request body."""

from pydantic import BaseModel, Field

from call_recordings.core.selection import SubjectSelection
from call_recordings.dpo_api.inputs import Note
from call_recordings.dpo_api.request_models import STRICT, Subject


class ErasureRequest(BaseModel):
    """Erase a data subject's recordings (UK GDPR Art 17): every recording version that carries their
    caller number and/or customer reference, within optional London dates."""

    model_config = STRICT

    subject: Subject
    note: Note | None = Field(default=None, description="Kept with the erasure record")

    def selection(self) -> SubjectSelection:
        """The domain's selection (raises EmptySelection, InvalidSubjectIdentifier)."""
        return self.subject.selection()
