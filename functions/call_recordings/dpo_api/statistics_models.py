"""GET /statistics's answer: the published month tables of counts by purpose and source, small
numbers suppressed, each as it was frozen when first published."""

from pydantic import Field

from call_recordings.core.models import BaseModel
from call_recordings.statistics.releases import PUBLICATION, MonthRelease
from call_recordings.statistics.tables import EXCLUSIONS, SUPPRESSION_RULE


class StatisticsReport(BaseModel):
    """Counts of recordings by London month of recording, purpose and source; no personal data.

    Each figure is ``{"count": <int>, "suppressed": false}`` or ``{"count": null, "suppressed": true}``.
    Months are independent tables: no total across months is published. Each month is the release
    frozen when it was first published (``published_at``, ``version``), and never changes.
    """

    from_month: str = Field(description="First month, YYYY-MM")
    to_month: str = Field(description="Last month, YYYY-MM")
    suppression: str = Field(default=SUPPRESSION_RULE, description="How small numbers are suppressed")
    excluded: str = Field(default=EXCLUSIONS, description="What is not counted")
    publication: str = Field(
        default=PUBLICATION, description="When a month is published, and that it is final"
    )
    months: list[MonthRelease]
