"""The decisions of a release: what a version returns to, when it falls due, its tags, the lease."""

from datetime import UTC, date, datetime, timedelta

import pytest

from call_recordings.core.versions import RegisteredVersion
from call_recordings.core.vocabulary import QUARANTINE_FLAGS, RetentionClass
from call_recordings.holds.release import (
    RELEASE_LEASE,
    due_on_after_release,
    lease_ends,
    recording_tags,
    retention_after_release,
    still_held,
)

# The hold worker's timeout (infra/holds.py): a release cannot run longer than this.
WORKER_TIMEOUT = timedelta(seconds=120)


def _registered(**changes) -> RegisteredVersion:
    fields = {
        "call_id": "C-1",
        "version_id": "v1",
        "bucket": "callrecordings",
        "object_key": "recordings/2026/11/C-1.wav",
        "recorded_at": datetime(2026, 11, 20, 10, 15, tzinfo=UTC),
        "expires_on": date(2027, 2, 20),
        "purpose": "complaints-disputes",
        "source": "councillor",
        "retention": "hold",
    } | changes
    return RegisteredVersion.model_validate(fields)


def test_a_version_another_hold_covers_stays_held():
    assert still_held({"H-20261128-0000000001"})
    assert not still_held(set())
    assert not still_held(frozenset())


@pytest.mark.parametrize(
    ("flags", "retention"),
    [
        (set(), RetentionClass.STANDARD),
        ({"source-missing", "review:source-unspecified"}, RetentionClass.STANDARD),
        ({"payment-details-recorded"}, RetentionClass.QUARANTINE),
        ({"officer-call-leg-recorded", "source-missing"}, RetentionClass.QUARANTINE),
    ],
)
def test_a_version_returns_to_its_own_retention_class(flags, retention):
    assert retention_after_release(flags) is retention


def test_every_quarantine_flag_of_ingest_sends_a_version_back_to_quarantine():
    for flag in QUARANTINE_FLAGS:
        assert retention_after_release({flag}) is RetentionClass.QUARANTINE


@pytest.mark.parametrize(
    ("expires", "released_at", "due"),
    [
        (date(2027, 2, 20), datetime(2026, 12, 1, 9, 0, tzinfo=UTC), date(2027, 2, 20)),
        (date(2027, 2, 20), datetime(2027, 6, 1, 9, 0, tzinfo=UTC), date(2027, 6, 1)),
        # 23:30 UTC on 31 May is 00:30 BST on 1 June: the London date counts.
        (date(2027, 2, 20), datetime(2027, 5, 31, 23, 30, tzinfo=UTC), date(2027, 6, 1)),
        (date(2027, 6, 1), datetime(2027, 6, 1, 12, 0, tzinfo=UTC), date(2027, 6, 1)),
    ],
)
def test_a_released_version_falls_due_on_its_expiry_or_at_once_if_that_passed(expires, released_at, due):
    assert due_on_after_release(expires, released_at) == due


def test_a_late_arrivals_grace_outlasts_a_release_within_it():
    grace_ends = date(2026, 12, 10)
    released = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    assert due_on_after_release(date(2019, 4, 1), released) == date(2026, 12, 4)
    assert due_on_after_release(date(2019, 4, 1), released, grace_ends) == grace_ends
    assert due_on_after_release(date(2026, 12, 20), released, grace_ends) == date(2026, 12, 20)
    assert due_on_after_release(date(2019, 4, 1), datetime(2026, 12, 15, tzinfo=UTC), grace_ends) == date(
        2026, 12, 15
    )


def test_tags_are_the_whole_set_ingest_wrote_with_only_retention_changed():
    registered = _registered()
    assert recording_tags(registered, RetentionClass.HOLD) == {
        "purpose": "complaints-disputes",
        "source": "councillor",
        "retention": "hold",
        "expires-on": "2027-02-20",
    }
    assert recording_tags(registered, RetentionClass.STANDARD)["retention"] == "standard"


def test_a_release_token_outlives_any_release_that_holds_it():
    now = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    assert lease_ends(now) == now + RELEASE_LEASE
    assert RELEASE_LEASE > 2 * WORKER_TIMEOUT
    assert timedelta(hours=1) >= RELEASE_LEASE  # and a crashed release does not block holds for long
