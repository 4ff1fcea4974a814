"""A package's links are exactly the links the S3 client presigns (subject_access/adapters/disclosures.py:
the bucket's endpoint resolved once, each link signed by botocore's S3SigV4QueryAuth). Presigning is
done by the client alone: no AWS call is made here."""

import boto3
import pytest
import time_machine
from botocore.config import Config
from botocore.exceptions import NoCredentialsError

from call_recordings.subject_access.adapters.disclosures import MAX_LINK_SECONDS, DisclosureStore

BUCKET = "call-recordings-exports-123456789012-eu-west-2"
KEYS = [
    "exports/S-20261204-0123456789/E-20261204T100000Z-abc/C-1_v1.wav",
    "exports/S-1/E-1/manifest.json",
    "exports/S-1/E-1/ünïcode name +plus~tilde%percent.wav",
    "exports/S-1/E-1/a b/c&d=e?f#g.csv",
]


def _session(token: str | None) -> boto3.Session:
    return boto3.Session(
        aws_access_key_id="AKIAEXAMPLE",
        aws_secret_access_key="secret-example",
        aws_session_token=token,
        region_name="eu-west-2",
    )


def _client_and_store(session: boto3.Session, **client_options):
    client = session.client("s3", config=Config(signature_version="s3v4"), **client_options)
    return client, DisclosureStore(client, BUCKET, credentials=session.get_credentials())


def _client_link(client, key: str, expires_in: int) -> str:
    return client.generate_presigned_url(
        "get_object", Params={"Bucket": BUCKET, "Key": key}, ExpiresIn=expires_in
    )


@pytest.mark.parametrize(
    "client_options",
    [{}, {"endpoint_url": "http://localhost:4566"}, {"region_name": "us-east-1"}],
    ids=["AWS, London", "the local stack's endpoint (the bucket in the path)", "another region"],
)
@pytest.mark.parametrize("token", ["session-token", None], ids=["a role's credentials", "a user's key"])
@pytest.mark.parametrize("expires_in", [1, 3600, MAX_LINK_SECONDS])
def test_each_link_is_the_one_the_client_presigns(client_options, token, expires_in):
    client, store = _client_and_store(_session(token), **client_options)
    with time_machine.travel("2026-12-04 10:15:30+00:00", tick=False):
        for key in KEYS:
            assert store.link(key, expires_in=expires_in) == _client_link(client, key, expires_in)


def test_a_link_is_signed_when_it_is_asked_for_not_when_the_first_was():
    client, store = _client_and_store(_session("session-token"))
    with time_machine.travel("2026-12-04 10:15:30+00:00", tick=False):
        first = store.link(KEYS[0], expires_in=600)
    with time_machine.travel("2026-12-05 09:00:00+00:00", tick=False):
        later = store.link(KEYS[0], expires_in=600)
        assert later == _client_link(client, KEYS[0], 600)
    assert "X-Amz-Date=20261204T101530Z" in first
    assert "X-Amz-Date=20261205T090000Z" in later and "%2F20261205%2F" in later


def test_credentials_changed_since_the_first_link_sign_the_next():
    session = _session("session-token")
    client, store = _client_and_store(session)
    credentials = session.get_credentials()
    with time_machine.travel("2026-12-04 10:15:30+00:00", tick=False):
        store.link(KEYS[0], expires_in=600)
        credentials.access_key, credentials.secret_key, credentials.token = "AKIANEXT", "next-secret", "next"
        link = store.link(KEYS[0], expires_in=600)
        assert link == _client_link(client, KEYS[0], 600)
    assert "Credential=AKIANEXT%2F" in link and "X-Amz-Security-Token=next" in link


@pytest.mark.parametrize("expires_in", [0, MAX_LINK_SECONDS + 1])
def test_a_link_lasts_one_second_to_seven_days(expires_in):
    _client, store = _client_and_store(_session("session-token"))
    with pytest.raises(ValueError, match="1 to 604800 seconds"):
        store.link(KEYS[0], expires_in=expires_in)


def test_without_credentials_to_sign_with_a_link_is_refused_as_the_client_refuses_one():
    client = _session("session-token").client("s3", config=Config(signature_version="s3v4"))
    store = DisclosureStore(client, BUCKET, credentials=None)

    with pytest.raises(NoCredentialsError):
        store.link(KEYS[0], expires_in=600)
