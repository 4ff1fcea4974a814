"""The committed OpenAPI document is the one the code generates."""

import json

from call_recordings.dpo_api.openapi import DOCUMENT, main, openapi_document

ROUTES = {
    ("get", "/audit"),
    ("get", "/holds"),
    ("get", "/jobs"),
    ("get", "/jobs/{job_id}"),
    ("post", "/holds"),
    ("get", "/holds/{hold_id}"),
    ("post", "/holds/{hold_id}/release"),
    ("post", "/holds/{hold_id}/review"),
    ("get", "/recordings"),
    ("get", "/recordings/{call_id}"),
    ("post", "/recordings/{call_id}/destroy"),
    ("post", "/sars"),
    ("get", "/sars"),
    ("get", "/sars/{sar_id}"),
    ("post", "/sars/{sar_id}/extend"),
    ("post", "/sars/{sar_id}/pause"),
    ("post", "/sars/{sar_id}/resume"),
    ("post", "/sars/{sar_id}/close"),
    ("post", "/sars/{sar_id}/export"),
    ("post", "/sars/{sar_id}/decisions"),
    ("get", "/sars/{sar_id}/decisions"),
    ("post", "/disclosures"),
    ("get", "/disclosures"),
    ("get", "/disclosures/{disclosure_id}"),
    ("post", "/disclosures/{disclosure_id}/export"),
    ("post", "/disclosures/{disclosure_id}/close"),
    ("post", "/erasures"),
    ("get", "/erasures/{erasure_id}"),
    ("get", "/statistics"),
    ("post", "/restrictions"),
    ("get", "/restrictions"),
    ("get", "/restrictions/{restriction_id}"),
    ("post", "/restrictions/{restriction_id}/lift"),
    ("post", "/complaints"),
    ("get", "/complaints"),
    ("get", "/complaints/{complaint_id}"),
    ("post", "/complaints/{complaint_id}/acknowledge"),
    ("post", "/complaints/{complaint_id}/update"),
    ("post", "/complaints/{complaint_id}/answer"),
    ("post", "/complaints/{complaint_id}/withdraw"),
    ("post", "/requests"),
    ("get", "/requests"),
    ("get", "/requests/{request_id}"),
    ("post", "/requests/{request_id}/extend"),
    ("post", "/requests/{request_id}/pause"),
    ("post", "/requests/{request_id}/resume"),
    ("post", "/requests/{request_id}/decide"),
    ("post", "/requests/{request_id}/erase"),
    ("post", "/requests/{request_id}/close"),
    ("post", "/recordings/search"),
    ("post", "/recordings/{call_id}/purpose"),
    ("post", "/recordings/{call_id}/source"),
}


def test_the_committed_openapi_document_is_current():
    assert DOCUMENT.read_text() == openapi_document(), "stale: run `make openapi`"


def test_the_document_describes_every_route_with_the_apis_own_errors():
    document = json.loads(openapi_document())
    assert {
        (method, path) for path, operations in document["paths"].items() for method in operations
    } == ROUTES
    for operations in document["paths"].values():
        for operation in operations.values():
            assert "422" not in operation["responses"]  # validation errors answer 400
            assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorBody"
            }
    assert document["paths"]["/holds"]["post"]["responses"].keys() >= {"201", "202", "404", "409", "413"}
    assert document["components"]["securitySchemes"]["sigv4"]["in"] == "header"
    assert json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == openapi_document()


def test_check_fails_on_a_stale_document(tmp_path, capsys):
    stale = tmp_path / "openapi.json"
    stale.write_text("{}\n")
    assert main(["--check", "--output", str(stale)]) == 1
    assert "stale" in capsys.readouterr().out
    assert main(["--output", str(stale)]) == 0
    assert main(["--check", "--output", str(stale)]) == 0
