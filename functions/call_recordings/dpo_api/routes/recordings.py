"""/recordings: a recording's retention and the holds on it; the recordings that need the DPO."""

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from call_recordings.core.identifiers import CALL_ID_PATTERN
from call_recordings.dpo_api.dependencies import holds_dependencies
from call_recordings.dpo_api.models import answers
from call_recordings.dpo_api.recording_models import (
    FlagReason,
    HoldOnRecording,
    RecordingNeedingDpo,
    RecordingsNeedingDpo,
    RecordingVersionView,
    RecordingView,
)
from call_recordings.dpo_api.routes.parameters import Limit, NextToken
from call_recordings.finding.needing_dpo import is_quarantined, recordings_needing_dpo, why_it_needs_the_dpo
from call_recordings.holds.dependencies import HoldsDependencies
from call_recordings.holds.reporting import recording_with_holds
from call_recordings.holds.vocabulary import HOLD_REASON_WORDING

router = Router()


@router.get(
    "/recordings",
    summary="The recordings that need the DPO",
    description=(
        "needs=dpo (required): every live recording version with a flag that needs the DPO, newest first: "
        "quarantined (out of policy: card details or an officer's call leg recorded), alerted at ingest "
        "(arrived late or already past its date, a reused call id, a phone number in its object key), "
        "a purpose or source to correct, or an object reconciliation found gone; each with why. A "
        "version leaves the list when the correction that answers its last such flag is made, or when it "
        "is deleted. One query of a sparse index a page, whatever the number of recordings (README)."
    ),
    responses=answers(
        {200: ("The recordings that need the DPO, newest first", RecordingsNeedingDpo)}, 400, 403
    ),
    tags=["Recordings"],
)
def get_recordings(
    needs: Annotated[Literal["dpo"], Query(description="dpo: the recordings that need the DPO")],
    deps: Annotated[HoldsDependencies, Depends(holds_dependencies)],
    limit: Limit = 50,
    next_token: NextToken = None,
) -> RecordingsNeedingDpo:
    page = recordings_needing_dpo(limit=limit, token=next_token, deps=deps)
    return RecordingsNeedingDpo(
        recordings=[
            RecordingNeedingDpo(
                call_id=version.call_id,
                version_id=version.version_id,
                recorded_at=version.recorded_at,
                purpose=version.purpose,
                source=version.source,
                retention=version.retention,
                expires_on=version.expires_on,
                quarantined=is_quarantined(version),
                why=[
                    FlagReason(flag=flag, meaning=meaning)
                    for flag, meaning in why_it_needs_the_dpo(version.flags).items()
                ],
            )
            for version in page.recordings
        ],
        next_token=page.next_token,
    )


@router.get(
    "/recordings/<call_id>",
    summary="A recording's retention and holds",
    description=(
        "Every version: purpose, source, when recorded, retention class, expiry and due date, holds. "
        "Deleted versions are not shown; once every version is deleted (retention or erasure) the answer "
        "is 410 recording-deleted, saying when and why and pointing at the audit trail."
    ),
    responses=answers({200: ("The recording's versions", RecordingView)}, 400, 403, 404, 410),
    tags=["Recordings"],
)
def get_recording(
    call_id: Annotated[str, Path(pattern=CALL_ID_PATTERN, description="The telephony system's call id")],
    deps: Annotated[HoldsDependencies, Depends(holds_dependencies)],
) -> RecordingView:
    versions, holds = recording_with_holds(call_id, deps=deps)
    return RecordingView(
        call_id=call_id,
        versions=[
            RecordingVersionView(
                version_id=version.version_id,
                object_key=version.object_key,
                recorded_at=version.recorded_at,
                purpose=version.purpose,
                source=version.source,
                retention=version.retention,
                expires_on=version.expires_on,
                due_on=version.due_on,
                flags=sorted(version.flags),
                restrictions=sorted(version.restrictions),
                holds=[
                    HoldOnRecording(
                        hold_id=hold.hold_id,
                        status=hold.status,
                        reason=hold.reason,
                        reason_wording=HOLD_REASON_WORDING[hold.reason],
                        case_reference=hold.case_reference,
                        placed_by=hold.placed_by,
                        placed_at=hold.placed_at,
                    )
                    for hold_id in sorted(version.holds)
                    if (hold := holds.get(hold_id)) is not None
                ],
            )
            for version in versions
        ],
    )
