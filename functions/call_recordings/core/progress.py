"""How far a long piece of work has got, in the one shape every answer gives it: a hold being placed or
released, a subject access package being made, an erasure being carried out.

The DPO (and the console's progress bar, and the ``dpo`` command line's) reads the same numbers: how
many of how many are done, the percentage, when the work started and, once some is done, when it should
finish at the rate so far. The estimate is a straight line from the start: honest about what it is, and
enough to decide whether to wait or come back later.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field

from call_recordings.core.models import BaseModel


class Progress(BaseModel):
    """Done of total, as a percentage, with the start and the estimated finish."""

    model_config = ConfigDict(frozen=True)

    done: int = Field(ge=0, description="Items finished (recording versions held, copied, erased ...)")
    total: int = Field(ge=0, description="Items the work covers")
    percent: float = Field(ge=0, le=100, description="done / total as a percentage, one decimal place")
    started_at: datetime | None = Field(default=None, description="When the work was handed over")
    estimated_finish_at: datetime | None = Field(
        default=None,
        description="At the rate so far, when the last item should be done; none before the first is "
        "done, and the finish itself once all are",
    )
    finished_at: datetime | None = None

    @classmethod
    def of(
        cls,
        done: int,
        total: int,
        *,
        started_at: datetime | None,
        now: datetime,
        finished_at: datetime | None = None,
    ) -> Progress:
        """The progress of ``done`` out of ``total`` items, started at ``started_at``, read at ``now``."""
        done = min(done, total)
        percent = 100.0 if total == 0 else round(100 * done / total, 1)
        estimate = finished_at
        if estimate is None and started_at is not None and 0 < done < total:
            estimate = started_at + (now - started_at) * (total / done)
        elif estimate is None and done >= total:
            estimate = now if started_at is not None else None
        return cls(
            done=done,
            total=total,
            percent=percent,
            started_at=started_at,
            estimated_finish_at=estimate,
            finished_at=finished_at,
        )
