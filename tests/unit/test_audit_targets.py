"""Audit targets: ``<kind>#<id>`` with a kind the code writes, made and read by one vocabulary."""

from datetime import date

import pytest

from call_recordings.audit_archive.verifying import verification_target
from call_recordings.complaints.records import complaint_target
from call_recordings.core.audit_vocabulary import (
    InvalidAuditTarget,
    TargetKind,
    audit_target,
    parse_audit_target,
)
from call_recordings.core.identifiers import bucket_target, hold_target, recording_target
from call_recordings.deletion.destruction_records import destruction_target
from call_recordings.deletion.erasing import erasure_target
from call_recordings.finding.searching import search_target
from call_recordings.outside_disclosures.records import disclosure_target
from call_recordings.restrictions.records import restriction_target
from call_recordings.rights.records import rights_request_target
from call_recordings.subject_access.records import sar_target


def test_every_writer_files_its_entries_under_a_target_the_reader_accepts():
    made = {
        hold_target("H-20261128-3F9A1C2B7D"): (TargetKind.HOLD, "H-20261128-3F9A1C2B7D"),
        recording_target("C-2026-000123"): (TargetKind.RECORDING, "C-2026-000123"),
        sar_target("S-20261128-3F9A1C2B7D"): (TargetKind.SAR, "S-20261128-3F9A1C2B7D"),
        erasure_target("E-20261128-3F9A1C2B7D"): (TargetKind.ERASURE, "E-20261128-3F9A1C2B7D"),
        restriction_target("R-20261128-3F9A1C2B7D"): (TargetKind.RESTRICTION, "R-20261128-3F9A1C2B7D"),
        complaint_target("CP-20261128-3F9A1C2B7D"): (TargetKind.COMPLAINT, "CP-20261128-3F9A1C2B7D"),
        destruction_target("D-20261128-3F9A1C2B7D"): (TargetKind.DESTRUCTION, "D-20261128-3F9A1C2B7D"),
        rights_request_target("Q-20261128-3F9A1C2B7D"): (TargetKind.RIGHTS_REQUEST, "Q-20261128-3F9A1C2B7D"),
        disclosure_target("OD-20261128-3F9A1C2B7D"): (TargetKind.DISCLOSURE, "OD-20261128-3F9A1C2B7D"),
        bucket_target("callrecordings-recordings"): (TargetKind.BUCKET, "callrecordings-recordings"),
        verification_target(date(2026, 12, 3)): (TargetKind.AUDIT_ARCHIVE, "2026-12-03"),
        search_target(date(2026, 12, 3)): (TargetKind.SEARCH, "2026-12-03"),
    }
    assert {kind for kind, _ in made.values()} == set(TargetKind)
    for target, parsed in made.items():
        assert parse_audit_target(target) == parsed
        assert audit_target(*parsed) == target


def test_a_call_id_may_itself_hold_a_colon_or_a_dot_and_is_kept_whole():
    assert parse_audit_target("recording#K-2026.11:28") == (TargetKind.RECORDING, "K-2026.11:28")


@pytest.mark.parametrize("received", ["recording", "hold", "C-2"])
def test_a_target_without_a_hash_is_refused_with_the_hint_to_encode_it(received):
    # "?target=recording#C-2" arrives as "recording": the browser keeps "#C-2" as the fragment.
    with pytest.raises(InvalidAuditTarget, match="%23") as refused:
        parse_audit_target(received)
    assert "fragment" in str(refused.value)


def test_a_kind_the_code_never_writes_is_refused_naming_the_kinds():
    with pytest.raises(InvalidAuditTarget) as refused:
        parse_audit_target("widget#X")
    assert str(refused.value) == (
        "unknown target kind 'widget': the kinds are audit-archive, bucket, complaint, destruction, "
        "disclosure, erasure, hold, recording, request, restriction, sar, search"
    )


def test_an_unknown_kind_that_does_not_look_like_a_word_is_not_repeated_back():
    with pytest.raises(InvalidAuditTarget) as refused:
        parse_audit_target("01803 861234#C-1")
    assert "861234" not in str(refused.value)


def test_a_target_with_no_id_after_the_hash_is_refused():
    with pytest.raises(InvalidAuditTarget, match="names no recording"):
        parse_audit_target("recording#")
