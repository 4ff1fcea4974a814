"""Recording the DPO's decisions on a SAR's recordings (subject_access/decisions.py says why), and
reading them back for the package. A decision names a call, and optionally one version of it: without
one it applies to every version of that call the SAR matched. A decision may be changed until the SAR
is closed; each set of decisions is audited under ``sar#<id>`` by counts, never by call id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from call_recordings.core.audit_vocabulary import AuditAction
from call_recordings.subject_access.changes import still_open
from call_recordings.subject_access.decisions import Decision, Exemption, RecordingDecision
from call_recordings.subject_access.errors import NotMatchedBySar
from call_recordings.subject_access.records import sar_target
from call_recordings.subject_access.reporting import get_sar

if TYPE_CHECKING:
    from call_recordings.subject_access.dependencies import SarDependencies


@dataclass(frozen=True)
class DecisionRequest:
    call_id: str
    decision: Decision
    exemption: Exemption | None = None
    version_id: str | None = None  # None: every version of the call the SAR matched


def decide_recordings(
    sar_id: str, requests: list[DecisionRequest], *, decided_by: str, deps: SarDependencies
) -> dict[tuple[str, str], RecordingDecision]:
    """Record each decision on the versions it names; every decision on the SAR afterwards. SarNotFound,
    SarClosed, NotMatchedBySar naming call ids (or versions) the SAR did not match (nothing recorded)."""
    now = deps.holds.clock()
    still_open(get_sar(sar_id, deps), "record decisions")
    matched = [version.key for version in deps.sars.all_sar_recordings(sar_id)]
    made: list[RecordingDecision] = []
    unmatched: list[str] = []
    for request in requests:
        keys = [
            key
            for key in matched
            if key[0] == request.call_id and (request.version_id is None or key[1] == request.version_id)
        ]
        if not keys:
            unmatched.append(request.call_id)
        made.extend(
            RecordingDecision(
                call_id=call_id,
                version_id=version_id,
                decision=request.decision,
                exemption=request.exemption,
                decided_by=decided_by,
                decided_at=now,
            )
            for call_id, version_id in keys
        )
    if unmatched:
        raise NotMatchedBySar(sar_id, unmatched)
    latest = {decision.key: decision for decision in made}  # the last word on a version stands
    for decision in latest.values():
        deps.sars.record_decision(sar_id, decision)
    withheld: dict[str, int] = {}
    for decision in latest.values():
        if decision.exemption is not None:
            withheld[decision.exemption.value] = withheld.get(decision.exemption.value, 0) + 1
    deps.holds.audit.record(
        who=decided_by,
        action=AuditAction.SAR_RECORDINGS_DECIDED,
        target=sar_target(sar_id),
        at=now,
        why={"withheld_under": withheld or None},
        details={
            "disclose": sum(1 for each in latest.values() if each.decision is Decision.DISCLOSE),
            "withhold": sum(withheld.values()),
        },
    )
    return deps.sars.decisions(sar_id)
