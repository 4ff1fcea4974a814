"""`dpo requests`, `dpo restrictions`, `dpo erasures`: the other rights a person has over their
recordings, erasure (Art 17), restriction (Art 18), objection (Art 21) and rectification (Art 16),
each a request on the statutory clock, decided by the DPO and carried out: a restriction placed and
later lifted (told to the person, Art 18(3)), an erasure run over the matched recordings."""

from enum import StrEnum
from typing import Annotated

import typer

from call_recordings.restrictions.vocabulary import RestrictionGround
from call_recordings.rights.clock import PauseReason
from call_recordings.rights.records import Decision, RefusalGround, RightsKind, RightsRequestStatus
from dpo_cli.api import Answer, Operation
from dpo_cli.commands import api, body, command, subject
from dpo_cli.jobs import finished_work
from dpo_cli.options import (
    Caller,
    CallIds,
    CustomerRef,
    IdentityVerifiedOn,
    Limit,
    NextToken,
    Note,
    On,
    Overdue,
    ReceivedOn,
    RecordedFrom,
    RecordedTo,
)

OPEN = Operation("POST", "/requests")
LIST = Operation("GET", "/requests")
SHOW = Operation("GET", "/requests/{request_id}")
PAUSE = Operation("POST", "/requests/{request_id}/pause")
RESUME = Operation("POST", "/requests/{request_id}/resume")
EXTEND = Operation("POST", "/requests/{request_id}/extend")
DECIDE = Operation("POST", "/requests/{request_id}/decide")
ERASE = Operation("POST", "/requests/{request_id}/erase")
CLOSE = Operation("POST", "/requests/{request_id}/close")
RESTRICT = Operation("POST", "/restrictions")
RESTRICTIONS = Operation("GET", "/restrictions")
RESTRICTION = Operation("GET", "/restrictions/{restriction_id}")
LIFT = Operation("POST", "/restrictions/{restriction_id}/lift")
START_ERASURE = Operation("POST", "/erasures")
ERASURE = Operation("GET", "/erasures/{erasure_id}")

requests = typer.Typer(
    name="requests", help="Erasure, restriction, objection, rectification requests", no_args_is_help=True
)
restrictions = typer.Typer(
    name="restrictions", help="Restrictions of processing (Art 18)", no_args_is_help=True
)
erasures = typer.Typer(name="erasures", help="Erasures (Art 17) carried out", no_args_is_help=True)
RequestId = Annotated[str, typer.Argument(help="Q-...")]
RequestOption = Annotated[str, typer.Option("--request", help="The request it carries out (Q-...)")]
# An erasure is decided by `dpo requests erase`; the others by `dpo requests decide`.
DecisionChoice = StrEnum("DecisionChoice", {d.name: d.value for d in Decision if d is not Decision.ERASE})


@command(requests, "open", OPEN)
def open_request(
    kind: Annotated[RightsKind, typer.Option(help="What the person asks for")],
    received_on: ReceivedOn,
    caller: Caller = None,
    customer_ref: CustomerRef = None,
    recorded_from: RecordedFrom = None,
    recorded_to: RecordedTo = None,
    call_ids: CallIds = None,
    disputed: Annotated[str | None, typer.Option(help="Rectification: what the person says is wrong")] = None,
    objection: Annotated[str | None, typer.Option(help="Objection: what they object to, and why")] = None,
    identity_verified_on: IdentityVerifiedOn = None,
    note: Note = None,
) -> Answer:
    """Open a rights request for a person's recordings or named calls."""
    return api().call(
        OPEN,
        body=body(
            kind=kind,
            received_on=received_on,
            subject=subject(caller, customer_ref, recorded_from, recorded_to),
            call_ids=call_ids,
            disputed=disputed,
            objection=objection,
            identity_verified_on=identity_verified_on,
            note=note,
        ),
    )


@command(requests, "list", LIST)
def list_requests(
    kind: Annotated[RightsKind | None, typer.Option(help="Only requests of this kind")] = None,
    status: Annotated[RightsRequestStatus | None, typer.Option(help="Only requests in this status")] = None,
    overdue: Overdue = None,
    limit: Limit = None,
    next_token: NextToken = None,
) -> Answer:
    """Rights requests with their due dates."""
    query = {"kind": kind, "status": status, "overdue": overdue, "limit": limit, "next_token": next_token}
    return api().call(LIST, query=query)


@command(requests, "show", SHOW)
def show_request(request_id: RequestId) -> Answer:
    """A rights request: its clock, decision and what was carried out."""
    return api().call(SHOW, {"request_id": request_id})


@command(requests, "pause", PAUSE)
def pause_request(
    request_id: RequestId,
    reason: Annotated[PauseReason, typer.Option(help="identity or clarification")],
    on: On = None,
    note: Note = None,
) -> Answer:
    """Pause the clock while the requester is asked (Art 12A)."""
    return api().call(PAUSE, {"request_id": request_id}, body=body(reason=reason, on=on, note=note))


@command(requests, "resume", RESUME)
def resume_request(request_id: RequestId, on: On = None) -> Answer:
    """Resume the clock: the requester's answer arrived."""
    return api().call(RESUME, {"request_id": request_id}, body=body(on=on))


@command(requests, "extend", EXTEND)
def extend_request(
    request_id: RequestId,
    reason: Annotated[str, typer.Option(help="Why the request is complex")],
    told_on: Annotated[str | None, typer.Option("--told-on", help="The day the requester was told")] = None,
) -> Answer:
    """Extend the deadline by two months (Art 12(3))."""
    return api().call(EXTEND, {"request_id": request_id}, body=body(reason=reason, requester_told_on=told_on))


@command(requests, "decide", DECIDE)
def decide_request(
    request_id: RequestId,
    decision: Annotated[DecisionChoice, typer.Option(help="restrict, rectify or refuse")],
    grounds: Annotated[RestrictionGround | None, typer.Option(help="restrict: which of Art 18(1)")] = None,
    refusal_ground: Annotated[RefusalGround | None, typer.Option(help="refuse: the ground")] = None,
    statement: Annotated[str | None, typer.Option(help="rectify: the supplementary statement")] = None,
    note: Annotated[str | None, typer.Option(help="The reasons (required to refuse)")] = None,
) -> Answer:
    """Decide an erasure's refusal, a restriction, an objection or a rectification."""
    return api().call(
        DECIDE,
        {"request_id": request_id},
        body=body(
            decision=decision,
            restriction_grounds=grounds,
            refusal_ground=refusal_ground,
            statement=statement,
            note=note,
        ),
    )


@command(requests, "erase", ERASE)
def erase_request(request_id: RequestId, note: Note = None) -> Answer:
    """Decide to erase and erase the request's recordings (a large erasure runs as a job)."""
    client = api()
    return finished_work(client, client.call(ERASE, {"request_id": request_id}, body=body(note=note)))


@command(requests, "close", CLOSE)
def close_request(request_id: RequestId, note: Note = None) -> Answer:
    """Close the request once the person has been told."""
    return api().call(CLOSE, {"request_id": request_id}, body=body(note=note))


@command(restrictions, "place", RESTRICT)
def restrict(
    request: RequestOption,
    grounds: Annotated[RestrictionGround, typer.Option(help="Which of Art 18(1)(a)-(d) applies")],
    note: Note = None,
) -> Answer:
    """Restrict the recordings of a restriction or objection request: kept, out of routine use."""
    return api().call(RESTRICT, body=body(request_id=request, grounds=grounds, note=note))


@command(restrictions, "list", RESTRICTIONS)
def list_restrictions(limit: Limit = None, next_token: NextToken = None) -> Answer:
    """Restrictions, active and lifted."""
    return api().call(RESTRICTIONS, query={"limit": limit, "next_token": next_token})


@command(restrictions, "show", RESTRICTION)
def show_restriction(restriction_id: Annotated[str, typer.Argument(help="R-...")]) -> Answer:
    """A restriction and the recordings it covers."""
    return api().call(RESTRICTION, {"restriction_id": restriction_id})


@command(restrictions, "lift", LIFT)
def lift(
    restriction_id: Annotated[str, typer.Argument(help="R-...")],
    told_on: Annotated[str, typer.Option("--told-on", help="The day the person was told (Art 18(3))")],
    note: Note = None,
) -> Answer:
    """Lift a restriction: its recordings return to their retention."""
    return api().call(LIFT, {"restriction_id": restriction_id}, body=body(subject_told_on=told_on, note=note))


@command(erasures, "start", START_ERASURE)
def start_erasure(request: RequestOption, note: Note = None) -> Answer:
    """Erase the recordings of an erasure or objection request (a large one runs as a job)."""
    client = api()
    return finished_work(client, client.call(START_ERASURE, body=body(request_id=request, note=note)))


@command(erasures, "show", ERASURE)
def show_erasure(erasure_id: Annotated[str, typer.Argument(help="E-...")]) -> Answer:
    """An erasure: what was erased, refused (held, restricted) or failed."""
    return api().call(ERASURE, {"erasure_id": erasure_id})
