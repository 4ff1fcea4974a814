"""What can go wrong with an outside disclosure, in the DPO's terms. The API maps each to an HTTP status
in one place (dpo_api/resolver.py ERRORS)."""


class OutsideDisclosureError(Exception):
    """A request about an outside disclosure that cannot be done as asked."""


class DisclosureNotFound(OutsideDisclosureError):
    def __init__(self, disclosure_id: str) -> None:
        super().__init__(f"outside disclosure {disclosure_id} does not exist")


class DisclosureClosed(OutsideDisclosureError):
    """A closed disclosure changes no more: its preservation is released."""

    def __init__(self, disclosure_id: str, what: str) -> None:
        super().__init__(f"outside disclosure {disclosure_id} is closed: it cannot {what}")


class DisclosureStillPreserving(OutsideDisclosureError):
    """A large disclosure's preservation hold is still being placed through the work queue."""

    def __init__(self, disclosure_id: str, hold_id: str, held: int, total: int) -> None:
        super().__init__(
            f"outside disclosure {disclosure_id} cannot be closed yet: its preservation hold {hold_id} is "
            f"still being placed ({held} of {total} recordings held); close it once GET /holds/{hold_id} "
            "says active"
        )
