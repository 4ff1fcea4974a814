"""Reading a complaint (which the changes read through too): apart from the changes (complaining.py and
its rules), so that the reports function, which only shows complaints, imports none of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from call_recordings.complaints.errors import ComplaintNotFound

if TYPE_CHECKING:
    from call_recordings.complaints.dependencies import ComplaintsDependencies
    from call_recordings.complaints.records import Complaint


def get_complaint(complaint_id: str, deps: ComplaintsDependencies) -> Complaint:
    complaint = deps.records.complaint(complaint_id)
    if complaint is None:
        raise ComplaintNotFound(complaint_id)
    return complaint
