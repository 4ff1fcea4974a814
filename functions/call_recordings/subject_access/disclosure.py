"""The disclosure package of a subject access request: its manifest, in the privacy notice's words.

UK GDPR Article 15 gives the data subject, besides a copy of the data, the purposes of the
processing, the categories of data, the recipients, how long it is kept, their rights to ask for
rectification, erasure or restriction and to object, their right to complain to the ICO, where the
data came from when not from them, and whether automated decision-making is used. The manifest
says all of it: once for the package, and for each recording version its own purpose, source,
retention and recipients. The words are the notice's (``docs/privacy-notice.txt``, quoted
verbatim below; a unit test checks every quotation against the notice) where the notice is right.

Where it is not, the manifest says what is true, from the deployment and the registers rather than
from literal text here (``ProcessingFacts``, made by the disclosure function from its settings,
which infra/config.py takes from CDK context): the controller; the processor that hosts the recordings
(the notice says "not processed by other organisations", but Amazon Web Services hosts them as the
council's processor); where they are stored (the notice's "European Economic Union (EEU)" names no
such thing: the deployment's region does). Each recording's recipients come from the outside-disclosure
register (outside_disclosures/), every body it was actually disclosed to, with the day and the lawful
basis; "None outside the Councils" only when the register has none.

A recording kept beyond its date is said to be kept "for longer where the law allows an exception to
our usual retention", never why: a hold's reason (a legal claim, a threat, a complaint, another
person's request, a restriction, an outside disclosure) may itself be something the requester must not
learn from the package. The requester's own request is the one reason named, as it is no secret to them.

Pure domain code: no AWS, no environment. The manifest is rendered as JSON and as CSV (one row per
recording); it carries no caller number or customer reference, only what the recording is.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from pydantic import ConfigDict, Field

from call_recordings.core.models import BaseModel
from call_recordings.core.notice import ICO_CONTACT, NOTICE_COMPLAINT
from call_recordings.core.retention import LONDON, recording_date, retention_months
from call_recordings.core.versions import RegisteredVersion
from call_recordings.core.vocabulary import PURPOSE_WORDING, SOURCE_WORDING, Purpose, RetentionClass, Source
from call_recordings.outside_disclosures.records import Recipient, recipients_wording
from call_recordings.subject_access.decisions import WithheldRecordings
from call_recordings.subject_access.errors import InvalidLinkLifetime

# X-<date exported, UTC>-<10 random hex digits>, the same shape as hold and SAR ids.
EXPORT_ID_PATTERN = r"^X-[0-9]{8}-[0-9A-F]{10}$"

LAWFUL_BASIS = "UK GDPR Article 15 (right of access by the data subject)"
RECIPIENTS_OF_THE_DISCLOSURE = "the data subject"

# Links to the package's files: S3 signs a presigned URL for at most 7 days (SigV4).
MIN_LINK_DAYS = 1
MAX_LINK_DAYS = 7

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"

# --- The notice's words (verbatim quotations; tests/unit/test_disclosure.py checks each) ----------------

DATA_PROTECTION_OFFICER = (
    "The Council's Data Protection Officer is Drew Powell: by Email, telephoning 01803 861234 or "
    "writing to them at Data Protection Officer, South Hams District Council, Follaton House, "
    "Plymouth Road, Totnes, Devon TQ9 5NE"
)
NOTICE_CATEGORIES = (
    "We may record your call which may include any personal information you provide to us. "
    "Note that bank details and card payment details are not recorded."
)
NOTICE_OTHER_PURPOSES = (
    "The personal information you provide will not be used for any other purpose unless required by "
    "law, to prevent or detect crime or to protect public funds."
)
NOTICE_SHARING = (
    "The personal information you provide will not be shared outside the Councils for any purpose "
    "unless required by law, to prevent or detect crime or to protect public funds."
)
NOTICE_RETENTION = (
    "We will retain recordings into the call centre for a period of 3 calendar months from the date "
    "of recording. Please note, until 15 July 2020 we only retained recordings for 1 calendar month."
)
NOTICE_RIGHTS = (
    "You have a number of rights under the General Data Protection Regulations. These can be found on "
    "the ICO website."
)

# What the notice leaves unsaid and Article 15 asks for, stated plainly.
RIGHTS_TO_ASK = (
    "You have the right to ask the Council to rectify (correct) or erase your personal data, to "
    "restrict its processing, and to object to its processing (UK GDPR Articles 16, 17, 18 and 21). "
    "To exercise any of these rights, contact the Data Protection Officer."
)
NO_AUTOMATED_DECISIONS = (
    "No automated decision-making, including profiling, is carried out using call recordings "
    "(UK GDPR Article 22)."
)
RECIPIENTS_LISTED = (
    "Each recording below names every organisation outside the Council it has been disclosed to, when, "
    "and on which of these grounds; or none."
)
KEPT_LONGER = "and for longer where the law allows an exception to our usual retention"
KEPT_FOR_YOUR_REQUEST = "and while your request is answered"

# The columns of manifest.csv, in order: one row per recording version.
CSV_COLUMNS = (
    "file_name",
    "call_id",
    "version_id",
    "recorded_at",
    "purpose",
    "source",
    "retention",
    "expires_on",
    "recipients",
    "size_bytes",
    "sha256",
    "url",
    "link_expires_at",
)

_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9._-]")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}$")


def new_export_id(exported_at: datetime) -> str:
    """A new export id, e.g. ``X-20261128-3F9A1C2B7D``."""
    return f"X-{exported_at:%Y%m%d}-{secrets.token_hex(5).upper()}"


def check_link_days(link_days: int) -> int:
    if isinstance(link_days, bool) or not MIN_LINK_DAYS <= link_days <= MAX_LINK_DAYS:
        raise InvalidLinkLifetime(link_days, MIN_LINK_DAYS, MAX_LINK_DAYS)
    return link_days


def package_prefix(sar_id: str, export_id: str) -> str:
    """Where one package's files are kept in the export bucket."""
    return f"exports/{sar_id}/{export_id}/"


def file_names(versions: Sequence[RegisteredVersion]) -> dict[tuple[str, str], str]:
    """The name of each version's copy in the package: ``<call id>_v<n><extension>``, numbered from 1
    in the order the versions were recorded (then by version id), so the names are stable and unique.
    """
    by_call: dict[str, list[RegisteredVersion]] = {}
    for version in versions:
        by_call.setdefault(version.call_id, []).append(version)
    names: dict[tuple[str, str], str] = {}
    for call_id, versions_of_call in by_call.items():
        safe_call_id = _UNSAFE_IN_FILE_NAME.sub("_", call_id)
        ordered = sorted(versions_of_call, key=lambda version: (version.recorded_at, version.version_id))
        for number, version in enumerate(ordered, start=1):
            extension = _EXTENSION.search(version.object_key.rsplit("/", 1)[-1])
            names[version.key] = f"{safe_call_id}_v{number}{extension.group(0).lower() if extension else ''}"
    return names


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def retention_wording(version: RegisteredVersion, own_hold_id: str | None) -> str:
    """How long this version is kept, in the notice's terms, and, when it is kept longer, only that an
    exception in law allows it: never which (``own_hold_id``, the requester's own SAR's preservation,
    is the one hold named, as "while your request is answered")."""
    months = retention_months(recording_date(version.recorded_at))
    period = "3 calendar months" if months == 3 else f"{months} calendar month{'s' if months != 1 else ''}"
    kept = f"Kept for {period} from the date of recording, until {_long_date(version.expires_on)}"
    others = version.holds - {own_hold_id} if own_hold_id else version.holds
    if others or version.retention is RetentionClass.RESTRICTED or version.restrictions:
        return f"{kept}, {KEPT_LONGER}."
    if version.holds or version.retention is RetentionClass.HOLD:
        return f"{kept}, {KEPT_FOR_YOUR_REQUEST}."
    return f"{kept}."


def purpose_wording(purpose: str) -> str:
    """The notice's words for a purpose value (the review wording for one it does not know)."""
    return PURPOSE_WORDING.get(purpose) or PURPOSE_WORDING[Purpose.UNSPECIFIED]  # type: ignore[call-overload]


def source_wording(source: str) -> str:
    """The notice's words for a source value (the review wording for one it does not know)."""
    return SOURCE_WORDING.get(source) or SOURCE_WORDING[Source.UNSPECIFIED]  # type: ignore[call-overload]


class VersionCopy(BaseModel):
    """One recording version to copy into a package, and where."""

    model_config = ConfigDict(frozen=True)

    source_bucket: str
    source_key: str
    version_id: str
    destination_key: str = Field(description="In the export bucket")
    file_name: str = Field(description="What the subject's browser saves it as")
    size_bytes: int | None = Field(
        default=None,
        description="The source version's size, as the registry has it (else read from the copy)",
    )


class CopiedFile(BaseModel):
    """What the export bucket holds of one recording version: its copy's size and SHA-256."""

    model_config = ConfigDict(frozen=True)

    size_bytes: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class DisclosedRecording(BaseModel):
    """One recording version in the package: what Article 15 asks about it, and its link."""

    model_config = ConfigDict(frozen=True)

    file_name: str
    call_id: str
    version_id: str
    recorded_at: datetime = Field(description="When the call was recorded, London time")
    purpose: str = Field(description="Why the council keeps it, in the privacy notice's words")
    source: str = Field(description="Where the information in it came from, in the notice's words")
    retention: str = Field(description="How long it is kept, and why longer when held")
    expires_on: date = Field(description="The date its retention period ends")
    recipients: str = Field(description="Who outside the council it has been disclosed to, or none")
    disclosed_to: tuple[Recipient, ...] = Field(
        default=(), description="The outside-disclosure register's entries for it: organisation, day, basis"
    )
    size_bytes: int = Field(ge=0)
    sha256: str = Field(description="SHA-256 of the copy's bytes (hex), equal to the original's")
    url: str = Field(description="A time-limited link to the copy")
    link_expires_at: datetime
    supplementary_statements: tuple[str, ...] = Field(
        default=(), description="The person's statements about the call, attached on rectification (Art 16)"
    )

    def csv_row(self) -> dict[str, str]:
        plain = self.model_dump(mode="json")
        return {column: str(plain[column]) for column in CSV_COLUMNS}


def disclosed_recording(
    version: RegisteredVersion,
    own_hold_id: str | None,
    recipients: Sequence[Recipient],
    *,
    file_name: str,
    copy: CopiedFile,
    url: str,
    link_expires_at: datetime,
) -> DisclosedRecording:
    return DisclosedRecording(
        file_name=file_name,
        call_id=version.call_id,
        version_id=version.version_id,
        recorded_at=version.recorded_at.astimezone(LONDON),
        purpose=purpose_wording(version.purpose),
        source=source_wording(version.source),
        retention=retention_wording(version, own_hold_id),
        expires_on=version.expires_on,
        recipients=recipients_wording(recipients),
        disclosed_to=tuple(sorted(recipients, key=lambda each: (each.disclosed_on, each.organisation))),
        size_bytes=copy.size_bytes,
        sha256=copy.sha256,
        url=url,
        link_expires_at=link_expires_at,
    )


def with_supplementary_statements(
    recordings: Iterable[DisclosedRecording], statements: Mapping[str, Sequence[str]]
) -> list[DisclosedRecording]:
    """Each recording with the supplementary statements attached to its call when a rectification request
    was decided (UK GDPR Art 16: completing the data "by means of providing a supplementary statement"):
    a recording is a true record of the call, so the statement travels with it in every later package."""
    return [
        recording.model_copy(update={"supplementary_statements": tuple(statements[recording.call_id])})
        if statements.get(recording.call_id)
        else recording
        for recording in recordings
    ]


class ProcessingFacts(BaseModel):
    """What Article 15 requires to be told once for the whole package: the controller, the processors
    and the storage location from the deployment (the disclosure function's settings), the rest in the
    notice's words."""

    model_config = ConfigDict(frozen=True)

    controller: str = Field(min_length=1, description="Who decides why and how the recordings are kept")
    processors: str = Field(min_length=1, description="Who processes them on the controller's behalf")
    location: str = Field(min_length=1, description="Where they are stored")
    data_protection_officer: str = DATA_PROTECTION_OFFICER
    categories_of_data: str = NOTICE_CATEGORIES
    purposes: tuple[str, ...] = tuple(
        wording for purpose, wording in PURPOSE_WORDING.items() if purpose is not Purpose.UNSPECIFIED
    )
    other_purposes: str = NOTICE_OTHER_PURPOSES
    recipients: str = f"{NOTICE_SHARING} {RECIPIENTS_LISTED}"
    retention: str = NOTICE_RETENTION
    sources: tuple[str, ...] = tuple(
        wording for source, wording in SOURCE_WORDING.items() if source is not Source.UNSPECIFIED
    )
    rights: str = f"{RIGHTS_TO_ASK} {NOTICE_RIGHTS}"
    complaints: str = f"{NOTICE_COMPLAINT}: {ICO_CONTACT}."
    automated_decision_making: str = NO_AUTOMATED_DECISIONS


class DisclosureManifest(BaseModel):
    """manifest.json: the package's facts and one entry per recording version."""

    model_config = ConfigDict(frozen=True)

    export_id: str = Field(pattern=EXPORT_ID_PATTERN)
    sar_id: str
    created_at: datetime
    links_expire_at: datetime
    lawful_basis: str = LAWFUL_BASIS
    about_the_processing: ProcessingFacts
    recordings: tuple[DisclosedRecording, ...]
    withheld: tuple[WithheldRecordings, ...] = Field(
        default=(), description="For each exemption relied on, how many recordings it withheld (never which)"
    )

    def as_json(self) -> bytes:
        return self.model_dump_json(indent=2).encode()

    def as_csv(self) -> bytes:
        return render_csv(self.recordings)


def render_csv(recordings: Iterable[DisclosedRecording]) -> bytes:
    """manifest.csv: a header, then one row per recording version (RFC 4180, UTF-8 with a BOM so that
    spreadsheet programs read it as UTF-8)."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for recording in recordings:
        writer.writerow(recording.csv_row())
    return text.getvalue().encode("utf-8-sig")
