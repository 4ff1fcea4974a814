"""How the demo's chapters call the DPO API: the proxy event API Gateway would deliver, signed by
the local DPO principal, to the function the template's API sends the route to, run in this process."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infra.local.demo import DemoStory


def dpo_request(
    story: DemoStory, method: str, path: str, body: dict | None = None, *, expect: int | None = None
) -> dict:
    """The API's JSON answer. An error status (or any status other than `expect`) is a problem of
    the story, unless `expect` names that error."""
    response = story.running.call_api(method, path, json.dumps(body).encode() if body else None)
    answer = json.loads(response.get("body") or "{}")
    status = response["statusCode"]
    if (expect is None and status >= 400) or (expect is not None and status != expect):
        story.problems.append(f"{method} {path} answered {status}: {answer}")
    return answer
