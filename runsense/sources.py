"""Find activity files in what a runner hands over: files, folders, ``.gz``, ``.zip`` (nested),
and the Garmin and Strava bulk exports.

Nothing is ever extracted to disk, and memory is bounded by design: each activity file, zip member
or gzip stream is read with a hard cap on what it inflates to, one at a time; a zip inside a zip is
read member by member from its compressed stream, never whole, under the same limits as the outer
one (members, ratio, total, depth). So ``../`` paths cannot escape and bombs fill neither the disk
nor the memory. Only regular files are opened: a FIFO, socket or device (or a link to one, such as
``/dev/zero``) is refused before anything is read. Every refusal is a :class:`SourceFile` with an
error naming the file or member and the limit it broke, so the rest of a folder or archive still
imports; a folder that cannot be listed is reported by name, and an ``activities.csv`` that is not
Strava's is reported while the files import without its titles and gear.

Inside folders and archives only activity-like names are considered (``.fit``, ``.gpx``,
``.tcx``, their ``.gz`` forms, nested ``.zip``); a Garmin export's thousands of JSON files are
passed over quietly. ``__MACOSX/`` and ``._*`` resource forks are ignored.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO

from runsense.errors import CorruptFileError, NotAnActivityError, ParseError, UnsafeInputError
from runsense.parsers._common import normalize_sport
from runsense.settings import Limits

_ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")
_MIB = 1024 * 1024
#: what one read asks for when the size to come is not known (a gzip stream, a file that grew)
_CHUNK = _MIB


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
    if csv_path.exists():
        exports, problem = _folder_strava_csv(csv_path)
        if problem is not None:
            yield problem
    unlistable: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=unlistable.append):
        yield from _unlistable_folders(folder, unlistable)
        dirs.sort()
        for name in sorted(files):
            if not is_activity_name(name):
                continue
            path = Path(root, name)
            rel = path.relative_to(folder).as_posix()
            yield from _open_file(path, rel, limits, export=exports.get(rel))
    yield from _unlistable_folders(folder, unlistable)


def _unlistable_folders(folder: Path, errors: list[OSError]) -> Iterator[SourceFile]:
    """A folder the walk could not list, by name (its files are not imported: the runner should know)."""
    while errors:
        error = errors.pop(0)
        where = Path(error.filename or folder)
        name = where.relative_to(folder).as_posix() if where.is_relative_to(folder) else str(where)
        yield SourceFile(name, error=CorruptFileError(name, f"cannot read this folder ({error.strerror or error}); the files in it were not imported"))


def _folder_strava_csv(path: Path) -> tuple[dict[str, ExportInfo], SourceFile | None]:
    """A folder's ``activities.csv`` as Strava export info, or why it is not used (the files still import)."""
    try:
        with _open_regular(path) as stream:
            data = _read_capped(stream, _MAX_CSV_BYTES, "activities.csv")
        return read_strava_csv(data), None
    except (OSError, ValueError, UnsafeInputError) as exc:
        return {}, _unused_csv("activities.csv", exc)


def _unused_csv(name: str, exc: Exception) -> SourceFile:
    reason = exc.detail if isinstance(exc, ParseError) else str(exc)
    return SourceFile(name, error=NotAnActivityError(name, f"{reason}; its titles and gear are not used, the activity files import without them"))


#: largest Strava activities.csv read (a ten-year export is a few MB)
_MAX_CSV_BYTES = 64 * _MIB
_FILE_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; anything else is refused before a byte is read.

    A FIFO would block the import forever and ``/dev/zero`` never ends. The name is checked
    first (a socket cannot even be opened), then the opened descriptor again (opened
    non-blocking, so even a FIFO's open returns), in case the name was swapped in between.

    Raises
    ------
    UnsafeInputError
        Not a regular file (a link is followed to what it names).
    OSError
        The file cannot be opened.
    """
    _require_regular(os.stat(path).st_mode, path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        _require_regular(os.fstat(fd).st_mode, path)
    except UnsafeInputError:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _require_regular(mode: int, path: Path) -> None:
    if not stat.S_ISREG(mode):
        kind = next((label for test, label in _FILE_KINDS if test(mode)), "not a regular file")
        raise UnsafeInputError(path.name, f"is {kind}, not a regular file; refused without reading it")


def _read_capped(stream: BinaryIO | IO[bytes], cap: int, name: str, size_hint: int | None = None) -> bytes:
    """At most ``cap`` bytes of ``stream``; more is refused, naming the limit.

    Read in one go when ``size_hint`` (a file's size, a zip member's) is right, else in chunks:
    never ``read(cap + 1)``, which makes a buffer of the whole limit for every file (64 MiB for a
    200 kB watch file: 80 % of a re-import's reading time).
    """
    chunks, total = [], 0
    want = _CHUNK if size_hint is None else size_hint + 1
    while total <= cap:
        asked = min(want, cap + 1 - total)
        if not (chunk := stream.read(asked)):
            break
        chunks.append(chunk)
        total += len(chunk)
        want = _CHUNK if len(chunk) == asked else 1  # a short read is the end, most likely: make sure with one byte
    if total > cap:
        raise UnsafeInputError(name, f"is or expands to over the {cap / _MIB:.0f} MiB limit (a zip or gzip bomb?); refused")
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _open_file(path: Path, name: str, limits: Limits, *, explicit: bool = False, export: ExportInfo | None = None) -> Iterator[SourceFile]:
    size = _size(path)
    try:
        stream = _open_regular(path)
    except UnsafeInputError as exc:
        yield SourceFile(name, error=UnsafeInputError(name, exc.detail), input_bytes=size)
        return
    except OSError as exc:
        yield SourceFile(name, error=CorruptFileError(name, f"cannot read the file ({exc.strerror or exc})"), input_bytes=size)
        return
    with stream:
        yield from _read_file(stream, name, size, limits, explicit=explicit, export=export)


def _read_file(stream: BinaryIO, name: str, size: int, limits: Limits, *, explicit: bool, export: ExportInfo | None) -> Iterator[SourceFile]:
    lower = name.lower()
    if lower.endswith(".zip"):
        try:
            with zipfile.ZipFile(stream) as archive:
                yield from _walk_zip(archive, name, limits, depth=1, input_bytes=size)
        except _ZIP_ERRORS as exc:
            yield SourceFile(name, error=CorruptFileError(name, f"not a readable zip archive ({exc})"), input_bytes=size)
        return
    if lower.endswith("activities.csv") and explicit:
        try:
            count = len(read_strava_csv(_read_capped(stream, _MAX_CSV_BYTES, name)))
        except (ValueError, OSError, UnsafeInputError) as exc:
            yield SourceFile(name, error=CorruptFileError(name, exc.detail if isinstance(exc, ParseError) else str(exc)), input_bytes=size)
            return
        yield SourceFile(name, error=NotAnActivityError(name, f"a Strava activities list ({count} activities); import the whole export folder or zip to use it"), input_bytes=size)
        return
    if size > limits.max_file_bytes:  # a .gz too: it cannot inflate to less than the limit
        yield SourceFile(name, error=UnsafeInputError(name, f"file is {size / _MIB:.0f} MiB, over the {limits.max_file_bytes / _MIB:.0f} MiB limit"), input_bytes=size)
        return
    yield _read_activity_file(stream, name, limits, export, size, size_hint=size)


def _read_activity_file(stream: IO[bytes], name: str, limits: Limits, export: ExportInfo | None, input_bytes: int, size_hint: int | None = None) -> SourceFile:
    """One activity file's bytes, gunzipped if its name says ``.gz``, capped at ``max_file_bytes``
    of what it inflates to; or the reason it cannot be read. ``size_hint``: the bytes the stream
    should hold (a file's size, a zip member's), if known."""
    try:
        if name.lower().endswith(".gz"):
            with gzip.GzipFile(fileobj=stream) as inflated:
                data = _read_capped(inflated, limits.max_file_bytes, name)
        else:
            data = _read_capped(stream, limits.max_file_bytes, name, size_hint)
    except UnsafeInputError as exc:
        return SourceFile(name, error=exc, input_bytes=input_bytes)
    except gzip.BadGzipFile as exc:
        return SourceFile(name, error=CorruptFileError(name, f"not a readable gzip file ({exc})"), input_bytes=input_bytes)
    except (OSError, EOFError, zlib.error, *_ZIP_ERRORS) as exc:
        detail = f"not a readable gzip file ({exc})" if name.lower().endswith(".gz") else f"cannot read the file ({exc})"
        return SourceFile(name, error=CorruptFileError(name, detail), input_bytes=input_bytes)
    return SourceFile(name, data=data, export=export, input_bytes=input_bytes)


def _decompress(name: str, raw: bytes, limits: Limits, export: ExportInfo | None, input_bytes: int) -> SourceFile:
    """``raw`` as an activity file's bytes, gunzipped if its name says ``.gz`` (the fuzzer's way in)."""
    return _read_activity_file(io.BytesIO(raw), name, limits, export, input_bytes)


#: what zipfile raises for a damaged archive or member (RuntimeError: encrypted; NotImplementedError:
#: an unknown compression or "version needed")
_ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError, ValueError)


def _unsafe_member_name(member: str) -> bool:
    path = PurePosixPath(member.replace("\\", "/"))
    return member.startswith(("/", "\\")) or (len(member) > 1 and member[1] == ":") or ".." in path.parts


@dataclass(slots=True)
class _Budget:
    """Bytes one outermost zip may still inflate to, shared by the zips nested in it."""

    left: int


def _walk_zip(archive: zipfile.ZipFile, name: str, limits: Limits, depth: int, input_bytes: int, budget: _Budget | None = None) -> Iterator[SourceFile]:
    """Every candidate member, read one at a time in the order they lie in the archive (so a nested
    zip, read from its compressed stream, is never rewound), under the limits of ``limits``."""
    budget = budget or _Budget(limits.max_zip_total_bytes)
    members = [m for m in archive.infolist() if m.filename and not m.is_dir()]  # a damaged directory can list nameless members
    if len(members) > limits.max_zip_members:
        yield SourceFile(name, error=UnsafeInputError(name, f"zip lists {len(members)} files, over the {limits.max_zip_members} limit"), input_bytes=input_bytes)
        return
    exports, problem = _zip_strava_csv(archive, members, name)
    if problem is not None:
        yield problem
    candidates = sorted((m for m in members if is_activity_name(m.filename)), key=lambda m: m.header_offset)
    share = input_bytes // max(len(candidates), 1)  # spread the archive's size over its members for the progress bar
    for member in candidates:
        label = f"{name}!{member.filename}"
        refusal = _refusal(member, label, limits, depth, budget)
        if refusal is not None:
            yield SourceFile(label, error=refusal, input_bytes=share)
            if budget.left < 0:
                return
            continue
        if member.filename.lower().endswith(".zip"):
            yield from _walk_nested_zip(archive, member, label, limits, depth, share, budget)
            continue
        try:
            with archive.open(member) as stream:
                source = _read_activity_file(stream, label, limits, exports.get(member.filename), share, size_hint=member.file_size)
        except _ZIP_ERRORS as exc:
            source = SourceFile(label, error=CorruptFileError(label, f"cannot read this zip member ({exc})"), input_bytes=share)
        budget.left -= len(source.data or b"")
        yield source


def _refusal(member: zipfile.ZipInfo, label: str, limits: Limits, depth: int, budget: _Budget) -> ParseError | None:
    """Why a member is refused before it is read, from what the archive says of it; None if it is not.

    What a member really inflates to is capped again while it is read: the sizes a zip
    declares are not to be trusted.
    """
    if _unsafe_member_name(member.filename):
        return UnsafeInputError(label, "zip member has an unsafe path (absolute or with '..'); refused, nothing extracted")
    if member.file_size > 1 * _MIB and member.file_size > limits.max_ratio * max(member.compress_size, 1):
        return UnsafeInputError(label, f"compression ratio over {limits.max_ratio:.0f}:1 (a zip bomb?); refused")
    nested = member.filename.lower().endswith(".zip")
    if nested and depth >= limits.max_depth:
        return UnsafeInputError(label, f"archives nested more than {limits.max_depth} deep; refused")
    if not nested and member.file_size > limits.max_file_bytes:
        return UnsafeInputError(label, f"zip member is {member.file_size / _MIB:.0f} MiB, over the {limits.max_file_bytes / _MIB:.0f} MiB limit")
    if member.file_size > budget.left:
        budget.left = -1
        return UnsafeInputError(label, f"the zip expands past the {limits.max_zip_total_bytes / _MIB:.0f} MiB limit for one archive (a zip bomb?); refused")
    return None


def _walk_nested_zip(archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str, limits: Limits, depth: int, share: int, budget: _Budget) -> Iterator[SourceFile]:
    """A zip inside a zip, read from the outer member's stream (zipfile seeks in it by inflating
    forward), its members counted against the outer archive's budget."""
    try:
        with archive.open(member) as stream, zipfile.ZipFile(stream) as inner:
            yield from _walk_zip(inner, label, limits, depth + 1, share, budget)
    except _ZIP_ERRORS as exc:
        yield SourceFile(label, error=CorruptFileError(label, f"not a readable zip archive ({exc})"), input_bytes=share)


def _zip_strava_csv(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str) -> tuple[dict[str, ExportInfo], SourceFile | None]:
    """A Strava export's ``activities.csv`` (at the zip root or one folder down), or why it is not used."""
    for member in members:
        parts = member.filename.split("/")
        if parts[-1] == "activities.csv" and len(parts) <= 2:
            label = f"{name}!{member.filename}"
            try:
                with archive.open(member) as stream:
                    table = read_strava_csv(_read_capped(stream, _MAX_CSV_BYTES, label))
            except (*_ZIP_ERRORS, UnsafeInputError) as exc:
                return {}, _unused_csv(label, exc)
            prefix = "/".join(parts[:-1])
            return {f"{prefix}/{k}" if prefix else k: v for k, v in table.items()}, None
    return {}, None


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
