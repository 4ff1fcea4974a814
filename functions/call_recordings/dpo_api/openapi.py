"""`python -m dpo_api.openapi`: write the DPO API's OpenAPI document, generated from the code, to
docs/openapi.json (pretty, keys sorted, a trailing newline). ``--check`` only says whether it is current.

Request validation errors answer 400 in the API's one error shape (dpo_api.handler), so the 422
responses and schemas Powertools documents for them by default are left out.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.models import APIKey, APIKeyIn

from call_recordings.dpo_api.handler import app

TITLE = "Call recordings: the Data Protection Officer's API"
VERSION = "1.0.0"
DESCRIPTION = (
    "Legal holds, recordings' retention and the audit trail, for the council's Data Protection Officer. "
    "Every request is signed with AWS Signature Version 4 by the DPO role (API Gateway AWS_IAM "
    "authorization); the signing principal is recorded in the audit trail. Errors answer "
    '{"error": {"code": "...", "message": "..."}} with a 4xx status.'
)
DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"

_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_POWERTOOLS_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError", "ResponseValidationError")


def openapi_document() -> str:
    schema: dict[str, Any] = json.loads(
        app.get_openapi_json_schema(
            title=TITLE,
            version=VERSION,
            description=DESCRIPTION,
            security_schemes={
                "sigv4": APIKey(
                    name="Authorization",
                    in_=APIKeyIn.header,
                    description="AWS Signature Version 4, signed by the DPO role for execute-api",
                )
            },
            security=[{"sigv4": []}],
        )
    )
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            operation.get("responses", {}).pop("422", None)
    schemas = schema.get("components", {}).get("schemas", {})
    for name in _POWERTOOLS_VALIDATION_SCHEMAS:
        if f'"#/components/schemas/{name}"' not in json.dumps(schema.get("paths", {})):
            schemas.pop(name, None)
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def operations(resolver: APIGatewayRestResolver) -> list[tuple[str, str]]:
    """Each route `resolver` serves, as (METHOD, path) with its parameters written as the document
    writes them (``/holds/{hold_id}``): what API Gateway must send to the function that runs it."""
    paths = json.loads(resolver.get_openapi_json_schema())["paths"]
    return sorted((key.upper(), path) for path, item in paths.items() for key in item if key in _HTTP_METHODS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed document is stale")
    parser.add_argument("--output", type=Path, default=DOCUMENT)
    arguments = parser.parse_args(argv)
    document = openapi_document()
    if arguments.check:
        current = arguments.output.is_file() and arguments.output.read_text() == document
        print(f"{arguments.output} is {'current' if current else 'stale: run python -m dpo_api.openapi'}")
        return 0 if current else 1
    arguments.output.write_text(document)
    print(f"wrote {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
