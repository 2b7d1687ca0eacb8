"""Real sample files built in code for the upload tests: accepted kinds, hostile ones, refusals."""
import base64
import io
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from documents import filetypes

MIB = 1024 * 1024


# --- Sample files ------------------------------------------------------------------------------------

def make_pdf(marker: str = "") -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    out += f"% {marker}\n".encode() if marker else b""
    return bytes(out)


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def make_docx(*, main_type: str = WORD_MAIN, extra: dict[str, bytes] | None = None) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument"/></Relationships>'
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Локальный акт</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Школа", "Выполнено"])
    workbook.active.append(["МКОУ «Сергокалинская СОШ №1»", 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_odt(mimetype: str = "application/vnd.oasis.opendocument.text", extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # first and stored, as ODF wants
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>')
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FREE, END, FAT_SECTOR, NO_ENTRY = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def make_compound_file(tree: dict) -> bytes:
    """A version 3 OLE2 compound file whose directory holds ``tree`` ({name: None for a stream,
    {…} for a storage}); streams are empty. Sector 0 is the FAT, the directory follows."""
    entries = [["Root Entry", 5, NO_ENTRY, NO_ENTRY, NO_ENTRY]]

    def add(children: dict) -> int:
        first = previous = NO_ENTRY
        for name, sub in children.items():
            index = len(entries)
            entries.append([name, 2 if sub is None else 1, NO_ENTRY, NO_ENTRY, NO_ENTRY])
            if previous == NO_ENTRY:
                first = index
            else:
                entries[previous][3] = index  # right sibling
            previous = index
            if sub is not None:
                entries[index][4] = add(sub)
        return first

    entries[0][4] = add(tree)
    directory = bytearray()
    for name, kind, left, right, child in entries:
        entry = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        entry[:len(encoded)] = encoded
        struct.pack_into("<HBBIII", entry, 64, len(encoded), kind, 1, left, right, child)
        struct.pack_into("<IQ", entry, 116, END, 0)
        directory += entry
    directory_sectors = -(-len(directory) // 512)
    directory = directory.ljust(directory_sectors * 512, b"\0")
    chain = [*range(2, directory_sectors + 1), END]
    fat = [FAT_SECTOR, *chain] + [FREE] * (128 - 1 - len(chain))

    header = bytearray(512)
    header[:8] = OLE_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<II", header, 44, 1, 1)  # one FAT sector; the directory starts at sector 1
    struct.pack_into("<IIIII", header, 56, 4096, END, 0, END, 0)
    struct.pack_into("<109I", header, 76, 0, *[FREE] * 108)
    return bytes(header) + struct.pack("<128I", *fat) + bytes(directory)


def make_doc(**extra) -> bytes:
    return make_compound_file({"WordDocument": None, "1Table": None, **extra})


def make_xls(**extra) -> bytes:
    return make_compound_file({"Workbook": None, "\x05SummaryInformation": None, **extra})


JPEG_BYTES = bytes.fromhex("ffd8ffe000104a46494600010100000100010000") + b"\x00" * 16 + b"\xff\xd9"


def make_png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1×1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00")  # filter byte + one red pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def tlv(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    octets = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(octets)]) + octets + content


SIGNED_DATA_OID = bytes.fromhex("2a864886f70d010702")
DATA_OID = bytes.fromhex("2a864886f70d010701")
SIGNED_DATA = tlv(0x30, (
    tlv(0x02, b"\x01")  # version
    + tlv(0x31, b"")  # digestAlgorithms
    + tlv(0x30, tlv(0x06, DATA_OID))  # encapContentInfo without content: detached
    + tlv(0xA0, b"\x55" * 300)  # stands for the certificates
    + tlv(0x31, b"")  # signerInfos
))
DER_SIGNATURE = tlv(0x30, tlv(0x06, SIGNED_DATA_OID) + tlv(0xA0, SIGNED_DATA))
# BER with indefinite lengths, as CryptoPro writes it.
BER_SIGNATURE = b"\x30\x80" + tlv(0x06, SIGNED_DATA_OID) + b"\xa0\x80" + SIGNED_DATA + b"\x00" * 4


def base64_lines(data: bytes) -> bytes:
    text = base64.b64encode(data)
    return b"\r\n".join(text[i:i + 64] for i in range(0, len(text), 64)) + b"\r\n"


def zip_of_zeros(name: str, megabytes: int, *, docx: bool = True) -> bytes:
    """A ZIP whose one big entry inflates to ``megabytes`` of zeros, written in chunks: ~1 KB a MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if docx:
            archive.writestr("[Content_Types].xml", f'<Types><Override ContentType="{WORD_MAIN}"/></Types>')
        with archive.open(name, "w", force_zip64=True) as entry:
            chunk = bytes(MIB)
            for _ in range(megabytes):
                entry.write(chunk)
    return buffer.getvalue()


def make_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_with_many_entries(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(count):
            archive.writestr(f"word/media/{number}.xml", b"")
    return buffer.getvalue()


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []




CERTIFICATE_LIKE = tlv(0x30, tlv(0x30, b"\x02\x01\x01" + b"\x00" * 200) + tlv(0x30, tlv(0x06, DATA_OID)))

REFUSED = [
    pytest.param(b"<!DOCTYPE html><html><script>alert(1)</script></html>", "Приказ.pdf",
                 filetypes.UNSUPPORTED, id="html-named-pdf"),
    pytest.param(b"<html><body>%PDF-1.4\n1 0 obj</body></html>", "Приказ.pdf",
                 filetypes.UNSUPPORTED, id="html-quoting-a-pdf-header"),
    pytest.param(b"%PDF-1.4\n<script>alert(1)</script>", "Приказ.pdf",
                 filetypes.UNSUPPORTED, id="pdf-header-without-objects"),
    pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "Скан.png",
                 filetypes.UNSUPPORTED, id="svg-with-script"),
    pytest.param(b"alert(document.cookie)", "script.js", filetypes.UNSUPPORTED, id="javascript"),
    pytest.param(b"MZ\x90\x00" + bytes(100), "Положение.doc", filetypes.UNSUPPORTED, id="executable"),
    pytest.param(b"GIF89a" + bytes(20), "Скан.jpg", filetypes.UNSUPPORTED, id="gif"),
    pytest.param(b"Just some text", "Подпись.sig", filetypes.UNSUPPORTED, id="text-named-sig"),
    pytest.param(base64_lines(CERTIFICATE_LIKE), "Подпись.sig", filetypes.UNSUPPORTED, id="certificate-not-cms"),
    pytest.param(b"-----BEGIN PKCS7-----\nbm90IGRlcg==\n-----END PKCS7-----\n", "a.p7s",
                 filetypes.UNSUPPORTED, id="pem-of-garbage"),
    pytest.param(make_zip({"Приказ.txt": b"text", "scan.jpg": JPEG_BYTES}), "Архив.docx",
                 filetypes.UNSUPPORTED, id="plain-zip"),
    pytest.param(make_odt("application/vnd.oasis.opendocument.spreadsheet"), "Таблица.odt",
                 filetypes.UNSUPPORTED, id="ods"),
    pytest.param(b"PK\x03\x04" + b"\x00" * 100, "Положение.docx", filetypes.DAMAGED, id="broken-zip"),
    pytest.param(make_docx(extra={"word/vbaProject.bin": b"\x00" * 64}), "Положение.docx",
                 filetypes.MACROS, id="docx-with-vba-project"),
    pytest.param(make_docx(main_type=WORD_MACRO_MAIN), "Положение.docx", filetypes.MACROS, id="docm"),
    pytest.param(make_odt(extra={"Basic/Standard/Module1.xml": b"<module/>"}), "Положение.odt",
                 filetypes.MACROS, id="odt-with-basic"),
    pytest.param(make_doc(Macros={"VBA": {"dir": None}}), "Положение.doc", filetypes.MACROS, id="doc-with-vba"),
    pytest.param(make_xls(_VBA_PROJECT_CUR={"VBA": None}), "Отчёт.xls", filetypes.MACROS, id="xls-with-vba"),
    pytest.param(make_compound_file({"EncryptedInfo": None, "EncryptedPackage": None}), "Отчёт.xlsx",
                 filetypes.ENCRYPTED, id="password-protected-xlsx"),
    pytest.param(make_compound_file({"PowerPoint Document": None}), "Слайды.doc",
                 filetypes.UNSUPPORTED, id="powerpoint-named-doc"),
    pytest.param(OLE_MAGIC + bytes(600), "Старый.ppt", filetypes.DOC_OR_XLS, id="unreadable-ole-bad-name"),
    pytest.param(b"", "Пустой.pdf", filetypes.EMPTY, id="empty"),
]
