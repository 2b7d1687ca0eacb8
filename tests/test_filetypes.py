"""Identifying uploads from their content: what is accepted as which type, what is refused and
why. No database, nothing written."""

import pytest

from documents import filetypes
from documents.filetypes import RefusedFile, identify
from tests.samples import (
    BER_SIGNATURE,
    DER_SIGNATURE,
    JPEG_BYTES,
    OLE_MAGIC,
    REFUSED,
    base64_lines,
    make_doc,
    make_docx,
    make_odt,
    make_pdf,
    make_png,
    make_xls,
    make_xlsx,
    zip_of_zeros,
    zip_with_many_entries,
)

MIB = 1024 * 1024



# --- Identification ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "filename", "code"), [
    (make_pdf(), "Приказ.pdf", "pdf"),
    (b"\xef\xbb\xbf\r\n" + make_pdf(), "с мусором в начале.pdf", "pdf"),
    (make_pdf(), "без расширения", "pdf"),
    (make_docx(), "Положение.docx", "docx"),
    (make_docx(), "Положение.pdf", "docx"),  # the name lies; the content decides
    (make_xlsx(), "Отчёт.xlsx", "xlsx"),
    (make_odt(), "Положение.odt", "odt"),
    (make_doc(), "Положение.doc", "doc"),
    (make_doc(), "Положение.xls", "doc"),  # a readable directory beats the name
    (make_doc(ObjectPool={"_1": {"Workbook": None}}), "С таблицей.doc", "doc"),  # embedded sheet
    (make_xls(), "Отчёт.xls", "xls"),
    (make_xls(Book=None), "Отчёт.xls", "xls"),
    (OLE_MAGIC + bytes(600), "Старый.doc", "doc"),  # unreadable directory: the name decides
    (OLE_MAGIC + bytes(600), "Старый.XLS", "xls"),
    (JPEG_BYTES, "Скан.jpg", "jpeg"),
    (make_png(), "Скан.png", "png"),
    (DER_SIGNATURE, "Приказ.pdf.sig", "signature"),
    (BER_SIGNATURE, "Приказ.pdf.sig", "signature"),
    (DER_SIGNATURE, "Приказ.p7s", "signature"),
    (base64_lines(DER_SIGNATURE), "Приказ.pdf.sig", "signature"),
    (b"-----BEGIN PKCS7-----\n" + base64_lines(DER_SIGNATURE) + b"-----END PKCS7-----\n", "a.p7s", "signature"),
    (b"-----BEGIN CMS-----\n" + base64_lines(BER_SIGNATURE) + b"-----END CMS-----", "a.sig", "signature"),
])
def test_accepted_types(data, filename, code):
    file_type = identify(data, filename)
    assert file_type.code == code
    assert file_type is filetypes.FILE_TYPES[code]


def test_file_types_describe_themselves():
    assert filetypes.PDF.mime == "application/pdf" and filetypes.PDF.previewable
    assert filetypes.PNG.previewable and filetypes.JPEG.previewable
    assert not filetypes.DOCX.previewable and not filetypes.SIGNATURE.previewable
    assert filetypes.DOCX.label == "Документ Word"
    assert filetypes.SIGNATURE.label == "Подпись (CMS)"
    assert filetypes.JPEG.extensions == (".jpg", ".jpeg")


@pytest.mark.parametrize(("data", "filename", "message"), REFUSED)
def test_refused_types(data, filename, message):
    with pytest.raises(RefusedFile) as refused:
        identify(data, filename)
    assert str(refused.value) == message


def test_zip_bomb_is_refused_without_extracting(zip_bomb):
    assert len(zip_bomb) < 2 * MIB
    with pytest.raises(RefusedFile, match="слишком большой объём"):
        identify(zip_bomb, "Положение.docx")


def test_one_entry_compressed_too_well_is_refused():
    data = zip_of_zeros("xl/worksheets/sheet1.xml", 20)  # under 200 MB in all, but 1000:1
    with pytest.raises(RefusedFile) as refused:
        identify(data, "Отчёт.xlsx")
    assert str(refused.value) == filetypes.ZIP_BOMB


def test_too_many_entries_are_refused():
    assert identify(zip_with_many_entries(filetypes.MAX_ENTRIES - 1), "a.docx") is filetypes.DOCX
    with pytest.raises(RefusedFile) as refused:
        identify(zip_with_many_entries(filetypes.MAX_ENTRIES), "a.docx")
    assert str(refused.value) == filetypes.ZIP_BOMB


def test_unpacked_limit_is_a_parameter():
    data = make_docx(extra={"word/media/big.xml": b"x" * 4096})
    assert identify(data, "a.docx") is filetypes.DOCX
    with pytest.raises(RefusedFile):
        identify(data, "a.docx", max_unpacked=4096)
