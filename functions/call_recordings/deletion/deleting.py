"""The one path by which a recording version is deleted, for the sweeper and the eraser alike.

Per version:

1. claim the registry item with the release lease (holds/release.py), on condition that it is
   registered and not a tombstone, that no hold covers it, that no release holds a live lease and, for
   the sweeper, that it is due and that no restriction of processing (UK GDPR Art 18) covers it, and for
   the destruction of an out-of-policy capture, that it is quarantined and no restriction covers it. A
   hold cannot be placed while the claim is held; a hold placed before makes the claim fail (``held``:
   nothing is deleted), and so does a restriction (``restricted``). An erasure does not look at
   restrictions: the person's own request to erase is the consent Art 18(2) allows processing with;
2. delete the exact S3 version (many versions: one DeleteObjects for up to 1,000 of those claimed).
   S3 Object Lock refusing (a legal hold the registry does not list) is
   ``held`` too: the claim is given back, the version stays due, and an audit entry tells the DPO that
   the registry and S3 disagree. A version already gone from S3 (deleted by hand) is carried on with.
   A destruction also deletes every delete marker of the key: nothing of the capture stays in S3;
3. one audit entry for the deletion, without personal data (many deletions: their entries a hundred
   to a call, each call all or none; a call that fails fails its versions, their claims given back);
4. tombstone the registry item (docs/registry.md), conditional on still owning the claim.

The entry comes before the tombstone: if the tombstone fails the version is deleted again by the next
attempt, so a deletion is audited at least once and never silently. An error after the claim gives
the claim back, so that the next attempt (the next sweep, the DPO asking again) resumes at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from call_recordings.core.at_once import each_at_once
from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.core.identifiers import recording_target
from call_recordings.core.observability import logger
from call_recordings.deletion.errors import (
    ObjectLockRefused,
    VersionBusy,
    VersionGone,
    VersionHeld,
    VersionNotDue,
    VersionNotQuarantined,
    VersionRestricted,
)
from call_recordings.deletion.records import ClaimedVersion, DeletionOrder, VersionDeleted, VersionKey
from call_recordings.deletion.vocabulary import DeletionOutcome
from call_recordings.holds.release import lease_ends

if TYPE_CHECKING:
    from call_recordings.deletion.dependencies import DeletionDependencies

AUDIT_BATCH = 100  # deletion entries to an audit call (a TransactWriteItems holds at most 100 items)


@dataclass(frozen=True)
class _Claimed:
    """A version claimed for deletion (step 1 done), under ``token``."""

    version: VersionKey
    token: str
    claimed: ClaimedVersion


def delete_recording_version(
    version: VersionKey, order: DeletionOrder, deps: DeletionDependencies
) -> VersionDeleted:
    """Delete one version as ``order`` says; what happened to it. Raises on an error (after giving the
    claim back): the caller counts it as failed."""
    claimed = _claim(version, order, deps)
    if isinstance(claimed, VersionDeleted):
        return claimed
    try:
        found: bool | Exception = deps.bucket.delete_version(
            claimed.claimed.bucket, claimed.claimed.object_key, claimed.claimed.version_id
        )
    except ObjectLockRefused as refused:
        found = refused
    except Exception:
        deps.registry.release_claim(version, claimed.token)
        raise
    return _after_s3(claimed, found, order, deps)


def _claim(
    version: VersionKey, order: DeletionOrder, deps: DeletionDependencies
) -> VersionDeleted | _Claimed:
    """Step 1: claim the registry item; what happened when the claim is refused."""
    token = uuid.uuid4().hex
    now = deps.clock()
    try:
        claimed = deps.registry.claim(
            version,
            token,
            now=now,
            until=lease_ends(now),
            due_by=order.due_by,
            quarantined_only=order.destroys_capture,
        )
    except VersionGone:
        return _outcome(version, DeletionOutcome.ALREADY_DELETED)
    except VersionHeld as held:
        return _outcome(version, DeletionOutcome.HELD, hold_ids=held.hold_ids)
    except VersionRestricted as restricted:
        return _outcome(version, DeletionOutcome.RESTRICTED, restriction_ids=restricted.restriction_ids)
    except VersionBusy:
        return _outcome(version, DeletionOutcome.BUSY)
    except VersionNotDue:
        return _outcome(version, DeletionOutcome.NOT_DUE)
    except VersionNotQuarantined:
        return _outcome(version, DeletionOutcome.NOT_QUARANTINED)
    return _Claimed(version, token, claimed)


@dataclass(frozen=True)
class _Deleted:
    """A claimed version S3 no longer has (step 2 done): ``found`` whether it had it until now, and
    what a destruction removed besides (its delete markers)."""

    claimed: _Claimed
    found: bool
    markers: dict[str, int]


def _after_s3(
    claimed: _Claimed, found: bool | Exception, order: DeletionOrder, deps: DeletionDependencies
) -> VersionDeleted:
    """Steps 2 (what S3 answered: ``found``, or the refusal), 3 and 4 for one claimed version. Raises on
    an error, after giving the claim back."""
    deleted = _deleted_from_s3(claimed, found, order, deps)
    if isinstance(deleted, VersionDeleted):
        return deleted
    try:
        deps.audit.record(**_deletion_entry(deleted, order, deps))
    except Exception:
        deps.registry.release_claim(claimed.version, claimed.token)
        raise
    return _tombstoned(deleted, order, deps)


def _deleted_from_s3(
    claimed: _Claimed, found: bool | Exception, order: DeletionOrder, deps: DeletionDependencies
) -> _Deleted | VersionDeleted:
    """Step 2's end: refused by Object Lock (the claim given back, the DPO told: ``held``), failed
    (raises, after giving the claim back), or deleted (a destruction's delete markers removed too)."""
    version, token, item = claimed.version, claimed.token, claimed.claimed
    if isinstance(found, ObjectLockRefused):
        deps.registry.release_claim(version, token)
        _audit_object_lock(item, order, deps)
        return _outcome(version, DeletionOutcome.HELD, object_lock=True, retention=item.retention)
    try:
        if isinstance(found, Exception):
            raise found
        markers = {}
        if order.destroys_capture:
            markers["delete_markers_removed"] = deps.bucket.delete_markers(item.bucket, item.object_key)
    except Exception:
        deps.registry.release_claim(version, token)
        raise
    return _Deleted(claimed, found, markers)


def _deletion_entry(deleted: _Deleted, order: DeletionOrder, deps: DeletionDependencies) -> dict[str, Any]:
    """Step 3: the audit entry of one deletion, without personal data."""
    version, item = deleted.claimed.version, deleted.claimed.claimed
    return {
        "who": order.who,
        "action": order.action,
        "target": recording_target(version.call_id),
        "at": deps.clock(),
        "why": order.why,
        "details": {
            "version_id": version.version_id,
            "registered_on": item.registered_on and item.registered_on.isoformat(),
            "expires_on": item.expires_on.isoformat(),
            "deleted_on": order.deleted_on.isoformat(),
            "retention": item.retention,
            "object_found": deleted.found,
        }
        | deleted.markers,
    }


def _tombstoned(deleted: _Deleted, order: DeletionOrder, deps: DeletionDependencies) -> VersionDeleted:
    """Step 4, once the deletion is audited. Raises on an error, after giving the claim back."""
    version, token, item = deleted.claimed.version, deleted.claimed.token, deleted.claimed.claimed
    try:
        deps.registry.tombstone(
            version, token, deleted_on=order.deleted_on, because=order.because, held=item.attributes
        )
    except Exception:
        deps.registry.release_claim(version, token)
        raise
    return _outcome(version, DeletionOutcome.DELETED, object_found=deleted.found, retention=item.retention)


def _audited_together(
    deleted: list[_Deleted], order: DeletionOrder, deps: DeletionDependencies
) -> list[_Deleted | VersionDeleted]:
    """Step 3 for many deletions: their entries a hundred to a call (AuditTrail.record_many), each
    all or none; a call that fails gives back the claims of its versions, which are ``failed``."""
    entries = [_deletion_entry(each, order, deps) for each in deleted]
    outcomes: list[_Deleted | VersionDeleted] = []
    for start in range(0, len(deleted), AUDIT_BATCH):
        chunk = deleted[start : start + AUDIT_BATCH]
        try:
            deps.audit.record_many(entries[start : start + AUDIT_BATCH])
        except Exception as error:
            logger.exception(
                "Auditing deleted recording versions failed; the next attempt resumes them",
                extra={"versions": len(chunk)},
            )
            for each in chunk:  # a release that fails too leaves the lease to expire (lease_ends)
                _or_failed(
                    lambda each=each: deps.registry.release_claim(each.claimed.version, each.claimed.token),
                    each.claimed.version,
                )
            outcomes += [
                _outcome(each.claimed.version, DeletionOutcome.FAILED, error=type(error).__name__)
                for each in chunk
            ]
            continue
        outcomes += chunk
    return outcomes


def _audit_object_lock(claimed: ClaimedVersion, order: DeletionOrder, deps: DeletionDependencies) -> None:
    deps.audit.record(
        who=order.who,
        action=AuditAction.DELETION_REFUSED_OBJECT_LOCK,
        target=recording_target(claimed.call_id),
        at=deps.clock(),
        why=order.why
        | {"refused": "S3 Object Lock legal hold is ON, but the registry lists no hold: the DPO must look"},
        details={
            "version_id": claimed.version_id,
            "expires_on": claimed.expires_on.isoformat(),
            "retention": claimed.retention,
        },
    )


def _outcome(version: VersionKey, outcome: DeletionOutcome, **details) -> VersionDeleted:
    return VersionDeleted(call_id=version.call_id, version_id=version.version_id, outcome=outcome, **details)


def delete_recording_versions(
    versions: list[VersionKey], order: DeletionOrder, deps: DeletionDependencies
) -> list[VersionDeleted]:
    """Each version through the one path, ``deps.threads`` at a time; an error is that version's
    ``failed`` outcome (named by the kind of error), never the others' (but an audit call's, which fails
    the versions it was for). Many versions are deleted from S3 together (step 2: one DeleteObjects for
    up to 1,000 claimed versions) and audited together (step 3: a hundred entries to a call), each
    still claimed one by one before, and tombstoned one by one after its entry is written."""
    if len(versions) <= 1:
        return [
            _or_failed(lambda each=version: delete_recording_version(each, order, deps), version)
            for version in versions
        ]
    steps = each_at_once(
        lambda version: _or_failed(lambda: _claim(version, order, deps), version),
        versions,
        threads=deps.threads,
    )
    claimed = [step for step in steps if isinstance(step, _Claimed)]
    found = deps.bucket.delete_versions(
        [(each.claimed.bucket, each.claimed.object_key, each.claimed.version_id) for each in claimed],
        threads=deps.threads,
    )

    def from_s3(pair: tuple[_Claimed, bool | Exception]) -> _Deleted | VersionDeleted:
        each, answer = pair
        return _or_failed(lambda: _deleted_from_s3(each, answer, order, deps), each.version)

    after_s3 = each_at_once(from_s3, list(zip(claimed, found, strict=True)), threads=deps.threads)
    audited = iter(_audited_together([each for each in after_s3 if isinstance(each, _Deleted)], order, deps))
    after_audit = [next(audited) if isinstance(each, _Deleted) else each for each in after_s3]

    def tombstone(step: _Deleted | VersionDeleted) -> VersionDeleted:
        if isinstance(step, VersionDeleted):
            return step
        return _or_failed(lambda: _tombstoned(step, order, deps), step.claimed.version)

    done = {outcome.key: outcome for outcome in each_at_once(tombstone, after_audit, threads=deps.threads)}
    return [done[step.version.key] if isinstance(step, _Claimed) else step for step in steps]


def _or_failed(work: Callable[[], Any], version: VersionKey) -> Any:
    """``work``'s answer, or the version's ``failed`` outcome (named by the kind of error) if it raised."""
    try:
        return work()
    except Exception as error:
        logger.exception(
            "Deleting a recording version failed; the next attempt resumes it",
            extra={"call_id": version.call_id, "version_id": version.version_id},
        )
        return _outcome(version, DeletionOutcome.FAILED, error=type(error).__name__)
