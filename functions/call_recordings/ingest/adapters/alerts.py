"""The DPO's alerts topic (SNS). An alert names the recording, never the caller or customer.

An alert leaves the perimeter (an e-mail), so it names the recording by call id and version, which is
all the DPO needs to act (GET /recordings/{call_id}, a hold), and its object key only by its keyed
reference (core.object_keys): a key may carry personal data. The registry item keeps the key itself.

A quarantined recording breaks a promise of the privacy notice (card details, the officer's leg of a
transferred call), so its alert says how to destroy it at once: the route, and the same call through
docs/dpo_api_client.py, with the quarantine flag as the reason (deletion/destroying.py).
"""

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from call_recordings.core.vocabulary import QUARANTINE_FLAGS

SUBJECT = "Call recording quarantined: out of policy"
REVIEW_SUBJECT = "Call recording flagged for review"


class DpoAlerts:
    def __init__(self, sns_client: Any, topic_arn: str) -> None:
        self._sns = sns_client
        self._topic_arn = topic_arn

    def report_flagged(
        self,
        *,
        call_id: str,
        version_id: str,
        bucket: str,
        key_reference: str,
        due_on: date,
        quarantined: bool,
        reasons: Mapping[str, str],
    ) -> str:
        """Tell the DPO a recording was quarantined, or flagged for their review, and why (flag ->
        meaning); returns the message id."""
        if quarantined:
            subject = SUBJECT
            opening = [
                "A call recording was uploaded out of policy. It has been quarantined (access restricted)",
                "and will be deleted on its due date unless a legal hold is placed on it, or the DPO",
                "destroys it sooner (below).",
            ]
        else:
            subject = REVIEW_SUBJECT
            opening = [
                "A call recording was uploaded with something the DPO should check. It is kept as usual",
                "and will be deleted on its due date unless a legal hold is placed on it.",
            ]
        lines = [
            *opening,
            "",
            f"Call id:    {call_id}",
            f"Version:    {version_id}",
            f"Object:     in {bucket}, key {key_reference} (the registry item of this call id and version",
            "            holds the key itself)",
            f"Due on:     {due_on.isoformat()}",
            "",
            "Why:",
            *(f"- {flag}: {meaning}" for flag, meaning in sorted(reasons.items())),
            *(destruction_instructions(call_id, reasons) if quarantined else []),
        ]
        response = self._sns.publish(TopicArn=self._topic_arn, Subject=subject, Message="\n".join(lines))
        return response["MessageId"]


def destruction_instructions(call_id: str, flags: Iterable[str]) -> list[str]:
    """How the DPO destroys this capture at once: the route, with the quarantine flag as the reason, and
    the same request through docs/dpo_api_client.py (signed with the DPO role's credentials)."""
    reason = min(QUARANTINE_FLAGS & set(flags))
    route = f"/recordings/{call_id}/destroy"
    body = json.dumps({"reason": reason})
    return [
        "",
        "The privacy notice says this is never recorded. To destroy it at once (every version of this",
        "call id, deleted from S3 and the registry, audited with the reason; refused while a hold or",
        "restriction keeps it), as the DPO role:",
        f"  POST {route}  {body}",
        f"  python docs/dpo_api_client.py <DPO API URL> POST {route} '{body}'",
    ]
