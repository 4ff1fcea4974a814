"""The words of the outside-disclosure register and of the DPO's per-recording decision: the notice's three
lawful bases, each with its Data Protection Act 2018 provision, and the exemptions a recording may be
withheld under (pure domain code)."""

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from call_recordings.holds.vocabulary import RESERVED_REASONS, HoldReason
from call_recordings.outside_disclosures.records import (
    DISCLOSURE_ID_PATTERN,
    Recipient,
    is_disclosure_id,
    new_disclosure_id,
    recipients_wording,
)
from call_recordings.outside_disclosures.vocabulary import LAWFUL_BASIS_WORDING, LawfulBasis
from call_recordings.subject_access.decisions import (
    EXEMPTION_WORDING,
    Decision,
    Exemption,
    RecordingDecision,
    undecided,
    withheld_summary,
)

AT = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def test_the_lawful_bases_are_exactly_the_notices_three():
    """Privacy notice: "not shared outside the Councils for any purpose unless required by law, to
    prevent or detect crime or to protect public funds"."""
    assert {basis.value for basis in LawfulBasis} == {
        "required-by-law",
        "prevent-or-detect-crime",
        "protect-public-funds",
    }
    assert LAWFUL_BASIS_WORDING[LawfulBasis.REQUIRED_BY_LAW].startswith("Required by law")
    assert LAWFUL_BASIS_WORDING[LawfulBasis.PREVENT_OR_DETECT_CRIME].startswith("To prevent or detect crime")
    assert LAWFUL_BASIS_WORDING[LawfulBasis.PROTECT_PUBLIC_FUNDS].startswith("To protect public funds")


@pytest.mark.parametrize(
    ("basis", "provision"),
    [
        # DPA 2018 Sch 2 para 5(2): disclosure required by an enactment, a rule of law or a court order.
        (LawfulBasis.REQUIRED_BY_LAW, "Schedule 2, paragraph 5(2)"),
        # DPA 2018 Sch 2 para 2(1)(a),(b): prevention or detection of crime; offenders.
        (LawfulBasis.PREVENT_OR_DETECT_CRIME, "Schedule 2, paragraph 2(1)(a) and (b)"),
        # DPA 2018 Sch 2 para 2(1)(c): assessment or collection of a tax, duty or similar imposition.
        (LawfulBasis.PROTECT_PUBLIC_FUNDS, "Schedule 2, paragraph 2(1)(c) and (a)"),
    ],
)
def test_each_basis_names_the_dpa_2018_provision_relied_on(basis, provision):
    assert f"(Data Protection Act 2018, {provision})" in LAWFUL_BASIS_WORDING[basis]


def test_a_disclosures_hold_is_reserved_like_a_sars_and_a_restrictions():
    assert HoldReason.DISCLOSURE in RESERVED_REASONS
    assert {HoldReason.SAR, HoldReason.RESTRICTION} < RESERVED_REASONS


def test_disclosure_ids_have_the_shape_of_the_other_request_ids():
    made = new_disclosure_id(AT)
    assert made.startswith("OD-20261130-") and is_disclosure_id(made)
    assert DISCLOSURE_ID_PATTERN.startswith("^OD-")
    assert not is_disclosure_id("S-20261130-0123456789")
    assert not is_disclosure_id(
        "D-20261130-0123456789"
    )  # a destruction's id (deletion/destruction_records.py)


def test_art_15_1_c_recipients_oldest_first_or_none_outside_the_councils():
    court = Recipient.of_register(
        organisation="Plymouth County Court",
        disclosed_on=date(2026, 12, 1),
        lawful_basis=LawfulBasis.REQUIRED_BY_LAW,
    )
    police = Recipient.of_register(
        organisation="Devon and Cornwall Police",
        disclosed_on=date(2026, 11, 20),
        lawful_basis=LawfulBasis.PREVENT_OR_DETECT_CRIME,
    )
    assert recipients_wording([]) == "None outside the Councils"
    wording = recipients_wording([court, police])
    assert wording.index("Devon and Cornwall Police, on 2026-11-20") < wording.index(
        "Plymouth County Court, on 2026-12-01"
    )
    assert LAWFUL_BASIS_WORDING[LawfulBasis.REQUIRED_BY_LAW] in wording


@pytest.mark.parametrize(
    ("exemption", "provision"),
    [
        (Exemption.OTHER_PEOPLE, "Schedule 2, paragraph 16"),  # DPA 2018: protection of the rights of others
        (Exemption.CRIME, "Schedule 2, paragraph 2"),  # DPA 2018: crime and taxation
        (Exemption.LEGAL_PRIVILEGE, "Schedule 2, paragraph 19"),  # DPA 2018: legal professional privilege
    ],
)
def test_each_exemption_names_its_provision(exemption, provision):
    assert provision in EXEMPTION_WORDING[exemption]


def decision(call_id, kind=Decision.DISCLOSE, exemption=None, version_id="v1"):
    return RecordingDecision(
        call_id=call_id,
        version_id=version_id,
        decision=kind,
        exemption=exemption,
        decided_by="dpo",
        decided_at=AT,
    )


def test_a_withheld_recording_names_its_exemption_and_a_disclosed_one_none():
    """ICO: an exemption is applied case by case, and the council says which it relied on."""
    with pytest.raises(ValidationError, match="names its exemption"):
        decision("C-1", Decision.WITHHOLD)
    with pytest.raises(ValidationError, match="names its exemption"):
        decision("C-1", Decision.DISCLOSE, Exemption.CRIME)


def test_undecided_versions_are_those_with_no_decision_in_order():
    decisions = {("C-1", "v1"): decision("C-1")}
    assert undecided([("C-2", "v1"), ("C-1", "v1"), ("C-1", "v2")], decisions) == [
        ("C-1", "v2"),
        ("C-2", "v1"),
    ]
    assert undecided([("C-1", "v1")], decisions) == []


def test_the_withheld_are_counted_per_exemption_in_a_fixed_order_and_the_disclosed_not_at_all():
    summary = withheld_summary(
        [
            decision("C-1"),
            decision("C-2", Decision.WITHHOLD, Exemption.LEGAL_PRIVILEGE),
            decision("C-3", Decision.WITHHOLD, Exemption.OTHER_PEOPLE),
            decision("C-3", Decision.WITHHOLD, Exemption.OTHER_PEOPLE, version_id="v2"),
        ]
    )
    assert [(each.exemption, each.recordings) for each in summary] == [
        (Exemption.OTHER_PEOPLE, 2),
        (Exemption.LEGAL_PRIVILEGE, 1),
    ]
    assert summary[0].ground == EXEMPTION_WORDING[Exemption.OTHER_PEOPLE]
    assert "C-3" not in summary[0].model_dump_json()
    assert withheld_summary([decision("C-1")]) == ()
