"""The words of the outside-disclosure register: the notice's three lawful bases, each with the
statutory reference the council relies on, and where a disclosure stands.

The privacy notice promises that a recording is "not shared outside the Councils for any purpose unless
required by law, to prevent or detect crime or to protect public funds". Each of the three is a
disclosure the council makes as controller under UK GDPR, relying on an exemption in the Data Protection
Act 2018 from the provisions that would otherwise stop it (the "listed GDPR provisions": the purpose
limitation of Art 5(1)(b), the information duties of Arts 13 and 14, and so on):

- required by law: DPA 2018 Sch 2 para 5(2), disclosure "required by an enactment, a rule of law or an
  order of a court or tribunal" (para 5(1) is information the council must make public; para 5(3) is
  disclosure for legal proceedings or legal advice);
- to prevent or detect crime: DPA 2018 Sch 2 para 2(1)(a) and (b), "the prevention or detection of
  crime" and "the apprehension or prosecution of offenders" (the police, as recipient, then process the
  recording under Part 3 of the Act, not the council);
- to protect public funds: DPA 2018 Sch 2 para 2(1)(c), "the assessment or collection of a tax or duty or
  an imposition of a similar nature" (council tax, business rates), and para 2(1)(a) for fraud against
  the public purse.
"""

from enum import StrEnum


class LawfulBasis(StrEnum):
    """The notice's three reasons for sharing a recording outside the council, and no other."""

    REQUIRED_BY_LAW = "required-by-law"
    PREVENT_OR_DETECT_CRIME = "prevent-or-detect-crime"
    PROTECT_PUBLIC_FUNDS = "protect-public-funds"


# The notice's words for each basis, then the provision relied on.
LAWFUL_BASIS_WORDING: dict[LawfulBasis, str] = {
    LawfulBasis.REQUIRED_BY_LAW: (
        "Required by law: disclosure required by an enactment, a rule of law or an order of a court or "
        "tribunal (Data Protection Act 2018, Schedule 2, paragraph 5(2))"
    ),
    LawfulBasis.PREVENT_OR_DETECT_CRIME: (
        "To prevent or detect crime: the prevention or detection of crime, or the apprehension or "
        "prosecution of offenders (Data Protection Act 2018, Schedule 2, paragraph 2(1)(a) and (b))"
    ),
    LawfulBasis.PROTECT_PUBLIC_FUNDS: (
        "To protect public funds: the assessment or collection of a tax, duty or similar imposition, or "
        "the prevention or detection of fraud against the public purse (Data Protection Act 2018, "
        "Schedule 2, paragraph 2(1)(c) and (a))"
    ),
}


class DisclosureStatus(StrEnum):
    """Where a disclosure stands: its recordings are preserved while it is open."""

    OPEN = "open"  # recorded; its recordings are kept (hold reason `disclosure`) and it may be packaged
    CLOSED = "closed"  # the recipient's request is dealt with: its preservation released


# What a SAR manifest says of a recording no outside body has received.
NO_OUTSIDE_RECIPIENT = "None outside the Councils"
