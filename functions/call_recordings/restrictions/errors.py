"""What can go wrong with a restriction. The API maps each to an HTTP status (dpo_api/handler.py)."""


class RestrictionError(Exception):
    """A request about a restriction that cannot be done as asked."""


class RestrictionNotFound(RestrictionError):
    def __init__(self, restriction_id: str) -> None:
        super().__init__(f"restriction {restriction_id} does not exist")


class RestrictionAlreadyLifted(RestrictionError):
    def __init__(self, restriction_id: str) -> None:
        super().__init__(f"restriction {restriction_id} is already lifted")


class SubjectNotYetTold(RestrictionError):
    """Art 18(3): the person is told before the restriction is lifted: the date cannot be after today."""

    def __init__(self, told_on: str, today: str) -> None:
        super().__init__(
            f"subject_told_on ({told_on}) is after today ({today}, London): UK GDPR Art 18(3) requires "
            "the person to be told before the restriction is lifted"
        )


class RestrictionStillPlacing(RestrictionError):
    """A large restriction's hold is still being placed through the work queue: lift it once every
    recording is held."""

    def __init__(self, restriction_id: str, held: int, total: int) -> None:
        progress = f" ({held} of {total} recordings held)" if total else ""
        super().__init__(
            f"restriction {restriction_id} is still being placed{progress}; lift it once every recording "
            "is held (GET /holds/{hold_id} shows the progress)"
        )
