"""POST /recordings/{call_id}/destroy: the answer (the request body is in ``destruction_requests``)."""

from pydantic import Field

from call_recordings.core.models import BaseModel
from call_recordings.core.notes import concealed
from call_recordings.deletion.destruction_records import Destruction
from call_recordings.deletion.records import VersionDeleted
from call_recordings.deletion.vocabulary import DeletionOutcome


class DestroyedVersion(BaseModel):
    version_id: str
    outcome: DeletionOutcome = Field(
        description="deleted (or already-deleted): gone; held, restricted, busy or not-quarantined: kept, "
        "because something changed since the check; failed: an error stopped it (ask again)"
    )
    hold_ids: list[str] = Field(default=[], description="The holds that keep it (outcome held)")
    restriction_ids: list[str] = Field(default=[], description="The restrictions that keep it")


class DestructionAnswer(Destruction):
    """The destruction: who asked, when, why, its status and what happened to each version."""

    versions: list[DestroyedVersion]

    @classmethod
    def of(cls, destruction: Destruction, outcomes: list[VersionDeleted]) -> "DestructionAnswer":
        return cls(
            **dict(concealed(destruction)),  # a note still sealed is not shown; the route opens it
            versions=[
                DestroyedVersion(
                    version_id=each.version_id,
                    outcome=each.outcome,
                    hold_ids=list(each.hold_ids),
                    restriction_ids=list(each.restriction_ids),
                )
                for each in sorted(outcomes, key=lambda each: each.version_id)
            ],
        )
