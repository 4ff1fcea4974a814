"""What audit entries are filed under (``<kind>#<id>``) and the actions they record, named once.

Every writer of the trail takes its target from ``audit_target`` (or a helper that calls it) and its
action from ``AuditAction``; ``GET /audit`` accepts only a target of a kind named here
(``parse_audit_target``).
"""

import re
from enum import StrEnum


class TargetKind(StrEnum):
    """What an audit entry concerns: the part of its target before the ``#``."""

    HOLD = "hold"  # hold#H-…: a legal hold (or a SAR's preservation hold)
    RECORDING = "recording"  # recording#<call_id>: every version of one call
    SAR = "sar"  # sar#S-…: a subject access request
    ERASURE = "erasure"  # erasure#E-…: an erasure request (Art 17)
    DESTRUCTION = "destruction"  # destruction#D-…: an out-of-policy capture destroyed (refusals, unfinished)
    RESTRICTION = "restriction"  # restriction#R-…: a restriction of processing (Art 18)
    COMPLAINT = "complaint"  # complaint#CP-…: a complaint to the DPO (DPA 2018 s.164A)
    # request#Q-…: an erasure, restriction, objection or rectification request (Art 16, 17, 18, 21)
    RIGHTS_REQUEST = "request"
    DISCLOSURE = "disclosure"  # disclosure#OD-…: a disclosure outside the council (the register)
    BUCKET = "bucket"  # bucket#<name>: what the reconciliation found in the recordings bucket itself
    AUDIT_ARCHIVE = "audit-archive"  # audit-archive#<day>: the daily check of the trail against its archive
    # search#<London date>: the DPO's searches for a person's recordings that day (never the identifier)
    SEARCH = "search"


TARGET_SEPARATOR = "#"


KNOWN_KINDS = ", ".join(sorted(kind.value for kind in TargetKind))
_SHOWABLE_KIND = re.compile(r"[a-z][a-z-]{0,29}")  # repeated in a message only if it looks like a word


def audit_target(kind: TargetKind, identifier: str) -> str:
    """What an audit entry about this hold, recording, SAR, erasure, restriction or bucket is filed under."""
    return f"{kind.value}{TARGET_SEPARATOR}{identifier}"


class InvalidAuditTarget(ValueError):
    """A target that is not ``<kind>#<id>`` with a known kind: it can match no entry, so it is refused
    rather than answered with an empty trail."""


def parse_audit_target(text: str) -> tuple[TargetKind, str]:
    """The kind and id of a target as the DPO wrote it; InvalidAuditTarget saying what is wrong.

    A target without ``#`` is most often one whose ``#`` was not encoded: in a URL an unencoded ``#``
    starts the fragment, which is never sent, so ``?target=recording#C-2`` arrives as ``recording``.
    """
    kind, separator, identifier = text.partition(TARGET_SEPARATOR)
    if not separator:
        received = f" (the API received only '{text}')" if text in set(TargetKind) else ""
        raise InvalidAuditTarget(
            f"a target is <kind>#<id>, and in a URL its '#' must be written %23, e.g. "
            f"target=recording%23C-2: an unencoded '#' starts the URL's fragment, which is never sent"
            f"{received}"
        )
    if kind not in set(TargetKind):
        named = f" '{kind}'" if _SHOWABLE_KIND.fullmatch(kind) else ""
        raise InvalidAuditTarget(f"unknown target kind{named}: the kinds are {KNOWN_KINDS}")
    if not identifier:
        raise InvalidAuditTarget(f"the target names no {kind} after the '#' (e.g. {kind}%23<id>)")
    return TargetKind(kind), identifier


class AuditAction(StrEnum):
    """What an audit entry records. The values are the pinned contract the DPO's tools read."""

    # Holds (hold#…): the DPO's steps, then the hold worker's per batch of versions and at the end.
    HOLD_PLACED = "hold-placed"
    HOLD_PLACING_RESUMED = "hold-placing-resumed"
    RECORDINGS_HELD = "recordings-held"
    HOLD_ACTIVE = "hold-active"
    HOLD_REVIEWED = "hold-reviewed"
    HOLD_RELEASE_REQUESTED = "hold-release-requested"
    HOLD_RELEASE_RESUMED = "hold-release-resumed"
    RECORDINGS_RELEASED = "recordings-released"
    HOLD_RELEASED = "hold-released"
    # A work message the hold's record does not bear out (unknown hold, versions it does not list).
    HOLD_WORK_REFUSED = "hold-work-refused"
    # Subject access requests (sar#…).
    SAR_OPENED = "sar-opened"
    SAR_EXTENDED = "sar-extended"
    SAR_PAUSED = "sar-paused"
    SAR_RESUMED = "sar-resumed"
    SAR_RECORDINGS_DECIDED = "sar-recordings-decided"  # disclose or withhold, per recording
    SAR_DISCLOSED = "sar-disclosed"
    SAR_PACKAGE_ZIPPED = "sar-package-zipped"  # the disclosed package made into one zip (a job)
    SAR_CLOSED = "sar-closed"
    # Erasure requests (erasure#…).
    ERASURE_REQUESTED = "erasure-requested"
    ERASURE_FINISHED = "erasure-finished"
    # An invocation of the eraser that no erasure (or destruction) record bears out (unknown or
    # finished request, versions the record does not list): nothing deleted.
    ERASER_INVOCATION_REFUSED = "eraser-invocation-refused"
    # Restrictions of processing (restriction#…).
    RESTRICTION_PLACED = "restriction-placed"
    RESTRICTION_LIFTED = "restriction-lifted"
    # Complaints (complaint#…), DPA 2018 s.164A: received, acknowledged, kept informed, answered.
    COMPLAINT_RECEIVED = "complaint-received"
    COMPLAINT_ACKNOWLEDGED = "complaint-acknowledged"
    COMPLAINT_PROGRESS_NOTED = "complaint-progress-noted"
    COMPLAINT_ANSWERED = "complaint-answered"
    COMPLAINT_WITHDRAWN = "complaint-withdrawn"
    # Rights requests (request#…): erasure, restriction, objection, rectification. The erasure or
    # restriction a decision makes is audited under its own target too, naming the request.
    RIGHTS_REQUEST_OPENED = "rights-request-opened"
    RIGHTS_REQUEST_EXTENDED = "rights-request-extended"
    RIGHTS_REQUEST_PAUSED = "rights-request-paused"
    RIGHTS_REQUEST_RESUMED = "rights-request-resumed"
    RIGHTS_REQUEST_DECIDED = "rights-request-decided"
    RIGHTS_REQUEST_CLOSED = "rights-request-closed"
    # Disclosures outside the council (disclosure#…).
    DISCLOSURE_RECORDED = "disclosure-recorded"
    DISCLOSURE_PACKAGED = "disclosure-packaged"
    DISCLOSURE_CLOSED = "disclosure-closed"
    # Jobs (under the request the work is for: sar#…, request#…, disclosure#…): a package or erasure too
    # large to finish while the DPO waits, started, and (never silently) failed.
    JOB_STARTED = "job-started"
    JOB_FAILED = "job-failed"
    # Recordings (recording#…).
    RECORDING_REGISTERED = "recording-registered"  # never written: shown from the registry item
    RECORDING_DELETED = "recording-deleted"
    RECORDING_ERASED = "recording-erased"
    # An out-of-policy capture (quarantined at ingest) destroyed by call id: who the DPO, why the
    # reason (which part of the privacy notice it breaks) and the destruction id.
    RECORDING_DESTROYED = "recording-destroyed"
    # A destruction the eraser could not finish (refused: a hold or restriction arrived since the check;
    # incomplete: an error), under destruction#D-…, naming the DPO: never lost silently.
    DESTRUCTION_NOT_FINISHED = "destruction-not-finished"
    DELETION_REFUSED_OBJECT_LOCK = "deletion-refused-object-lock"
    OBJECT_MISSING_REPORTED = "object-missing-reported"
    # The DPO's corrections of a recording (POST /recordings/{call_id}/purpose, /source), with the reason.
    RECORDING_REPURPOSED = "recording-repurposed"
    RECORDING_SOURCE_CORRECTED = "recording-source-corrected"
    RECORDINGS_SEARCHED = "recordings-searched"  # a person's recordings found by an identifier's hash
    # The recordings bucket (bucket#…): an object version outside the upload contract, reported once.
    OBJECT_OUTSIDE_CONTRACT_REPORTED = "object-outside-contract-reported"
    # The audit trail itself (audit-archive#<day>): the daily comparison with its archive.
    AUDIT_ARCHIVE_VERIFIED = "audit-archive-verified"
