"""The request bodies of POST /recordings/{call_id}/purpose and /source: the new value (one of the
privacy notice's, never ``unspecified``), the reason, and optionally the one version concerned."""

from typing import Annotated

from pydantic import AfterValidator, Field, WithJsonSchema

from call_recordings.core.models import BaseModel
from call_recordings.core.vocabulary import Purpose, Source
from call_recordings.dpo_api.inputs import Reason
from call_recordings.dpo_api.request_models import STRICT

_DECLARED_PURPOSES = [purpose.value for purpose in Purpose if purpose is not Purpose.UNSPECIFIED]
_DECLARED_SOURCES = [source.value for source in Source if source is not Source.UNSPECIFIED]


def _not_unspecified(value: Purpose | Source) -> Purpose | Source:
    if value == "unspecified":
        raise ValueError(
            "'unspecified' is the system's to assign, not a correction: name one of the notice's"
        )
    return value


VersionId = Annotated[
    str | None,
    Field(
        default=None,
        min_length=1,
        max_length=1024,
        description="One version of the recording only; by default every live version of the call id",
    ),
]


class RepurposeRequest(BaseModel):
    model_config = STRICT

    purpose: Annotated[
        Purpose,
        AfterValidator(_not_unspecified),
        WithJsonSchema({"type": "string", "enum": _DECLARED_PURPOSES}),
        Field(description="One of the privacy notice's four purposes"),
    ]
    reason: Reason
    version_id: VersionId = None


class CorrectSourceRequest(BaseModel):
    model_config = STRICT

    source: Annotated[
        Source,
        AfterValidator(_not_unspecified),
        WithJsonSchema({"type": "string", "enum": _DECLARED_SOURCES}),
        Field(description="One of the privacy notice's four sources"),
    ]
    reason: Reason
    version_id: VersionId = None
