"""What an uploaded file really is, decided from its bytes.

The name a browser sends is the user's wish, not a fact: the type comes from the content, and
anything not recognised is refused, which keeps HTML, SVG, scripts and executables out whatever
they are called. The name breaks one tie only: an old Office file (OLE2) whose directory cannot be
read is a DOC or an XLS as its extension says.

Nothing here extracts an archive. ZIP-based formats (DOCX, XLSX, ODT) are judged from their
central directory and from a few small entries read with a bound, so a lying header cannot make us
inflate more than that bound.
"""
import base64
import binascii
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO

from workflow.errors import DomainError


@dataclass(frozen=True)
class FileType:
    code: str  # stored in the database
    mime: str
    extension: str  # canonical, with the dot
    label: str  # Russian, for the user
    previewable: bool = False  # a browser may show it inline (PDF, images)
    other_extensions: tuple[str, ...] = ()  # also true for this content: a name keeps them

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.other_extensions)


PDF = FileType("pdf", "application/pdf", ".pdf", "PDF", previewable=True)
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Документ Word"
)
DOC = FileType("doc", "application/msword", ".doc", "Документ Word 97–2003")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text", ".odt", "Документ OpenDocument")
XLSX = FileType(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Таблица Excel"
)
XLS = FileType("xls", "application/vnd.ms-excel", ".xls", "Таблица Excel 97–2003")
JPEG = FileType("jpeg", "image/jpeg", ".jpg", "Изображение JPEG", previewable=True, other_extensions=(".jpeg",))
PNG = FileType("png", "image/png", ".png", "Изображение PNG", previewable=True)
SIGNATURE = FileType(
    "signature", "application/pkcs7-signature", ".sig", "Подпись (CMS)", other_extensions=(".p7s",)
)

FILE_TYPES: dict[str, FileType] = {t.code: t for t in (PDF, DOCX, DOC, ODT, XLSX, XLS, JPEG, PNG, SIGNATURE)}

EMPTY = "Файл пуст."
UNSUPPORTED = (
    "Формат файла не поддерживается. Можно загружать: PDF, DOCX, DOC, ODT, XLSX, XLS, JPG, PNG, "
    "файлы подписи SIG и P7S."
)
MACROS = "Документы с макросами не принимаются. Сохраните файл как обычный DOCX или XLSX."
ZIP_BOMB = "Файл распаковывается в слишком большой объём и не принимается."
DAMAGED = "Файл повреждён и не открывается."
ENCRYPTED = "Файл защищён паролем. Снимите пароль и загрузите файл снова."
DOC_OR_XLS = (
    "Не удалось определить, документ это Word или Excel. Сохраните файл с расширением .doc или .xls."
)

# ZIP bombs: refused on the sizes the central directory declares.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 10_000
MAX_RATIO = 100
RATIO_CHECKED_FROM = 10 * 1024 * 1024  # small entries may compress well: XML of empty cells does
_SMALL_ENTRY_BYTES = 1024 * 1024  # the most we inflate of one entry ([Content_Types].xml, mimetype)


class RefusedFile(DomainError):
    """An upload refused; ``str(error)`` is the Russian reason."""


def identify(data: bytes, filename: str, *, max_unpacked: int = MAX_UNPACKED_BYTES) -> FileType:
    """The type of ``data``, or ``RefusedFile``. ``filename`` only tells DOC from an unreadable XLS."""
    if not data:
        raise RefusedFile(EMPTY)
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data, max_unpacked)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_type(data, filename)
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if _is_pdf(data):
        return PDF
    if _is_signature(data):
        return SIGNATURE
    raise RefusedFile(UNSUPPORTED)


def _extension(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[1].lower() if "." in name else ""


# --- PDF -------------------------------------------------------------------------------------------

_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def _is_pdf(data: bytes) -> bool:
    """``%PDF-x.y`` in the first KiB (readers tolerate junk before it) and at least one object.

    Markup before the header means a web page quoting a PDF, not a PDF; a header followed by no
    object is a text file that starts like one.
    """
    start = data.find(b"%PDF-", 0, 1024)
    if start < 0 or b"<" in data[:start] or not _PDF_HEADER.match(data, start):
        return False
    return _PDF_OBJECT.search(data, start) is not None


# --- DOCX, XLSX, ODT ----------------------------------------------------------------------------------

_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _zip_type(data: bytes, max_unpacked: int) -> FileType:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
            _refuse_bombs(entries, max_unpacked)
            # Part names of an OOXML package are case-insensitive.
            names = {entry.filename.lower(): entry for entry in entries}
            content_types = _read_small(archive, names.get("[content_types].xml")).lower()
            mimetype = _read_small(archive, names.get("mimetype")).strip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError, ValueError,
            NotImplementedError, struct.error, zlib.error) as error:
        raise RefusedFile(DAMAGED) from error

    if (
        b"macroenabled" in content_types
        or any(name.endswith("vbaproject.bin") or name.startswith("xl/macrosheets/") for name in names)
        or any(name.startswith(("basic/", "scripts/")) for name in names)  # OpenDocument macros
    ):
        raise RefusedFile(MACROS)
    if "word/document.xml" in names or b"wordprocessingml.document.main+xml" in content_types:
        return DOCX
    if "xl/workbook.xml" in names or b"spreadsheetml.sheet.main+xml" in content_types:
        return XLSX
    if mimetype == _ODT_MIMETYPE:
        return ODT
    raise RefusedFile(UNSUPPORTED)


def _refuse_bombs(entries: list[zipfile.ZipInfo], max_unpacked: int) -> None:
    if len(entries) > MAX_ENTRIES or sum(entry.file_size for entry in entries) > max_unpacked:
        raise RefusedFile(ZIP_BOMB)
    for entry in entries:
        if entry.file_size > RATIO_CHECKED_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise RefusedFile(ZIP_BOMB)


def _read_small(archive: zipfile.ZipFile, entry: zipfile.ZipInfo | None) -> bytes:
    if entry is None:
        return b""
    with archive.open(entry) as stream:
        return stream.read(_SMALL_ENTRY_BYTES)


# --- DOC, XLS (OLE2 compound files) -------------------------------------------------------------------

_OLE_MACRO_STORAGES = {"macros", "vba", "_vba_project_cur", "_vba_project"}


def _ole_type(data: bytes, filename: str) -> FileType:
    """Word or Excel from the streams at the root of the compound file.

    When the directory cannot be read the extension decides, so that a file Word still opens is
    not refused because of this small reader.
    """
    try:
        root_names, all_names = _ole_directory(data)
    except (_Unreadable, struct.error):
        by_extension = {".doc": DOC, ".xls": XLS}.get(_extension(filename))
        if by_extension is None:
            raise RefusedFile(DOC_OR_XLS) from None
        return by_extension
    if _OLE_MACRO_STORAGES & all_names:
        raise RefusedFile(MACROS)
    if "encryptedpackage" in root_names:  # a DOCX or XLSX with a password
        raise RefusedFile(ENCRYPTED)
    found = []
    if "worddocument" in root_names:
        found.append(DOC)
    if root_names & {"workbook", "book"}:
        found.append(XLS)
    if len(found) == 1:
        return found[0]
    if not found:  # PowerPoint, Outlook message, installer, Visio...
        raise RefusedFile(UNSUPPORTED)
    for file_type in found:
        if _extension(filename) == file_type.extension:
            return file_type
    raise RefusedFile(DOC_OR_XLS)


class _Unreadable(Exception):
    pass


_END_OF_CHAIN = 0xFFFFFFFE
_MAX_SECTOR = 0xFFFFFFFA
_NO_ENTRY = 0xFFFFFFFF


def _ole_directory(data: bytes) -> tuple[set[str], set[str]]:
    """Lowercased names of the root's children and of every directory entry (MS-CFB, version 3 or 4)."""
    if len(data) < 512:
        raise _Unreadable
    major, byte_order, sector_shift = struct.unpack_from("<HHH", data, 26)
    if byte_order != 0xFFFE or (major, sector_shift) not in {(3, 9), (4, 12)}:
        raise _Unreadable
    sector_size = 1 << sector_shift
    sector_count = max(0, -(-(len(data) - sector_size) // sector_size))  # the last one may be short

    def sector(number: int) -> bytes:
        if number >= sector_count:
            raise _Unreadable
        offset = (number + 1) * sector_size
        return data[offset:offset + sector_size].ljust(sector_size, b"\0")

    per_sector = sector_size // 4
    (first_directory,) = struct.unpack_from("<I", data, 48)
    first_difat, difat_count = struct.unpack_from("<II", data, 68)
    fat_sectors = [n for n in struct.unpack_from("<109I", data, 76) if n <= _MAX_SECTOR]
    difat = first_difat
    for _ in range(difat_count):
        if difat > _MAX_SECTOR:
            break
        entries = struct.unpack(f"<{per_sector}I", sector(difat))
        fat_sectors.extend(n for n in entries[:-1] if n <= _MAX_SECTOR)
        difat = entries[-1]
    if len(fat_sectors) > sector_count:
        raise _Unreadable
    fat: list[int] = []
    for number in fat_sectors:
        fat.extend(struct.unpack(f"<{per_sector}I", sector(number)))

    directory = bytearray()
    number, seen = first_directory, set()
    while number != _END_OF_CHAIN:
        if number in seen or number >= len(fat):
            raise _Unreadable
        seen.add(number)
        directory += sector(number)
        number = fat[number]

    entries = []
    for offset in range(0, len(directory), 128):
        length, kind = struct.unpack_from("<HB", directory, offset + 64)
        left, right, child = struct.unpack_from("<III", directory, offset + 68)
        name = ""
        if kind in (1, 2, 5) and 2 <= length <= 64:
            name = bytes(directory[offset:offset + length - 2]).decode("utf-16-le", "replace").lower()
        entries.append((name, left, right, child))
        if offset == 0 and kind != 5:  # the first entry is the root storage
            raise _Unreadable
    if not entries:
        raise _Unreadable

    root_names: set[str] = set()
    pending, visited = [entries[0][3]], set()  # the root's children: a tree of siblings
    while pending:
        index = pending.pop()
        if index == _NO_ENTRY:
            continue
        if index in visited or index >= len(entries):
            raise _Unreadable
        visited.add(index)
        name, left, right, _child = entries[index]
        root_names.add(name)
        pending += [left, right]
    return root_names, {entry[0] for entry in entries if entry[0]}


# --- Detached signatures (CMS / PKCS#7) --------------------------------------------------------------

# ContentInfo ::= SEQUENCE { contentType OID id-signedData (1.2.840.113549.1.7.2), content [0] ... }
_SIGNED_DATA_OID = bytes.fromhex("06092a864886f70d010702")
_PEM = re.compile(rb"-----BEGIN (PKCS7|CMS|SIGNED MESSAGE)-----(.+?)-----END \1-----", re.DOTALL)
_BASE64_TEXT = re.compile(rb"[A-Za-z0-9+/=\s]+")


def _is_signature(data: bytes) -> bool:
    """DER (or BER, as CryptoPro writes) signedData, as it is, in PEM, or as bare base64."""
    if _is_signed_data(data):
        return True
    text = data.removeprefix(b"\xef\xbb\xbf").strip()
    pem = _PEM.fullmatch(text)
    if pem:
        text = pem.group(2)
    if not _BASE64_TEXT.fullmatch(text):
        return False
    try:
        decoded = base64.b64decode(re.sub(rb"\s+", b"", text), validate=True)
    except (binascii.Error, ValueError):
        return False
    return _is_signed_data(decoded)


def _is_signed_data(der: bytes) -> bool:
    if len(der) < 2 + len(_SIGNED_DATA_OID) or der[0] != 0x30:
        return False
    first = der[1]
    if first == 0x80:  # BER indefinite length
        header = 2
    elif first < 0x80:
        header, length = 2, first
    else:
        octets = first & 0x7F
        if not 1 <= octets <= 4 or len(der) < 2 + octets:
            return False
        header, length = 2 + octets, int.from_bytes(der[2:2 + octets], "big")
    if first != 0x80 and header + length > len(der):
        return False
    return der[header:header + len(_SIGNED_DATA_OID)] == _SIGNED_DATA_OID
