"""What can go wrong with a complaint, in the DPO's terms. The API maps each to an HTTP status in one
place (dpo_api/resolver.py ERRORS). No message repeats a complainant's identifiers or summary."""

from datetime import date


class ComplaintError(Exception):
    """A request about a complaint that cannot be done as asked."""


class ComplaintNotFound(ComplaintError):
    def __init__(self, complaint_id: str) -> None:
        super().__init__(f"complaint {complaint_id} does not exist")


class ComplaintDateInFuture(ComplaintError):
    """A date of something done (acknowledged, kept informed, answered, withdrawn) that is after today."""

    def __init__(self, what: str, on: date, today: date) -> None:
        super().__init__(f"{what} cannot be {on}, after today ({today}, London)")


class ComplaintDateBeforeReceipt(ComplaintError):
    """Nothing is done about a complaint before it was received, nor answered before it was acknowledged."""

    def __init__(self, what: str, on: date, earliest: date, because: str) -> None:
        super().__init__(f"{what} cannot be {on}, before {because} ({earliest})")


class ComplaintAlreadyAcknowledged(ComplaintError):
    def __init__(self, complaint_id: str, acknowledged_on: date) -> None:
        super().__init__(f"complaint {complaint_id} was already acknowledged on {acknowledged_on}")


class ComplaintNotAcknowledged(ComplaintError):
    """An answer given after the 30 days cannot stand as the acknowledgement (ICO): acknowledge first,
    on the day it was acknowledged."""

    def __init__(self, complaint_id: str, answered_on: date, due_on: date) -> None:
        super().__init__(
            f"complaint {complaint_id} has not been acknowledged, and an answer on {answered_on} is after "
            f"its acknowledgement was due ({due_on}), so it cannot stand as the acknowledgement (DPA 2018 "
            f"s.164A(3)); record the acknowledgement first (POST /complaints/{complaint_id}/acknowledge)"
        )


class ComplaintClosed(ComplaintError):
    """An answered or withdrawn complaint changes no more."""

    def __init__(self, complaint_id: str, status: str, what: str) -> None:
        super().__init__(f"complaint {complaint_id} is {status}: it cannot {what}")


class IcoRightNotStated(ComplaintError):
    """s.164A and the notice: the answer says whether the person was told of their right to go to the
    ICO; an answer that does not say is refused."""

    def __init__(self) -> None:
        super().__init__(
            "say whether the complainant was told of their right to complain to the Information "
            "Commissioner's Office (told_of_ico_right: true or false)"
        )


class ComplaintChangedConcurrently(ComplaintError):
    def __init__(self, complaint_id: str) -> None:
        super().__init__(
            f"complaint {complaint_id} was changed by another request at the same time; read it again "
            f"(GET /complaints/{complaint_id}) and repeat the change if it still applies"
        )
