"""GET /requests/{request_id} and POST /requests/{request_id}/erase: a rights request's report, with what
its erasure did to each recording version."""

from pydantic import Field

from call_recordings.core.defaults import no_items
from call_recordings.deletion.erasure_records import ErasedVersion
from call_recordings.dpo_api.rights_models import RightsRequestSummary


class RightsRequestReport(RightsRequestSummary):
    """One request, with what its erasure did to each recording version."""

    erased_recordings: list[ErasedVersion] = Field(
        default_factory=no_items,
        description="The erasure's versions: erased, refused (with each hold and its ground) or failed",
    )
