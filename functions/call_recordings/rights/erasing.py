"""Deciding an erasure request, or upholding an objection, by erasing (UK GDPR Art 17): the erasure is
deletion/erasing.py's, on the person the request keeps (the keyed hashes of their identifiers), and names
the request in its record and audit entries. Only the disclosure and erasure function runs it: it alone may
invoke the eraser. rights/deciding.py says how a decision is claimed, carried out and recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from call_recordings.deletion.erasing import request_erasure
from call_recordings.deletion.erasure_records import ErasedVersion, Erasure
from call_recordings.deletion.errors import NoRecordingsToErase
from call_recordings.jobs.records import Job
from call_recordings.rights.changes import change_rights_request
from call_recordings.rights.deciding import audit_decision, claim_decision, withdraw_decision
from call_recordings.rights.records import Decision, RightsRequest

if TYPE_CHECKING:
    from call_recordings.deletion.erasure_dependencies import ErasureDependencies
    from call_recordings.rights.dependencies import RightsDependencies


def erase_request(
    request_id: str,
    *,
    note: str | None,
    decided_by: str,
    deps: RightsDependencies,
    erasure: ErasureDependencies,
) -> tuple[RightsRequest, Erasure | None, list[ErasedVersion], Job | None]:
    """Erase the person's recordings (an erasure request, or an objection upheld), refusing those a hold
    keeps; the request, the erasure (None when the person has no recording: nothing to erase), what
    happened to each version and, for an erasure too large to finish while the DPO waits, the job that
    carries it out (the decision is then recorded when the job finishes: ``record_erasure_decision``).
    An error before the erasure is recorded withdraws the decision."""

    def claim(request: RightsRequest) -> dict[str, Any]:
        return claim_decision(request, Decision.ERASE, decided_by, deps) | {"decision_note": note}

    before, claimed = change_rights_request(request_id, claim, deps)
    subject = claimed.subject()
    assert subject is not None  # check_decidable
    job = None
    try:
        made, versions, job = request_erasure(
            subject, requested_by=decided_by, note=note, deps=erasure, request_id=request_id
        )
    except NoRecordingsToErase:
        made, versions = None, []
    except Exception:
        if before.decision is None:
            withdraw_decision(request_id, before, deps)
        raise
    if job is not None:
        return claimed, made, versions, job
    return record_erasure_decision(request_id, made, decided_by, deps), made, versions, None


def record_erasure_decision(
    request_id: str, made: Erasure | None, decided_by: str, deps: RightsDependencies
) -> RightsRequest:
    """What the erasure did, on the request, and the decision audited."""
    done = (
        {
            "erasure_id": made.erasure_id,
            "erasure_status": made.status,
            "erased": made.erased,
            "erasure_refused": made.refused,
            "erasure_failed": made.failed,
        }
        if made
        else {"erased": 0, "erasure_refused": 0, "erasure_failed": 0}
    )
    _, after = change_rights_request(request_id, lambda _: done, deps)
    audit_decision(
        deps,
        decided_by,
        after,
        details={key: value.value if hasattr(value, "value") else value for key, value in done.items()}
        | {"recordings_found": made.total if made else 0},
    )
    return after
