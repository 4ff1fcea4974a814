"""The parameters that route modules share: the query parameters of a paged list or report (how many
items at most, and where the page starts), and the ids of a SAR, of a rights request and of an
outside disclosure, which routes of several functions take (the reports', the casework functions' and
the disclosure and erasure function's); the ids' shapes are core.identifiers', so that naming one imports
no request's record."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from call_recordings.core.identifiers import DISCLOSURE_ID_PATTERN, RIGHTS_REQUEST_ID_PATTERN, SAR_ID_PATTERN

SarId = Annotated[str, Path(pattern=SAR_ID_PATTERN, description="e.g. S-20261128-3F9A1C2B7D")]
DisclosureId = Annotated[str, Path(pattern=DISCLOSURE_ID_PATTERN, description="e.g. D-20261128-3F9A1C2B7D")]
Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many items")]
NextToken = Annotated[str | None, Query(max_length=4096, description="From the previous page")]
RightsRequestId = Annotated[
    str, Path(pattern=RIGHTS_REQUEST_ID_PATTERN, description="e.g. Q-20261128-3F9A1C2B7D")
]
