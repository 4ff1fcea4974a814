"""Deciding a restriction request, or upholding an objection, by restricting processing (UK GDPR Art 18):
the restriction is made by restrictions/restricting.py, of the recordings the request names, and names the
request in its record and audit entries (the casework function). rights/deciding.py says how a decision
is claimed, carried out and recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from call_recordings.core.versions import RecordingVersion
from call_recordings.restrictions.records import Restriction
from call_recordings.restrictions.restricting import RestrictionRequest, restrict_processing
from call_recordings.restrictions.vocabulary import RestrictionGround
from call_recordings.rights.changes import change_rights_request
from call_recordings.rights.deciding import audit_decision, claim_decision, withdraw_decision
from call_recordings.rights.records import Decision, RightsRequest

if TYPE_CHECKING:
    from call_recordings.restrictions.dependencies import RestrictionsDependencies
    from call_recordings.rights.dependencies import RightsDependencies


def restrict_request(
    request_id: str,
    *,
    grounds: RestrictionGround,
    note: str | None,
    decided_by: str,
    deps: RightsDependencies,
    restrictions: RestrictionsDependencies,
) -> tuple[RightsRequest, Restriction, list[RecordingVersion]]:
    """Restrict processing of the request's recordings on ``grounds`` (a restriction request, or an
    objection upheld); the request, the restriction and the versions it marked. RecordingsNotFound /
    NoRecordingsForSubject when nothing matches (the decision is withdrawn)."""

    def claim(request: RightsRequest) -> dict[str, Any]:
        return claim_decision(request, Decision.RESTRICT, decided_by, deps) | {
            "restriction_grounds": grounds,
            "decision_note": note,
        }

    before, claimed = change_rights_request(request_id, claim, deps)
    selection = claimed.recordings()
    assert selection is not None  # opening needs a subject or call ids
    try:
        restriction, marked = restrict_processing(
            RestrictionRequest(grounds=grounds, selection=selection, note=note, request_id=request_id),
            restricted_by=decided_by,
            deps=restrictions,
        )
    except Exception:
        withdraw_decision(request_id, before, deps)
        raise
    _, after = change_rights_request(
        request_id,
        lambda _: {"restriction_id": restriction.restriction_id, "restricted": len(marked)},
        deps,
    )
    audit_decision(
        deps,
        decided_by,
        after,
        details={
            "restriction_id": restriction.restriction_id,
            "recordings": len(marked),
            "hold": restriction.hold_id,
        },
    )
    return after, restriction, marked
