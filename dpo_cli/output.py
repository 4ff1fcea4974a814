"""What `dpo` prints: the API's answer as Rich tables for a person, its JSON as is (`--json`), or CSV
(`--csv`) for a spreadsheet.

A table reads as the council would say it: dates as "3 Dec 2026", times in London, yes/no,
statuses and reasons as words ("legal claim", not "legal-claim"), nothing for an empty value. An
answer that is one record (a hold, a SAR) is a two-column table of its fields, followed by a table
for each list it holds (its recordings, its decisions); an answer that is a list (holds, audit
entries) is one table. Links are long and expire: they are left to `--json` and `--download`.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

LONDON = ZoneInfo("Europe/London")
console = Console(highlight=False, soft_wrap=False)
notes = Console(stderr=True, highlight=False)  # progress and messages: stdout stays the answer

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# Fields whose values are the API's vocabulary (kebab-case words): shown as words.
_WORDED = {
    "status", "reason", "kind", "decision", "exemption", "grounds", "pause_reason", "retention", "outcome",
    "lawful_basis", "topic", "by", "action", "held_by", "field", "refusal_ground",
}  # fmt: skip
# The columns a list shows, by the list's name in the answer (others: every plain field but links).
COLUMNS: dict[str, tuple[str, ...]] = {
    "holds": ("hold_id", "status", "reason", "case_reference", "total", "review_on"),
    "sars": ("sar_id", "status", "received_on", "due_on", "working_days_left", "overdue", "total", "hold_id"),
    "requests": ("request_id", "kind", "status", "received_on", "due_on", "working_days_left", "overdue"),
    "restrictions": ("restriction_id", "status", "grounds", "total", "restricted_at", "lifted_at"),
    "disclosures": ("disclosure_id", "status", "recipient", "request_reference", "total", "recorded_at"),
    "complaints": ("complaint_id", "status", "received_on", "acknowledgement_due_on", "outcome"),
    "jobs": ("job_id", "kind", "about", "status", "progress", "requested_at"),
    "entries": ("at", "who", "action", "target", "why", "details"),
    "recordings": ("file_name", "call_id", "version_id", "status", "recorded_at", "size_bytes", "registered"),
    "months": ("month", "total", "by_purpose", "by_source", "published_at"),
}
_HIDDEN = ("url", "object_key", "next_token")


def words(name: str) -> str:
    """A field's name as a heading: `case_reference` as "Case reference"."""
    return name.replace("_", " ").capitalize()


def readable(value: Any, key: str = "") -> str:
    """One value as a person reads it."""
    if value is None or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        if value.startswith("arn:aws:") and "/" in value:  # a principal: its role and session say who
            return value.split(":")[-1].removeprefix("assumed-role/")
        if _TIMESTAMP.match(value):
            try:
                moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value
            if moment.tzinfo is not None:
                moment = moment.astimezone(LONDON)
            return f"{moment.day} {moment:%b %Y %H:%M}"
        if _DATE.match(value):
            day = date.fromisoformat(value)
            return f"{day.day} {day:%b %Y}"
        return value.replace("-", " ") if key in _WORDED else value
    if isinstance(value, dict):
        if {"done", "total"} <= value.keys():  # a progress
            return f"{value['done']} of {value['total']} ({value.get('percent', 0):.0f}%)"
        if {"count", "suppressed"} <= value.keys():  # a published figure
            return "suppressed" if value["suppressed"] else str(value["count"])
        return "; ".join(f"{words(k).lower()} {readable(v, k)}" for k, v in value.items() if readable(v, k))
    if isinstance(value, list):
        return ", ".join(readable(item, key) for item in value)
    return str(value)


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _shown(key: str) -> bool:
    return not key.endswith(_HIDDEN)


def rows_table(name: str, rows: list[dict[str, Any]]) -> Table:
    columns = COLUMNS.get(name) or tuple(
        key for key in rows[0] if _shown(key) and not isinstance(rows[0][key], list | dict)
    )
    columns = tuple(column for column in columns if any(column in row for row in rows))
    table = Table(title=words(name), title_justify="left")
    for column in columns:
        if column.endswith("_id") and column != "version_id":  # an id is copied whole: never wrapped
            widest = max(len(readable(row.get(column), column)) for row in rows)
            table.add_column(words(column), no_wrap=True, min_width=widest)
        else:
            table.add_column(words(column), overflow="fold")
    for row in rows:
        table.add_row(*(readable(row.get(column), column) for column in columns))
    return table


def month_table(release: dict[str, Any]) -> Table:
    """One published month as the council would print it: purposes down, sources across, totals."""
    matrix = release["by_purpose_and_source"]
    sources = list(release["by_source"])
    table = Table(
        title=f"{release['month']} (published {readable(release['published_at'])})",
        title_justify="left",
        caption="* suppressed: 1 to 4, or a figure that would reveal one",
        caption_justify="left",
    )
    table.add_column("Purpose", overflow="fold")
    for source in [*sources, "all"]:
        table.add_column(source.replace("-", " "), justify="right", overflow="fold")

    def figure(value: dict[str, Any] | None) -> str:
        return "*" if value and value.get("suppressed") else readable(value)

    for purpose, total in release["by_purpose"].items():
        figures = [figure(matrix.get(purpose, {}).get(source)) for source in sources]
        table.add_row(purpose.replace("-", " "), *figures, figure(total))
    by_source = [figure(release["by_source"][source]) for source in sources]
    table.add_row("all", *by_source, figure(release["total"]))
    return table


def record_table(record: dict[str, Any], title: str | None = None) -> Table:
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key, value in record.items():
        if _shown(key) and not _is_rows(value) and readable(value, key):
            table.add_row(words(key), readable(value, key))
    return table


def show(answer: Any, title: str | None = None) -> None:
    """The answer as tables: a list answer as one table, a record with a table per list it holds."""
    if not isinstance(answer, dict):
        console.print(readable(answer))
        return
    lists = {key: value for key, value in answer.items() if _is_rows(value)}
    plain = {key: value for key, value in answer.items() if key not in lists}
    if any(readable(value, key) for key, value in plain.items() if _shown(key)):
        console.print(record_table(plain, title))
    for name, rows in lists.items():
        if name == "months" and all("by_purpose_and_source" in row for row in rows):
            for release in rows:
                console.print(month_table(release))
        else:
            console.print(rows_table(name, rows))
    empty = [key for key, value in answer.items() if value == [] and key in COLUMNS]
    for name in empty:
        console.print(f"No {words(name).lower()}.")
    if answer.get("next_token"):
        console.print(f"More: add --next-token {answer['next_token']}")


def flattened(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A record as one CSV row: nested fields as `a.b` columns, lists joined with `; `."""
    row: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            row.update(flattened(value, f"{name}."))
        elif isinstance(value, list):
            row[name] = "; ".join(
                str(item) if not isinstance(item, dict) else readable(item) for item in value
            )
        else:
            row[name] = "" if value is None else str(value).lower() if isinstance(value, bool) else value
    return row


def as_csv(answer: Any) -> str:
    """The answer's list (its first list of records) as CSV, or the record itself as one row."""
    rows = (
        next((value for value in answer.values() if _is_rows(value)), None)
        if isinstance(answer, dict)
        else None
    )
    records = (
        [flattened(row) for row in rows] if rows else [flattened(answer)] if isinstance(answer, dict) else []
    )
    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()
