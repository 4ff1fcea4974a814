"""What the DPO API answers about jobs when something is wrong."""

from call_recordings.core.errors import RequestError


class JobNotFound(RequestError):
    def __init__(self, job_id: str) -> None:
        super().__init__(f"job {job_id} does not exist")
