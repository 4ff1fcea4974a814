"""How a `dpo` command is made: a function that calls the API and returns its answer, registered with
the operations it calls, so that its help names them and `--json`/`--csv` and the errors are
handled once here rather than in each command.

`command(group, "place", PLACE_HOLD)` registers the function as `dpo holds place`; its help ends
with "API: POST /holds" (tests/unit/test_dpo_cli_commands.py checks that the commands' help names
every operation of docs/openapi.json). The function gets the API from `api()` and returns the
`Answer`; the wrapper prints it as tables, as the API's JSON (`--json`) or as CSV (`--csv`), and turns
the API's refusal or a missing credential into a plain message and a non-zero exit code.
"""

import functools
import inspect
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from dpo_cli.api import DEFAULT_REGION, Answer, Api, ApiError, Operation, SetupError, connect
from dpo_cli.output import as_csv, notes, show

# Exit codes: the API refused or failed the request; dpo could not call it (address, credentials).
API_REFUSED = 1
CANNOT_CALL = 2

# Every command and the operations it calls: (group, name) -> operations.
OPERATIONS: dict[tuple[str, str], tuple[Operation, ...]] = {}


@dataclass
class Connection:
    """The root options, connected on the first call so that `--help` needs no credentials."""

    api_url: str | None
    profile: str | None
    region: str
    _api: Api | None = None

    def api(self) -> Api:
        if self._api is None:
            self._api = connect(self.api_url, profile=self.profile, region=self.region)
        return self._api


# Set by the root options at the start of each invocation of `dpo`.
_connection = Connection(None, None, DEFAULT_REGION)


def api() -> Api:
    """The API the current command calls."""
    return _connection.api()


def connection_options(
    api_url: Annotated[
        str | None,
        typer.Option(
            envvar="DPO_API_URL",
            help="The DPO API (stack output DpoApiUrl); default: the local stack of `make serve`",
        ),
    ] = None,
    profile: Annotated[
        str | None, typer.Option(envvar="AWS_PROFILE", help="The AWS profile that signs (assumes DpoRole)")
    ] = None,
    region: Annotated[str, typer.Option(help="The API's region")] = DEFAULT_REGION,
) -> None:
    """Answer a person's data protection rights over the council's call recordings."""
    global _connection
    _connection = Connection(api_url, profile, region)


def report(error: ApiError) -> None:
    """The API's refusal, plainly: status, code, message and any detail (the field at fault is in it)."""
    code = f" {error.code}" if error.code else ""
    notes.print(f"[bold red]Error {error.status}{code}[/]: {error.message}", markup=True)
    for name, value in error.details.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        notes.print(f"  {name.replace('_', ' ')}: {shown}", markup=False)


@contextmanager
def plain_errors() -> Iterator[None]:
    """The API's refusal and what stops dpo calling it, as messages with an exit code: no traceback."""
    try:
        yield
    except ApiError as error:
        report(error)
        raise typer.Exit(API_REFUSED) from None
    except SetupError as error:
        notes.print(f"[bold red]Cannot call the DPO API[/]: {error}", markup=True)
        raise typer.Exit(CANNOT_CALL) from None


def render(answer: Answer, *, as_json: bool, as_csv_text: bool, title: str | None = None) -> None:
    if as_json:
        typer.echo(answer.text)
    elif as_csv_text:
        is_csv = answer.headers.get("Content-Type", "").startswith("text/csv")
        typer.echo(answer.text if is_csv else as_csv(answer.json()), nl=False)
    else:
        show(answer.json(), title)


AsJson = Annotated[bool, typer.Option("--json", help="Print the API's JSON as it answered")]
AsCsv = Annotated[bool, typer.Option("--csv", help="Print CSV (the answer's list) for a spreadsheet")]
_OUTPUT = (
    inspect.Parameter("as_json", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=AsJson),
    inspect.Parameter("as_csv_text", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=AsCsv),
)
# The commands at the top level (dpo audit, dpo stats), beside the groups.
top_level = typer.Typer()


def command(group: typer.Typer, name: str, *operations: Operation) -> Callable:
    """Register the decorated function as `dpo <group> <name>` calling `operations`."""

    def register(function: Callable[..., Answer]) -> Callable[..., Answer]:
        signature = inspect.signature(function)
        # A command that needs the format itself (stats asks the API for CSV) declares the option.
        own = {p.name for p in _OUTPUT if p.name in signature.parameters}
        added = [p for p in _OUTPUT if p.name not in own]

        @functools.wraps(function)
        def run(*args: Any, as_json: bool = False, as_csv_text: bool = False, **kwargs: Any) -> None:
            given = {"as_json": as_json, "as_csv_text": as_csv_text}
            with plain_errors():
                answer = function(*args, **kwargs, **{name: given[name] for name in own})
                render(answer, as_json=as_json, as_csv_text=as_csv_text)

        run.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *added])
        run.__annotations__ = {**function.__annotations__, **{p.name: p.annotation for p in added}}
        summary = inspect.cleandoc(function.__doc__ or "")
        api_line = "API: " + ", ".join(str(operation) for operation in operations)
        short = summary.split("\n\n")[0].replace("\n", " ")
        group.command(name, help=f"{summary}\n\n{api_line}", short_help=short)(run)
        OPERATIONS[(group.info.name or "", name)] = operations
        return function

    return register


def body(**fields: Any) -> dict[str, Any]:
    """A request body of the fields given (None and empty lists left out, as the API defaults them)."""
    return {name: value for name, value in fields.items() if value is not None and value != []}


def subject(
    caller: str | None,
    customer_ref: str | None,
    recorded_from: str | None = None,
    recorded_to: str | None = None,
) -> dict[str, str] | None:
    """The person, by the identifiers given, and the period of recording when limited to one."""
    given = body(
        caller_number=caller, customer_ref=customer_ref, recorded_from=recorded_from, recorded_to=recorded_to
    )
    return given or None


def answer_of(answer: Answer, value: Any) -> Answer:
    """An answer standing for `value` (e.g. a job's result), as the API would have given it."""
    return Answer(answer.status, {"Content-Type": "application/json"}, json.dumps(value, indent=2))
