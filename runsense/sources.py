"""Find activity files in what a runner hands over: files, folders, ``.gz``, ``.zip`` (nested),
and the Garmin and Strava bulk exports.

Nothing is ever extracted to disk: zip members and gzip streams are read into memory with a
hard cap, so ``../`` paths cannot escape and bombs cannot fill the disk. Every refusal is a
:class:`SourceFile` with an error naming the member and the limit it broke, so the rest of an
archive still imports.

Inside folders and archives only activity-like names are considered (``.fit``, ``.gpx``,
``.tcx``, their ``.gz`` forms, nested ``.zip``); a Garmin export's thousands of JSON files are
passed over quietly. ``__MACOSX/`` and ``._*`` resource forks are ignored.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from runsense.errors import CorruptFileError, NotAnActivityError, ParseError, UnsafeInputError
from runsense.parsers._common import normalize_sport
from runsense.settings import Limits

_ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")
_MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ExportInfo:
    """What a Strava bulk export's ``activities.csv`` says about one file."""

    activity_id: str
    title: str
    sport: str
    gear: str


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One candidate activity file: its bytes, or the reason it could not be opened."""

    name: str
    data: bytes | None = None
    error: ParseError | None = None
    export: ExportInfo | None = None
    #: bytes of the outermost input this accounts for (drives the progress bar)
    input_bytes: int = 0


def is_activity_name(name: str) -> bool:
    """True for names an import should look at inside folders and archives."""
    lower = name.lower()
    base = lower.rsplit("/", 1)[-1]
    if base.startswith("._") or "__macosx/" in lower:
        return False
    return lower.endswith(_ACTIVITY_SUFFIXES) or lower.endswith(".zip")


def total_input_bytes(paths: list[Path]) -> int:
    """Bytes of every file an import of ``paths`` will read (the progress bar's total)."""
    total = 0
    for path in paths:
        if path.is_dir():
            for root, _dirs, files in os.walk(path):
                total += sum(_size(Path(root, f)) for f in files if is_activity_name(f))
        elif path.exists():
            total += _size(path)
    return total


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def iter_sources(paths: list[Path], limits: Limits | None = None) -> Iterator[SourceFile]:
    """Yield every candidate activity file under ``paths``, lazily, in a stable order."""
    limits = limits or Limits()
    for path in paths:
        if path.is_dir():
            yield from _walk_folder(path, limits)
        elif not path.exists():
            yield SourceFile(str(path), error=CorruptFileError(str(path), "no such file or folder"))
        else:
            yield from _open_file(path, path.name, limits, explicit=True)


def _walk_folder(folder: Path, limits: Limits) -> Iterator[SourceFile]:
    exports: dict[str, ExportInfo] = {}
    csv_path = folder / "activities.csv"
    if csv_path.is_file():
        exports = read_strava_csv(csv_path.read_bytes())
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if not is_activity_name(name):
                continue
            path = Path(root, name)
            rel = path.relative_to(folder).as_posix()
            yield from _open_file(path, rel, limits, export=exports.get(rel))


def _open_file(path: Path, name: str, limits: Limits, *, explicit: bool = False, export: ExportInfo | None = None) -> Iterator[SourceFile]:
    size = _size(path)
    lower = name.lower()
    if lower.endswith(".zip"):
        try:
            with zipfile.ZipFile(path) as archive:
                yield from _walk_zip(archive, name, limits, depth=1, input_bytes=size)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            yield SourceFile(name, error=CorruptFileError(name, f"not a readable zip archive ({exc})"), input_bytes=size)
        return
    if lower.endswith("activities.csv") and explicit:
        try:
            count = len(read_strava_csv(path.read_bytes()))
        except ValueError as exc:
            yield SourceFile(name, error=CorruptFileError(name, str(exc)), input_bytes=size)
            return
        yield SourceFile(name, error=NotAnActivityError(name, f"a Strava activities list ({count} activities); import the whole export folder or zip to use it"), input_bytes=size)
        return
    if size > limits.max_file_bytes and not lower.endswith(".gz"):
        yield SourceFile(name, error=UnsafeInputError(name, f"file is {size / _MIB:.0f} MiB, over the {limits.max_file_bytes / _MIB:.0f} MiB limit"), input_bytes=size)
        return
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield SourceFile(name, error=CorruptFileError(name, f"cannot read the file ({exc.strerror or exc})"), input_bytes=size)
        return
    yield _decompress(name, raw, limits, export, size)


def _decompress(name: str, raw: bytes, limits: Limits, export: ExportInfo | None, input_bytes: int) -> SourceFile:
    if not name.lower().endswith(".gz"):
        return SourceFile(name, data=raw, export=export, input_bytes=input_bytes)
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            data = stream.read(limits.max_file_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        return SourceFile(name, error=CorruptFileError(name, f"not a readable gzip file ({exc})"), input_bytes=input_bytes)
    if len(data) > limits.max_file_bytes:
        return SourceFile(name, error=UnsafeInputError(name, f"expands to over the {limits.max_file_bytes / _MIB:.0f} MiB limit (a gzip bomb?)"), input_bytes=input_bytes)
    return SourceFile(name, data=data, export=export, input_bytes=input_bytes)


def _unsafe_member_name(member: str) -> bool:
    path = PurePosixPath(member.replace("\\", "/"))
    return member.startswith(("/", "\\")) or (len(member) > 1 and member[1] == ":") or ".." in path.parts


def _walk_zip(archive: zipfile.ZipFile, name: str, limits: Limits, depth: int, input_bytes: int) -> Iterator[SourceFile]:
    members = [m for m in archive.infolist() if m.filename and not m.is_dir()]  # a damaged directory can list nameless members
    if len(members) > limits.max_zip_members:
        yield SourceFile(name, error=UnsafeInputError(name, f"zip lists {len(members)} files, over the {limits.max_zip_members} limit"), input_bytes=input_bytes)
        return
    exports = _zip_strava_csv(archive, members)
    candidates = [m for m in members if is_activity_name(m.filename)]
    # spread the archive's size over its members for the progress bar
    share = input_bytes // max(len(candidates), 1)
    expanded = 0
    for member in candidates:
        label = f"{name}!{member.filename}"
        if _unsafe_member_name(member.filename):
            yield SourceFile(label, error=UnsafeInputError(label, "zip member has an unsafe path (absolute or with '..'); refused, nothing extracted"), input_bytes=share)
            continue
        if member.file_size > 1 * _MIB and member.file_size > limits.max_ratio * max(member.compress_size, 1):
            yield SourceFile(label, error=UnsafeInputError(label, f"compression ratio over {limits.max_ratio:.0f}:1 (a zip bomb?); refused"), input_bytes=share)
            continue
        cap = limits.max_file_bytes if not member.filename.lower().endswith(".zip") else limits.max_zip_total_bytes
        try:
            with archive.open(member) as stream:
                raw = stream.read(cap + 1)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError, ValueError) as exc:
            yield SourceFile(label, error=CorruptFileError(label, f"cannot read this zip member ({exc})"), input_bytes=share)
            continue
        expanded += len(raw)
        if len(raw) > cap or expanded > limits.max_zip_total_bytes:
            yield SourceFile(label, error=UnsafeInputError(label, "zip member expands past the size limit (a zip bomb?); refused"), input_bytes=share)
            if expanded > limits.max_zip_total_bytes:
                return
            continue
        if member.filename.lower().endswith(".zip"):
            if depth >= limits.max_depth:
                yield SourceFile(label, error=UnsafeInputError(label, f"archives nested more than {limits.max_depth} deep; refused"), input_bytes=share)
                continue
            try:
                with zipfile.ZipFile(io.BytesIO(raw)) as inner:
                    yield from _walk_zip(inner, label, limits, depth + 1, share)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
                yield SourceFile(label, error=CorruptFileError(label, f"not a readable zip archive ({exc})"), input_bytes=share)
            continue
        yield _decompress(label, raw, limits, exports.get(member.filename), share)


def _zip_strava_csv(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> dict[str, ExportInfo]:
    """Read a Strava export's ``activities.csv`` (at the zip root or one folder down)."""
    for member in members:
        parts = member.filename.split("/")
        if parts[-1] == "activities.csv" and len(parts) <= 2 and member.file_size < 64 * _MIB:
            try:
                prefix = "/".join(parts[:-1])
                table = read_strava_csv(archive.read(member))
            except (zipfile.BadZipFile, OSError, zlib.error, ValueError):
                return {}
            return {f"{prefix}/{k}" if prefix else k: v for k, v in table.items()}
    return {}


def read_strava_csv(data: bytes) -> dict[str, ExportInfo]:
    """Map each file named in a Strava ``activities.csv`` to its title, sport and gear.

    Strava's layout repeats some headers (two "Distance" columns in different units); the
    first occurrence of each name is used. Rows with no file name are left out.
    """
    text = data.decode("utf-8-sig", errors="replace").replace("\0", "")
    rows = csv.reader(io.StringIO(text))
    try:
        return _strava_rows(rows)
    except csv.Error as exc:
        msg = f"not a readable Strava activities.csv ({exc})"
        raise ValueError(msg) from exc


def _strava_rows(rows: Iterator[list[str]]) -> dict[str, ExportInfo]:
    header = next(rows, [])
    first: dict[str, int] = {}
    for i, column in enumerate(header):
        first.setdefault(column.strip(), i)
    needed = ("Activity ID", "Activity Name", "Activity Type", "Activity Gear", "Filename")
    if "Filename" not in first:
        msg = "not a Strava activities.csv: no 'Filename' column"
        raise ValueError(msg)
    out: dict[str, ExportInfo] = {}
    for row in rows:
        values = {k: (row[first[k]].strip() if k in first and first[k] < len(row) else "") for k in needed}
        if values["Filename"]:
            out[values["Filename"]] = ExportInfo(values["Activity ID"], values["Activity Name"], normalize_sport(values["Activity Type"]), values["Activity Gear"])
    return out
