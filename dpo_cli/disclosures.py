"""`dpo disclosures`: the register of recordings disclosed outside the council (a police force, a
court): recorded with its lawful basis and approver, the recordings preserved while it is open,
the recipient's package exported (and downloaded), closed."""

from pathlib import Path
from typing import Annotated

import typer

from call_recordings.outside_disclosures.vocabulary import LawfulBasis
from dpo_cli.api import Answer, Operation
from dpo_cli.commands import api, body, command, subject
from dpo_cli.jobs import finished_work
from dpo_cli.options import (
    Caller,
    CallIds,
    CustomerRef,
    Download,
    Limit,
    LinkDays,
    NextToken,
    Note,
    RecordedFrom,
    RecordedTo,
)
from dpo_cli.packages import fetch_package

RECORD = Operation("POST", "/disclosures")
LIST = Operation("GET", "/disclosures")
SHOW = Operation("GET", "/disclosures/{disclosure_id}")
EXPORT = Operation("POST", "/disclosures/{disclosure_id}/export")
CLOSE = Operation("POST", "/disclosures/{disclosure_id}/close")

disclosures = typer.Typer(
    name="disclosures", help="Disclosures outside the council (the register)", no_args_is_help=True
)
DisclosureId = Annotated[str, typer.Argument(help="OD-...")]


@command(disclosures, "record", RECORD)
def record(
    recipient: Annotated[str, typer.Option(help="The organisation, e.g. a police force")],
    basis: Annotated[LawfulBasis, typer.Option("--basis", help="The lawful basis")],
    reference: Annotated[str, typer.Option(help="The recipient's reference for its request")],
    approved_by: Annotated[str, typer.Option(help="Who approved it: a name or a role")],
    caller: Caller = None,
    customer_ref: CustomerRef = None,
    recorded_from: RecordedFrom = None,
    recorded_to: RecordedTo = None,
    call_ids: CallIds = None,
    note: Note = None,
) -> Answer:
    """Record a disclosure of a person's recordings or of named calls."""
    return api().call(
        RECORD,
        body=body(
            recipient=recipient,
            lawful_basis=basis,
            request_reference=reference,
            approved_by=approved_by,
            subject=subject(caller, customer_ref, recorded_from, recorded_to),
            call_ids=call_ids,
            note=note,
        ),
    )


@command(disclosures, "list", LIST)
def list_disclosures(limit: Limit = None, next_token: NextToken = None) -> Answer:
    """The register, newest first."""
    return api().call(LIST, query={"limit": limit, "next_token": next_token})


@command(disclosures, "show", SHOW)
def show_disclosure(disclosure_id: DisclosureId) -> Answer:
    """A disclosure and the recordings it covers."""
    return api().call(SHOW, {"disclosure_id": disclosure_id})


@command(disclosures, "export", EXPORT)
def export(disclosure_id: DisclosureId, link_days: LinkDays = None, download: Download = None) -> Answer:
    """Make the recipient's package; with --download, fetch its files into a folder."""
    client = api()
    answer = finished_work(
        client, client.call(EXPORT, {"disclosure_id": disclosure_id}, body=body(link_days=link_days))
    )
    if download:
        fetch_package(answer.json(), Path(download))
    return answer


@command(disclosures, "close", CLOSE)
def close(disclosure_id: DisclosureId, note: Note = None) -> Answer:
    """Close the disclosure: its hold is released."""
    return api().call(CLOSE, {"disclosure_id": disclosure_id}, body=body(note=note))
