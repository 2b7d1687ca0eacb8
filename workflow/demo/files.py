"""Small real documents for the demo's submissions: a one-page PDF and a one-section DOCX.

Both are written by hand, byte for byte the same for the same input, so that the same ``today``
gives the same files (and the content-addressed store keeps each once). The PDF uses the standard
Helvetica font, which has no Cyrillic: its text is transliterated. The DOCX is UTF-8 XML and keeps
the Russian as it is.
"""
import zipfile
from collections.abc import Sequence
from datetime import datetime
from io import BytesIO
from xml.sax.saxutils import escape

_LOWER = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
     "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
    strict=True,
))
_TRANSLIT = str.maketrans({
    **_LOWER, **{ru.upper(): latin.capitalize() for ru, latin in _LOWER.items()},
    "№": "No", "«": '"', "»": '"', "—": "-", "–": "-", "„": '"', "“": '"', "”": '"',
})


def translit(text: str) -> str:
    """Russian in Latin letters (ASCII only, anything else becomes «?»), for the PDF's standard font."""
    return text.translate(_TRANSLIT).encode("ascii", "replace").decode("ascii")


def wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def _pdf_string(text: str) -> bytes:
    ascii_text = translit(text)
    return b"(" + ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("ascii") + b")"


def make_pdf(title: str, lines: Sequence[str], created: datetime) -> bytes:
    """One A4 page: ``title`` in bold, then ``lines`` (each wrapped to the page), in Helvetica."""
    text = [b"BT", b"/F2 14 Tf", b"16 TL", b"72 770 Td", _pdf_string(title) + b" Tj", b"/F1 11 Tf", b"T*"]
    for line in lines:
        for part in wrap(translit(line), 88) or [""]:
            text.append(_pdf_string(part) + b" '")
    text.append(b"ET")
    content = b"\n".join(text)
    stamp = created.strftime("D:%Y%m%d%H%M%SZ").encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Title " + _pdf_string(title) + b" /Producer (Reglament demo) /CreationDate (" + stamp + b") >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1) + b"0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    '<Relationship Id="rId2" Target="docProps/core.xml" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"/>'
    "</Relationships>"
)
_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:creator>Регламент (демонстрационные данные)</dc:creator>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
    "</cp:coreProperties>"
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraph(text: str, *, bold: bool = False, center: bool = False) -> str:
    props = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p>{props}<w:r>{run_props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def make_docx(title: str, paragraphs: Sequence[str], created: datetime) -> bytes:
    """A Word document: ``title`` centred in bold, then one paragraph per item."""
    body = _paragraph(title, bold=True, center=True) + "".join(_paragraph(p) for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W}"><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/></w:sectPr>'
        "</w:body></w:document>"
    )
    core = _CORE.format(title=escape(title), created=created.strftime("%Y-%m-%dT%H:%M:%SZ"))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS),
                           ("docProps/core.xml", core), ("word/document.xml", document)):
            # A fixed time in the entries keeps the bytes the same from run to run.
            entry = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, text.encode("utf-8"))
    return buffer.getvalue()
