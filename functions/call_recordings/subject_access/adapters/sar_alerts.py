"""The DPO's alerts topic (SNS), as the SAR reminders use it: one message a day, naming SAR ids only."""

from typing import Any

SNS_SUBJECT_LIMIT = 100  # characters, ASCII


class SarAlerts:
    def __init__(self, sns_client: Any, topic_arn: str) -> None:
        self._sns = sns_client
        self._topic_arn = topic_arn

    def send_reminder(self, subject: str, body: str) -> str:
        """Publish the day's reminder (e-mailed to the DPO); the message id."""
        response = self._sns.publish(
            TopicArn=self._topic_arn, Subject=subject[:SNS_SUBJECT_LIMIT], Message=body
        )
        return response["MessageId"]
