"""GET /statistics's answer: month tables of counts by purpose and source, small numbers suppressed."""

from pydantic import BaseModel, Field

from call_recordings.statistics.tables import EXCLUSIONS, SUPPRESSION_RULE, MonthTable


class StatisticsReport(BaseModel):
    """Counts of recordings by London month of recording, purpose and source; no personal data.

    Each figure is ``{"count": <int>, "suppressed": false}`` or ``{"count": null, "suppressed": true}``.
    Months are independent tables: no total across months is published.
    """

    from_month: str = Field(description="First month, YYYY-MM")
    to_month: str = Field(description="Last month, YYYY-MM")
    suppression: str = Field(default=SUPPRESSION_RULE, description="How small numbers are suppressed")
    excluded: str = Field(default=EXCLUSIONS, description="What is not counted")
    months: list[MonthTable]
