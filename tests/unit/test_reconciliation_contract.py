"""The upload contract judged on keys (pure): what in the recordings bucket is not a recording, and how a
key that only just misses recordings/ is named to the DPO."""

from datetime import UTC, datetime

import pytest

from call_recordings.reconciliation.contract import (
    FINDING_MEANINGS,
    Finding,
    findings_count,
    is_recording_key,
    key_findings,
    outside_contract,
    outside_contract_summary,
)
from call_recordings.reconciliation.differences import ListedVersion, find_differences

PREFIX = "recordings/"
BUCKET = "callrecordings-recordings"
UPLOADED = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
OUTSIDE = Finding.OUTSIDE_RECORDINGS


def listed(key: str, version_id: str = "v1") -> ListedVersion:
    return ListedVersion(bucket=BUCKET, object_key=key, version_id=version_id, last_modified=UPLOADED, size=4)


@pytest.mark.parametrize(
    "key",
    ["recordings/2026/11/28/C-1.wav", "recordings/C-1", "recordings/a//b.wav", "recordings/ C-1.wav"],
)
def test_a_key_under_recordings_naming_a_file_is_a_recording(key):
    assert is_recording_key(key, PREFIX)
    assert key_findings(key, PREFIX) == ()


@pytest.mark.parametrize(
    ("key", "findings"),
    [
        # The six near-miss prefixes of issue 13 item 7.
        ("Recordings/2026/C-1.wav", (OUTSIDE, Finding.DIFFERENT_CASE)),
        ("RECORDINGS/C-1.wav", (OUTSIDE, Finding.DIFFERENT_CASE)),
        (" recordings/2026/C-1.wav", (OUTSIDE, Finding.LEADING_SPACE)),
        ("\trecordings/C-1.wav", (OUTSIDE, Finding.LEADING_SPACE)),
        ("./recordings/2026/C-1.wav", (OUTSIDE, Finding.LEADING_DOT_SLASH)),
        ("/recordings/2026/C-1.wav", (OUTSIDE, Finding.LEADING_SLASH)),
        ("recordings", (OUTSIDE, Finding.MISSING_SLASH)),
        ("recordingsC-1.wav", (OUTSIDE, Finding.MISSING_SLASH)),
        ("recordings2/2026/C-1.wav", (OUTSIDE, Finding.DIFFERENT_NAME)),
        # Their neighbours and combinations.
        ("recording/C-1.wav", (OUTSIDE, Finding.DIFFERENT_NAME)),
        ("recordings-old/C-1.wav", (OUTSIDE, Finding.DIFFERENT_NAME)),
        ("Recordings2/C-1.wav", (OUTSIDE, Finding.DIFFERENT_CASE, Finding.DIFFERENT_NAME)),
        ("RecordingsC-1.wav", (OUTSIDE, Finding.DIFFERENT_CASE, Finding.MISSING_SLASH)),
        (
            " /Recordings/C-1.wav",
            (OUTSIDE, Finding.LEADING_SPACE, Finding.LEADING_SLASH, Finding.DIFFERENT_CASE),
        ),
        ("/./recordings/C-1.wav", (OUTSIDE, Finding.LEADING_SLASH, Finding.LEADING_DOT_SLASH)),
        # Folder markers and the prefix itself.
        ("recordings/", (Finding.EMPTY_NAME,)),
        ("recordings/2026/11/", (Finding.FOLDER_MARKER,)),
        ("recordings/C-1/", (Finding.FOLDER_MARKER,)),
        # Nothing like recordings/: outside it, and no more.
        ("backup/C-1.wav", (OUTSIDE,)),
        ("rec/C-1.wav", (OUTSIDE,)),
        (" backup/C-1.wav", (OUTSIDE,)),
        ("/", (OUTSIDE,)),
        ("exports/", (OUTSIDE,)),
    ],
)
def test_every_other_key_is_outside_the_contract_and_a_near_miss_is_named_for_how_it_misses(key, findings):
    assert not is_recording_key(key, PREFIX)
    assert key_findings(key, PREFIX) == findings


def test_every_finding_has_a_meaning_for_the_dpo_and_each_near_miss_says_what_it_looks_like():
    assert set(FINDING_MEANINGS) == set(Finding)
    near_misses = set(Finding) - {OUTSIDE, Finding.FOLDER_MARKER, Finding.EMPTY_NAME}
    assert all(FINDING_MEANINGS[finding].startswith("looks like recordings/") for finding in near_misses)


def test_the_listing_is_split_into_recordings_and_what_is_outside_the_contract():
    listing = [
        listed("recordings/C-1.wav"),
        listed("Recordings/C-2.wav", "v2"),
        listed("Recordings/C-2.wav", "v1"),
        listed("recordings/2026/"),
        listed("notes.txt"),
    ]

    found = outside_contract(listing, PREFIX)

    assert [(each.version.object_key, each.version.version_id) for each in found] == [
        ("Recordings/C-2.wav", "v1"),
        ("Recordings/C-2.wav", "v2"),
        ("notes.txt", "v1"),
        ("recordings/2026/", "v1"),
    ]
    assert findings_count(found) == {"different-case": 2, "folder-marker": 1, "outside-recordings": 3}
    # The comparison with the registry sees only the recording: nothing else is sent to ingest.
    differences = find_differences(listing, [], bucket=BUCKET, prefix=PREFIX, now=UPLOADED.replace(hour=12))
    assert [version.object_key for version in differences.unregistered] == ["recordings/C-1.wav"]


def test_the_dpo_is_shown_each_version_and_what_is_wrong_never_its_key():
    """A key may carry personal data (DESIGN section 8) and an alert leaves the perimeter: the DPO is
    given the version id, which finds the key for whoever may list the bucket."""
    found = outside_contract(
        [listed(" recordings/07700 900123.wav"), listed("recordings/\nC-2/", "v9")], PREFIX
    )

    summary = outside_contract_summary(found, bucket=BUCKET, left=0)

    assert "version v1," in summary
    assert "version v9," in summary
    assert "07700" not in summary and "900123" not in summary and "C-2" not in summary
    assert "list-object-versions" in summary
    assert "leading-space: looks like recordings/ with a leading space" in summary
    assert "folder-marker:" in summary
    assert f"bucket#{BUCKET}" in summary
    assert "more found" not in summary
    assert "3 more found in this run" in outside_contract_summary(found, bucket=BUCKET, left=3)
