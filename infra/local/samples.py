"""A dozen made-up call recordings for the local run: short real WAV files with telephony metadata.

Five are what the telephony system should send; the rest are the bad uploads the ingest function
must cope with (DESIGN section 4, issue 3 item 5). Everything is made up: caller numbers are in
Ofcom's ranges reserved for drama (07700 900xxx, 01632 960xxx, 020 7946 0xxx, 0117 496 0xxx),
customer references and agent ids are invented. The samples are the same on every run (seeded)
apart from their dates: each is recorded on a different day of the calendar month before "now"
(London), so that whatever today is (the 1st, 31 December, 29 February, a day the clocks change),
every recording lies in one whole month that has ended, none has expired yet, and the statistics
chapter reads a month with enough recordings for its figures to move when one is restricted. Each is
uploaded as its call ends (``uploaded_at``), as the telephony system does: the local run travels the
clock there for the upload, since moto stamps a version's LastModified from the clock.
"""

from __future__ import annotations

import io
import math
import random
import sys
import wave
from array import array
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from call_recordings.core.retention import LONDON
from call_recordings.core.vocabulary import RECORDINGS_PREFIX, RetentionClass

SEED = 20200715  # the day the council moved to three months' retention
SAMPLE_RATE = 8000  # telephony: 8 kHz, mono, 16-bit
SECONDS = 1.0
_AMPLITUDE = 0.25 * 32767
_FADE = int(SAMPLE_RATE * 0.02)  # 20 ms in and out, so the tone does not click


@dataclass(frozen=True)
class SampleUpload:
    """One upload as the telephony system would make it, and what the local run should make of it."""

    key: str
    body: bytes
    metadata: dict[str, str]
    description: str  # what this upload shows, in a few words
    expected_retention: RetentionClass | None  # None: outside recordings/, never ingested
    # When the telephony system uploads it: as the call ends, so on time (ingest flags a recording that
    # arrives more than 2 days after its recorded-at, and keeps it 7 days from arrival, DESIGN section 8).
    uploaded_at: datetime
    expect_flags: bool = False  # whether ingest should flag it for the DPO's review

    @property
    def ignored(self) -> bool:
        """Outside recordings/: the bucket sends no notification, so nothing ingests it."""
        return not self.key.startswith(RECORDINGS_PREFIX)

    @property
    def call_id(self) -> str | None:
        return self.metadata.get("call-id")


def tone_wav(frequencies: tuple[float, ...], seconds: float = SECONDS) -> bytes:
    """A WAV file (8 kHz mono 16-bit) of the given tones played together, faded in and out."""
    count = int(SAMPLE_RATE * seconds)
    samples = array("h")
    for n in range(count):
        envelope = min(1.0, n / _FADE, (count - 1 - n) / _FADE)
        mix = sum(math.sin(2 * math.pi * f * n / SAMPLE_RATE) for f in frequencies) / len(frequencies)
        samples.append(round(_AMPLITUDE * envelope * mix))
    if sys.byteorder == "big":  # WAV samples are little-endian
        samples.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(samples.tobytes())
    return buffer.getvalue()


# (call id, what it shows, metadata besides call-id and recorded-at, expected retention, flagged)
# "recorded-at" is added from the day offset below; "-" removes a key the template would give.
_SAMPLES: tuple[tuple[str, str, dict[str, str], RetentionClass | None, bool], ...] = (
    (
        "C-0001",
        "a resident's enquiry, mobile number",
        {"caller-number": "07700 900123", "purpose": "quality-training", "source": "data-subject"},
        RetentionClass.STANDARD,
        False,
    ),
    (
        "C-0002",
        "a complaint about a neighbour",
        {"caller-number": "01632 960781", "purpose": "complaints-disputes", "source": "member-of-public"},
        RetentionClass.STANDARD,
        False,
    ),
    (
        "C-0003",
        "a landlord's agent about a claim",
        {"caller-number": "0117 496 0123", "purpose": "legal-claims", "source": "organisation"},
        RetentionClass.STANDARD,
        False,
    ),
    (
        "C-0004",
        "a threat to an officer, number withheld",
        {"caller-number": "-", "purpose": "employee-safety", "source": "member-of-public"},
        RetentionClass.STANDARD,
        False,
    ),
    (
        "C-0005",
        "a councillor; no purpose, so the default",
        {"caller-number": "+44 20 7946 0321", "purpose": "-", "source": "councillor"},
        RetentionClass.STANDARD,
        False,
    ),
    (
        "C-0006",
        "bad: no recorded-at",
        {"recorded-at": "-"},
        RetentionClass.STANDARD,
        True,
    ),
    (
        "",  # no call-id: ingest derives a stable one from the key
        "bad: no call-id",
        {},
        RetentionClass.STANDARD,
        True,
    ),
    (
        "C-0008",
        "bad: unknown purpose 'marketing'",
        {"purpose": "marketing"},
        RetentionClass.STANDARD,
        True,
    ),
    (
        "C-0009",
        "bad: no source",
        {"source": "-"},
        RetentionClass.STANDARD,
        True,
    ),
    (
        "C-0010",
        "bad: caller number is not a number",
        {"caller-number": "unknown caller"},
        RetentionClass.STANDARD,
        True,
    ),
    (
        "C-0011",
        "bad: empty file (zero bytes)",
        {},
        RetentionClass.STANDARD,
        True,
    ),
    (
        "C-0012",
        "out of policy: card details recorded",
        {"payment-details": "true"},
        RetentionClass.QUARANTINE,
        True,
    ),
    (
        "C-0013",
        "out of policy: the officer's call leg",
        {"call-leg": "officer"},
        RetentionClass.QUARANTINE,
        True,
    ),
    (
        "C-0099",
        "outside recordings/ (in inbox/)",
        {},
        None,
        False,
    ),
)

_EMPTY = "C-0011"
_IN_UTC = "C-0004"
_OUTSIDE = "C-0099"
_OUTSIDE_PREFIX = "inbox/"
_DAYS_IN_SHORTEST_MONTH = 28
# From the recording's time to its upload: the call ends, the telephony system uploads it.
_CALL_AND_UPLOAD = timedelta(minutes=4)


def sample_month(now: datetime) -> date:
    """The first day of the calendar month (London) before `now`'s: the month the samples fall in."""
    return now.astimezone(LONDON).date().replace(day=1) - relativedelta(months=1)


def sample_uploads(now: datetime) -> list[SampleUpload]:
    """The local run's uploads, recorded on days before `now` (which must carry an offset)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must carry a UTC offset")
    rng = random.Random(SEED)  # noqa: S311 - made-up sample data, repeatable on purpose
    month = sample_month(now)
    uploads = []
    # Distinct days of last month, newest first; from late March to October some fall in BST.
    days = sorted(rng.sample(range(_DAYS_IN_SHORTEST_MONTH), len(_SAMPLES)), reverse=True)
    for n, ((call_id, description, overrides, retention, flagged), day) in enumerate(
        zip(_SAMPLES, days, strict=True), start=1
    ):
        recorded_on = month + timedelta(days=day)
        # Contact-centre hours, well clear of the clock changes at 01:00.
        wall_clock = time(hour=rng.randint(8, 16), minute=rng.randrange(0, 60, 5), second=rng.randrange(60))
        recorded_at = datetime.combine(recorded_on, wall_clock, tzinfo=LONDON)
        stamp = (
            recorded_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            if call_id == _IN_UTC
            else recorded_at.isoformat(timespec="seconds")
        )
        metadata = {
            "call-id": call_id,
            "recorded-at": stamp,
            "caller-number": f"07700 900{rng.randrange(1000):03d}",
            "customer-ref": f"SH-{rng.randrange(100000, 1000000)}",
            "agent-id": f"agent-{rng.randrange(1, 40):02d}",
            "source": "data-subject",
            "purpose": "quality-training",
            **overrides,
        }
        metadata = {key: value for key, value in metadata.items() if value not in ("", "-")}
        tones = (rng.choice((350.0, 440.0, 480.0, 620.0)), rng.choice((697.0, 770.0, 852.0, 941.0)))
        # Without a call id the file name is all the telephony system gives: a time and a line.
        name = call_id or f"{recorded_at:%Y%m%d-%H%M%S}-line{n:02d}"
        prefix = _OUTSIDE_PREFIX if call_id == _OUTSIDE else f"{RECORDINGS_PREFIX}{recorded_on:%Y/%m/%d}/"
        uploads.append(
            SampleUpload(
                key=f"{prefix}{name}.wav",
                body=b"" if call_id == _EMPTY else tone_wav(tones),
                metadata=metadata,
                description=description,
                expected_retention=retention,
                uploaded_at=(recorded_at + _CALL_AND_UPLOAD).astimezone(UTC),
                expect_flags=flagged,
            )
        )
    return uploads
