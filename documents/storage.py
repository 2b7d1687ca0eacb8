"""Uploaded files kept by the hash of their content, outside the web root, never overwritten or deleted.

A blob lives at ``root/ab/cd/<sha256>``: the same content is written once however often it is
uploaded, and the database rows that point at it (submissions, versions) carry the user's file name,
type and size. Only ``send_blob`` knows about Flask; the rest is plain Python.
"""
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from documents.filetypes import EMPTY, FILE_TYPES, FileType, RefusedFile, identify

TOO_LARGE = "Файл больше допустимого размера {limit} МБ."

MAX_NAME_CHARS = 150
_SHA256 = re.compile(r"[0-9a-f]{64}")
_WINDOWS_RESERVED_CHARS = re.compile(r'[<>:"/\\|?*]')
_WINDOWS_DEVICE_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
                         *(f"LPT{n}" for n in range(1, 10))}
# Suffixes dropped from the user's name before the true one is added. Other suffixes are part of the
# name ("Приказ от 01.02.2024" keeps its ".2024").
_KNOWN_SUFFIXES = {ext for file_type in FILE_TYPES.values() for ext in file_type.extensions} | {
    ".docm", ".xlsm", ".dot", ".dotx", ".xlt", ".xltx", ".rtf", ".txt", ".ods", ".odp", ".ppt", ".pptx",
    ".htm", ".html", ".xml", ".svg", ".js", ".exe", ".zip", ".rar", ".7z", ".gif", ".bmp", ".tif", ".tiff",
    ".jpe", ".p7m",
}
# The only types a browser is allowed to render from us (see send_blob).
_INLINE_MIMES = {file_type.mime for file_type in FILE_TYPES.values() if file_type.previewable}


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    file_type: FileType
    filename: str  # safe to show and to offer for download, with the true extension


class FileStore:
    def __init__(self, root: Path, max_bytes: int):
        self.root = Path(root)
        self.max_bytes = max_bytes

    def check(self, data: bytes, filename: str) -> FileType:
        """What ``put`` would accept, without keeping anything: lets a form check all its files
        before it keeps any. Raises ``RefusedFile``."""
        if not data:
            raise RefusedFile(EMPTY)
        if len(data) > self.max_bytes:
            raise RefusedFile(TOO_LARGE.format(limit=f"{self.max_bytes / 2**20:g}"))
        return identify(data, filename)

    def put(self, data: bytes, filename: str) -> StoredBlob:
        """Check, identify and keep ``data``; raises ``RefusedFile`` having written nothing."""
        file_type = self.check(data, filename)
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        if not target.exists():
            _write_once(target, data)
        return StoredBlob(sha256, len(data), file_type, safe_filename(filename, file_type))

    def path(self, sha256: str) -> Path:
        """Where the blob is (or would be). Raises ``ValueError`` for anything but a sha256 hex digest."""
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def open(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()


def _write_once(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, make it durable and read-only, then rename.

    Readers never see a partial blob. Two uploads of the same content at once both rename
    identical bytes over each other, which loses nothing.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o440)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(target.parent)


def _fsync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # platforms that cannot open a directory (Windows)
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def safe_filename(filename: str, file_type: FileType) -> str:
    """The user's base name, made harmless, with the extension the content deserves.

    Directory parts (``/`` and ``\\``), control and formatting characters (including the
    right-to-left override used to disguise extensions) and leading dots go; characters Windows
    forbids become ``_``; the result is at most ``MAX_NAME_CHARS`` long. macOS browsers send
    decomposed Cyrillic (``й`` as ``и`` + breve): the name is recomposed.
    """
    name = unicodedata.normalize("NFC", filename or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if not unicodedata.category(char).startswith("C"))
    name = _WINDOWS_RESERVED_CHARS.sub("_", name)
    name = " ".join(name.split())

    base, dot, suffix = name.rpartition(".")
    extension = file_type.extension
    if dot and "." + suffix.lower() in _KNOWN_SUFFIXES:
        if "." + suffix.lower() in file_type.extensions:
            extension = "." + suffix.lower()  # "скан.jpeg" stays .jpeg, "подпись.p7s" stays .p7s
        name = base
    base = name.lstrip(". ")[:MAX_NAME_CHARS - len(extension)].rstrip(". ")
    if base.upper().split(".", 1)[0] in _WINDOWS_DEVICE_NAMES:
        base = "_" + base
    return (base or "файл") + extension


def send_blob(store: FileStore, sha256: str, filename: str, mime: str, *, inline: bool):
    """A response streaming the blob. Call it only after the permission check.

    ``inline`` is honoured for PDF and images only; anything else is always an attachment, so a
    document can never be rendered by the browser in our origin. ``nosniff`` stops the browser from
    guessing another type than ``mime``. The blob is sent with ``Cache-Control: private, no-store``:
    these are schools' documents with personal data, often opened on shared computers in a staff
    room, and a content-addressed file gains little from caching. Range requests still work, so a
    PDF viewer can fetch a large file piecewise; the sha256 is the ETag.

    A blob missing on disk raises ``FileNotFoundError`` (a server error): the database says the
    file was kept, and that must not be hidden behind a 404.
    """
    from flask import send_file

    path = store.path(sha256)
    if not path.is_file():
        raise FileNotFoundError(path)
    inline = inline and mime in _INLINE_MIMES
    response = send_file(
        path,
        mimetype=mime,
        as_attachment=not inline,
        download_name=filename,
        conditional=True,
        etag=sha256,
        max_age=None,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
