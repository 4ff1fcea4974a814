"""`dpo recordings`, `dpo audit`, `dpo stats`: one recording (its purpose, source, retention, holds
and history), corrected or destroyed where it should never have been kept; a person's recordings found
by caller number or customer reference; the recordings that need the DPO; the audit trail by target or
by period; the published monthly statistics.

An audit target is `<kind>#<id>` (`recording#C-1`, `hold#H-...`); `dpo audit recording C-1` says it
without the `#`, and the `#` is always sent encoded (%23): typed raw in a URL it is never sent, and
the API answered as if no target had been given."""

from typing import Annotated

import typer

from call_recordings.core.audit_vocabulary import TargetKind
from call_recordings.core.vocabulary import Purpose, Source
from call_recordings.deletion.vocabulary import DestructionReason
from dpo_cli.api import Answer, Operation
from dpo_cli.commands import AsCsv, api, body, command, subject, top_level
from dpo_cli.options import Caller, Limit, NextToken, Note, RecordedFrom, RecordedTo

SHOW = Operation("GET", "/recordings/{call_id}")
SEARCH = Operation("POST", "/recordings/search")
NEEDING_DPO = Operation("GET", "/recordings")
AUDIT = Operation("GET", "/audit")
PURPOSE = Operation("POST", "/recordings/{call_id}/purpose")
SOURCE = Operation("POST", "/recordings/{call_id}/source")
DESTROY = Operation("POST", "/recordings/{call_id}/destroy")
STATISTICS = Operation("GET", "/statistics")

recordings = typer.Typer(
    name="recordings",
    help="Recordings: find a person's, list those that need you; one: show, audit, correct, destroy",
    no_args_is_help=True,
)
CallId = Annotated[str, typer.Argument(help="The telephony system's call id")]
VersionId = Annotated[
    str | None, typer.Option("--version-id", help="One version only (default every live one)")
]
Reason = Annotated[str, typer.Option(help="Why it is corrected")]
From = Annotated[str | None, typer.Option("--from", metavar="YYYY-MM-DD", help="First day (UTC)")]
To = Annotated[str | None, typer.Option("--to", metavar="YYYY-MM-DD", help="Last day (UTC)")]


def target(kind: str, identifier: str) -> str:
    return f"{kind}#{identifier}"


@command(recordings, "show", SHOW)
def show_recording(call_id: CallId) -> Answer:
    """A recording's versions: purpose, source, retention, due date, holds, restrictions."""
    return api().call(SHOW, {"call_id": call_id})


@command(recordings, "search", SEARCH)
def search(
    caller: Caller = None,
    customer_ref: Annotated[
        str | None, typer.Option("--customer", "--customer-ref", help="The council's customer reference")
    ] = None,
    recorded_from: RecordedFrom = None,
    recorded_to: RecordedTo = None,
    limit: Limit = None,
    next_token: NextToken = None,
) -> Answer:
    """A person's recordings by --caller or --customer (one of them), newest first. The identifier goes
    in the request's body, never in a URL; the search is audited (without it) under search#<date>."""
    if (caller is None) == (customer_ref is None):
        raise typer.BadParameter("give one of --caller or --customer")
    person = subject(caller, customer_ref, recorded_from, recorded_to) or {}
    return api().call(SEARCH, body=person | body(limit=limit, next_token=next_token))


@command(recordings, "flagged", NEEDING_DPO)
def flagged(limit: Limit = None, next_token: NextToken = None) -> Answer:
    """The recordings that need you: quarantined or flagged, not yet cleared, newest first, with why."""
    return api().call(NEEDING_DPO, query={"needs": "dpo", "limit": limit, "next_token": next_token})


@command(recordings, "audit", AUDIT)
def recording_audit(call_id: CallId, limit: Limit = None, next_token: NextToken = None) -> Answer:
    """A recording's history, oldest first (the audit target recording#CALL_ID)."""
    query = {"target": target(TargetKind.RECORDING, call_id), "limit": limit, "next_token": next_token}
    return api().call(AUDIT, query=query)


@command(recordings, "purpose", PURPOSE)
def repurpose(
    call_id: CallId,
    purpose: Annotated[Purpose, typer.Option(help="One of the privacy notice's four purposes")],
    reason: Reason,
    version_id: VersionId = None,
) -> Answer:
    """Correct why the council keeps the recording (its retention follows)."""
    return api().call(
        PURPOSE, {"call_id": call_id}, body=body(purpose=purpose, reason=reason, version_id=version_id)
    )


@command(recordings, "source", SOURCE)
def correct_source(
    call_id: CallId,
    source: Annotated[Source, typer.Option(help="One of the privacy notice's four sources")],
    reason: Reason,
    version_id: VersionId = None,
) -> Answer:
    """Correct where the information in the recording came from."""
    return api().call(
        SOURCE, {"call_id": call_id}, body=body(source=source, reason=reason, version_id=version_id)
    )


@command(recordings, "destroy", DESTROY)
def destroy(
    call_id: CallId,
    reason: Annotated[DestructionReason, typer.Option(help="Why it should never have been kept")],
    note: Note = None,
) -> Answer:
    """Destroy a recording captured against policy (card details, an officer's call leg)."""
    return api().call(DESTROY, {"call_id": call_id}, body=body(reason=reason, note=note))


@command(top_level, "audit", AUDIT)
def audit(
    kind: Annotated[
        TargetKind | None, typer.Argument(help="What the entries concern, e.g. recording")
    ] = None,
    identifier: Annotated[str | None, typer.Argument(help="Its id, e.g. C-1")] = None,
    target_option: Annotated[
        str | None, typer.Option("--target", help="The whole target, e.g. 'hold#H-...'")
    ] = None,
    first_day: From = None,
    last_day: To = None,
    limit: Limit = None,
    next_token: NextToken = None,
) -> Answer:
    """The audit trail: `dpo audit recording C-1`, `dpo audit --target hold#H-...`, or by --from/--to."""
    if (kind is None) != (identifier is None):
        raise typer.BadParameter("give both the kind and the id, e.g. `dpo audit recording C-1`")
    if kind is not None and target_option is not None:
        raise typer.BadParameter("give the target once: as KIND ID, or as --target")
    chosen = target(kind, identifier) if kind is not None else target_option
    query = {"target": chosen, "from": first_day, "to": last_day, "limit": limit, "next_token": next_token}
    return api().call(AUDIT, query=query)


@command(top_level, "stats", STATISTICS)
def statistics(
    first_month: Annotated[str | None, typer.Option("--from", metavar="YYYY-MM", help="First month")] = None,
    last_month: Annotated[str | None, typer.Option("--to", metavar="YYYY-MM", help="Last month")] = None,
    *,
    as_csv_text: AsCsv = False,
) -> Answer:
    """The published monthly statistics: recordings by purpose and source (small counts suppressed).
    --csv is the API's own CSV: one line per figure."""
    accept = "text/csv" if as_csv_text else "application/json"
    return api().call(STATISTICS, query={"from": first_month, "to": last_month}, accept=accept)
