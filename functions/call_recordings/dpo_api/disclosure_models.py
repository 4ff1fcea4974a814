"""The answers of /disclosures: a disclosure outside the council, its recordings, the register's list.
Their request bodies are in ``disclosure_requests``; the recipient's package is
``outside_disclosures.packaging.RecipientPackage``."""

from call_recordings.core.models import BaseModel
from call_recordings.core.notes import concealed
from call_recordings.outside_disclosures.records import OutsideDisclosure
from call_recordings.outside_disclosures.vocabulary import LAWFUL_BASIS_WORDING


class DisclosedVersion(BaseModel):
    call_id: str
    version_id: str


class DisclosureView(OutsideDisclosure):
    """A disclosure: to whom, on which basis, at whose request, approved by whom; its packages; closing."""

    lawful_basis_wording: str

    @classmethod
    def of(cls, disclosure: OutsideDisclosure) -> "DisclosureView":
        """A note still sealed is not shown (a list); disclosure_report opens them for one."""
        return cls(
            **dict(concealed(disclosure)), lawful_basis_wording=LAWFUL_BASIS_WORDING[disclosure.lawful_basis]
        )


class DisclosureReport(DisclosureView):
    recordings: list[DisclosedVersion]


class DisclosureList(BaseModel):
    disclosures: list[DisclosureView]
    next_token: str | None = None
