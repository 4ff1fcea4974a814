"""The disclosure manifest of a SAR: what Article 15 requires, in the privacy notice's words where they
are true, and the deployment's and the registers' where the notice is wrong (issue 16 item 6)."""

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from call_recordings.core.versions import RegisteredVersion
from call_recordings.core.vocabulary import PURPOSE_WORDING, SOURCE_WORDING, Purpose, Source
from call_recordings.holds.vocabulary import HOLD_REASON_WORDING, HoldReason
from call_recordings.outside_disclosures.records import Recipient
from call_recordings.outside_disclosures.vocabulary import LAWFUL_BASIS_WORDING, LawfulBasis
from call_recordings.subject_access import disclosure
from call_recordings.subject_access.decisions import Exemption, WithheldRecordings
from call_recordings.subject_access.disclosure import (
    CSV_COLUMNS,
    EXPORT_ID_PATTERN,
    KEPT_FOR_YOUR_REQUEST,
    KEPT_LONGER,
    CopiedFile,
    DisclosureManifest,
    ProcessingFacts,
    check_link_days,
    disclosed_recording,
    file_names,
    new_export_id,
    package_prefix,
    purpose_wording,
    retention_wording,
    source_wording,
)
from call_recordings.subject_access.errors import InvalidLinkLifetime
from infra.config import DEFAULT_DATA_CONTROLLER, DEFAULT_DATA_PROCESSORS, storage_location

# The council's privacy notice as published (a copy of shared/seed/privacy-notice.txt).
NOTICE = Path(__file__).resolve().parents[2] / "docs" / "privacy-notice.txt"
CREATED = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
LINKS_EXPIRE = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
SHA = "ab" * 32
OWN_HOLD = "H-20261128-00000000AA"  # the requester's own SAR's preservation hold
FACTS = ProcessingFacts(
    controller=DEFAULT_DATA_CONTROLLER,
    processors=DEFAULT_DATA_PROCESSORS,
    location=storage_location("eu-west-2"),
)
POLICE = Recipient.of_register(
    organisation="Devon and Cornwall Police",
    disclosed_on=date(2026, 11, 20),
    lawful_basis=LawfulBasis.PREVENT_OR_DETECT_CRIME,
)


def version(call_id="C-1", version_id="v1", **changes) -> RegisteredVersion:
    fields = {
        "call_id": call_id,
        "version_id": version_id,
        "bucket": "recordings-bucket",
        "object_key": f"recordings/2026/07/{call_id}.WAV",
        "recorded_at": "2026-07-20T23:30:00+00:00",  # 00:30 on 21 July in London (BST)
        "expires_on": "2026-10-21",
        "purpose": "complaints-disputes",
        "source": "councillor",
        "retention": "standard",
    }
    return RegisteredVersion.model_validate(fields | changes)


def entry(registered: RegisteredVersion, recipients=(), name="C-1_v1.wav"):
    return disclosed_recording(
        registered,
        OWN_HOLD,
        list(recipients),
        file_name=name,
        copy=CopiedFile(size_bytes=1234, sha256=SHA),
        url="https://example/presigned?X-Amz-Expires=604800",
        link_expires_at=LINKS_EXPIRE,
    )


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(
    "quotation",
    [
        disclosure.NOTICE_CATEGORIES,
        disclosure.NOTICE_OTHER_PURPOSES,
        disclosure.NOTICE_SHARING,
        disclosure.NOTICE_RETENTION,
        disclosure.NOTICE_RIGHTS,
        disclosure.NOTICE_COMPLAINT,
        "The Council's Data Protection Officer is Drew Powell",
        "0303 123 1113",
        "www.ico.org.uk/concerns",
    ],
)
def test_what_the_manifest_quotes_from_the_notice_is_in_the_notice_word_for_word(quotation):
    assert flat(quotation) in flat(NOTICE.read_text())


def test_the_default_controller_is_the_notices_data_controller():
    notice = flat(NOTICE.read_text())
    for part in DEFAULT_DATA_CONTROLLER.split(", "):
        assert part in notice


def test_the_manifest_names_aws_as_the_hosting_processor_and_the_london_region_not_the_eeu():
    """Art 15(1)(c): recipients include processors. The notice says "not processed by other
    organisations" and "European Economic Union (EEU)"; AWS hosts the recordings in eu-west-2."""
    text = manifest(entry(version())).as_json().decode()
    facts = json.loads(text)["about_the_processing"]
    assert "Amazon Web Services EMEA SARL" in facts["processors"]
    assert "processor" in facts["processors"]
    assert facts["location"] == (
        "Stored by Amazon Web Services in its London, United Kingdom region (eu-west-2); no copy is kept in "
        "any other region"
    )
    assert "EEU" not in text
    assert "European Economic Union" not in text
    assert "not processed by other organisations" not in text


def test_the_controller_processors_and_location_are_the_deployments_not_literal_text():
    other = ProcessingFacts(controller="A Council", processors="A Host Ltd", location="Somewhere (eu-west-1)")
    document = json.loads(manifest(entry(version()), facts=other).as_json())
    assert document["about_the_processing"]["controller"] == "A Council"
    assert document["about_the_processing"]["processors"] == "A Host Ltd"
    assert document["about_the_processing"]["location"] == "Somewhere (eu-west-1)"


def test_a_recording_entry_says_purpose_source_retention_and_recipients_in_the_notices_words():
    disclosed = entry(version())
    assert disclosed.purpose == "Complaints and Disputes"
    assert disclosed.source == "Information provided by an elected Councillor on behalf of you"
    assert (
        disclosed.retention == "Kept for 3 calendar months from the date of recording, until 21 October 2026."
    )
    assert disclosed.recipients == "None outside the Councils"
    assert disclosed.expires_on == date(2026, 10, 21)
    assert (disclosed.size_bytes, disclosed.sha256) == (1234, SHA)


def test_recorded_at_is_given_in_london_time():
    disclosed = entry(version())
    assert disclosed.recorded_at.isoformat() == "2026-07-21T00:30:00+01:00"
    winter = entry(version(recorded_at="2026-01-10T09:00:00+00:00", expires_on="2026-04-10"))
    assert winter.recorded_at.isoformat() == "2026-01-10T09:00:00+00:00"


def test_a_recording_made_before_15_july_2020_was_kept_one_calendar_month():
    old = version(recorded_at="2020-07-14T12:00:00+01:00", expires_on="2020-08-14", holds={"H-1"})
    wording = retention_wording(old, OWN_HOLD)
    assert wording.startswith("Kept for 1 calendar month from the date of recording, until 14 August 2020")


# What a hold's reason would give away to the requester: a claim, a threat, a complaint, another
# person's request, a restriction, a disclosure to the police.
REVEALING = ("claim", "threat", "complaint", "restrict", "disclos", "subject access", "evidence", "Art")


@pytest.mark.parametrize("reason", list(HoldReason))
def test_a_held_recording_says_only_that_an_exception_in_law_keeps_it_never_the_reason(reason):
    held = version(retention="restricted" if reason is HoldReason.RESTRICTION else "hold", holds={"H-1"})
    wording = retention_wording(held, OWN_HOLD)
    assert wording == (
        "Kept for 3 calendar months from the date of recording, until 21 October 2026, and for longer where "
        "the law allows an exception to our usual retention."
    )
    assert HOLD_REASON_WORDING[reason] not in wording
    assert not [word for word in REVEALING if word.lower() in wording.lower()]


def test_the_requesters_own_sar_preservation_is_the_one_hold_named_and_another_hold_still_is_not():
    own_only = version(retention="hold", holds={OWN_HOLD})
    assert retention_wording(own_only, OWN_HOLD).endswith(f", {KEPT_FOR_YOUR_REQUEST}.")
    with_another = version(retention="hold", holds={OWN_HOLD, "H-20261101-0000000001"})
    assert retention_wording(with_another, OWN_HOLD).endswith(f", {KEPT_LONGER}.")


def test_a_restricted_recording_is_not_said_to_be_restricted():
    restricted = version(retention="restricted", holds={OWN_HOLD}, restrictions={"R-20261101-0000000001"})
    assert retention_wording(restricted, OWN_HOLD).endswith(f", {KEPT_LONGER}.")


def test_unknown_purpose_or_source_values_get_the_review_wording():
    assert purpose_wording("legal-claims") == PURPOSE_WORDING[Purpose.LEGAL_CLAIMS]
    assert purpose_wording("gossip") == PURPOSE_WORDING[Purpose.UNSPECIFIED]
    assert source_wording("organisation") == SOURCE_WORDING[Source.ORGANISATION]
    assert source_wording("rumour") == SOURCE_WORDING[Source.UNSPECIFIED]


def test_file_names_are_unique_per_version_in_recording_order_and_safe():
    first = version("C:7", "b-version", recorded_at="2026-07-01T10:00:00+00:00")
    second = version("C:7", "a-version", recorded_at="2026-07-02T10:00:00+00:00")
    other = version("C-8", "v", object_key="recordings/2026/07/C-8")
    assert file_names([second, other, first]) == {
        ("C:7", "b-version"): "C_7_v1.wav",
        ("C:7", "a-version"): "C_7_v2.wav",
        ("C-8", "v"): "C-8_v1",
    }


@pytest.mark.parametrize("days", [1, 7])
def test_links_last_one_to_seven_days(days):
    assert check_link_days(days) == days


@pytest.mark.parametrize("days", [0, 8, -1, 30, True])
def test_links_longer_than_s3_allows_or_shorter_than_a_day_are_refused(days):
    with pytest.raises(InvalidLinkLifetime, match="1 to 7 days"):
        check_link_days(days)


def test_export_ids_and_package_location():
    export_id = new_export_id(CREATED)
    assert re.fullmatch(EXPORT_ID_PATTERN, export_id)
    assert export_id.startswith("X-20261128-")
    assert new_export_id(CREATED) != export_id
    assert package_prefix("S-20261128-0123456789", export_id) == f"exports/S-20261128-0123456789/{export_id}/"


def manifest(*entries, facts=FACTS, withheld=()) -> DisclosureManifest:
    return DisclosureManifest(
        export_id="X-20261128-0123456789",
        sar_id="S-20261128-0123456789",
        created_at=CREATED,
        links_expire_at=LINKS_EXPIRE,
        about_the_processing=facts,
        recordings=entries,
        withheld=withheld,
    )


def test_a_recording_disclosed_to_the_police_names_them_the_day_and_the_lawful_basis():
    """Art 15(1)(c): the recipients to whom the data have been disclosed, from the register."""
    disclosed = entry(version(), recipients=[POLICE])
    crime = LAWFUL_BASIS_WORDING[LawfulBasis.PREVENT_OR_DETECT_CRIME]
    assert disclosed.recipients == f"Devon and Cornwall Police, on 2026-11-20: {crime}"
    assert "Data Protection Act 2018, Schedule 2, paragraph 2(1)(a) and (b)" in disclosed.recipients
    assert disclosed.disclosed_to == (POLICE,)


def test_the_withheld_are_counted_by_exemption_never_named():
    withheld = (
        WithheldRecordings(exemption=Exemption.OTHER_PEOPLE, ground="Withheld (Sch 2 para 16)", recordings=2),
    )
    document = json.loads(manifest(entry(version()), withheld=withheld).as_json())
    assert document["withheld"] == [
        {"exemption": "other-people", "ground": "Withheld (Sch 2 para 16)", "recordings": 2}
    ]


def test_the_json_manifest_carries_every_article_15_fact_once_for_the_package():
    document = json.loads(manifest(entry(version())).as_json())
    facts = document["about_the_processing"]
    assert facts["controller"].startswith("South Hams District Council")
    assert facts["purposes"] == [
        "Quality and Training Purposes",
        "Complaints and Disputes",
        "Legal Claims",
        "Employee Safety and Wellbeing",
    ]
    assert facts["recipients"] == f"{disclosure.NOTICE_SHARING} {disclosure.RECIPIENTS_LISTED}"
    assert facts["retention"] == disclosure.NOTICE_RETENTION
    assert len(facts["sources"]) == 4
    assert all(word in facts["rights"] for word in ("rectify", "erase", "restrict", "object"))
    assert "Information Commissioner's Office" in facts["complaints"]
    assert "0303 123 1113" in facts["complaints"]
    assert "No automated decision-making" in facts["automated_decision_making"]
    assert document["lawful_basis"] == "UK GDPR Article 15 (right of access by the data subject)"
    [recording] = document["recordings"]
    assert recording["url"].startswith("https://")
    assert recording["link_expires_at"] == "2026-12-05T10:00:00Z"


def test_the_csv_manifest_has_one_row_per_recording_agreeing_with_the_json():
    entries = (
        entry(version("C-1", "v1")),
        entry(version("C-2", "v9", source="member-of-public"), name="C-2_v1.wav"),
    )
    document = manifest(*entries)
    rows = list(csv.DictReader(io.StringIO(document.as_csv().decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 2
    from_json = json.loads(document.as_json())["recordings"]
    for row, recording in zip(rows, from_json, strict=True):
        assert row == {column: str(recording[column]) for column in CSV_COLUMNS}
    assert rows[1]["source"] == (
        "Information provided by another member of the public (e.g. complaint or concern)"
    )


def test_a_package_with_no_recordings_still_says_so_and_what_the_council_does():
    document = manifest()
    assert json.loads(document.as_json())["recordings"] == []
    assert document.as_csv().decode("utf-8-sig") == ",".join(CSV_COLUMNS) + "\r\n"
