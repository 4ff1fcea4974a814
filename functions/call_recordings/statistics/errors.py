"""What can go wrong with a request for the statistics, in the DPO's terms (the API maps it to an HTTP
status in one place, dpo_api/resolver.py ERRORS)."""


class InvalidStatisticsPeriod(ValueError):
    """Months back to front, or more of them than one request may ask for."""


class MonthNotPublished(Exception):
    """A month that has not ended yet (London time): its statistics are published only once it has
    (DESIGN section 10), so that its figures cannot be watched growing call by call."""

    def __init__(self, month: str, published_from: str) -> None:
        self.month = month
        self.published_from = published_from
        super().__init__(
            f"{month} has not ended: its statistics are published from {published_from} (London), "
            "once, and never change after that"
        )
