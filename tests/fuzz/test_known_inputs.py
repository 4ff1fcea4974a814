"""The inputs an earlier fuzzing of the API answered with a 500, or accepted when it should not have
(issue 14), sent as a client would: each gets a 4xx in the API's error shape, and changes nothing."""

from __future__ import annotations

import json

import pytest

REFUSED = [
    ("GET", "/statistics?from=0000-01&to=0000-01", None),
    ("GET", "/statistics?to=0001-05", None),
    (
        "POST",
        "/holds",
        {
            "reason": "threat",
            "case_reference": "T-1",
            "subject": {"caller_number": "01632 960001", "recorded_to": "9999-12-31"},
        },
    ),
    ("POST", "/erasures", {"subject": {"caller_number": "01632 960001", "recorded_to": "9999-12-31"}}),
    # Issue 15: an erasure decides a request; a body that names none, or not validly, erases nothing.
    ("POST", "/erasures", {}),
    ("POST", "/erasures", {"request_id": "Q-20261203-0123456789", "note": "x\u0000"}),
    (
        "POST",
        "/requests",
        {
            "kind": "erasure",
            "subject": {"caller_number": "01632 960001", "recorded_to": "9999-12-31"},
            "received_on": "2026-12-01",
        },
    ),
    ("POST", "/requests", {"kind": "erasure", "call_ids": ["C-1"], "received_on": "0001-01-01"}),
    ("GET", "/audit?from=0001-01-01&to=0001-01-01", None),
    ("GET", "/audit?to=0", None),
    ("GET", "/audit?from=1", None),
    ("POST", "/restrictions/R-20261203-0123456789/lift", {"subject_told_on": "0001-01-01"}),
    ("POST", "/sars", {"subject": {"caller_number": "01632 960001"}, "received_on": "0001-01-01"}),
    ("POST", "/sars/S-20261203-0123456789/export", {"link_days": True}),
    ("POST", "/holds", {"reason": "threat", "case_reference": "T-1\u0000", "call_ids": ["C-1"]}),
    ("POST", "/holds", {"reason": "threat", "case_reference": "T-\u202e1-T", "call_ids": ["C-1"]}),
    (
        "POST",
        "/holds",
        {"reason": "threat", "case_reference": "T-1", "note": "a\u2066b", "call_ids": ["C-1"]},
    ),
    (
        "POST",
        "/sars",
        {"subject": {"caller_number": "01632 960001"}, "received_on": "2026-12-01", "note": "x\u0000"},
    ),
]


def _state(running) -> str:
    """Everything the API could have written: the requests and audit tables, as they stand."""
    dynamodb = running.session.client("dynamodb")
    tables = [name for name in dynamodb.list_tables()["TableNames"] if "Registry" not in name]
    return json.dumps({name: dynamodb.scan(TableName=name)["Items"] for name in tables}, sort_keys=True)


def _assert_refused(response, *statuses: int) -> None:
    assert response.status_code in statuses, (response.status_code, response.text)
    error = response.json()["error"]
    assert set(error) >= {"code", "message"} and error["message"]


@pytest.mark.parametrize(
    ("method", "path", "body"), REFUSED, ids=[f"{m} {p} {b}"[:80] for m, p, b in REFUSED]
)
def test_an_input_that_once_failed_or_slipped_through_is_refused_with_a_4xx(fuzzed_api, method, path, body):
    running, api_url, session = fuzzed_api
    before = _state(running)
    response = session.request(method, api_url + path, json=body)
    _assert_refused(response, 400)
    assert _state(running) == before


@pytest.mark.parametrize("depth", [33, 3000, 5000])
def test_json_nested_thousands_deep_is_refused_before_it_is_read(fuzzed_api, depth):
    _, api_url, session = fuzzed_api
    nested = "[" * depth + "]" * depth
    body = f'{{"reason": "threat", "case_reference": "T-1", "call_ids": {nested}}}'
    response = session.post(api_url + "/holds", data=body, headers={"Content-Type": "application/json"})
    _assert_refused(response, 400)
    assert response.json()["error"]["code"] == "request-too-deep"


@pytest.mark.parametrize(
    "content_type", ["multipart/form-data", "application/x-www-form-urlencoded", "text/plain", None]
)
def test_a_body_that_is_not_declared_json_is_415(fuzzed_api, content_type):
    _, api_url, session = fuzzed_api
    headers = {"Content-Type": content_type} if content_type else {}
    response = session.post(api_url + "/holds", data=b'{"reason": "threat"}', headers=headers)
    _assert_refused(response, 415)
    assert response.json()["error"]["code"] == "unsupported-media-type"


def test_json_with_a_charset_is_json(fuzzed_api):
    _, api_url, session = fuzzed_api
    response = session.post(
        api_url + "/holds",
        data=b'{"reason": "threat", "case_reference": "T-1", "call_ids": ["C-NONE"]}',
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert (response.status_code, response.json()["error"]["code"]) == (404, "recordings-not-found")
