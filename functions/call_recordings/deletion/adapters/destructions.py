"""Destructions of out-of-policy captures in the requests table (deletion/destroying.py).

A destruction is one partition of the requests table, like an erasure: its header item
(``item = "request"``, ``kind = "destruction"``) keeps the call id, the reason, the status and counts,
and ``to_destroy``, the versions the DPO API asks the eraser to destroy, written before it is invoked:
the eraser reads them there and acts on nothing else. Never a caller number or customer reference.
"""

from typing import Any

from call_recordings.core.adapters.items import to_item
from call_recordings.core.adapters.requests_table import RequestsTable
from call_recordings.deletion.destruction_records import Destruction

DESTRUCTION_KIND = "destruction"


class DestructionRecords(RequestsTable):
    def create(self, destruction: Destruction) -> None:
        """The header, as the destruction starts (status ``destroying``)."""
        self._dynamodb.put_item(
            TableName=self._table,
            Item=self._destruction_header(destruction),
            ConditionExpression="attribute_not_exists(request_id)",
        )

    def finish(self, destruction: Destruction) -> None:
        """The header with how it ended: the eraser acts on it no more once it is not ``destroying``."""
        self._dynamodb.put_item(TableName=self._table, Item=self._destruction_header(destruction))

    def destruction(self, destruction_id: str) -> Destruction | None:
        header = self._request_header(destruction_id, DESTRUCTION_KIND)
        return None if header is None else Destruction.model_validate(header)

    def _destruction_header(self, destruction: Destruction) -> dict[str, Any]:
        header = self._header(
            destruction.destruction_id, DESTRUCTION_KIND, destruction, created_at="requested_at"
        )
        header["to_destroy"] = [version.model_dump() for version in destruction.to_destroy]
        return to_item(header)
