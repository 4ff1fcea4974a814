"""`dpo holds`: legal holds keep recordings past their retention while a claim, threat or complaint
needs them; placed by call ids or by a person (their phone number or customer reference), released
when the reason is over, reviewed at least every 12 months."""

from enum import StrEnum
from typing import Annotated

import typer

from call_recordings.holds.review import ReviewDecision
from call_recordings.holds.vocabulary import RESERVED_REASONS, HoldReason, HoldStatus
from dpo_cli.api import Answer, Operation
from dpo_cli.commands import api, body, command, subject
from dpo_cli.jobs import hold_finished
from dpo_cli.options import (
    Caller,
    CallIds,
    CustomerRef,
    Limit,
    NextToken,
    Note,
    RecordedFrom,
    RecordedTo,
    Wait,
)

PLACE = Operation("POST", "/holds")
LIST = Operation("GET", "/holds")
SHOW = Operation("GET", "/holds/{hold_id}")
RELEASE = Operation("POST", "/holds/{hold_id}/release")
REVIEW = Operation("POST", "/holds/{hold_id}/review")

holds = typer.Typer(
    name="holds", help="Legal holds: place, list, show, release, review", no_args_is_help=True
)
HoldId = Annotated[str, typer.Argument(help="H-...")]
# The reasons the DPO gives a hold; SARs, restrictions and disclosures place their own.
PlacedReason = StrEnum(
    "PlacedReason", {reason.name: reason.value for reason in HoldReason if reason not in RESERVED_REASONS}
)


@command(holds, "place", PLACE)
def place(
    reason: Annotated[PlacedReason, typer.Option(help="Why the recordings are kept")],
    case: Annotated[str, typer.Option("--case", help="The council's case or claim reference")],
    caller: Caller = None,
    customer_ref: CustomerRef = None,
    recorded_from: RecordedFrom = None,
    recorded_to: RecordedTo = None,
    call_ids: CallIds = None,
    review_on: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Next review")] = None,
    note: Note = None,
    wait: Wait = False,
) -> Answer:
    """Place a hold on a person's recordings (--caller, --customer-ref) or on named calls (--call-id)."""
    client = api()
    answer = client.call(
        PLACE,
        body=body(
            reason=reason,
            case_reference=case,
            subject=subject(caller, customer_ref, recorded_from, recorded_to),
            call_ids=call_ids,
            review_on=review_on,
            note=note,
        ),
    )
    return hold_finished(client, answer) if wait else answer


@command(holds, "list", LIST)
def list_holds(
    status: Annotated[HoldStatus | None, typer.Option(help="Only holds in this status")] = None,
    review_overdue: Annotated[
        bool | None, typer.Option("--review-overdue/--review-not-overdue", help="Past their review date")
    ] = None,
    limit: Limit = None,
    next_token: NextToken = None,
) -> Answer:
    """Holds, newest first."""
    query = {"status": status, "review_overdue": review_overdue, "limit": limit, "next_token": next_token}
    return api().call(LIST, query=query)


@command(holds, "show", SHOW)
def show_hold(hold_id: HoldId, limit: Limit = None, next_token: NextToken = None) -> Answer:
    """A hold: its reason, its progress and the recordings it keeps."""
    return api().call(SHOW, {"hold_id": hold_id}, query={"limit": limit, "next_token": next_token})


@command(holds, "release", RELEASE)
def release(hold_id: HoldId, note: Note = None, wait: Wait = False) -> Answer:
    """Release a hold: its recordings return to their retention unless another hold keeps them."""
    client = api()
    answer = client.call(RELEASE, {"hold_id": hold_id}, body=body(note=note))
    return hold_finished(client, answer) if wait else answer


@command(holds, "review", REVIEW)
def review(
    hold_id: HoldId,
    decision: Annotated[ReviewDecision, typer.Option(help="keep: the reason stands; release: it is over")],
    note: Annotated[str, typer.Option(help="Why: kept sealed with the hold")],
    review_on: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="keep: the next review")] = None,
    wait: Wait = False,
) -> Answer:
    """Review a hold: keep it (with the next review date) or release it."""
    client = api()
    answer = client.call(
        REVIEW, {"hold_id": hold_id}, body=body(decision=decision, note=note, review_on=review_on)
    )
    return hold_finished(client, answer) if wait else answer
