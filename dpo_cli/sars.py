"""`dpo sars`: subject access requests (UK GDPR Art 15), from opening to the package sent: open
(the person's recordings are found and preserved), pause and resume the clock while identity or
clarification is awaited (Art 12A), extend it (Art 12(3)), decide recording by recording what is
disclosed, export the package (and download it), close."""

from pathlib import Path
from typing import Annotated

import typer

from call_recordings.rights.clock import PauseReason
from call_recordings.subject_access.decisions import Exemption
from call_recordings.subject_access.records import SarStatus
from dpo_cli.api import Answer, Operation
from dpo_cli.commands import api, body, command, subject
from dpo_cli.jobs import finished_work, zipped_package
from dpo_cli.options import (
    Caller,
    CustomerRef,
    Download,
    IdentityVerifiedOn,
    Limit,
    LinkDays,
    NextToken,
    Note,
    On,
    Overdue,
    ReceivedOn,
    RecordedFrom,
    RecordedTo,
)
from dpo_cli.packages import fetch_package

OPEN = Operation("POST", "/sars")
LIST = Operation("GET", "/sars")
SHOW = Operation("GET", "/sars/{sar_id}")
PAUSE = Operation("POST", "/sars/{sar_id}/pause")
RESUME = Operation("POST", "/sars/{sar_id}/resume")
EXTEND = Operation("POST", "/sars/{sar_id}/extend")
DECIDE = Operation("POST", "/sars/{sar_id}/decisions")
DECISIONS = Operation("GET", "/sars/{sar_id}/decisions")
EXPORT = Operation("POST", "/sars/{sar_id}/export")
CLOSE = Operation("POST", "/sars/{sar_id}/close")

sars = typer.Typer(name="sars", help="Subject access requests (Art 15), open to close", no_args_is_help=True)
SarId = Annotated[str, typer.Argument(help="S-...")]


@command(sars, "open", OPEN)
def open_sar(
    received_on: ReceivedOn,
    caller: Caller = None,
    customer_ref: CustomerRef = None,
    recorded_from: RecordedFrom = None,
    recorded_to: RecordedTo = None,
    identity_verified_on: IdentityVerifiedOn = None,
    note: Note = None,
) -> Answer:
    """Open a SAR for a person (--caller and/or --customer-ref): finds and preserves their recordings."""
    return api().call(
        OPEN,
        body=body(
            subject=subject(caller, customer_ref, recorded_from, recorded_to),
            received_on=received_on,
            identity_verified_on=identity_verified_on,
            note=note,
        ),
    )


@command(sars, "list", LIST)
def list_sars(
    status: Annotated[SarStatus | None, typer.Option(help="Only SARs in this status")] = None,
    overdue: Overdue = None,
    limit: Limit = None,
    next_token: NextToken = None,
) -> Answer:
    """SARs with their due dates and working days left."""
    return api().call(
        LIST, query={"status": status, "overdue": overdue, "limit": limit, "next_token": next_token}
    )


@command(sars, "show", SHOW)
def show_sar(sar_id: SarId, limit: Limit = None, next_token: NextToken = None) -> Answer:
    """A SAR: its clock and the recordings it matched."""
    return api().call(SHOW, {"sar_id": sar_id}, query={"limit": limit, "next_token": next_token})


@command(sars, "pause", PAUSE)
def pause(
    sar_id: SarId,
    reason: Annotated[
        PauseReason, typer.Option(help="identity: proof asked for; clarification: what is asked")
    ],
    on: On = None,
    note: Note = None,
) -> Answer:
    """Pause the clock while the requester is asked for identity or clarification (Art 12A)."""
    return api().call(PAUSE, {"sar_id": sar_id}, body=body(reason=reason, on=on, note=note))


@command(sars, "resume", RESUME)
def resume(sar_id: SarId, on: On = None) -> Answer:
    """Resume the clock: the requester's answer arrived (--on: the day it arrived)."""
    return api().call(RESUME, {"sar_id": sar_id}, body=body(on=on))


@command(sars, "extend", EXTEND)
def extend(
    sar_id: SarId,
    reason: Annotated[str, typer.Option(help="Why the request is complex")],
    told_on: Annotated[
        str | None, typer.Option("--told-on", metavar="YYYY-MM-DD", help="The day the requester was told")
    ] = None,
) -> Answer:
    """Extend the deadline by two months for a complex request (Art 12(3))."""
    return api().call(EXTEND, {"sar_id": sar_id}, body=body(reason=reason, requester_told_on=told_on))


def _decision(call: str, decision: str, exemption: str | None = None) -> dict[str, str]:
    """`C-1` or `C-1@<version id>` as one decision."""
    call_id, _, version_id = call.partition("@")
    return body(call_id=call_id, decision=decision, exemption=exemption, version_id=version_id or None)


@command(sars, "decide", DECIDE, DECISIONS)
def decide(
    sar_id: SarId,
    disclose: Annotated[
        list[str] | None,
        typer.Option("--disclose", metavar="CALL_ID", help="Disclose it (repeat for several)"),
    ] = None,
    withhold: Annotated[
        list[str] | None,
        typer.Option(
            "--withhold",
            metavar="CALL_ID=EXEMPTION",
            help=f"Withhold it under an exemption: {', '.join(Exemption)}",
        ),
    ] = None,
    disclose_rest: Annotated[
        bool, typer.Option("--disclose-rest", help="Disclose every recording still undecided")
    ] = False,
) -> Answer:
    """Decide what is disclosed, recording by recording (CALL_ID, or CALL_ID@VERSION for one version)."""
    decisions = [_decision(call, "disclose") for call in disclose or ()]
    for given in withhold or ():
        call, _, exemption = given.partition("=")
        if exemption not in set(Exemption):
            raise typer.BadParameter(
                f"{given!r}: give CALL_ID=EXEMPTION, the exemption one of {', '.join(Exemption)}",
                param_hint="--withhold",
            )
        decisions.append(_decision(call, "withhold", exemption))
    client = api()
    if disclose_rest:
        named = {(d["call_id"], d.get("version_id")) for d in decisions}
        undecided = client.call(DECISIONS, {"sar_id": sar_id}).json()["undecided"]
        decisions += [
            _decision(f"{version['call_id']}@{version['version_id']}", "disclose")
            for version in undecided
            if (version["call_id"], None) not in named
            and (version["call_id"], version["version_id"]) not in named
        ]
    if not decisions:
        raise typer.BadParameter("nothing to decide: give --disclose, --withhold or --disclose-rest")
    return client.call(DECIDE, {"sar_id": sar_id}, body={"decisions": decisions})


@command(sars, "decisions", DECISIONS)
def decisions(sar_id: SarId) -> Answer:
    """Every decision (who, when) and the recordings still undecided."""
    return api().call(DECISIONS, {"sar_id": sar_id})


@command(sars, "export", EXPORT)
def export(sar_id: SarId, link_days: LinkDays = None, download: Download = None) -> Answer:
    """Make the disclosure package; with --download, wait for its zip, then fetch the zip and manifests
    into a folder."""
    client = api()
    answer = finished_work(client, client.call(EXPORT, {"sar_id": sar_id}, body=body(link_days=link_days)))
    if download:
        answer = zipped_package(client, answer)
        fetch_package(answer.json(), Path(download))
    return answer


@command(sars, "close", CLOSE)
def close(sar_id: SarId, note: Note = None) -> Answer:
    """Close the SAR once answered: its preservation hold is released."""
    return api().call(CLOSE, {"sar_id": sar_id}, body=body(note=note))
