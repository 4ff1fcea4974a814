"""What can go wrong with a request for the statistics, in the DPO's terms (the API maps it to an HTTP
status in one place, dpo_api/resolver.py ERRORS)."""


class InvalidStatisticsPeriod(ValueError):
    """Months back to front, or more of them than one request may ask for."""
