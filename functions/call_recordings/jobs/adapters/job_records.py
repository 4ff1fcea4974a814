"""Jobs in the requests table (jobs/records.py says how a job is kept), and the work queue of jobs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from call_recordings.core.adapters.items import dynamodb_numbers, from_item, plain_numbers, to_item
from call_recordings.core.adapters.queue_batches import send_in_batches
from call_recordings.core.adapters.requests_table import BATCH_WRITE_LIMIT, RequestsTable, instant
from call_recordings.core.identifiers import HOLD_REQUEST_ITEM
from call_recordings.core.tables import REQUESTS
from call_recordings.jobs.records import (
    JOB_KIND,
    RESULT_ITEM_PREFIX,
    Job,
    JobMessage,
    JobStatus,
    batch_item,
    result_item,
)

# A batch's work and its results, each kept as one JSON text: a hundred rows of nested values as a
# DynamoDB map cost a type descriptor per value to write and to read; as text, one string.
WORK = "work_json"
ROWS = "rows_json"


def _listed(item: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The rows kept under ``name``; a job written before they were text kept them as a map."""
    if name in item:
        return json.loads(item[name]["S"])
    return plain_numbers(from_item(item)[name.removesuffix("_json")])


class JobsNotQueued(Exception):
    """Some of a job's messages could not be sent to the work queue."""


class JobRecords(RequestsTable):
    def create(self, job: Job, batches: Sequence[Sequence[dict[str, Any]]]) -> None:
        """Each batch's work, then the header (only if no job has its id): a job that can be read has
        all its batches."""
        items = [
            {
                "PutRequest": {
                    "Item": REQUESTS.key(job.job_id, batch_item(number))
                    | {WORK: {"S": json.dumps(list(work), separators=(",", ":"))}}
                }
            }
            for number, work in enumerate(batches, start=1)
        ]
        for start in range(0, len(items), BATCH_WRITE_LIMIT):
            self._batch_write(items[start : start + BATCH_WRITE_LIMIT])
        header = {"request_id": job.job_id, "item": HOLD_REQUEST_ITEM, "kind": JOB_KIND} | {
            "created_at": instant(job.requested_at)
        }
        plain = job.model_dump(mode="json", exclude_none=True, exclude={"kind"}) | {
            "job_kind": job.kind.value,  # "kind" is the header's, for the by-kind index
            "plan": dynamodb_numbers(job.plan),
        }
        self._dynamodb.put_item(
            TableName=self._table,
            Item=to_item(header | plain),
            ConditionExpression="attribute_not_exists(request_id)",
        )

    def job(self, job_id: str) -> Job | None:
        header = self._request_header(job_id, JOB_KIND)
        return None if header is None else _job(header)

    def batch(self, job_id: str, batch: int) -> list[dict[str, Any]] | None:
        """What one batch works on, as the job's record lists it; None if the record has no such batch."""
        response = self._dynamodb.get_item(
            TableName=self._table, Key=REQUESTS.key(job_id, batch_item(batch)), ConsistentRead=True
        )
        item = response.get("Item")
        return None if item is None else _listed(item, WORK)

    def record_result(self, job_id: str, batch: int, rows: Sequence[dict[str, Any]]) -> None:
        """What came of one batch (written again, the same, if the batch is worked twice)."""
        self._dynamodb.put_item(
            TableName=self._table,
            Item=REQUESTS.key(job_id, result_item(batch))
            | {ROWS: {"S": json.dumps(list(rows), separators=(",", ":"))}},
        )

    def results(self, job_id: str) -> list[dict[str, Any]]:
        """Every batch's results, in batch order (one query, paged)."""
        rows: list[dict[str, Any]] = []
        start: dict | None = None
        while True:
            page = self._query(
                {
                    "KeyConditionExpression": "request_id = :job AND begins_with(#item, :prefix)",
                    "ExpressionAttributeNames": {"#item": "item"},
                    "ExpressionAttributeValues": {
                        ":job": {"S": job_id},
                        ":prefix": {"S": RESULT_ITEM_PREFIX},
                    },
                    "ConsistentRead": True,
                },
                start,
            )
            for item in page.get("Items", []):
                rows.extend(_listed(item, ROWS))
            start = page.get("LastEvaluatedKey")
            if not start:
                return rows

    def count(self, job_id: str, batch: int, done: int, now: datetime) -> Job | None:
        """Add a finished batch's items to the job, once per batch; the job afterwards, or None when the
        batch was counted already or the job is over."""
        item = self._update_header(
            job_id,
            update="ADD #counted :batches, #done :done SET worked_at = :now",
            condition="#status = :running AND NOT contains(#counted, :batch)",
            names={"#counted": "counted", "#done": "done", "#status": "status"},
            values={
                ":batches": {"SS": [str(batch)]},
                ":batch": {"S": str(batch)},
                ":done": {"N": str(done)},
                ":now": {"S": instant(now)},
                ":running": {"S": JobStatus.RUNNING.value},
            },
        )
        return None if item is None else _job(self._plain(item))

    def claim_finish(self, job_id: str, *, now: datetime, stale_before: datetime) -> bool:
        """Claim the finishing of a running job: False while another delivery's claim is fresh."""
        return (
            self._update_header(
                job_id,
                update="SET finishing_at = :now",
                condition=(
                    "#status = :running AND (attribute_not_exists(finishing_at) OR finishing_at < :stale)"
                ),
                names={"#status": "status"},
                values={
                    ":now": {"S": instant(now)},
                    ":stale": {"S": instant(stale_before)},
                    ":running": {"S": JobStatus.RUNNING.value},
                },
            )
            is not None
        )

    def end(self, job_id: str, status: JobStatus, now: datetime, *, error: str | None = None) -> bool:
        """The job is done or failed; False if it had ended already (another delivery ended it)."""
        values: dict[str, Any] = {
            ":status": {"S": status.value},
            ":now": {"S": instant(now)},
            ":running": {"S": JobStatus.RUNNING.value},
        }
        update = "SET #status = :status, finished_at = :now"
        if error:
            update += ", #error = :error"
            values[":error"] = {"S": error[:1000]}
        return (
            self._update_header(
                job_id,
                update=update,
                condition="#status = :running",
                names={"#status": "status"} | ({"#error": "error"} if error else {}),
                values=values,
            )
            is not None
        )

    def jobs(
        self, *, status: JobStatus | None, limit: int, token: str | None
    ) -> tuple[list[Job], str | None]:
        """Jobs newest first, of one status or all: a page and the next page's token."""
        return self._of_kind(
            JOB_KIND,
            lambda item: _job(self._plain(item)),
            statuses=[status.value] if status else None,
            limit=limit,
            token=token,
        )


class JobQueue:
    def __init__(self, sqs_client: Any, queue_url: str) -> None:
        self._sqs = sqs_client
        self._queue_url = queue_url

    def enqueue(self, messages: Sequence[JobMessage]) -> None:
        """Send every message, ten to a call; entries SQS refuses are sent again, then it raises."""
        if refused := send_in_batches(
            self._sqs, self._queue_url, [each.model_dump_json() for each in messages]
        ):
            raise JobsNotQueued(f"{refused} job message(s) were refused by the work queue")


def _job(plain: dict[str, Any]) -> Job:
    return Job.model_validate(
        plain
        | {
            "kind": plain["job_kind"],
            "counted": frozenset(int(each) for each in plain.get("counted", ())),
            "plan": plain_numbers(plain.get("plan", {})),
        }
    )
