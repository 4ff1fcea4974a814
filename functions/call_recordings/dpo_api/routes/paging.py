"""The query parameters of a paged list or report: how many items at most, and where the page starts."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many items")]
NextToken = Annotated[str | None, Query(max_length=4096, description="From the previous page")]
