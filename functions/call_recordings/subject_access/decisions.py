"""The DPO's decision, per recording version, before a subject access package is made: disclose it as it
is, or withhold it under an exemption.

A recording of a call holds the officer's voice and often other people's data besides the requester's
(a neighbour complained about, a councillor's constituent), and may be evidence in a criminal
investigation or the subject of legal advice. The council may withhold what an exemption in the Data
Protection Act 2018 covers, and must say so without revealing what the exemption protects (ICO guidance
on exemptions: say that you rely on one unless doing so would itself prejudice its purpose). The
package holds only the versions decided ``disclose``; it lists, for each exemption, how many were
withheld under it, never which call or when. A package is refused while any version is undecided.

Pure domain code: no AWS.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum

from pydantic import ConfigDict, Field, model_validator

from call_recordings.core.models import BaseModel


class Decision(StrEnum):
    DISCLOSE = "disclose"
    WITHHOLD = "withhold"


class Exemption(StrEnum):
    """What a recording may be withheld under."""

    OTHER_PEOPLE = "other-people"
    CRIME = "crime"
    LEGAL_PRIVILEGE = "legal-privilege"


EXEMPTION_WORDING: dict[Exemption, str] = {
    Exemption.OTHER_PEOPLE: (
        "Withheld because disclosing it would disclose information about another person who has not "
        "consented, and it is not reasonable to disclose it without their consent (Data Protection Act "
        "2018, Schedule 2, paragraph 16; UK GDPR Article 15(4))"
    ),
    Exemption.CRIME: (
        "Withheld because disclosing it would be likely to prejudice the prevention or detection of crime "
        "or the apprehension or prosecution of offenders (Data Protection Act 2018, Schedule 2, "
        "paragraph 2)"
    ),
    Exemption.LEGAL_PRIVILEGE: (
        "Withheld because it is covered by legal professional privilege (Data Protection Act 2018, "
        "Schedule 2, paragraph 19)"
    ),
}


class RecordingDecision(BaseModel):
    """What the DPO decided for one recording version of a SAR, who and when."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    call_id: str
    version_id: str
    decision: Decision
    exemption: Exemption | None = Field(default=None, description="Only when withheld: under what")
    decided_by: str
    decided_at: datetime

    @model_validator(mode="after")
    def _exemption_only_when_withheld(self) -> "RecordingDecision":
        if (self.decision is Decision.WITHHOLD) != (self.exemption is not None):
            raise ValueError("a withheld recording names its exemption; a disclosed one names none")
        return self

    @property
    def key(self) -> tuple[str, str]:
        return (self.call_id, self.version_id)


class WithheldRecordings(BaseModel):
    """How many recording versions were withheld under one exemption (never which)."""

    model_config = ConfigDict(frozen=True)

    exemption: Exemption
    ground: str = Field(description="The exemption, in words, with the provision relied on")
    recordings: int = Field(ge=1)


def undecided(
    keys: Iterable[tuple[str, str]], decisions: Mapping[tuple[str, str], RecordingDecision]
) -> list[tuple[str, str]]:
    """The versions no decision has been recorded for, in order."""
    return sorted(key for key in set(keys) if key not in decisions)


def withheld_summary(decisions: Iterable[RecordingDecision]) -> tuple[WithheldRecordings, ...]:
    """For each exemption relied on, how many versions it withheld (in the exemptions' order)."""
    counts: dict[Exemption, int] = {}
    for decision in decisions:
        if decision.exemption is not None:
            counts[decision.exemption] = counts.get(decision.exemption, 0) + 1
    return tuple(
        WithheldRecordings(
            exemption=exemption, ground=EXEMPTION_WORDING[exemption], recordings=counts[exemption]
        )
        for exemption in Exemption
        if exemption in counts
    )
