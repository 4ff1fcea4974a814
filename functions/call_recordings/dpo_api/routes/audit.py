"""/audit: the audit trail, by target or by day, newest first; a recording's, oldest first."""

from datetime import UTC, timedelta
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Query

from call_recordings.audit.recording_trail import recording_trail, trail_page
from call_recordings.core.audit_vocabulary import TargetKind, parse_audit_target
from call_recordings.core.errors import InvalidPeriod
from call_recordings.dpo_api.audit_models import AuditEntryView, AuditPage
from call_recordings.dpo_api.dependencies import holds_dependencies
from call_recordings.dpo_api.inputs import ApiDate
from call_recordings.dpo_api.models import answers
from call_recordings.holds.dependencies import HoldsDependencies

router = Router()

# Without a target, the trail is read a day at a time: at most this many days in one request.
MAX_DAYS = 366
DEFAULT_DAYS = 7


@router.get(
    "/audit",
    summary="The audit trail",
    description=(
        "Entries for one target (e.g. hold#H-20261128-3F9A1C2B7D), optionally between two days, or for "
        "every target over a range of days (at most 366; by default the last 7), newest first. Days are "
        "UTC dates, both inclusive. A target is <kind>#<id> with its '#' written %23 in the URL (an "
        "unencoded '#' is never sent); its kind is audit-archive, bucket, erasure, hold, recording, "
        "restriction or sar, anything else is 400 invalid-audit-target. A recording's trail "
        "(recording#C-2026-000123) is its history, oldest first: its registration (recording-registered, "
        "shown from the registry item ingest wrote, with the flags ingest set), the holds it was under (SAR "
        "preservation among them) as they were placed on it and released from it, its SARs' opening, "
        "disclosure and closing, its restrictions and their lifting, and its deletion or erasure. The "
        "bucket's entries (bucket#<recordings bucket>) are the objects the daily reconciliation found in it "
        "outside the upload contract, each by its version; audit-archive#<day> is the daily check of the "
        "trail against its archive (docs/audit.md)."
    ),
    responses=answers(
        {200: ("Audit entries, newest first (a recording's oldest first)", AuditPage)}, 400, 403
    ),
    tags=["Audit"],
)
def get_audit(
    deps: Annotated[HoldsDependencies, Depends(holds_dependencies)],
    target: Annotated[
        str | None, Query(min_length=1, max_length=300, description="What the entries concern")
    ] = None,
    first_day: Annotated[ApiDate | None, Query(alias="from", description="First day (UTC), inclusive")] = (
        None
    ),
    last_day: Annotated[ApiDate | None, Query(alias="to", description="Last day (UTC), inclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    next_token: Annotated[str | None, Query(max_length=4096)] = None,
) -> AuditPage:
    if first_day and last_day and first_day > last_day:
        raise InvalidPeriod("'from' is after 'to'")
    if target is not None:
        kind, identifier = parse_audit_target(target)
        if kind is TargetKind.RECORDING:
            history = deps.registry.recording_history(identifier)
            entries, token = trail_page(
                recording_trail(identifier, history, deps.audit.every_entry_for),
                target,
                first_day=first_day,
                last_day=last_day,
                limit=limit,
                token=next_token,
            )
        else:
            entries, token = deps.audit.entries_for(
                target, first_day=first_day, last_day=last_day, limit=limit, token=next_token
            )
    else:
        last_day = last_day or deps.clock().astimezone(UTC).date()
        first_day = first_day or last_day - timedelta(days=DEFAULT_DAYS - 1)
        if (last_day - first_day).days >= MAX_DAYS:
            raise InvalidPeriod(f"read at most {MAX_DAYS} days at once, or name a target")
        entries, token = deps.audit.entries_between(first_day, last_day, limit=limit, token=next_token)
    return AuditPage(entries=[AuditEntryView(**vars(entry)) for entry in entries], next_token=token)
