"""What can go wrong with a subject access request, in the DPO's terms. The API maps each to an HTTP
status in one place (dpo_api/handler.py ERRORS). No message repeats a caller number or customer
reference. The clock's own errors (rights/clock.py, ClockError) are mapped there too, and
so are a disclosure package's (DisclosureError)."""

from datetime import date


class SarError(Exception):
    """A request about a SAR that cannot be done as asked."""


class SarNotFound(SarError):
    def __init__(self, sar_id: str) -> None:
        self.sar_id = sar_id
        super().__init__(f"subject access request {sar_id} does not exist")


class SarClosed(SarError):
    """A closed SAR changes no more: its clock, its preservation and its disclosure are over."""

    def __init__(self, sar_id: str, what: str) -> None:
        self.sar_id = sar_id
        super().__init__(f"subject access request {sar_id} is closed: it cannot {what}")


class SarStillPreserving(SarError):
    """The preservation hold of a large SAR is still being placed through the work queue."""

    def __init__(self, sar_id: str, hold_id: str, held: int, total: int) -> None:
        self.sar_id = sar_id
        super().__init__(
            f"subject access request {sar_id} cannot be closed yet: its preservation hold {hold_id} is "
            f"still being placed ({held} of {total} recordings held); close it once GET /holds/{hold_id} "
            "says active"
        )


class SarChangedConcurrently(SarError):
    """Another change to the same SAR was saved between reading it and saving this one, repeatedly."""

    def __init__(self, sar_id: str) -> None:
        self.sar_id = sar_id
        super().__init__(
            f"subject access request {sar_id} was changed by another request at the same time; "
            "read it again (GET /sars/{sar_id}) and repeat the change if it still applies"
        )


class DateInFuture(SarError):
    """A date of an event (identity verified, pause, resume) that has not happened yet."""

    def __init__(self, what: str, on: date, today: date) -> None:
        super().__init__(f"{what} cannot be {on}, after today ({today})")


class DisclosureError(Exception):
    """A disclosure package that cannot be made as asked."""


class InvalidLinkLifetime(DisclosureError):
    """Links to last longer or shorter than S3 can sign them for (``shortest`` to ``longest`` days)."""

    def __init__(self, link_days: int, shortest: int, longest: int) -> None:
        self.link_days = link_days
        super().__init__(
            f"links may last {shortest} to {longest} days (S3's limit for a signed link), not {link_days}"
        )


class RecordingVersionMissing(DisclosureError):
    """A version the SAR matched is no longer in the recordings bucket; nothing was disclosed."""

    def __init__(self, call_id: str, version_id: str) -> None:
        self.call_id = call_id
        self.version_id = version_id
        super().__init__(
            f"recording {call_id} version {version_id} is no longer in the recordings bucket; "
            "no package was disclosed"
        )


class NotMatchedBySar(SarError):
    """A decision about a recording version the SAR did not match."""

    def __init__(self, sar_id: str, call_ids: list[str]) -> None:
        self.call_ids = sorted(set(call_ids))
        super().__init__(
            f"subject access request {sar_id} did not match {', '.join(self.call_ids[:10])}"
            f"{' and more' if len(self.call_ids) > 10 else ''}: decide only on its own recordings "
            "(GET /sars/{sar_id}/decisions lists them)"
        )


class DecisionsOutstanding(DisclosureError):
    """A package is made only once the DPO has decided, for every matched version, disclose or withhold."""

    def __init__(self, sar_id: str, undecided: int) -> None:
        self.undecided = undecided
        super().__init__(
            f"subject access request {sar_id} has {undecided} recording version(s) with no decision: "
            "record disclose or withhold (with the exemption) for each (POST /sars/{sar_id}/decisions) "
            "before the package is made"
        )
