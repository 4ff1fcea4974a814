"""GET /erasures/{erasure_id} and POST /erasures: the answer (the request body is in ``erasure_requests``)."""

from pydantic import Field

from call_recordings.core.models import BaseModel
from call_recordings.core.notes import concealed
from call_recordings.deletion.erasure_records import ErasedVersion, Erasure, RefusingHold
from call_recordings.deletion.vocabulary import VersionErasure


class ErasedRecording(BaseModel):
    call_id: str
    version_id: str


class RefusedRecording(BaseModel):
    """A version kept despite the request: each hold that keeps it, and the ground for keeping it."""

    call_id: str
    version_id: str
    holds: list[RefusingHold]


class ErasureReport(Erasure):
    """The erasure: who asked, when, its status, the versions erased, and those refused with why."""

    erased_recordings: list[ErasedRecording]
    refused_recordings: list[RefusedRecording]
    failed_recordings: list[ErasedRecording] = Field(
        description="Versions an error stopped (status incomplete): ask again to finish them"
    )

    @classmethod
    def of(cls, erasure: Erasure, versions: list[ErasedVersion]) -> "ErasureReport":
        def keys(outcome: VersionErasure) -> list[ErasedRecording]:
            return [
                ErasedRecording(call_id=each.call_id, version_id=each.version_id)
                for each in versions
                if each.outcome is outcome
            ]

        return cls(
            **dict(concealed(erasure)),  # a note still sealed is not shown; the routes open it
            erased_recordings=keys(VersionErasure.ERASED),
            refused_recordings=[
                RefusedRecording(
                    call_id=each.call_id, version_id=each.version_id, holds=list(each.refused_because)
                )
                for each in versions
                if each.outcome is VersionErasure.REFUSED
            ],
            failed_recordings=keys(VersionErasure.FAILED),
        )
