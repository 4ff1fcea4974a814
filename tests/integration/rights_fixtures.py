"""Rights requests through the DPO API as the DPO makes them (POST /requests), and the "decide" steps
that carry out an erasure or a restriction (POST /erasures, POST /restrictions), which since issue 15 must
name an open request of the right kind: the helpers open one first, as the DPO does when a request arrives.
"""

from typing import Any

from tests.integration.holds_fixtures import ApiAnswer, World

RECEIVED_ON = "2026-11-20"  # before every world's today (the suite's SUITE_NOW, the SAR world's days)


def open_request(world: World, kind: str, **body: Any) -> ApiAnswer:
    """POST /requests: ``body`` names ``subject`` or ``call_ids`` and what the kind needs."""
    options = {name: body.pop(name) for name in ("principal",) if name in body}
    return world.call("POST", "/requests", body={"kind": kind, "received_on": RECEIVED_ON, **body}, **options)


def restrict(world: World, body: dict[str, Any], *, kind: str = "restriction", **options: Any) -> ApiAnswer:
    """What POST /restrictions did before issue 15, in two steps: a restriction request naming the same
    subject or call ids, then POST /restrictions deciding it with ``grounds`` (and ``note``)."""
    named = {name: body[name] for name in ("subject", "call_ids") if name in body}
    if kind == "objection":
        named["objection"] = "objects to the recording being kept"
    opened = open_request(world, kind, **named)
    if opened.status != 201:
        return opened
    decision = {name: body[name] for name in ("grounds", "note") if name in body}
    return world.call(
        "POST", "/restrictions", body={"request_id": opened.body["request_id"], **decision}, **options
    )


def erase(world: World, subject: dict[str, Any], **options: Any) -> ApiAnswer:
    """What POST /erasures did before issue 15: an erasure request for ``subject``, then POST /erasures
    deciding it (``note`` goes with the decision)."""
    opened = open_request(world, "erasure", subject=subject)
    if opened.status != 201:
        return opened
    decision = {name: options.pop(name) for name in ("note",) if name in options}
    return world.call(
        "POST", "/erasures", body={"request_id": opened.body["request_id"], **decision}, **options
    )
