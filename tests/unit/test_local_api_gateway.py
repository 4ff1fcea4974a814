"""The local API Gateway stand-in matches a request to a method as API Gateway does."""

from infra.local.api_gateway import matching_method
from infra.local.provision import LocalApiMethod

METHODS = [
    LocalApiMethod("GET", "/holds", "Reports"),
    LocalApiMethod("POST", "/holds", "Casework"),
    LocalApiMethod("GET", "/holds/{hold_id}", "Reports"),
    LocalApiMethod("POST", "/holds/{hold_id}/release", "Casework"),
    LocalApiMethod("GET", "/holds/latest", "Latest"),
    LocalApiMethod("ANY", "/files/{path+}", "Files"),
    LocalApiMethod("GET", "/files/{path+}", "FileReader"),
]


def test_each_method_and_path_reaches_its_method_with_the_path_parameters():
    assert matching_method(METHODS, "GET", "/holds") == (METHODS[0], {})
    assert matching_method(METHODS, "POST", "/holds") == (METHODS[1], {})
    assert matching_method(METHODS, "GET", "/holds/H-1") == (METHODS[2], {"hold_id": "H-1"})
    assert matching_method(METHODS, "POST", "/holds/H-1/release") == (METHODS[3], {"hold_id": "H-1"})


def test_a_literal_segment_wins_over_a_parameter_and_a_method_over_any():
    assert matching_method(METHODS, "GET", "/holds/latest") == (METHODS[4], {})
    assert matching_method(METHODS, "GET", "/files/a/b.wav") == (METHODS[6], {"path": "a/b.wav"})
    assert matching_method(METHODS, "PUT", "/files/a/b.wav") == (METHODS[5], {"path": "a/b.wav"})


def test_a_method_or_path_the_api_does_not_have_matches_nothing():
    assert matching_method(METHODS, "DELETE", "/holds") is None
    assert matching_method(METHODS, "GET", "/holds/H-1/release") is None
    assert matching_method(METHODS, "GET", "/holds/H-1/release/again") is None
    assert matching_method(METHODS, "GET", "/") is None
    assert matching_method(METHODS, "GET", "/files") is None  # {path+} needs at least one segment
