"""The upload contract, judged on object keys: what in the recordings bucket is not a recording.

The contract (DESIGN section 8, docs/telephony.md): a recording is an object under ``recordings/``
whose key names a file. Anything else in the bucket escapes every rule: ingest never registers it (the
bucket's notification and ingest stop at ``recordings/``, and ingest skips keys ending in ``/``), no
lifecycle rule matches it (it carries no tag), and only the sweeper and the eraser may delete a
version, which they do only for registered ones. Left alone it would be kept forever and nobody would
know, so the daily reconciliation lists the whole bucket and reports each such version to the DPO,
naming what is wrong with its key. It deletes nothing: the DPO decides.

A key that only just misses ``recordings/`` is named for how it misses (a different case, a leading
space, ``./`` or ``/``, the slash missing, another name that starts like it): most likely a recording
uploaded by hand or by a misconfigured tool, which the DPO will want to treat as one.

Pure domain code: no AWS, no environment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from call_recordings.reconciliation.differences import ListedVersion

# How many newly found versions one run reports (alert lines and audit entries): one alert stays well
# under SNS's 256 KB, and a bucket flooded with strays is reported over
# the following days, while the metric counts every one of them each day.
MAX_REPORTED_PER_RUN = 100


class Finding(StrEnum):
    """What is wrong with an object's key. The values are what the audit entry and the alert name."""

    OUTSIDE_RECORDINGS = "outside-recordings"
    DIFFERENT_CASE = "different-case"
    LEADING_SPACE = "leading-space"
    LEADING_DOT_SLASH = "leading-dot-slash"
    LEADING_SLASH = "leading-slash"
    MISSING_SLASH = "missing-slash"
    DIFFERENT_NAME = "different-name"
    FOLDER_MARKER = "folder-marker"
    EMPTY_NAME = "empty-name"


FINDING_MEANINGS: dict[Finding, str] = {
    Finding.OUTSIDE_RECORDINGS: "outside recordings/, where nothing is registered, tagged or ever deleted",
    Finding.DIFFERENT_CASE: "looks like recordings/ with a different case",
    Finding.LEADING_SPACE: "looks like recordings/ with a leading space",
    Finding.LEADING_DOT_SLASH: "looks like recordings/ with a leading ./",
    Finding.LEADING_SLASH: "looks like recordings/ with a leading slash",
    Finding.MISSING_SLASH: "looks like recordings/ with the slash missing",
    Finding.DIFFERENT_NAME: "looks like recordings/ under a different name",
    Finding.FOLDER_MARKER: "a folder marker under recordings/ (a key ending in /), not a recording",
    Finding.EMPTY_NAME: "the key recordings/ itself: no name, not a recording",
}


@dataclass(frozen=True)
class OutsideContract:
    """One object version the contract does not allow, and what is wrong with its key."""

    version: ListedVersion
    findings: tuple[Finding, ...]


def is_recording_key(key: str, prefix: str) -> bool:
    """Whether a key is where a recording may be: under ``prefix``, naming a file (not a "folder")."""
    return key.startswith(prefix) and len(key) > len(prefix) and not key.endswith("/")


def key_findings(key: str, prefix: str) -> tuple[Finding, ...]:
    """What is wrong with a key; nothing for a recording's. A key outside ``prefix`` is first of all
    outside it; the near-miss findings follow when it only just misses."""
    if key.startswith(prefix):
        if key == prefix:
            return (Finding.EMPTY_NAME,)
        return (Finding.FOLDER_MARKER,) if key.endswith("/") else ()
    return (Finding.OUTSIDE_RECORDINGS, *_near_miss(key, prefix))


def _near_miss(key: str, prefix: str) -> list[Finding]:
    """How a key outside ``prefix`` comes close to it, if it does: leading spaces, ``./`` and ``/``
    taken off in any order, then the name compared (``recordings``, ``recording``) without case."""
    found: list[Finding] = []
    rest = key
    while True:
        if rest[:1].isspace():
            found.append(Finding.LEADING_SPACE)
            rest = rest.lstrip()
        elif rest.startswith("./"):
            found.append(Finding.LEADING_DOT_SLASH)
            rest = rest[2:]
        elif rest.startswith("/"):
            found.append(Finding.LEADING_SLASH)
            rest = rest[1:]
        else:
            break
    name = prefix.rstrip("/")
    first, slash, _ = rest.partition("/")
    if rest.startswith(prefix):
        pass
    elif rest.casefold().startswith(prefix.casefold()):
        found.append(Finding.DIFFERENT_CASE)
    elif first.casefold().startswith(name.casefold().rstrip("s")):
        if not first.startswith(name[: len(first)]):
            found.append(Finding.DIFFERENT_CASE)
        long_enough = first.casefold().startswith(name.casefold())
        found.append(Finding.MISSING_SLASH if long_enough and not slash else Finding.DIFFERENT_NAME)
    else:
        return []  # not like recordings/ at all: only outside it
    return list(dict.fromkeys(found))


def outside_contract(listed: Iterable[ListedVersion], prefix: str) -> list[OutsideContract]:
    """Every listed version whose key the contract does not allow, in key and version order."""
    found = [
        OutsideContract(version, findings)
        for version in listed
        if (findings := key_findings(version.object_key, prefix))
    ]
    return sorted(found, key=lambda each: each.version.location)


def findings_count(found: Iterable[OutsideContract]) -> dict[str, int]:
    """How many versions have each finding: what the report and the log give instead of keys."""
    counted = Counter(finding.value for each in found for finding in each.findings)
    return dict(sorted(counted.items()))


def outside_contract_summary(reported: Sequence[OutsideContract], *, bucket: str, left: int) -> str:
    """The DPO's alert: each version by its version id, size, upload time and what is wrong with its key,
    never the key itself. An alert leaves the perimeter (an e-mail) and a key may carry personal data
    (DESIGN section 8); the version id is all the DPO needs to act, since S3 lists the key beside it
    to whoever may list the bucket. The audit entry and the log name the version alone too."""
    lines = [
        f"Daily reconciliation found objects in the recordings bucket ({bucket}) outside the upload",
        "contract: a recording is an object under recordings/ whose key names a file. Nothing below",
        "is registered, tagged or covered by any retention rule, and nothing was deleted: each will be",
        "kept until you decide what to do with it. Each is in the audit trail under",
        f"bucket#{bucket}, by its version. Keys are not shown here, as a key may carry personal data;",
        "whoever administers the bucket finds one from its version id:",
        f"  aws s3api list-object-versions --bucket {bucket}",
        "    --query \"Versions[?VersionId=='<version>'].Key\"",
        "",
    ]
    for each in reported:
        lines += [
            f"- version {each.version.version_id}, {each.version.size} bytes,",
            f"  uploaded {each.version.last_modified.isoformat()}:",
            *(f"  {finding}: {FINDING_MEANINGS[finding]}" for finding in each.findings),
        ]
    if left:
        lines += ["", f"{left} more found in this run will be reported in the next runs."]
    return "\n".join(lines)
