"""Issue 18: the zip writer of the whole disclosure package (subject_access/package_zip.py), pure: the
entries as Python's zipfile reads them, the CRC-32 computed while streaming, ZIP64 where a size, an
offset or the count needs it (checked with synthetic numbers: no 4 GB written), and the parts planned by
bytes so that S3 takes every one (5 MiB but the last). ICO guidance, right of access: the information
in a commonly used electronic form."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from datetime import UTC, datetime

import pytest

from call_recordings.jobs.records import JOB_ID_PATTERN
from call_recordings.subject_access.package_zip import (
    CLASSIC,
    MIN_PART_BYTES,
    EntrySizeChanged,
    Limits,
    ZipEntry,
    central_directory,
    dos_time,
    entry_length,
    local_header,
    plan_parts,
    write_entry,
)
from call_recordings.subject_access.zip_job import zip_job_id

WHEN = datetime(2026, 12, 3, 10, 15, 30, tzinfo=UTC)
GIB = 1024**3
FILES = {"C-1_v1.wav": bytes(range(256)) * 40, "C-2_v1.wav": b"RIFF", "manifest.json": b'{"recordings": []}'}


def _zip(files: dict[str, bytes], limits: Limits = CLASSIC, chunk: int = 100) -> bytes:
    out = io.BytesIO()
    entries = []
    for name, data in files.items():
        offset = out.tell()
        chunks = [data[start : start + chunk] for start in range(0, len(data), chunk)]
        crc = write_entry(out, name, len(data), chunks, WHEN, limits)
        assert out.tell() - offset == entry_length(name, len(data), limits)
        entries.append(ZipEntry(name, len(data), crc, offset))
    out.write(central_directory(entries, offset=out.tell(), when=WHEN, limits=limits))
    return out.getvalue()


def _central_records(directory: bytes) -> list[dict]:
    """The central directory's records, parsed as a reader would."""
    records, at = [], 0
    while directory[at : at + 4] == b"PK\x01\x02":
        fields = struct.unpack("<IHHHHHHIIIHHHHHII", directory[at : at + 46])
        name_length, extra_length = fields[10], fields[11]
        extra = directory[at + 46 + name_length : at + 46 + name_length + extra_length]
        records.append({"version": fields[2], "size": fields[9], "offset": fields[16], "extra": extra})
        at += 46 + name_length + extra_length
    return records


def test_the_zip_opens_every_crc_checks_and_every_entry_is_its_bytes():
    archive = zipfile.ZipFile(io.BytesIO(_zip(FILES)))
    assert archive.testzip() is None
    assert archive.namelist() == list(FILES)
    for info in archive.infolist():
        assert info.compress_type == zipfile.ZIP_STORED  # audio does not compress
        assert zlib.crc32(FILES[info.filename]) == info.CRC
        assert archive.read(info.filename) == FILES[info.filename]
        assert info.date_time == (2026, 12, 3, 10, 15, 30)  # London is on GMT in December


def test_the_crc_is_the_same_however_the_bytes_arrive():
    whole = _zip(FILES, chunk=10_000_000)
    assert _zip(FILES, chunk=7) == whole  # a part made again is the same part


def test_an_entry_that_is_not_the_size_recorded_is_refused():
    with pytest.raises(EntrySizeChanged, match=r"C-1_v1\.wav was 3 bytes, not the 4"):
        write_entry(io.BytesIO(), "C-1_v1.wav", 4, [b"abc"], WHEN)


def test_zip64_records_written_where_the_limits_are_passed_open_in_zipfile():
    """The ZIP64 extra fields, end record and locator, exercised for real with the limits made small."""
    data = _zip(FILES, Limits(bytes=100, entries=2))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert {info.filename: info.file_size for info in archive.infolist()} == {
        name: len(body) for name, body in FILES.items()
    }
    assert b"PK\x06\x06" in data and b"PK\x06\x07" in data  # the ZIP64 end record and its locator
    assert b"PK\x06\x06" not in _zip(FILES)  # and not in a classic zip


def test_a_recording_over_4_gib_and_one_beyond_4_gib_carry_zip64_fields_synthetic_numbers():
    big = ZipEntry("C-1_v1.wav", 5 * GIB, 0x1234, 0)
    far = ZipEntry("C-2_v1.wav", 1000, 0x5678, 5 * GIB + 100)
    near = ZipEntry("C-3_v1.wav", 1000, 0x9ABC, 1000)
    directory = central_directory([big, far, near], offset=6 * GIB, when=WHEN)
    records = _central_records(directory)
    assert records[0]["size"] == 0xFFFFFFFF and records[0]["version"] == 45
    assert struct.unpack("<HHQQ", records[0]["extra"]) == (1, 16, 5 * GIB, 5 * GIB)
    assert records[1]["offset"] == 0xFFFFFFFF and records[1]["size"] == 1000
    assert struct.unpack("<HHQ", records[1]["extra"]) == (1, 8, 5 * GIB + 100)
    assert records[2]["extra"] == b"" and records[2]["version"] == 20
    # The directory starts beyond 4 GiB: the ZIP64 end record says where, the classic one 0xFFFFFFFF.
    end64 = directory.index(b"PK\x06\x06")
    assert struct.unpack("<QQ", directory[end64 + 40 : end64 + 56]) == (end64, 6 * GIB)
    assert struct.unpack("<I", directory[-6:-2]) == (0xFFFFFFFF,)
    header = local_header("C-1_v1.wav", 5 * GIB, 0, WHEN)
    assert struct.unpack("<II", header[18:26]) == (0xFFFFFFFF, 0xFFFFFFFF)
    assert struct.unpack("<HHQQ", header[-20:]) == (1, 16, 5 * GIB, 5 * GIB)


def test_the_count_of_entries_over_65534_needs_the_zip64_end_record_synthetic_numbers():
    entries = [ZipEntry(f"C-{n}.wav", 1, 0, n * 40) for n in range(0xFFFF)]
    directory = central_directory(entries, offset=0xFFFF * 40, when=WHEN)
    assert b"PK\x06\x06" in directory
    assert struct.unpack("<HH", directory[-14:-10]) == (0xFFFF, 0xFFFF)


def test_summer_times_are_londons():
    time, date = dos_time(datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
    assert (time >> 11, date & 0x1F, (date >> 5) & 0xF, (date >> 9) + 1980) == (10, 1, 7, 2026)


def _part_bytes(parts, entries):
    return [sum(entry_length(*entries[index]) for index in part) for part in parts]


def test_parts_are_planned_by_bytes_and_every_part_holds_s3s_smallest():
    mib = 1024 * 1024
    entries = [
        (f"C-{n}_v1.wav", size) for n, size in enumerate([3 * mib, 3 * mib, 3 * mib, 1 * mib, 2 * mib])
    ]
    parts, tail = plan_parts(entries, target=6 * mib)
    assert tail == []
    assert parts == [[0, 1], [2, 3, 4]]  # the 3 MiB left after the first part joins it
    assert all(size >= MIN_PART_BYTES for size in _part_bytes(parts, entries))
    assert [index for part in parts for index in part] == list(range(len(entries)))  # in order, once


def test_a_remainder_under_5_mib_joins_the_part_before_it():
    mib = 1024 * 1024
    entries = [("a", 6 * mib), ("b", 6 * mib), ("c", 4 * mib)]
    assert plan_parts(entries, target=6 * mib) == ([[0], [1, 2]], [])


def test_a_package_under_5_mib_in_all_is_left_to_the_finish_in_one_go():
    assert plan_parts([("a", 1000), ("b", 2000)]) == ([], [0, 1])
    assert plan_parts([]) == ([], [])


def test_a_recording_larger_than_the_target_is_a_part_of_its_own():
    mib = 1024 * 1024
    assert plan_parts([("a", 1 * mib), ("b", 300 * mib), ("c", 6 * mib)], target=64 * mib) == (
        [[0, 1], [2]],
        [],
    )


def test_a_package_has_one_zip_job_named_after_its_export():
    assert zip_job_id("X-20261203-3F9A1C2B7D") == zip_job_id("X-20261203-3F9A1C2B7D")
    assert zip_job_id("X-20261203-3F9A1C2B7D") != zip_job_id("X-20261203-3F9A1C2B7E")
    assert re.match(JOB_ID_PATTERN, zip_job_id("X-20261203-3F9A1C2B7D"))
    assert zip_job_id("X-20261203-3F9A1C2B7D").startswith("J-20261203-")
