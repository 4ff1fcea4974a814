"""A recording's trail gathered from its registry items and the entries of the requests that covered
it, without AWS: which entries are about this recording, and how its registration is shown."""

from datetime import UTC, date, datetime

import pytest

from call_recordings.audit.recording_trail import VersionHistory, recording_trail, trail_page
from call_recordings.core.audit_entries import AuditEntry
from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.errors import InvalidPageToken

DPO = "arn:aws:sts::123456789012:assumed-role/DpoRole/jane.smith"
HOLD = "H-20261121-0000000001"
SAR_HOLD = "H-20261126-0000000002"
SAR = "S-20261126-0000000003"


def entry(target: str, at: str, action: AuditAction, why=None, **details) -> AuditEntry:
    moment = datetime.fromisoformat(at)
    return AuditEntry(
        target=target,
        entry=f"{moment.isoformat(timespec='microseconds')}#{action.value}",
        at=moment,
        who=DPO,
        action=action.value,
        why=why or {},
        details=details,
    )


STORE = {
    f"hold#{HOLD}": [
        entry(f"hold#{HOLD}", "2026-11-21T09:00:00+00:00", AuditAction.HOLD_PLACED, recordings=3),
        entry(
            f"hold#{HOLD}", "2026-11-21T09:00:01+00:00", AuditAction.RECORDINGS_HELD, recordings=["C-2#v1"]
        ),
        entry(
            f"hold#{HOLD}", "2026-11-21T09:00:02+00:00", AuditAction.RECORDINGS_HELD, recordings=["C-1#v1"]
        ),
        entry(f"hold#{HOLD}", "2026-11-21T09:00:03+00:00", AuditAction.HOLD_ACTIVE, total=3),
    ],
    f"hold#{SAR_HOLD}": [
        entry(
            f"hold#{SAR_HOLD}",
            "2026-11-26T10:00:01+00:00",
            AuditAction.HOLD_PLACED,
            {"reason": "sar", "case_reference": SAR},
        ),
    ],
    f"sar#{SAR}": [
        entry(f"sar#{SAR}", "2026-11-26T10:00:00+00:00", AuditAction.SAR_OPENED),
        entry(f"sar#{SAR}", "2026-11-26T11:00:00+00:00", AuditAction.SAR_PAUSED),
        entry(f"sar#{SAR}", "2026-11-27T10:00:00+00:00", AuditAction.SAR_DISCLOSED),
    ],
}


def test_of_a_requests_entries_only_its_steps_on_recordings_that_name_this_call_are_taken():
    live = VersionHistory(
        call_id="C-1",
        version_id="v1",
        registered_at=datetime(2026, 11, 20, 10, 16, tzinfo=UTC),
        flags=frozenset({"source-missing", "object-missing"}),
        holds=frozenset({SAR_HOLD}),  # held now, and before the history began (no hold_history of it)
        hold_history=frozenset({HOLD}),
    )
    read: list[str] = []

    def entries_for(target: str) -> list[AuditEntry]:
        read.append(target)
        return STORE.get(target, [])

    trail = recording_trail("C-1", [live], entries_for)

    assert [(each.target.split("#")[0], each.action) for each in trail] == [
        ("recording", "recording-registered"),
        ("hold", "hold-placed"),
        ("hold", "recordings-held"),  # the batch naming C-1, not the one naming only C-2
        ("sar", "sar-opened"),
        ("hold", "hold-placed"),
        ("sar", "sar-disclosed"),  # and not the SAR's clock (paused)
    ]
    assert trail[2].details["recordings"] == ["C-1#v1"]
    # Ingest's flags only: reconciliation's later "object-missing" has an entry of its own.
    assert trail[0].details["flags"] == ["source-missing"]
    assert sorted(read) == sorted(["recording#C-1", f"hold#{HOLD}", f"hold#{SAR_HOLD}", f"sar#{SAR}"])


def test_a_deleted_versions_registration_is_shown_at_the_start_of_the_day_its_deletion_entry_kept():
    tombstone = VersionHistory(call_id="C-1", version_id="v1", deleted_on=date(2027, 2, 20))
    older = VersionHistory(call_id="C-1", version_id="v0", deleted_on=date(2027, 2, 20))
    deleted = entry(
        "recording#C-1",
        "2027-02-20T02:00:00+00:00",
        AuditAction.RECORDING_DELETED,
        version_id="v1",
        registered_on="2026-11-20",
    )

    trail = recording_trail(
        "C-1", [tombstone, older], lambda target: [deleted] if "recording" in target else []
    )

    # v0 was deleted before deletion entries kept the day: nothing says when it came, so it is not shown.
    assert [(each.action, each.at) for each in trail] == [
        ("recording-registered", datetime(2026, 11, 20, tzinfo=UTC)),
        ("recording-deleted", datetime(2027, 2, 20, 2, 0, tzinfo=UTC)),
    ]
    assert trail[0].details["registered_on"] == "2026-11-20"


def test_a_trail_page_keeps_to_its_days_and_resumes_after_its_token():
    trail = [
        entry("recording#C-1", f"2026-11-2{day}T09:00:00+00:00", AuditAction.RECORDING_DELETED)
        for day in range(5)
    ]

    first, token = trail_page(
        trail, "recording#C-1", first_day=date(2026, 11, 21), last_day=None, limit=2, token=None
    )
    rest, end = trail_page(
        trail, "recording#C-1", first_day=date(2026, 11, 21), last_day=None, limit=2, token=token
    )
    until, _ = trail_page(
        trail, "recording#C-1", first_day=None, last_day=date(2026, 11, 22), limit=9, token=None
    )

    assert (first, rest, end, until) == (trail[1:3], trail[3:5], None, trail[0:3])
    with pytest.raises(InvalidPageToken):
        trail_page(trail, "recording#C-2", first_day=None, last_day=None, limit=2, token=token)
