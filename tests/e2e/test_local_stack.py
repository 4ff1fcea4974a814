"""The local run end to end: moto in server mode, the synthesized template, the real ingest handler."""

import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3
import pytest

from call_recordings.core.retention import expires_on, parse_recorded_at
from call_recordings.core.vocabulary import RetentionClass
from infra.local.demo import IGNORED, run_demo
from infra.local.samples import sample_uploads
from infra.local.stack import LocalStackError, start_local_stack
from tests.conftest import SUITE_NOW
from tests.e2e.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 30


def test_demo_registers_every_recording_and_ignores_the_upload_outside_recordings(
    template_path, tmp_path, cold_ingest_function
):
    endpoint_before = os.environ.get("AWS_ENDPOINT_URL")
    out = io.StringIO()
    alerts_log = tmp_path / "alerts.log"
    story = run_demo(
        free_port(), template_path, out, handler_log=tmp_path / "handlers.log", alerts_log=alerts_log
    )
    printed = out.getvalue()

    assert story.problems == [], printed
    rows = {row.sample.key: row for row in story.rows}
    assert set(rows) == {upload.key for upload in story.uploads}
    for upload in story.uploads:
        row = rows[upload.key]
        if upload.ignored:
            assert row.status == IGNORED
            assert row.tags == {}
            continue
        assert row.registered, upload.description
        assert row.retention == upload.expected_retention, upload.description
        assert bool(row.flags) == upload.expect_flags, (upload.description, row.flags)
        # The tags on the exact version say what the registry says, expiry included.
        assert row.tags["retention"] == row.retention
        assert row.tags["purpose"] == row.purpose
        assert row.tags["source"] == row.source
        assert row.tags["expires-on"] == row.expires_on
        if "recorded-at" in upload.metadata:
            recorded_at = parse_recorded_at(upload.metadata["recorded-at"])
            assert row.expires_on == expires_on(recorded_at).isoformat(), upload.description
        else:  # the upload time stands in (uploaded as its call ended): three calendar months on
            assert row.expires_on == expires_on(upload.uploaded_at).isoformat(), upload.description

    by_call = {row.sample.call_id: row for row in story.rows}
    quarantined = [row for row in story.rows if row.retention == RetentionClass.QUARANTINE]
    assert {row.sample.call_id for row in quarantined} == {"C-0012", "C-0013"}
    assert all(row.tags["retention"] == "quarantine" and row.tags["expires-on"] for row in quarantined)
    assert by_call["C-0005"].purpose == "quality-training"  # no purpose sent: the notice's default
    assert by_call["C-0009"].source == "unspecified"  # no source sent: flagged for review
    assert by_call["C-0008"].purpose == "unspecified"  # not one of the notice's purposes
    derived = rows[next(u.key for u in story.uploads if u.call_id is None)].call_id
    assert derived and derived != "(none)"

    # What a person reads: every call id in the table, the ignored upload said so, no personal data.
    for row in story.rows:
        assert row.call_id in printed
    assert IGNORED in printed
    assert "Nothing was sent to AWS" in printed
    # Every chapter ran to its end: the later ones check themselves (story.problems, above).
    for heading in ("5. A person's rights", "6. Restriction of processing", "7. The daily jobs"):
        assert heading in printed
    assert re.search(r"C-0001 +\S+ +restriction +kept, legal hold ON +restricted", printed)
    assert re.search(r"C-0003 +\S+ +hold +kept, legal hold ON +hold", printed)
    # What the DPO's topic received is shown and kept: an alert for each out-of-policy upload.
    alerted = [
        alert for alert in story.alerts if alert.subject == "Call recording quarantined: out of policy"
    ]
    assert sorted(re.search(r"Call id: +(\S+)", alert.message)[1] for alert in alerted) == [
        "C-0012",
        "C-0013",
    ]
    logged = alerts_log.read_text()
    assert logged == "".join(alert.as_text() for alert in story.alerts)
    assert "2a. What the DPO's alerts topic received" in printed and "C-0012" in printed
    for upload in story.uploads:
        for text in (printed, logged):
            assert upload.metadata.get("customer-ref", "SH-none") not in text
            assert upload.metadata.get("caller-number", "07700 000000") not in text
    # The stack is gone and the environment is as it was.
    assert os.environ.get("AWS_ENDPOINT_URL") == endpoint_before
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(story.running.endpoint.rsplit(":", 1)[1])), timeout=1)


def test_the_local_stack_refuses_port_zero_and_a_port_in_use(template_path):
    with pytest.raises(LocalStackError, match="fixed port"):
        start_local_stack(0, template_path)
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(LocalStackError, match=f"Port {port} .* already in use"):
            start_local_stack(port, template_path)


def test_the_local_stack_says_how_to_make_a_missing_template(tmp_path):
    with pytest.raises(LocalStackError, match="make synth"):
        start_local_stack(free_port(), tmp_path / "missing.template.json")


def test_serve_ingests_uploads_as_they_arrive_and_stops_cleanly_on_sigterm(template_path, tmp_path):
    port = free_port()
    stack_file = tmp_path / "state" / "stack.json"
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "LOCAL_AWS_PORT": str(port),
        "LOCAL_API_PORT": str(free_port()),
        "LOCAL_CONSOLE_PORT": str(free_port()),
        "LOCAL_STATE_DIR": str(stack_file.parent),
        "LOCAL_TEMPLATE": str(template_path),
    }
    env.pop("AWS_ENDPOINT_URL", None)
    samples = sample_uploads(SUITE_NOW)  # the suite's fixed day, not the machine's
    upload = samples[0]
    out_of_policy = next(sample for sample in samples if sample.metadata.get("payment-details") == "true")

    with serving(env, log) as serve:
        stack = wait_for(lambda: read_json(stack_file), serve, log, "stack.json")
        assert set(stack) == {"aws_endpoint", "region", "bucket", "api_url", "console_url"}
        assert stack["console_url"] == f"http://127.0.0.1:{env['LOCAL_CONSOLE_PORT']}"
        assert stack["aws_endpoint"] == f"http://127.0.0.1:{port}"
        assert stack["region"] == "eu-west-2"

        s3, dynamodb = (
            boto3.client(
                service,
                endpoint_url=stack["aws_endpoint"],
                region_name=stack["region"],
                aws_access_key_id="test",
                aws_secret_access_key="test",
            )
            for service in ("s3", "dynamodb")
        )
        version = s3.put_object(
            Bucket=stack["bucket"], Key=upload.key, Body=upload.body, Metadata=upload.metadata
        )["VersionId"]
        [table] = [name for name in dynamodb.list_tables()["TableNames"] if "RegistryTable" in name]

        def registered():
            items = dynamodb.scan(TableName=table)["Items"]
            return [item for item in items if item["version_id"]["S"] == version]

        [item] = wait_for(registered, serve, log, "the upload to be registered")
        s3.put_object(
            Bucket=stack["bucket"],
            Key=out_of_policy.key,
            Body=out_of_policy.body,
            Metadata=out_of_policy.metadata,
        )
        alerts_log = stack_file.parent / "alerts.log"
        # The first sample may have been alerted too (on the machine's clock it may arrive late): wait
        # for the quarantine's own alert.
        wait_for(
            lambda: alerts_log.exists() and f"Call id:    {out_of_policy.call_id}" in alerts_log.read_text(),
            serve,
            log,
            "the DPO's alert to be shown",
        )
        alerted = alerts_log.read_text()
        assert "Call recording quarantined: out of policy" in alerted
        assert f"Call id:    {out_of_policy.call_id}" in alerted
        assert out_of_policy.metadata["caller-number"] not in alerted
        assert item["call_id"]["S"] == upload.call_id
        tags = s3.get_object_tagging(Bucket=stack["bucket"], Key=upload.key, VersionId=version)["TagSet"]
        assert {tag["Key"] for tag in tags} >= {"purpose", "source", "retention", "expires-on"}

        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=10) == 0, log.read_text()

    logged = log.read_text()
    assert f"registered {upload.call_id}" in logged
    assert upload.metadata["caller-number"] not in logged
    assert upload.metadata["customer-ref"] not in logged
    assert not stack_file.exists()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1)


@contextmanager
def serving(env: dict, log: Path) -> Iterator[subprocess.Popen]:
    """`python -m infra.local.serve`, its output in `log`; killed at the end if still running."""
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "infra.local.serve"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def read_json(path: Path):
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None


def wait_for(found, process: subprocess.Popen, log: Path, what: str):
    """Poll `found()` until it returns something, for at most WAIT_SECONDS, while serve runs."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode} waiting for {what}:\n{log.read_text()}")
        if result := found():
            return result
        time.sleep(0.2)
    pytest.fail(f"no {what} within {WAIT_SECONDS} s; serve said:\n{log.read_text()}")
