"""The answers of /restrictions (UK GDPR Art 18): a restriction, its recordings, the list of them. Their
request bodies are in ``restriction_requests``."""

from call_recordings.core.models import BaseModel
from call_recordings.core.notes import concealed
from call_recordings.restrictions.records import Restriction
from call_recordings.restrictions.vocabulary import GROUND_WORDING


class RestrictedRecording(BaseModel):
    call_id: str
    version_id: str
    object_key: str


class RestrictionView(Restriction):
    """A restriction: on which ground, who made it and when, how many versions; its lifting."""

    grounds_wording: str

    @classmethod
    def of(cls, restriction: Restriction) -> "RestrictionView":
        """A note still sealed is not shown (a list); restriction_report opens them for one."""
        return cls(**dict(concealed(restriction)), grounds_wording=GROUND_WORDING[restriction.grounds])


class RestrictionReport(RestrictionView):
    recordings: list[RestrictedRecording]


class RestrictionList(BaseModel):
    restrictions: list[RestrictionView]
    next_token: str | None = None
