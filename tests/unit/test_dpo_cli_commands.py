"""Issue 18's promise that `dpo --help` lists every operation the API has: each command's help names
the operations it calls, and together they are exactly docs/openapi.json's (a route added without a
command fails here), plus the jobs of issue 17. Also how `dpo` follows a job and says what is wrong
when it cannot call the API, without a network."""

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dpo_cli import jobs as dpo_jobs
from dpo_cli.api import Answer, Operation, SetupError
from dpo_cli.commands import OPERATIONS
from dpo_cli.main import app
from dpo_cli.output import as_csv, console, readable, show
from dpo_cli.packages import files_of, zip_mismatches

ROOT = Path(__file__).parents[2]
# Issue 17's jobs, built on main beside this: in docs/openapi.json once merged.
JOBS = {("GET", "/jobs"), ("GET", "/jobs/{job_id}")}
runner = CliRunner()


def api_operations() -> set[tuple[str, str]]:
    spec = json.loads((ROOT / "docs" / "openapi.json").read_text())
    return {(method.upper(), path) for path, methods in spec["paths"].items() for method in methods}


def help_of(*words: str) -> str:
    result = runner.invoke(app, [*words, "--help"])
    assert result.exit_code == 0, result.output
    return result.stdout


def operations_in_help() -> set[tuple[str, str]]:
    """Every operation the help of every command names, reached as a person would: `dpo --help`
    lists the groups and top commands, each group's help its commands."""
    named = set()
    root = typer.main.get_command(app)
    top = help_of()
    for name, command in root.commands.items():
        assert re.search(rf"│ {re.escape(name)}\s", top), f"`dpo --help` does not list {name}"
        children = getattr(command, "commands", None)
        if not children:
            named |= set(re.findall(r"\b(GET|POST|PUT|PATCH|DELETE) (/[^\s,]*)", help_of(name)))
            continue
        group_help = help_of(name)
        for child in children:
            assert re.search(rf"│ {re.escape(child)}\s", group_help), f"`dpo {name} --help` lacks {child}"
            named |= set(re.findall(r"\b(GET|POST|PUT|PATCH|DELETE) (/[^\s,]*)", help_of(name, child)))
    return named


def test_dpo_help_and_its_commands_name_every_operation_of_the_api_and_no_other():
    named = operations_in_help()
    missing = api_operations() - named
    assert not missing, f"operations without a `dpo` command: {sorted(missing)}"
    assert named - api_operations() <= JOBS, (
        f"commands for operations the API lacks: {named - api_operations()}"
    )
    # What the help says is what the commands call.
    assert named == {(op.method, op.path) for ops in OPERATIONS.values() for op in ops}


def test_an_audit_target_and_path_ids_are_percent_encoded_so_a_hash_is_sent():
    assert (
        Operation("GET", "/recordings/{call_id}").url_path({"call_id": "C-1#x/y"})
        == "/recordings/C-1%23x%2Fy"
    )


def test_a_job_answer_is_followed_to_its_result_with_its_progress(monkeypatch):
    monkeypatch.setattr(dpo_jobs, "POLL_SECONDS", 0)
    states = iter(
        [
            {"job_id": "J-1", "status": "running", "progress": {"done": 1, "total": 4, "percent": 25.0}},
            {"job_id": "J-1", "status": "running", "progress": {"done": 3, "total": 4, "percent": 75.0}},
            {
                "job_id": "J-1",
                "status": "done",
                "progress": {"done": 4, "total": 4},
                "result": {"export_id": "X"},
            },
        ]
    )
    calls = []

    class FakeApi:
        def call(self, operation, parameters=None, **_):
            calls.append((operation, parameters))
            return Answer(200, {}, json.dumps(next(states)))

    accepted = Answer(202, {"Location": "/jobs/J-1"}, json.dumps({"job_id": "J-1", "status": "running"}))
    result = dpo_jobs.finished_work(FakeApi(), accepted)
    assert result.json() == {"export_id": "X"}
    assert calls == [(dpo_jobs.GET_JOB, {"job_id": "J-1"})] * 3
    # A synchronous answer is the answer.
    done = Answer(201, {}, json.dumps({"export_id": "Y"}))
    assert dpo_jobs.finished_work(FakeApi(), done) is done


def test_a_failed_job_is_an_error_with_the_jobs_reason(monkeypatch):
    class FakeApi:
        def call(self, operation, parameters=None, **_):
            return Answer(200, {}, json.dumps({"job_id": "J-2", "status": "failed", "error": "bucket gone"}))

    monkeypatch.setattr(dpo_jobs, "api", lambda: FakeApi())
    result = runner.invoke(app, ["jobs", "wait", "J-2"])
    assert result.exit_code == 1 and "job-failed" in result.stderr and "bucket gone" in result.stderr


def test_without_an_api_address_or_credentials_dpo_says_what_to_do_and_exits_2(monkeypatch, tmp_path):
    monkeypatch.setenv("LOCAL_STATE_DIR", str(tmp_path))  # no stack.json there
    monkeypatch.delenv("DPO_API_URL", raising=False)
    result = runner.invoke(app, ["holds", "list"])
    assert (
        result.exit_code == 2 and "No DPO API address" in result.stderr and "Traceback" not in result.output
    )

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    result = runner.invoke(app, ["--api-url", "https://example.invalid/v1", "holds", "list"])
    assert result.exit_code == 2 and "No AWS credentials found" in result.stderr

    result = runner.invoke(
        app, ["--api-url", "https://example.invalid/v1", "--profile", "nobody", "sars", "list"]
    )
    assert result.exit_code == 2 and "nobody" in result.stderr and "Traceback" not in result.output


def test_plain_http_is_refused_except_for_the_local_stack(monkeypatch, tmp_path):
    monkeypatch.setenv("LOCAL_STATE_DIR", str(tmp_path))
    result = runner.invoke(app, ["--api-url", "http://api.example.org/v1", "holds", "list"])
    assert result.exit_code == 2 and "https" in result.stderr


@pytest.mark.parametrize(
    ("value", "key", "shown"),
    [
        ("2026-12-03", "due_on", "3 Dec 2026"),
        ("2026-12-03T10:15:00+00:00", "placed_at", "3 Dec 2026 10:15"),
        ("2026-07-01T10:15:00Z", "at", "1 Jul 2026 11:15"),  # London summer time
        ("legal-claim", "reason", "legal claim"),
        ("C-2026-000123", "call_id", "C-2026-000123"),  # an id keeps its dashes
        (True, "overdue", "yes"),
        (None, "note", ""),
        ({"done": 3, "total": 12, "percent": 25.0}, "progress", "3 of 12 (25%)"),
        ({"count": None, "suppressed": True}, "total", "suppressed"),
    ],
)
def test_a_table_shows_values_as_a_person_reads_them(value, key, shown):
    assert readable(value, key) == shown


def test_csv_is_the_answers_list_with_nested_fields_as_columns():
    text = as_csv(
        {"holds": [{"hold_id": "H-1", "selection": {"by": "subject"}, "held": 2, "flags": ["a", "b"]}]}
    )
    assert text.splitlines() == ["hold_id,selection.by,held,flags", "H-1,subject,2,a; b"]


def test_a_published_month_is_a_table_of_purposes_by_sources_with_suppressed_figures_starred():
    figure = {"count": 7, "suppressed": False}
    hidden = {"count": None, "suppressed": True}
    release = {
        "month": "2026-10",
        "published_at": "2026-11-01T09:00:00Z",
        "version": 1,
        "total": figure,
        "by_purpose": {"complaints-disputes": figure, "legal-claims": {"count": 0, "suppressed": False}},
        "by_source": {"data-subject": figure, "councillor": hidden},
        "by_purpose_and_source": {
            "complaints-disputes": {"data-subject": figure, "councillor": hidden},
            "legal-claims": {"data-subject": {"count": 0, "suppressed": False}, "councillor": hidden},
        },
    }
    with console.capture() as captured:
        show({"from_month": "2026-10", "to_month": "2026-10", "months": [release]})
    text = captured.get()
    assert "2026-10 (published 1 Nov 2026 09:00)" in text
    rows = {
        line.split("│")[1].strip(): [cell.strip() for cell in line.split("│")[2:-1]]
        for line in text.splitlines()
        if line.startswith("│")
    }
    assert rows["complaints disputes"] == ["7", "*", "7"]
    assert rows["all"] == ["7", "*", "7"]
    assert "* suppressed" in text


def test_a_package_is_fetched_as_its_zip_when_the_api_offers_one_and_always_with_its_manifests():
    package = {
        "export_id": "X-1",
        "manifest_json_url": "https://exports/m.json",
        "manifest_csv_url": "https://exports/m.csv",
        "recordings": [
            {"url": "https://exports/a", "file_name": "C-1_v1.wav", "size_bytes": 3, "sha256": "ab"}
        ],
    }
    assert files_of(package) == [
        ("https://exports/a", "C-1_v1.wav", 3, "ab"),
        ("https://exports/m.json", "manifest.json", None, None),
        ("https://exports/m.csv", "manifest.csv", None, None),
    ]
    zipped = files_of({**package, "package_zip_url": "https://exports/all.zip"})
    assert [name for _, name, *_ in zipped] == ["X-1.zip", "manifest.json", "manifest.csv"]


def test_a_downloaded_zip_is_checked_against_each_recordings_sha256(tmp_path):
    """Issue 18: what the requester is sent must be the recording byte for byte, inside the zip too."""
    body = b"RIFF....WAVE C-1"
    recordings = [{"file_name": "C-1_v1.wav", "sha256": hashlib.sha256(body).hexdigest()}]
    good, bad = tmp_path / "good.zip", tmp_path / "bad.zip"
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("C-1_v1.wav", body)
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("C-1_v1.wav", body + b"!")
    assert zip_mismatches(good, recordings) == []
    assert zip_mismatches(bad, recordings) == ["C-1_v1.wav"]
    assert zip_mismatches(good, [*recordings, {"file_name": "C-2_v1.wav", "sha256": "ab"}]) == ["C-2_v1.wav"]
    (tmp_path / "not.zip").write_bytes(b"<html>expired</html>")
    assert zip_mismatches(tmp_path / "not.zip", recordings) == ["not.zip"]


def test_a_file_name_from_the_package_cannot_write_outside_the_folder():
    package = {"export_id": "X-1", "recordings": [{"url": "u", "file_name": "../../.bashrc", "sha256": "ab"}]}
    assert files_of(package)[0][1] == ".bashrc"
    with pytest.raises(SetupError):
        files_of({"export_id": "..", "package_zip_url": "https://exports/all.zip"})


def test_a_large_hold_is_followed_until_the_worker_has_placed_it(monkeypatch):
    monkeypatch.setattr(dpo_jobs, "POLL_SECONDS", 0)
    reports = iter(
        [
            {"hold_id": "H-1", "status": "placing", "progress": {"done": 500, "total": 2000}},
            {"hold_id": "H-1", "status": "active", "progress": {"done": 2000, "total": 2000}},
        ]
    )

    class FakeApi:
        def call(self, operation, parameters=None, **_):
            assert (operation, parameters) == (dpo_jobs.GET_HOLD, {"hold_id": "H-1"})
            return Answer(200, {}, json.dumps(next(reports)))

    accepted = Answer(202, {}, json.dumps({"hold_id": "H-1", "status": "placing"}))
    assert dpo_jobs.hold_finished(FakeApi(), accepted).json()["status"] == "active"


def test_pip_install_of_the_project_installs_dpo_and_its_dependencies_stay_out_of_the_lambda_layer():
    import tomllib

    from infra.dependencies_layer import runtime_dependencies

    def names(requirements: list[str]) -> set[str]:
        return {re.split(r"[<>=!~\[ ;]", requirement)[0] for requirement in requirements}

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert names(project["dependencies"]) >= {"typer", "rich", "botocore"}
    assert not names(runtime_dependencies(ROOT / "pyproject.toml")) & {"typer", "rich", "botocore"}
    assert names(runtime_dependencies(ROOT / "pyproject.toml")) >= {"aws-lambda-powertools", "pydantic"}
    assert project["scripts"]["dpo"] == "dpo_cli.main:app"


def test_a_search_sends_the_identifier_in_the_body_never_the_url_and_asks_for_one(monkeypatch):
    """Issue 18: `dpo recordings search --caller "01803 861234"`; the number must not reach an access log."""
    from dpo_cli import recordings as dpo_recordings

    calls = []

    class FakeApi:
        def call(self, operation, parameters=None, **options):
            calls.append((operation, parameters, options))
            found = {"call_id": "C-1", "version_id": "v1", "retention": "standard", "flags": []}
            return Answer(200, {}, json.dumps({"recordings": [found], "next_token": None}))

    monkeypatch.setattr(dpo_recordings, "api", lambda: FakeApi())

    found = runner.invoke(app, ["recordings", "search", "--caller", "01803 861234", "--json"])
    flagged = runner.invoke(app, ["recordings", "flagged", "--csv"])
    both = runner.invoke(app, ["recordings", "search", "--caller", "01803 861234", "--customer", "CR-1"])
    neither = runner.invoke(app, ["recordings", "search"])

    assert found.exit_code == 0 and json.loads(found.stdout)["recordings"][0]["call_id"] == "C-1"
    [(search, parameters, options), (listing, _, listed)] = calls
    assert search == dpo_recordings.SEARCH and parameters is None and "query" not in options
    assert options["body"] == {"caller_number": "01803 861234"}
    assert listing == dpo_recordings.NEEDING_DPO and listed["query"]["needs"] == "dpo"
    assert flagged.exit_code == 0 and flagged.stdout.startswith("call_id")
    assert both.exit_code == 2 and neither.exit_code == 2
