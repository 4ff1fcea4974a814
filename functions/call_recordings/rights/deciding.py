"""Deciding an erasure, restriction, objection or rectification request, and carrying the decision out.

Erasure and restriction happen here, when the DPO decides them, not when the request arrives:
- erase (an erasure request, or an upheld objection): the existing erasure (deletion/erasing.py) on the
  person's recordings, found by the keyed hashes the request keeps, refusing what a hold keeps; only the
  disclosure and erasure function may do it, since only it may invoke the eraser;
- restrict (a restriction request, or an upheld objection), on an Art 18(1) ground: the existing
  restriction (restrictions/restricting.py) of the recordings the request names;
- rectify (a rectification request): a recording is a true record of what was said, so it is not edited;
  the person's supplementary statement (Art 16: "including by means of providing a supplementary
  statement") is attached, sealed, to each call the request names, and every later disclosure package of
  those calls shows it;
- refuse, on a ground the kind allows (Art 17(3)(b) or (e) for erasure; Art 21(1) compelling legitimate
  grounds or legal claims for an objection; ...), with the reasons the person must be told (Art 12(4)).

A decision is refused while the clock waits for the requester (proof of identity, or a clarification),
once the request is closed, and once it is decided. It is first claimed on the request (saved over the
revision read), so two decisions made at once cannot both be carried out; then carried out; then what was
done is recorded and audited under the request, and the erasure or restriction names the request in its
own record and audit entries. A decision whose carrying out fails before anything was done is withdrawn
(the request is as it was); an erasure that stopped half way may be asked for again, and erases what is left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.restrictions.vocabulary import GROUND_WORDING
from call_recordings.rights.changes import audit_change, change_rights_request
from call_recordings.rights.errors import (
    AlreadyDecided,
    DecisionIncomplete,
    DecisionNotForKind,
    DecisionWhilePaused,
    RefusalGroundNotForKind,
    RequestNeedsSubject,
    RightsRequestClosed,
)
from call_recordings.rights.records import (
    DECISIONS,
    REFUSAL_GROUNDS,
    REFUSAL_WORDING,
    RIGHT_WORDING,
    Decision,
    RefusalGround,
    RightsKind,
    RightsRequest,
    RightsRequestStatus,
)

if TYPE_CHECKING:
    from call_recordings.rights.dependencies import RightsDependencies

# The fields a decision sets, cleared again when its carrying out fails before doing anything.
_DECISION_FIELDS = (
    "decision",
    "refusal_ground",
    "restriction_grounds",
    "decided_by",
    "decided_on",
    "decided_at",
)


def check_decidable(request: RightsRequest, decision: Decision) -> None:
    """RightsRequestClosed, DecisionWhilePaused, AlreadyDecided (but an erasure decided and not yet
    carried out may be asked for again), DecisionNotForKind, RequestNeedsSubject."""
    if request.is_closed:
        raise RightsRequestClosed(request.request_id, "be decided")
    if request.paused_on is not None:
        raise DecisionWhilePaused(request.request_id, request.pause_reason)
    unfinished_erasure = (
        request.decision is Decision.ERASE and decision is Decision.ERASE and request.erased is None
    )
    if request.decision is not None and not unfinished_erasure:
        raise AlreadyDecided(request.request_id, request.decision, "be decided again")
    if decision is not Decision.REFUSE and decision not in DECISIONS[request.right]:
        raise DecisionNotForKind(request.request_id, request.right, decision)
    if decision is Decision.ERASE and request.subject() is None:
        raise RequestNeedsSubject(request.request_id)


def refuse_request(
    request_id: str, *, ground: RefusalGround, note: str | None, decided_by: str, deps: RightsDependencies
) -> RightsRequest:
    """Refuse on ``ground`` (one the request's kind allows), with the reasons in ``note`` (required)."""
    if not note:
        raise DecisionIncomplete(
            "a refusal gives its reasons in note: the person must be told them and of their right to "
            "complain to the ICO (UK GDPR Art 12(4))"
        )

    def refuse(request: RightsRequest) -> dict[str, Any]:
        if ground not in REFUSAL_GROUNDS[request.right]:
            raise RefusalGroundNotForKind(request.right, ground, REFUSAL_GROUNDS[request.right])
        return claim_decision(request, Decision.REFUSE, decided_by, deps) | {
            "refusal_ground": ground,
            "decision_note": note,
        }

    _, after = change_rights_request(request_id, refuse, deps)
    audit_decision(deps, decided_by, after, details={})
    return after


def rectify_request(
    request_id: str, *, statement: str | None, note: str | None, decided_by: str, deps: RightsDependencies
) -> RightsRequest:
    """Attach the supplementary statement to each call the rectification request names (Art 16)."""
    if not statement:
        raise DecisionIncomplete("a rectification is decided with the supplementary statement to attach")
    now = deps.clock()

    def claim(request: RightsRequest) -> dict[str, Any]:
        return claim_decision(request, Decision.RECTIFY, decided_by, deps) | {
            "statement": statement,
            "statement_call_ids": request.call_ids,
            "decision_note": note,
        }

    before, claimed = change_rights_request(request_id, claim, deps)
    try:
        deps.requests.attach_statement(claimed, claimed.call_ids, now)
    except Exception:
        withdraw_decision(request_id, before, deps)
        raise
    audit_decision(deps, decided_by, claimed, details={"statement_attached_to": list(claimed.call_ids)})
    return claimed


def claim_decision(
    request: RightsRequest, decision: Decision, decided_by: str, deps: RightsDependencies
) -> dict[str, Any]:
    check_decidable(request, decision)
    return {
        "decision": decision,
        "decided_by": decided_by,
        "decided_on": deps.today(),
        "decided_at": deps.clock(),
        "status": RightsRequestStatus.DECIDED,
    }


def withdraw_decision(request_id: str, before: RightsRequest, deps: RightsDependencies) -> None:
    """Put the decision fields back as they were: nothing was carried out."""
    restored = {
        name: getattr(before, name)
        for name in (*_DECISION_FIELDS, "decision_note", "statement", "statement_call_ids", "status")
    }
    change_rights_request(request_id, lambda _: restored, deps)


def audit_decision(
    deps: RightsDependencies, decided_by: str, request: RightsRequest, *, details: dict
) -> None:
    assert request.decision is not None
    upheld = (
        None
        if request.right is not RightsKind.OBJECTION
        else ("rejected" if request.decision is Decision.REFUSE else "upheld")
    )
    audit_change(
        deps,
        decided_by,
        AuditAction.RIGHTS_REQUEST_DECIDED,
        request,
        why={
            "law": RIGHT_WORDING[request.right],
            "decision": request.decision.value,
            "objection": upheld,
            "refusal_ground": request.refusal_ground and REFUSAL_WORDING[request.refusal_ground],
            "restriction_grounds": request.restriction_grounds
            and GROUND_WORDING[request.restriction_grounds],
        },
        details={
            "decided_on": request.decided_on and request.decided_on.isoformat(),
            "due_on": request.due_on.isoformat(),
        }
        | details,
    )
