"""A SAR record built for domain tests: received on a day, its due date from its own clock."""

from datetime import UTC, date, datetime

from call_recordings.core.hold_selection import HoldSelection
from call_recordings.subject_access.records import SarStatus, SubjectAccessRequest, new_sar_id

OPENED = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def sar_received_on(received_on: date, status: SarStatus = SarStatus.OPEN, **fields) -> SubjectAccessRequest:
    sar = SubjectAccessRequest(
        sar_id=new_sar_id(OPENED),
        status=status,
        received_on=received_on,
        due_on=date(2000, 1, 1),
        selection=HoldSelection(by="subject", identifiers=("caller number",)),
        total=0,
        opened_by="arn:aws:sts::123456789012:assumed-role/DpoRole/jane.smith",
        opened_at=OPENED,
        **fields,
    )
    return sar.model_copy(update={"due_on": sar.clock().due_on})
