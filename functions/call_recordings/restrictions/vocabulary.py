"""The grounds for restricting processing, in UK GDPR Art 18(1)'s words, and a restriction's states."""

from enum import StrEnum


class RestrictionGround(StrEnum):
    ACCURACY_CONTESTED = "accuracy-contested"  # Art 18(1)(a)
    PROCESSING_UNLAWFUL = "processing-unlawful"  # Art 18(1)(b)
    NEEDED_BY_SUBJECT_FOR_LEGAL_CLAIMS = "needed-by-subject-for-legal-claims"  # Art 18(1)(c)
    OBJECTION_PENDING = "objection-pending"  # Art 18(1)(d)


GROUND_WORDING: dict[RestrictionGround, str] = {
    RestrictionGround.ACCURACY_CONTESTED: (
        "UK GDPR Art 18(1)(a): the accuracy of the personal data is contested by the data subject, "
        "for a period enabling the council to verify it"
    ),
    RestrictionGround.PROCESSING_UNLAWFUL: (
        "UK GDPR Art 18(1)(b): the processing is unlawful and the data subject opposes erasure and "
        "asks for restriction instead"
    ),
    RestrictionGround.NEEDED_BY_SUBJECT_FOR_LEGAL_CLAIMS: (
        "UK GDPR Art 18(1)(c): the council no longer needs the data, but the data subject needs them "
        "for the establishment, exercise or defence of legal claims"
    ),
    RestrictionGround.OBJECTION_PENDING: (
        "UK GDPR Art 18(1)(d): the data subject has objected under Art 21(1), pending verification "
        "whether the council's legitimate grounds override theirs"
    ),
}


class RestrictionStatus(StrEnum):
    ACTIVE = "active"  # the recordings are out of routine use
    LIFTED = "lifted"  # the person was told, then the restriction was lifted
