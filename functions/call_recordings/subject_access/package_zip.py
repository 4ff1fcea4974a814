"""The whole disclosure package as one zip, written in parts a worker can make one at a time.

The DPO sends the data subject one link for the package (issue 18) as well as the link per file. A
package can be hundreds of recordings of a few MB each, so the zip is never held in memory, nor made in
one request: it is an S3 multipart upload of ``<package prefix>package.zip`` whose parts are the zip's
own bytes, each part a batch of the recordings' entries (local header, then the copy's bytes as they
stream from the export bucket), and whose last part is the manifests and the central directory.

Because every entry is stored (audio does not compress) and the size of every copy is known before any
byte is read, the layout of the whole zip is known in advance except each entry's CRC-32, which is
computed while its bytes stream past and written into its local header afterwards (the part is spooled
to a temporary file, not memory, so the header can be written in place: no data descriptor, which some
readers of stored entries do not follow). ZIP64 records are written only where a size, an offset or the
number of entries does not fit the classic zip's fields.

This module is pure (``zlib`` and ``struct`` only): the layout, the headers, the central directory, and
how the recordings are split into parts. S3 is the adapter's (subject_access/adapters/package_zips.py).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO
from zoneinfo import ZoneInfo

ZIP_NAME = "package.zip"
MiB = 1024 * 1024
# S3's smallest part but the last: every part a worker makes holds at least this much.
MIN_PART_BYTES = 5 * MiB
# A part closes once it holds this much: a few seconds of a worker's streaming, well inside its time,
# spooled to the function's temporary storage (512 MB), never its memory.
PART_TARGET_BYTES = 64 * MiB

_LOCAL = 0x04034B50
_CENTRAL = 0x02014B50
_END = 0x06054B50
_END64 = 0x06064B50
_LOCATOR64 = 0x07064B50
_ZIP64_EXTRA = 0x0001
_UTF8 = 0x0800  # general purpose flag bit 11: the name is UTF-8
_VERSION = 20  # stored entries, classic zip
_VERSION64 = 45  # ZIP64
_MADE_BY_UNIX = 3 << 8
_REGULAR_FILE = 0o100644 << 16
_CRC_AT = 14  # where the CRC-32 sits in a local header
_LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Limits:
    """Where the classic zip's fields end and ZIP64's records are needed (smaller in tests only, to
    write ZIP64 records into a zip small enough to open)."""

    bytes: int = 0xFFFFFFFF
    entries: int = 0xFFFF


CLASSIC = Limits()


@dataclass(frozen=True)
class ZipEntry:
    """One file in the zip, written: its name, size, CRC-32 and where its local header starts."""

    name: str
    size: int
    crc: int
    offset: int


class EntrySizeChanged(Exception):
    """A file streamed into the zip was not the size the package recorded for it."""


def dos_time(when: datetime) -> tuple[int, int]:
    """The zip's (MS-DOS) time and date of ``when``, as a clock in London reads it."""
    local = when.astimezone(_LONDON)
    return (
        (local.hour << 11) | (local.minute << 5) | (local.second // 2),
        ((local.year - 1980) << 9) | (local.month << 5) | local.day,
    )


def local_header(name: str, size: int, crc: int, when: datetime, limits: Limits = CLASSIC) -> bytes:
    """An entry's local header: stored, its CRC, its size (in a ZIP64 extra field when too large)."""
    encoded = name.encode()
    large = size >= limits.bytes
    extra = struct.pack("<HHQQ", _ZIP64_EXTRA, 16, size, size) if large else b""
    shown = 0xFFFFFFFF if large else size
    time, date = dos_time(when)
    return (
        struct.pack(
            "<IHHHHHIIIHH",
            _LOCAL,
            _VERSION64 if large else _VERSION,
            _UTF8,
            0,  # stored
            time,
            date,
            crc,
            shown,
            shown,
            len(encoded),
            len(extra),
        )
        + encoded
        + extra
    )


def entry_length(name: str, size: int, limits: Limits = CLASSIC) -> int:
    """How many bytes of the zip an entry takes: its local header and its data."""
    return len(local_header(name, size, 0, datetime(1980, 1, 1), limits)) + size


def write_entry(
    out: BinaryIO,
    name: str,
    size: int,
    chunks: Iterable[bytes],
    when: datetime,
    limits: Limits = CLASSIC,
) -> int:
    """Write one entry to the seekable ``out`` at its position: the header, ``chunks`` as they come,
    then the CRC-32 computed on the way into the header. The CRC; EntrySizeChanged if the bytes were
    not ``size``."""
    start = out.tell()
    out.write(local_header(name, size, 0, when, limits))
    crc, written = 0, 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
        written += len(chunk)
        out.write(chunk)
    if written != size:
        raise EntrySizeChanged(f"{name} was {written} bytes, not the {size} the package recorded")
    end = out.tell()
    out.seek(start + _CRC_AT)
    out.write(struct.pack("<I", crc))
    out.seek(end)
    return crc


def central_directory(
    entries: Sequence[ZipEntry], *, offset: int, when: datetime, limits: Limits = CLASSIC
) -> bytes:
    """The zip's end: a central directory record per entry, starting at ``offset`` in the zip, then the
    end of central directory (with the ZIP64 end record and locator before it when needed)."""
    time, date = dos_time(when)
    records = []
    for entry in entries:
        encoded = entry.name.encode()
        large_size = entry.size >= limits.bytes
        large_offset = entry.offset >= limits.bytes
        extra_fields = ([entry.size, entry.size] if large_size else []) + (
            [entry.offset] if large_offset else []
        )
        extra = (
            struct.pack(f"<HH{len(extra_fields)}Q", _ZIP64_EXTRA, 8 * len(extra_fields), *extra_fields)
            if extra_fields
            else b""
        )
        version = _VERSION64 if extra_fields else _VERSION
        size = 0xFFFFFFFF if large_size else entry.size
        records.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                _CENTRAL,
                _MADE_BY_UNIX | version,
                version,
                _UTF8,
                0,
                time,
                date,
                entry.crc,
                size,
                size,
                len(encoded),
                len(extra),
                0,  # comment
                0,  # disk
                0,  # internal attributes
                _REGULAR_FILE,
                0xFFFFFFFF if large_offset else entry.offset,
            )
            + encoded
            + extra
        )
    directory = b"".join(records)
    count, length = len(entries), len(directory)
    end = b""
    if count >= limits.entries or length >= limits.bytes or offset >= limits.bytes:
        end64_at = offset + length
        end += struct.pack(
            "<IQHHIIQQQQ",
            _END64,
            44,  # the rest of the record
            _MADE_BY_UNIX | _VERSION64,
            _VERSION64,
            0,
            0,
            count,
            count,
            length,
            offset,
        )
        end += struct.pack("<IIQI", _LOCATOR64, 0, end64_at, 1)
    end += struct.pack(
        "<IHHHHIIH",
        _END,
        0,
        0,
        min(count, 0xFFFF),
        min(count, 0xFFFF),
        min(length, 0xFFFFFFFF),
        min(offset, 0xFFFFFFFF),
        0,
    )
    return directory + end


def plan_parts(
    entries: Sequence[tuple[str, int]],
    *,
    minimum: int = MIN_PART_BYTES,
    target: int = PART_TARGET_BYTES,
    limits: Limits = CLASSIC,
) -> tuple[list[list[int]], list[int]]:
    """Split the recordings (name, size), in order, into the parts workers make, by bytes: a part
    closes once it holds ``target``; a last part under ``minimum`` (S3's smallest but the last) joins
    the one before it. The parts (each the indexes of its entries) and what is left for the final part
    (every entry when the whole is under ``minimum``: the finish writes the zip in one go)."""
    parts: list[list[int]] = []
    current: list[int] = []
    held = 0
    for index, (name, size) in enumerate(entries):
        current.append(index)
        held += entry_length(name, size, limits)
        if held >= target:
            parts.append(current)
            current, held = [], 0
    if current and held >= minimum:
        parts.append(current)
    elif current and parts:
        parts[-1].extend(current)
    elif current:
        return [], current
    return parts, []
