"""The DPO's alerts topic (SNS). An alert names the recording, never the caller or customer."""

from collections.abc import Mapping
from datetime import date
from typing import Any

SUBJECT = "Call recording quarantined: out of policy"


class DpoAlerts:
    def __init__(self, sns_client: Any, topic_arn: str) -> None:
        self._sns = sns_client
        self._topic_arn = topic_arn

    def report_out_of_policy(
        self,
        *,
        call_id: str,
        version_id: str,
        bucket: str,
        object_key: str,
        expires_on: date,
        reasons: Mapping[str, str],
    ) -> str:
        """Tell the DPO a recording was quarantined and why (flag -> meaning); returns the message id."""
        lines = [
            "A call recording was uploaded out of policy. It has been quarantined (access restricted)",
            "and will still be deleted on its expiry date unless a legal hold is placed on it.",
            "",
            f"Call id:    {call_id}",
            f"Version:    {version_id}",
            f"Object:     s3://{bucket}/{object_key}",
            f"Expires on: {expires_on.isoformat()}",
            "",
            "Why:",
            *(f"- {flag}: {meaning}" for flag, meaning in sorted(reasons.items())),
        ]
        response = self._sns.publish(TopicArn=self._topic_arn, Subject=SUBJECT, Message="\n".join(lines))
        return response["MessageId"]
