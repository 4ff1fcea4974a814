"""The jobs' worker: each message of the work queue is one batch of a job (jobs/running.py), taken by
the disclosure function, whose privilege the work needs. A message whose work raised is retried (partial
batch failure: the others are not), then dead-lettered, and the dead-letter queue's alarm tells the DPO.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from call_recordings.core.observability import logger
from call_recordings.dpo_api.dependencies import DEPENDENCY_OVERRIDES, jobs_dependencies
from call_recordings.jobs.records import JobMessage
from call_recordings.jobs.running import work_on

processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def work_on_record(record: SQSRecord) -> None:
    message = JobMessage.model_validate_json(record.body)
    job = work_on(message, DEPENDENCY_OVERRIDES.get(jobs_dependencies, jobs_dependencies)())
    fields = {"job_id": message.job_id, "batch": message.batch}
    if job is None:
        # Never retried: the job's record will not bear it out later either.
        logger.warning("Job message refused: the job's record does not list it", extra=fields)
        return
    logger.info(
        "Job batch done",
        extra=fields | {"status": job.status.value, "done": job.done, "total": job.total},
    )


def work_on_queue_batch(event: dict, context: Any) -> dict:
    return process_partial_response(
        event=event, record_handler=work_on_record, processor=processor, context=context
    )
