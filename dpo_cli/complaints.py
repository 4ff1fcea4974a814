"""`dpo complaints`: complaints to the DPO about how the council handled a person's data (DPA 2018
s.164A): logged, acknowledged within 30 days, kept informed of progress, answered (telling the
person of their right to go to the ICO) or withdrawn."""

from typing import Annotated

import typer

from call_recordings.complaints.records import ComplaintOutcome, ComplaintStatus, ComplaintTopic
from dpo_cli.api import Answer, Operation
from dpo_cli.commands import api, body, command
from dpo_cli.options import Caller, CustomerRef, Limit, NextToken, Note, On, ReceivedOn

LOG = Operation("POST", "/complaints")
LIST = Operation("GET", "/complaints")
SHOW = Operation("GET", "/complaints/{complaint_id}")
ACKNOWLEDGE = Operation("POST", "/complaints/{complaint_id}/acknowledge")
UPDATE = Operation("POST", "/complaints/{complaint_id}/update")
ANSWER = Operation("POST", "/complaints/{complaint_id}/answer")
WITHDRAW = Operation("POST", "/complaints/{complaint_id}/withdraw")

complaints = typer.Typer(
    name="complaints", help="Complaints to the DPO (DPA 2018 s.164A)", no_args_is_help=True
)
ComplaintId = Annotated[str, typer.Argument(help="CP-...")]


@command(complaints, "log", LOG)
def log_complaint(
    received_on: ReceivedOn,
    topic: Annotated[ComplaintTopic, typer.Option(help="What it is about")],
    summary: Annotated[str, typer.Option(help="What the complaint says (kept sealed)")],
    reference: Annotated[str | None, typer.Option(help="The SAR, request or call id it is about")] = None,
    caller: Caller = None,
    customer_ref: CustomerRef = None,
) -> Answer:
    """Log a complaint: its acknowledgement is due within 30 days."""
    complainant = body(caller_number=caller, customer_ref=customer_ref) or None
    return api().call(
        LOG,
        body=body(
            received_on=received_on,
            about=body(topic=topic, reference=reference),
            summary=summary,
            complainant=complainant,
        ),
    )


@command(complaints, "list", LIST)
def list_complaints(
    status: Annotated[ComplaintStatus | None, typer.Option(help="Only complaints in this status")] = None,
    acknowledgement_overdue: Annotated[
        bool | None, typer.Option("--acknowledgement-overdue/--acknowledgement-not-overdue")
    ] = None,
    limit: Limit = None,
    next_token: NextToken = None,
) -> Answer:
    """Complaints with their acknowledgement dates."""
    query = {
        "status": status,
        "acknowledgement_overdue": acknowledgement_overdue,
        "limit": limit,
        "next_token": next_token,
    }
    return api().call(LIST, query=query)


@command(complaints, "show", SHOW)
def show_complaint(complaint_id: ComplaintId) -> Answer:
    """A complaint and each step taken."""
    return api().call(SHOW, {"complaint_id": complaint_id})


@command(complaints, "acknowledge", ACKNOWLEDGE)
def acknowledge(complaint_id: ComplaintId, on: On = None) -> Answer:
    """Record that the complaint was acknowledged."""
    return api().call(ACKNOWLEDGE, {"complaint_id": complaint_id}, body=body(on=on))


@command(complaints, "update", UPDATE)
def update(
    complaint_id: ComplaintId,
    note: Annotated[str, typer.Option(help="What the complainant was told of progress")],
    on: On = None,
) -> Answer:
    """Record what the complainant was told of progress."""
    return api().call(UPDATE, {"complaint_id": complaint_id}, body=body(note=note, on=on))


@command(complaints, "answer", ANSWER)
def answer(
    complaint_id: ComplaintId,
    outcome: Annotated[ComplaintOutcome, typer.Option(help="The outcome")],
    told_of_ico_right: Annotated[
        bool, typer.Option("--told-of-ico-right/--not-told-of-ico-right", help="Whether the answer said so")
    ],
    note: Note = None,
    on: On = None,
) -> Answer:
    """Record the answer to the complaint."""
    return api().call(
        ANSWER,
        {"complaint_id": complaint_id},
        body=body(outcome=outcome, told_of_ico_right=told_of_ico_right, note=note, on=on),
    )


@command(complaints, "withdraw", WITHDRAW)
def withdraw(complaint_id: ComplaintId, note: Note = None, on: On = None) -> Answer:
    """Record that the complainant withdrew the complaint."""
    return api().call(WITHDRAW, {"complaint_id": complaint_id}, body=body(note=note, on=on))
