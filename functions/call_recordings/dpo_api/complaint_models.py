"""The answers of /complaints (DPA 2018 s.164A): a complaint with its acknowledgement clock, and the
list of them. Every complaint shows the ICO's contact details as the privacy notice gives them, so the
DPO can tell the complainant of their right to go to the ICO in the notice's words. Their request
bodies are in ``complaint_requests``."""

from datetime import date

from pydantic import Field

from call_recordings.complaints.records import Complaint, ComplaintFields, ProgressUpdate
from call_recordings.core.models import BaseModel
from call_recordings.core.notes import concealed, is_sealed
from call_recordings.core.notice import ICO_ADDRESS, ICO_TELEPHONE, ICO_WEBSITE, NOTICE_COMPLAINT


class IcoContact(BaseModel):
    """The right to complain to the Information Commissioner's Office, in the privacy notice's words."""

    right: str = NOTICE_COMPLAINT
    telephone: str = ICO_TELEPHONE
    website: str = ICO_WEBSITE
    address: tuple[str, ...] = ICO_ADDRESS


class ComplaintView(ComplaintFields):
    """A complaint, its acknowledgement's due date and how it stands today (London). In a list its
    summary and notes are null (they stay sealed); the complaint's own report opens them."""

    under_s164a: bool = Field(description="Received on or after 19 June 2026 (DPA 2018 s.164A in force)")
    acknowledgement_due_on: date = Field(
        description="30 days beginning the day after receipt; a weekend or bank holiday moves it to the "
        "next working day (s.164A(3), ICO)"
    )
    acknowledgement_overdue: bool
    acknowledgement_working_days_left: int | None = Field(
        description="Negative exactly when overdue; null once acknowledged or withdrawn"
    )
    acknowledged_late: bool
    ico: IcoContact = IcoContact()

    @classmethod
    def of(cls, complaint: Complaint, today: date) -> "ComplaintView":
        shown = concealed(complaint)
        updates = tuple(
            update.model_copy(update={"note": None}) if is_sealed(update.note) else update
            for update in shown.updates
        )
        return cls(
            **dict(shown) | {"updates": updates},
            under_s164a=complaint.under_s164a,
            acknowledgement_due_on=complaint.acknowledgement_due_on,
            acknowledgement_overdue=complaint.acknowledgement_overdue(today),
            acknowledgement_working_days_left=complaint.acknowledgement_working_days_left(today),
            acknowledged_late=complaint.acknowledged_late,
        )


class ComplaintList(BaseModel):
    complaints: list[ComplaintView]
    next_token: str | None = None


__all__ = ["ComplaintList", "ComplaintView", "IcoContact", "ProgressUpdate"]
