"""Downloading a disclosure package (a SAR's, or an outside disclosure's) into a folder, so that the
DPO sends files rather than a dozen expiring links.

Every file of the package is fetched from its time-limited link (or, once its zip job has made it,
the one zip holding them all, `package_zip_url`), with the manifests in JSON and CSV, under a
progress bar. Each recording's SHA-256 is checked against the package's, inside the zip too: a file
that does not match is removed and said so, because what the requester is sent must be the recording
byte for byte.
"""

import hashlib
import zipfile
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from dpo_cli.api import SetupError, download
from dpo_cli.output import notes

MANIFESTS = {"manifest_json_url": "manifest.json", "manifest_csv_url": "manifest.csv"}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def zip_mismatches(path: Path, recordings: list[dict[str, Any]]) -> list[str]:
    """The recordings of the package that the zip at `path` lacks or holds other bytes for (every
    entry's CRC checked too); empty when the zip is the package."""
    try:
        with zipfile.ZipFile(path) as archive:
            if (corrupt := archive.testzip()) is not None:
                return [corrupt]
            names = set(archive.namelist())
            wrong = []
            for recording in recordings:
                if recording["file_name"] not in names:
                    wrong.append(recording["file_name"])
                    continue
                digest = hashlib.sha256()
                with archive.open(recording["file_name"]) as data:
                    while chunk := data.read(1 << 20):
                        digest.update(chunk)
                if digest.hexdigest() != recording["sha256"]:
                    wrong.append(recording["file_name"])
            return wrong
    except zipfile.BadZipFile:
        return [path.name]


def _safe_name(name: str) -> str:
    """A file name from the package, never a path out of the folder."""
    base = Path(str(name)).name
    if base in ("", ".", ".."):
        raise SetupError(f"The package names a file {name!r} that cannot be written safely.")
    return base


def files_of(package: dict[str, Any]) -> list[tuple[str, str, int | None, str | None]]:
    """(link, file name, size, SHA-256) of each file to fetch: the zip or the recordings, then manifests."""
    if package.get("package_zip_url"):
        files = [(package["package_zip_url"], f"{_safe_name(package['export_id'])}.zip", None, None)]
    else:
        files = [
            (
                recording["url"],
                _safe_name(recording["file_name"]),
                recording.get("size_bytes"),
                recording["sha256"],
            )
            for recording in package.get("recordings", [])
        ]
    files += [(package[key], name, None, None) for key, name in MANIFESTS.items() if package.get(key)]
    return files


def fetch_package(package: dict[str, Any], folder: Path) -> list[Path]:
    """Download the package into `folder` (created if needed); the files written, checksums checked."""
    folder.mkdir(parents=True, exist_ok=True)
    files = files_of(package)
    known = [size for _, _, size, _ in files if size is not None]
    written: list[Path] = []
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=notes) as bar:
        task = bar.add_task("package", total=sum(known) or None)  # the manifests are small
        for url, name, _size, expected in files:
            bar.update(task, description=name)
            target = folder / name
            size = download(url, target, lambda advance: bar.advance(task, advance))
            if _size is None:  # a manifest or the zip: its size is known once it is here
                bar.update(task, total=(bar.tasks[task].total or 0) + size)
            if expected is not None and sha256_of(target) != expected:
                target.unlink()
                raise SetupError(
                    f"{name} does not match the package's SHA-256: it was removed. Export again and "
                    "download the new package; do not send the old links."
                )
            if name.endswith(".zip") and (wrong := zip_mismatches(target, package.get("recordings", []))):
                target.unlink()
                raise SetupError(
                    f"{name} does not hold the package byte for byte ({', '.join(wrong[:3])}): it was "
                    "removed. Download the files one by one (the per-file links), or export again."
                )
            written.append(target)
    checked = sum(1 for *_, expected in files if expected is not None) or (
        len(package.get("recordings", [])) if package.get("package_zip_url") else 0
    )
    notes.print(
        f"Downloaded {len(written)} files into {folder}"
        + (f"; {checked} recordings match the package's SHA-256." if checked else ".")
    )
    return written
