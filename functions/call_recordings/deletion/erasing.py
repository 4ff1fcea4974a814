"""Erasure (UK GDPR Art 17), the DPO API's part (the eraser's is deletion/eraser.py).

The DPO API finds the subject's versions, refuses those under a hold (naming each hold and the legal
ground for keeping it), records the erasure with the versions to erase, and invokes the eraser with
the erasure's id; the eraser loads the record, deletes each version it lists through the one deletion
path (deletion/deleting.py), which refuses again any version a hold reached meanwhile, and names the
requester the record names (workers take ids, not instructions: DESIGN section 8).

A restricted version (UK GDPR Art 18) is kept by its restriction's hold, so erasure refuses it, naming
the restriction and its Art 18(1) ground, and saying whose request the restriction was:

- another person's (the restriction's requester's identifier hashes share none with this erasure's
  subject, or the restriction named its recordings by call ids, so its requester is unknown): Art
  18(2) allows storing the recording and nothing more while the restriction stands, and one person's
  erasure must never defeat another's restriction (a recording they need for a legal claim);
- this person's own: refused too. The restriction stands until the DPO lifts it, having told the
  person (Art 18(3)); their request to erase is the moment to do so (Art 17(1): the data they asked
  to keep are no longer needed), and erasure asked for again then erases it. One explicit, audited
  step rather than an erasure silently undoing a restriction, often asked for in place of erasure
  (Art 18(1)(b)) or for a claim (Art 18(1)(c)).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction, TargetKind, audit_target
from call_recordings.core.selection import Subject, subject_versions
from call_recordings.deletion.erasure_records import (
    ErasedVersion,
    Erasure,
    RefusingHold,
    VersionKey,
    erasure_status,
)
from call_recordings.deletion.errors import EraserFailed, NoRecordingsToErase
from call_recordings.deletion.records import EraserRequest, VersionDeleted, eraser_failed
from call_recordings.deletion.vocabulary import (
    ERASURE_LAW,
    OBJECT_LOCK_GROUND,
    RELEASE_IN_PROGRESS_GROUND,
    DeletionOutcome,
    ErasureStatus,
    VersionErasure,
    refusal_ground,
)
from call_recordings.holds.vocabulary import HoldReason
from call_recordings.jobs.records import Job, JobKind
from call_recordings.jobs.running import start_job
from call_recordings.restrictions.vocabulary import GROUND_WORDING

if TYPE_CHECKING:
    from call_recordings.deletion.erasure_dependencies import ErasureDependencies

# Versions in one batch of an erasure a job carries out: one invocation of the eraser, about four AWS
# calls each (the claim, the existence check, the audit entry, the tombstone; one DeleteObjects for
# them all), eight at a time: about 250 rounds of four calls, a few seconds of the eraser's 25 in AWS
# (under moto on the shared 2-core machine, 500 take 7-12 s). Fewer, larger batches: each costs the
# job's bookkeeping, the record's reads and one invocation (issue 17: an erasure's cost).
ERASURE_BATCH = 500


def new_erasure_id(requested_at: datetime) -> str:
    """E-<date requested, UTC>-<10 random hex digits>, the shape of hold ids."""
    return f"E-{requested_at:%Y%m%d}-{secrets.token_hex(5).upper()}"


def erasure_target(erasure_id: str) -> str:
    """What an audit entry about an erasure is filed under."""
    return audit_target(TargetKind.ERASURE, erasure_id)


def request_erasure(
    selection: Subject,
    *,
    requested_by: str,
    note: str | None,
    deps: ErasureDependencies,
    request_id: str | None = None,
) -> tuple[Erasure, list[ErasedVersion], Job | None]:
    """Erase the subject's recordings that no hold keeps; the erasure, what happened to each version and,
    when there were more to erase than the eraser can do while the DPO waits, the job carrying it out
    (the erasure then stays ``erasing``, with the refused versions only, until the job finishes it).
    ``request_id``: the rights request whose decision this carries out, named by the record and audit."""
    now = deps.clock()
    versions = subject_versions(selection, deps.subject_key(), deps.registry)
    if not versions:
        raise NoRecordingsToErase(selection.identifiers())
    held = [version for version in versions if version.holds]
    erasable = [
        VersionKey(call_id=each.call_id, version_id=each.version_id) for each in versions if not each.holds
    ]
    as_job = deps.jobs is not None and len(erasable) > deps.sync_limit
    erasure = Erasure(
        erasure_id=new_erasure_id(now),
        status=ErasureStatus.ERASING,
        requested_by=requested_by,
        requested_at=now,
        selection=selection.described(),
        note=note,
        rights_request_id=request_id,
        total=len(versions),
        to_erase=() if as_job else tuple(erasable),
    )
    batches = [erasable[start : start + ERASURE_BATCH] for start in range(0, len(erasable), ERASURE_BATCH)]
    if as_job:
        deps.records.create_in_batches(erasure, batches)
    else:
        deps.records.create(erasure)
    subject = frozenset(lookup.subject_hash for lookup in selection.lookups(deps.subject_key()))
    deps.audit.record(
        who=requested_by,
        action=AuditAction.ERASURE_REQUESTED,
        target=erasure_target(erasure.erasure_id),
        at=now,
        why={"law": ERASURE_LAW, "rights_request": request_id},
        details={
            "selection": f"subject ({' and '.join(selection.identifiers())})",
            "recorded_from": selection.recorded_from and selection.recorded_from.isoformat(),
            "recorded_to": selection.recorded_to and selection.recorded_to.isoformat(),
            "recordings": len(versions),
            "calls": len({version.call_id for version in versions}),
            "held": len(held),
        },
    )
    grounds = _refusing_holds({hold_id for version in held for hold_id in version.holds}, subject, deps)
    refused = [
        ErasedVersion(
            call_id=version.call_id,
            version_id=version.version_id,
            outcome=VersionErasure.REFUSED,
            refused_because=tuple(grounds[hold_id] for hold_id in sorted(version.holds)),
        )
        for version in held
    ]
    if as_job:
        assert deps.jobs is not None
        deps.records.record_versions(erasure.erasure_id, refused)
        job = start_job(
            JobKind.ERASURE,
            request_id or erasure.erasure_id,
            [[{"batch": number}] for number in range(1, len(batches) + 1)],
            total=len(erasable),
            plan={"erasure_id": erasure.erasure_id, "subject": sorted(subject)},
            requested_by=requested_by,
            deps=deps.jobs,
            results=[each.model_dump(mode="json", exclude_none=True) for each in refused],
        )
        return erasure, refused, job
    outcomes = _erase(erasure.erasure_id, erasure.to_erase, deps)
    results = refused + [erased_version(outcome, subject, deps) for outcome in outcomes]
    return finish_erasure(erasure, results, deps), sorted(results, key=lambda each: each.key), None


def erase_batch(
    erasure_id: str, batch: int, subject: frozenset[str], deps: ErasureDependencies
) -> list[ErasedVersion]:
    """One batch of an erasure a job carries out: the eraser invoked with the batch (it erases what that
    batch of the record lists), and what happened to each version recorded on the erasure. EraserFailed
    is raised (the job retries it)."""
    report = deps.eraser.erase(EraserRequest(erasure_id=erasure_id, batch=batch))
    results = [erased_version(outcome, subject, deps) for outcome in report.outcomes]
    deps.records.record_versions(erasure_id, results)
    return results


def finish_erasure(
    erasure: Erasure,
    results: list[ErasedVersion],
    deps: ErasureDependencies,
    *,
    recorded: bool = False,
    erased_besides: int = 0,
) -> Erasure:
    """The erasure's status and counts from what happened to each version (and ``erased_besides``
    versions erased that ``results`` leaves out: a job keeps only the others in its results), recorded
    (with each version's outcome unless ``recorded`` already) and audited."""
    results = sorted(results, key=lambda each: each.key)
    outcomes = [each.outcome for each in results] + [VersionErasure.ERASED] * bool(erased_besides)
    finished = erasure.model_copy(
        update={
            "status": erasure_status(outcomes),
            "erased": erased_besides + sum(1 for each in results if each.outcome is VersionErasure.ERASED),
            "refused": sum(1 for each in results if each.outcome is VersionErasure.REFUSED),
            "failed": sum(1 for each in results if each.outcome is VersionErasure.FAILED),
            "finished_at": deps.clock(),
        }
    )
    if recorded:
        deps.records.close(finished)
    else:
        deps.records.finish(finished, results)
    deps.audit.record(
        who=erasure.requested_by,
        action=AuditAction.ERASURE_FINISHED,
        target=erasure_target(erasure.erasure_id),
        at=deps.clock(),
        why={"law": ERASURE_LAW, "rights_request": erasure.rights_request_id},
        details={
            "status": finished.status.value,
            "erased": finished.erased,
            "refused": finished.refused,
            "failed": finished.failed,
            "refused_recordings": [
                {
                    "recording": f"{each.call_id}#{each.version_id}",
                    "holds": [hold.hold_id for hold in each.refused_because if hold.hold_id],
                    "restrictions": [
                        {
                            "restriction_id": hold.restriction_id,
                            "grounds": hold.restriction_grounds and hold.restriction_grounds.value,
                            "ground": hold.ground,
                        }
                        for hold in each.refused_because
                        if hold.restriction_id
                    ]
                    or None,
                }
                for each in results
                if each.outcome is VersionErasure.REFUSED
            ],
        },
    )
    return finished


def _erase(erasure_id: str, keys: tuple[VersionKey, ...], deps: ErasureDependencies) -> list[VersionDeleted]:
    if not keys:
        return []
    try:
        report = deps.eraser.erase(EraserRequest(erasure_id=erasure_id, versions=keys))
    except EraserFailed:
        return eraser_failed(keys)
    return list(report.outcomes)


def erased_version(
    outcome: VersionDeleted, subject: frozenset[str], deps: ErasureDependencies
) -> ErasedVersion:
    """What the eraser's outcome means for the subject's request."""
    keys = {"call_id": outcome.call_id, "version_id": outcome.version_id}
    if outcome.outcome in (DeletionOutcome.DELETED, DeletionOutcome.ALREADY_DELETED):
        return ErasedVersion(**keys, outcome=VersionErasure.ERASED)
    if outcome.outcome is DeletionOutcome.HELD and outcome.hold_ids:  # a hold reached it meanwhile
        grounds = _refusing_holds(set(outcome.hold_ids), subject, deps)
        return ErasedVersion(
            **keys,
            outcome=VersionErasure.REFUSED,
            refused_because=tuple(grounds[hold_id] for hold_id in outcome.hold_ids),
        )
    if outcome.outcome is DeletionOutcome.HELD:
        return ErasedVersion(
            **keys, outcome=VersionErasure.REFUSED, refused_because=(RefusingHold(ground=OBJECT_LOCK_GROUND),)
        )
    if outcome.outcome is DeletionOutcome.BUSY:
        return ErasedVersion(
            **keys,
            outcome=VersionErasure.REFUSED,
            refused_because=(RefusingHold(ground=RELEASE_IN_PROGRESS_GROUND),),
        )
    return ErasedVersion(**keys, outcome=VersionErasure.FAILED)


def _refusing_holds(
    hold_ids: Iterable[str], subject: frozenset[str], deps: ErasureDependencies
) -> dict[str, RefusingHold]:
    """Each hold with its reason, case and the legal ground for refusing erasure; a restriction's hold
    with the restriction, its ground, and whether it was this subject's request or another person's."""
    found: dict[str, RefusingHold] = {}
    for hold_id in sorted(set(hold_ids)):
        hold = deps.casework.hold(hold_id)
        if hold is None:  # the registry names a hold the requests table does not know
            found[hold_id] = RefusingHold(
                hold_id=hold_id,
                ground="a hold the registry lists but no hold record explains: the DPO must look",
            )
        elif hold.reason is HoldReason.RESTRICTION:
            found[hold_id] = _refusing_restriction(hold_id, hold.case_reference, subject, deps)
        else:
            found[hold_id] = RefusingHold(
                hold_id=hold_id,
                reason=hold.reason,
                case_reference=hold.case_reference,
                ground=refusal_ground(hold.reason),
            )
    return found


def _refusing_restriction(
    hold_id: str, restriction_id: str, subject: frozenset[str], deps: ErasureDependencies
) -> RefusingHold:
    """A restriction's hold: the restriction, its Art 18(1) ground, and whose request it was."""
    restriction = deps.restrictions.restriction(restriction_id)
    refusing = {"hold_id": hold_id, "reason": HoldReason.RESTRICTION, "case_reference": restriction_id}
    if restriction is None:
        return RefusingHold(**refusing, ground=refusal_ground(HoldReason.RESTRICTION))
    wording = GROUND_WORDING[restriction.grounds]
    if subject & restriction.requester_hashes:
        ground = (
            f"restricted at this data subject's own request ({wording}): the restriction stands until "
            f"the DPO lifts it, having told the person (POST /restrictions/{restriction_id}/lift, UK "
            "GDPR Art 18(3)); then ask for the erasure again"
        )
    else:
        whose = "another person's" if restriction.requester == "data-subject" else "an unknown person's"
        ground = (
            f"restricted at {whose} request ({wording}): UK GDPR Art 18(2) allows storing it and "
            "nothing more while the restriction stands, so this erasure cannot reach it"
        )
    return RefusingHold(
        **refusing, restriction_id=restriction_id, restriction_grounds=restriction.grounds, ground=ground
    )
