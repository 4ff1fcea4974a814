"""The published months as one flat CSV table, for a spreadsheet: a header line, then one line per
figure (month, purpose, source, count), totals included under ``all``; a suppressed figure reads
``suppressed``. The same figures as the JSON answer, nothing more."""

import csv
import io
from collections.abc import Iterable

from call_recordings.statistics.releases import MonthRelease
from call_recordings.statistics.tables import Figure

ALL = "all"  # the purpose or source of a total
HEADER = ("month", "purpose", "source", "count", "published_at", "version")
SUPPRESSED = "suppressed"


def as_csv(months: Iterable[MonthRelease]) -> str:
    """RFC 4180 CSV (CRLF line ends): each month's cells, its totals by purpose and by source, and its
    total, in that order."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADER)
    for release in months:
        # published_at written as the JSON answer writes it, so both answers say the same
        published = (
            release.model_dump(mode="json", include={"published_at"})["published_at"],
            release.version,
        )
        for purpose, by_source in release.by_purpose_and_source.items():
            for source, figure in by_source.items():
                writer.writerow((release.month, purpose, source, _shown(figure), *published))
        for purpose, figure in release.by_purpose.items():
            writer.writerow((release.month, purpose, ALL, _shown(figure), *published))
        for source, figure in release.by_source.items():
            writer.writerow((release.month, ALL, source, _shown(figure), *published))
        writer.writerow((release.month, ALL, ALL, _shown(release.total), *published))
    return text.getvalue()


def _shown(figure: Figure) -> str | int:
    return SUPPRESSED if figure.suppressed or figure.count is None else figure.count
