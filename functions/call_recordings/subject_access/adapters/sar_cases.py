"""Subject access requests in the requests table (adapters/casework.py describes the table): one
partition per SAR, its header item (``item = "request"``, ``kind = "sar"`` for the ``by-kind`` index)
and one item per recording version it matched (``item = "recording#<call_id>#<version_id>"``).

The header is written whole and only over the revision it was read at (``revision``), so that two
changes made at the same moment cannot both be saved; the loser is told and tries again.
"""

from collections.abc import Callable, Sequence
from typing import Any

from call_recordings.core.adapters.items import from_item, to_item
from call_recordings.core.adapters.requests_table import RequestsTable, instant
from call_recordings.core.errors import InvalidPageToken
from call_recordings.core.identifiers import HOLD_REQUEST_ITEM, RECORDING_ITEM_PREFIX, recording_item
from call_recordings.core.paging import page_position, page_token
from call_recordings.core.tables import REQUESTS
from call_recordings.core.versions import RecordingVersion
from call_recordings.subject_access.decisions import RecordingDecision
from call_recordings.subject_access.records import SAR_KIND, SarStatus, SubjectAccessRequest

RECORDINGS_PAGE = 1000


class SarCases(RequestsTable):
    def create(self, sar: SubjectAccessRequest, versions: Sequence[RecordingVersion]) -> bool:
        """Write the SAR's recording items, then its header; False if a SAR with its id exists already."""
        return self._create_request(self._sar_header(sar), versions)

    def save(self, sar: SubjectAccessRequest, *, expected_revision: int) -> bool:
        """Replace the header with ``sar`` only if it is still at ``expected_revision``; False otherwise."""
        try:
            self._dynamodb.put_item(
                TableName=self._table,
                Item=to_item(self._sar_header(sar)),
                ConditionExpression="#kind = :sar AND #revision = :expected",
                ExpressionAttributeNames={"#kind": "kind", "#revision": "revision"},
                ExpressionAttributeValues={
                    ":sar": {"S": SAR_KIND},
                    ":expected": {"N": str(expected_revision)},
                },
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def sar(self, sar_id: str) -> SubjectAccessRequest | None:
        response = self._dynamodb.get_item(
            TableName=self._table,
            Key=REQUESTS.key(sar_id, HOLD_REQUEST_ITEM),
            ConsistentRead=True,
        )
        item = response.get("Item")
        return self._sar(item) if item and item.get("kind", {}).get("S") == SAR_KIND else None

    def sars(
        self,
        *,
        statuses: Sequence[SarStatus] | None,
        keep: Callable[[SubjectAccessRequest], bool] | None = None,
        limit: int,
        token: str | None,
    ) -> tuple[list[SubjectAccessRequest], str | None]:
        """SARs newest first (the ``by-kind`` index), in ``statuses`` and passing ``keep``; a page of at
        most ``limit`` and the next page's token."""
        return self._of_kind(SAR_KIND, self._sar, statuses=statuses, keep=keep, limit=limit, token=token)

    def outstanding(self) -> list[SubjectAccessRequest]:
        """Every SAR still open or paused (the reminders read them all, once a day)."""
        return self._all_of_kind(SAR_KIND, self._sar, (SarStatus.OPEN, SarStatus.PAUSED))

    def sar_recordings(
        self, sar_id: str, *, limit: int, token: str | None
    ) -> tuple[list[RecordingVersion], str | None]:
        """A page of the recording versions a SAR matched, in call id order, and the next page's token."""
        start = page_position(token)
        if start is not None and (
            set(start) != {"request_id", "item"} or start["request_id"] != {"S": sar_id}
        ):
            raise InvalidPageToken()
        page = self._query(
            {
                "KeyConditionExpression": "request_id = :sar AND begins_with(#item, :prefix)",
                "ExpressionAttributeNames": {"#item": "item"},
                "ExpressionAttributeValues": {":sar": {"S": sar_id}, ":prefix": {"S": RECORDING_ITEM_PREFIX}},
                "Limit": limit,
            },
            start,
        )
        versions = [RecordingVersion.model_validate(from_item(item)) for item in page.get("Items", [])]
        return versions, page_token(page.get("LastEvaluatedKey"))

    def all_sar_recordings(self, sar_id: str) -> list[RecordingVersion]:
        versions: list[RecordingVersion] = []
        token = None
        while True:
            page, token = self.sar_recordings(sar_id, limit=RECORDINGS_PAGE, token=token)
            versions.extend(page)
            if token is None:
                return versions

    def record_decision(self, sar_id: str, decision: RecordingDecision) -> bool:
        """Keep the DPO's decision on the SAR's item for that version; False if the SAR did not match it."""
        values = {
            ":decision": {"S": decision.decision.value},
            ":by": {"S": decision.decided_by},
            ":at": {"S": instant(decision.decided_at)},
        }
        update = "SET decision = :decision, decided_by = :by, decided_at = :at"
        if decision.exemption is not None:
            update += ", exemption = :exemption"
            values[":exemption"] = {"S": decision.exemption.value}
        else:
            update += " REMOVE exemption"
        try:
            self._dynamodb.update_item(
                TableName=self._table,
                Key=REQUESTS.key(sar_id, recording_item(decision.call_id, decision.version_id)),
                UpdateExpression=update,
                ConditionExpression="attribute_exists(request_id)",
                ExpressionAttributeValues=values,
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def decisions(self, sar_id: str) -> dict[tuple[str, str], RecordingDecision]:
        """The decisions recorded on the SAR's recording items, by version."""
        return self.matched_and_decided(sar_id)[1]

    def matched_and_decided(
        self, sar_id: str
    ) -> tuple[list[RecordingVersion], dict[tuple[str, str], RecordingDecision]]:
        """Every version the SAR matched, in call id order, and the decisions recorded on them, by version:
        both from one read of its recording items."""
        matched: list[RecordingVersion] = []
        found: dict[tuple[str, str], RecordingDecision] = {}
        start = None
        while True:
            page = self._query(
                {
                    "KeyConditionExpression": "request_id = :sar AND begins_with(#item, :prefix)",
                    "ExpressionAttributeNames": {"#item": "item"},
                    "ExpressionAttributeValues": {
                        ":sar": {"S": sar_id},
                        ":prefix": {"S": RECORDING_ITEM_PREFIX},
                    },
                },
                start,
            )
            for item in page.get("Items", []):
                plain = from_item(item)
                matched.append(RecordingVersion.model_validate(plain))
                if "decision" in plain:
                    decision = RecordingDecision.model_validate(plain)
                    found[decision.key] = decision
            start = page.get("LastEvaluatedKey")
            if not start:
                return matched, found

    # ------------------------------------------------------------------------------------------------

    def _sar_header(self, sar: SubjectAccessRequest) -> dict[str, Any]:
        return self._header(sar.sar_id, SAR_KIND, sar, created_at="opened_at")

    def _sar(self, item: dict[str, Any]) -> SubjectAccessRequest:
        return SubjectAccessRequest.model_validate(self._plain(item))
