"""GET /audit for one recording (``target=recording%23<call_id>``) through the real DPO API handler on
moto: what happened to the recording, in time order, and targets the trail cannot answer refused."""

from tests.integration import holds_fixtures

world = holds_fixtures.world


def test_a_target_whose_hash_was_not_encoded_is_a_400_saying_to_write_it_as_percent_23(world):
    world.seed_recording("C-2")
    # "GET /audit?target=recording#C-2": the client never sends the fragment "#C-2".
    answer = world.call("GET", "/audit", query={"target": "recording"})

    assert (answer.status, answer.error_code) == (400, "invalid-audit-target")
    message = answer.body["error"]["message"]
    assert "%23" in message and "target=recording%23C-2" in message
    assert "received only 'recording'" in message


def test_a_target_of_an_unknown_kind_is_a_400_naming_the_kinds(world):
    answer = world.call("GET", "/audit", query={"target": "widget#X"})

    assert (answer.status, answer.error_code) == (400, "invalid-audit-target")
    assert answer.body["error"]["message"] == (
        "unknown target kind 'widget': the kinds are erasure, hold, recording, restriction, sar"
    )
