import re

import pytest

from call_recordings.core.vocabulary import (
    DEFAULT_PURPOSE,
    PURPOSE_WORDING,
    SOURCE_WORDING,
    Purpose,
    RetentionClass,
    Source,
    UnknownVocabulary,
    parse_purpose,
    parse_source,
)

DECLARABLE_SOURCES = "data-subject, member-of-public, councillor, organisation"
PURPOSES = "quality-training, complaints-disputes, legal-claims, employee-safety"


def test_the_values_are_the_metadata_and_tag_values():
    assert [p.value for p in Purpose] == [*PURPOSES.split(", "), "unspecified"]
    assert [s.value for s in Source] == [*DECLARABLE_SOURCES.split(", "), "unspecified"]
    assert [r.value for r in RetentionClass] == ["standard", "hold", "restricted", "quarantine"]
    assert f"{Purpose.LEGAL_CLAIMS}" == "legal-claims"
    assert Source.COUNCILLOR == "councillor"


def test_every_purpose_and_source_has_the_notices_wording():
    assert set(PURPOSE_WORDING) == set(Purpose)
    assert set(SOURCE_WORDING) == set(Source)
    assert all(wording.strip() for wording in [*PURPOSE_WORDING.values(), *SOURCE_WORDING.values()])


@pytest.mark.parametrize(
    ("purpose", "wording"),
    [
        (Purpose.QUALITY_TRAINING, "Quality and Training Purposes"),
        (Purpose.COMPLAINTS_DISPUTES, "Complaints and Disputes"),
        (Purpose.LEGAL_CLAIMS, "Legal Claims"),
        (Purpose.EMPLOYEE_SAFETY, "Employee Safety and Wellbeing"),
        (Purpose.UNSPECIFIED, "Not stated in a form the council recognises (flagged for review)"),
    ],
)
def test_purpose_wording(purpose, wording):
    assert PURPOSE_WORDING[purpose] == wording


@pytest.mark.parametrize(
    ("source", "wording"),
    [
        (Source.DATA_SUBJECT, "Information provided directly by you"),
        (
            Source.MEMBER_OF_PUBLIC,
            "Information provided by another member of the public (e.g. complaint or concern)",
        ),
        (Source.COUNCILLOR, "Information provided by an elected Councillor on behalf of you"),
        (
            Source.ORGANISATION,
            "Information provided by other organisations (e.g. Emergency Services, Landlords) "
            "regarding an individual",
        ),
        (Source.UNSPECIFIED, "Not stated by the telephony system (flagged for review)"),
    ],
)
def test_source_wording(source, wording):
    assert SOURCE_WORDING[source] == wording


def test_the_default_purpose_is_quality_and_training():
    assert DEFAULT_PURPOSE is Purpose.QUALITY_TRAINING


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("quality-training", Purpose.QUALITY_TRAINING),
        ("Complaints-Disputes", Purpose.COMPLAINTS_DISPUTES),
        ("LEGAL-CLAIMS", Purpose.LEGAL_CLAIMS),
        ("  employee-safety\n", Purpose.EMPLOYEE_SAFETY),
    ],
)
def test_parse_purpose_ignores_case_and_surrounding_spaces(value, expected):
    assert parse_purpose(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("data-subject", Source.DATA_SUBJECT),
        ("Member-Of-Public", Source.MEMBER_OF_PUBLIC),
        ("COUNCILLOR", Source.COUNCILLOR),
        (" organisation ", Source.ORGANISATION),
    ],
)
def test_parse_source_ignores_case_and_surrounding_spaces(value, expected):
    assert parse_source(value) is expected


@pytest.mark.parametrize("value", ["marketing", "", "quality_training", "Quality and Training Purposes"])
def test_an_unknown_purpose_is_refused_with_the_allowed_values(value):
    with pytest.raises(UnknownVocabulary) as raised:
        parse_purpose(value)
    assert str(raised.value) == f"purpose {value!r} is unknown; allowed values: {PURPOSES}"
    assert raised.value.value == value
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("value", ["caller", "", "member_of_public", "organisations"])
def test_an_unknown_source_is_refused_with_the_allowed_values(value):
    with pytest.raises(UnknownVocabulary) as raised:
        parse_source(value)
    assert str(raised.value) == f"source {value!r} is unknown; allowed values: {DECLARABLE_SOURCES}"


@pytest.mark.parametrize("value", ["unspecified", " Unspecified "])
def test_an_upload_may_not_declare_its_purpose_unspecified(value):
    with pytest.raises(
        UnknownVocabulary, match=re.escape(f"purpose {value!r} may not be declared by an upload")
    ) as raised:
        parse_purpose(value)
    assert str(raised.value).endswith(f"; allowed values: {PURPOSES}")


@pytest.mark.parametrize("value", ["unspecified", " Unspecified "])
def test_an_upload_may_not_declare_its_source_unspecified(value):
    with pytest.raises(
        UnknownVocabulary, match=re.escape(f"source {value!r} may not be declared by an upload")
    ) as raised:
        parse_source(value)
    assert str(raised.value).endswith(f"; allowed values: {DECLARABLE_SOURCES}")


def test_a_long_unknown_value_is_shown_at_most_64_characters():
    with pytest.raises(UnknownVocabulary) as raised:
        parse_purpose("x" * 300)
    assert "x" * 64 in str(raised.value)
    assert "x" * 65 not in str(raised.value)


@pytest.mark.parametrize("parse", [parse_purpose, parse_source])
def test_what_is_not_text_is_refused(parse):
    with pytest.raises(UnknownVocabulary, match="None is unknown"):
        parse(None)
