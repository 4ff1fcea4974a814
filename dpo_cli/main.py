"""`dpo`: the DPO's command line over the DPO API, one command per operation, grouped by what it
concerns (holds, SARs, rights requests, restrictions, erasures, complaints, outside disclosures,
recordings, jobs) with the audit trail and the statistics at the top. docs/dpo-cli.md is its guide."""

import typer

from dpo_cli.commands import connection_options, top_level
from dpo_cli.complaints import complaints
from dpo_cli.disclosures import disclosures
from dpo_cli.holds import holds
from dpo_cli.jobs import jobs
from dpo_cli.recordings import recordings
from dpo_cli.rights import erasures, requests, restrictions
from dpo_cli.sars import sars

app = typer.Typer(
    name="dpo",
    help="Answer a person's data protection rights over the council's call recordings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # a bug's traceback must never print the credentials
)
app.callback()(connection_options)
for group in (holds, sars, requests, restrictions, erasures, complaints, disclosures, recordings, jobs):
    app.add_typer(group)
app.add_typer(top_level)
