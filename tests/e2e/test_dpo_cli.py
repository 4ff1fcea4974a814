"""Issue 18: the `dpo` command line against the local stack's API over HTTP, signed with the local
stack's credentials found through `.local/stack.json`, as a DPO would run it after `make serve`.

One stack for the module (moto's backends are the process's); the commands run in process through
Typer's CliRunner, each answer read as the DPO would (tables) or as the API's JSON (`--json`)."""

import hashlib
import json
import zipfile
from contextlib import contextmanager
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from dpo_cli import api as dpo_api
from dpo_cli import jobs as dpo_jobs
from dpo_cli.main import app
from infra.local.stack import LOCAL_PRINCIPALS, start_local_stack
from tests.e2e.conftest import free_port

CALLER = "01803 861234"  # the issue's example
OTHER = "01632 960002"
runner = CliRunner()


@pytest.fixture(scope="module")
def served(template_path, tmp_path_factory):
    """The local stack with three calls from CALLER and one from OTHER, described in a stack.json
    that `dpo` finds through LOCAL_STATE_DIR, as `make serve` writes it."""
    state = tmp_path_factory.mktemp("local")
    running = start_local_stack(free_port(), template_path, handler_log=state / "handlers.log")
    try:
        api_url = running.serve_api(free_port())
        (state / "stack.json").write_text(json.dumps({"api_url": api_url, "region": running.region}))
        s3 = running.session.client("s3")
        for call_id, caller, days_ago in (
            ("C-1", CALLER, 3),
            ("C-2", CALLER, 10),
            ("C-3", CALLER, 20),
            ("C-9", OTHER, 5),
        ):
            s3.put_object(
                Bucket=running.bucket,
                Key=f"recordings/cli/{call_id}.wav",
                Body=f"RIFF....WAVE {call_id}".encode(),
                Metadata={
                    "call-id": call_id,
                    "recorded-at": (running.daily_moment() - timedelta(days=days_ago)).isoformat(),
                    "caller-number": CALLER if caller == CALLER else caller,
                    "source": "data-subject",
                    "purpose": "complaints-disputes",
                },
            )
        running.deliver()
        yield running, state
    finally:
        running.stop()


@pytest.fixture
def dpo(served, monkeypatch):
    """Run `dpo ...` as a DPO would after `make serve`: no --api-url, the stack found by its file, and
    signed with the local stack's credentials, not the environment's (which the local API refuses)."""
    _, state = served
    monkeypatch.setenv("LOCAL_STATE_DIR", str(state))
    monkeypatch.delenv("DPO_API_URL", raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "someone-else")  # moto takes any; the local API only local/local

    def run(*args: str, expect: int = 0):
        result = runner.invoke(app, list(args))
        assert result.exit_code == expect, (result.output, result.exception)
        return result

    return run


def as_json(result) -> dict:
    return json.loads(result.stdout)


def test_the_cli_signs_with_the_credentials_the_local_api_accepts():
    assert {dpo_api.LOCAL_CREDENTIALS.access_key: dpo_api.LOCAL_CREDENTIALS.secret_key} == {
        key: principal.secret_key for key, principal in LOCAL_PRINCIPALS.items()
    }


def test_a_hold_placed_by_caller_number_as_the_issue_writes_it_holds_that_callers_calls_until_released(
    dpo, served
):
    placed = dpo("holds", "place", "--reason", "legal-claim", "--case", "CLAIM-1", "--caller", CALLER)
    # A table a person reads: the status as a word, the reason in words, the calls it holds.
    assert "Hold id" in placed.stdout and "legal claim" in placed.stdout
    assert "C-1" in placed.stdout and "C-9" not in placed.stdout
    hold = as_json(dpo("holds", "list", "--json"))["holds"][0]
    assert (hold["case_reference"], hold["status"], hold["total"]) == ("CLAIM-1", "active", 3)

    released = dpo("holds", "release", hold["hold_id"], "--note", "claim settled", "--json")
    served[0].deliver()
    assert as_json(released)["hold_id"] == hold["hold_id"]
    shown = as_json(dpo("holds", "show", hold["hold_id"], "--json"))
    assert shown["status"] in ("releasing", "released") and shown["release_note"] == "claim settled"


def test_a_sar_is_opened_paused_extended_decided_and_its_package_downloaded_with_checksums(
    dpo, served, tmp_path
):
    opened = as_json(dpo("sars", "open", "--caller", CALLER, "--received-on", "2026-11-20", "--json"))
    sar_id = opened["sar_id"]
    assert opened["total"] == 3

    paused = as_json(
        dpo("sars", "pause", sar_id, "--reason", "clarification", "--note", "which calls", "--json")
    )
    assert (paused["status"], paused["pause_reason"]) == ("paused", "clarification")
    assert as_json(dpo("sars", "resume", sar_id, "--json"))["status"] == "open"
    extended = as_json(dpo("sars", "extend", sar_id, "--reason", "four services to search", "--json"))
    assert extended["extended"] is True and extended["due_on"] > opened["due_on"]

    refused = dpo("sars", "export", sar_id, expect=1)  # nothing decided yet
    assert "409 decisions-outstanding" in refused.stderr

    decided = as_json(
        dpo("sars", "decide", sar_id, "--withhold", "C-3=other-people", "--disclose-rest", "--json")
    )
    assert decided["undecided"] == []
    assert {(d["call_id"], d["decision"]) for d in decided["decisions"]} == {
        ("C-1", "disclose"), ("C-2", "disclose"), ("C-3", "withhold"),
    }  # fmt: skip

    out = tmp_path / "out"
    # Issue 18: --download waits for the package's zip job (the worker meanwhile, as Lambda's event
    # source would be), then fetches the one zip and the manifests.
    with delivering(served[0]):
        exported = dpo("sars", "export", sar_id, "--download", str(out), "--json")
    package = as_json(exported)
    assert package["package_zip_url"] and package["zip_job_id"]
    files = {path.name for path in out.iterdir()}
    assert files == {f"{package['export_id']}.zip", "manifest.json", "manifest.csv"}
    assert {r["call_id"] for r in package["recordings"]} == {"C-1", "C-2"}
    manifest = json.loads((out / "manifest.json").read_text())
    listed = json.dumps(manifest)
    with zipfile.ZipFile(out / f"{package['export_id']}.zip") as archive:
        assert archive.testzip() is None
        assert json.loads(archive.read("manifest.json")) == manifest
        for recording in package["recordings"]:
            digest = hashlib.sha256(archive.read(recording["file_name"])).hexdigest()
            assert digest == recording["sha256"] and digest in listed
    assert "2 recordings match the package's SHA-256" in " ".join(exported.stderr.split())


@contextmanager
def delivering(running):
    """The local stack's queues delivered each time a command waits for a job, as Lambda's event
    sources would meanwhile. In the command's own thread: the local stack swaps stdout while a handler
    runs, and CliRunner swaps it while a command runs, so the two must not overlap from two threads."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dpo_jobs, "pause", lambda _seconds: running.deliver())
        yield


def test_the_audit_trail_of_a_recording_is_found_by_its_target_with_the_hash(dpo):
    trail = dpo("audit", "recording", "C-1", "--json")
    entries = as_json(trail)["entries"]
    assert entries and {entry["target"] for entry in entries} >= {"recording#C-1"}
    assert "recording-registered" in {entry["action"] for entry in entries}
    # The same trail by the whole target, and from the recording's own command, as a table.
    assert as_json(dpo("audit", "--target", "recording#C-1", "--json"))["entries"] == entries
    table = dpo("recordings", "audit", "C-1").stdout
    assert "Entries" in table and "registered" in table and "recording-registered" not in table
    assert "Dec 2026" in table or "Nov 2026" in table  # dates as a person reads them


def test_statistics_come_as_the_apis_csv(dpo):
    result = dpo("stats", "--from", "2026-09", "--to", "2026-11", "--csv")
    lines = result.stdout.splitlines()
    assert lines[0] == "month,purpose,source,count,published_at,version"
    assert {line.split(",")[0] for line in lines[1:]} == {"2026-09", "2026-10", "2026-11"}


def test_an_api_refusal_is_shown_plainly_with_its_code_and_the_field_at_fault_and_a_non_zero_exit(dpo):
    result = dpo("sars", "open", "--caller", CALLER, "--received-on", "2026-13-40", expect=1)
    assert "Error 400 invalid-request" in result.stderr and "received_on" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""
    unknown = dpo("holds", "show", "H-20261203-0000000000", expect=1)
    assert "Error 404" in unknown.stderr


def test_json_is_the_apis_answer_as_it_was_sent_and_a_table_otherwise(dpo, served):
    _, state = served
    sent = (
        dpo_api.connect(None, environ={"LOCAL_STATE_DIR": str(state)})
        .call(dpo_api.Operation("GET", "/recordings/{call_id}"), {"call_id": "C-9"})
        .text
    )
    result = dpo("recordings", "show", "C-9", "--json")
    assert result.stdout == sent + "\n"
    assert json.loads(sent)["versions"][0]["purpose"] == "complaints-disputes"
    table = dpo("recordings", "show", "C-9").stdout
    assert (
        "{" not in table and "C-9" in table and "complaints disputes" not in table
    )  # a purpose keeps its words
