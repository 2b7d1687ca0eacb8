"""Keeping uploads: by hash, once, never rewritten; refused files leave nothing on disk; serving
them safely. No database involved."""
import unicodedata

import pytest
from flask import Flask

from documents import filetypes
from documents.filetypes import RefusedFile
from documents.storage import TOO_LARGE, FileStore, safe_filename, send_blob
from tests.samples import (
    REFUSED,
    files_under,
    make_docx,
    make_pdf,
)

MIB = 1024 * 1024



@pytest.fixture()
def store(tmp_path) -> FileStore:
    return FileStore(tmp_path / "files", max_bytes=25 * MIB)


# --- Storage ----------------------------------------------------------------------------------------

def test_put_keeps_the_bytes_by_their_hash(store):
    data = make_pdf()
    blob = store.put(data, "Приказ №5.pdf")
    assert blob.file_type is filetypes.PDF
    assert blob.size == len(data)
    assert blob.filename == "Приказ №5.pdf"
    path = store.root / blob.sha256[:2] / blob.sha256[2:4] / blob.sha256
    assert store.path(blob.sha256) == path
    assert path.read_bytes() == data
    assert path.stat().st_mode & 0o777 == 0o440
    assert store.exists(blob.sha256)
    assert store.open(blob.sha256) == data
    assert files_under(store.root) == [path]  # no temporary file left behind


def test_same_content_is_one_blob(store):
    data = make_docx()
    first = store.put(data, "Положение.docx")
    second = store.put(data, "Копия.pdf")
    assert first.sha256 == second.sha256
    assert (first.filename, second.filename) == ("Положение.docx", "Копия.docx")
    assert len(files_under(store.root)) == 1
    other = store.put(make_pdf(marker="другой"), "Другой.pdf")
    assert other.sha256 != first.sha256
    assert len(files_under(store.root)) == 2


def test_an_existing_blob_is_never_rewritten(store):
    data = make_pdf()
    blob = store.put(data, "a.pdf")
    before = store.path(blob.sha256).stat()
    store.put(data, "b.pdf")
    after = store.path(blob.sha256).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.parametrize(("data", "filename", "message"), REFUSED)
def test_refused_files_leave_nothing_on_disk(store, data, filename, message):
    with pytest.raises(RefusedFile) as refused:
        store.put(data, filename)
    assert str(refused.value) == message
    assert files_under(store.root) == []


def test_zip_bomb_leaves_nothing_on_disk(store, zip_bomb):
    with pytest.raises(RefusedFile):
        store.put(zip_bomb, "Положение.docx")
    assert files_under(store.root) == []


def test_size_limit(tmp_path):
    store = FileStore(tmp_path / "files", max_bytes=MIB)
    exactly = make_pdf() + b"%" * (MIB - len(make_pdf()))
    assert store.put(exactly, "ровно.pdf").size == MIB
    with pytest.raises(RefusedFile) as refused:
        store.put(exactly + b"%", "больше.pdf")
    assert str(refused.value) == "Файл больше допустимого размера 1 МБ."
    assert TOO_LARGE.format(limit=25) == "Файл больше допустимого размера 25 МБ."
    assert len(files_under(store.root)) == 1


def test_a_name_with_directories_writes_only_under_root(tmp_path, store):
    blob = store.put(make_pdf(), "../../etc/passwd.pdf")
    assert blob.filename == "passwd.pdf"
    assert [path.name for path in tmp_path.iterdir()] == ["files"]
    assert [path.name for path in files_under(store.root)] == [blob.sha256]


@pytest.mark.parametrize("sha256", [
    "../x", "", "a" * 63, "A" * 64, "g" * 64, "a" * 64 + "\n", "../" + "a" * 61, "/etc/passwd", None,
])
def test_only_hex_digests_name_a_blob(store, sha256):
    for method in (store.open, store.path, store.exists):
        with pytest.raises(ValueError):
            method(sha256)


def test_an_unknown_digest_is_not_there(store):
    assert not store.exists("0" * 64)
    with pytest.raises(FileNotFoundError):
        store.open("0" * 64)


RTL_OVERRIDE = "\u202e"


@pytest.mark.parametrize(("filename", "file_type", "expected"), [
    ("Приказ №5.pdf", filetypes.PDF, "Приказ №5.pdf"),
    ("C:\\Users\\Иван\\Desktop\\Положение.docx", filetypes.DOCX, "Положение.docx"),
    ("..\\..\\boot.ini.pdf", filetypes.PDF, "boot.ini.pdf"),
    ("отчёт.pdf", filetypes.DOCX, "отчёт.docx"),
    ("Положение.DOCX", filetypes.DOCX, "Положение.docx"),
    ("Приказ от 01.02.2024", filetypes.PDF, "Приказ от 01.02.2024.pdf"),
    (".hidden.pdf", filetypes.PDF, "hidden.pdf"),
    ("...", filetypes.PDF, "файл.pdf"),
    ("", filetypes.XLSX, "файл.xlsx"),
    ("/", filetypes.PNG, "файл.png"),
    (f"Отчёт{RTL_OVERRIDE}fdp.exe", filetypes.PDF, "Отчётfdp.pdf"),
    ("стр\x00ока\r\n.pdf", filetypes.PDF, "строка.pdf"),
    ('a<b>:c"d|e?f*.pdf', filetypes.PDF, "a_b__c_d_e_f_.pdf"),
    ("  Приказ   №5  .pdf", filetypes.PDF, "Приказ №5.pdf"),
    ("CON.pdf", filetypes.PDF, "_CON.pdf"),
    ("скан.JPEG", filetypes.JPEG, "скан.jpeg"),
    ("скан.png", filetypes.JPEG, "скан.jpg"),
    ("Приказ.pdf.sig", filetypes.SIGNATURE, "Приказ.pdf.sig"),
    ("Приказ.pdf.p7s", filetypes.SIGNATURE, "Приказ.pdf.p7s"),
    ("Приказ.pdf", filetypes.SIGNATURE, "Приказ.sig"),
    (unicodedata.normalize("NFD", "Учёт мнения.pdf"), filetypes.PDF, "Учёт мнения.pdf"),
])
def test_safe_filename(filename, file_type, expected):
    assert safe_filename(filename, file_type) == expected


def test_long_names_are_cut_keeping_the_extension():
    name = safe_filename("Положение о порядке " * 20 + ".docx", filetypes.DOCX)
    assert len(name) <= 150
    assert name.startswith("Положение о порядке Положение")
    assert name.endswith(".docx")
    assert not name.removesuffix(".docx").endswith((" ", "."))


# --- Serving ----------------------------------------------------------------------------------------

@pytest.fixture()
def serving(store):
    app = Flask(__name__)

    @app.get("/<sha256>/<mime_code>/<int:inline>")
    def download(sha256, mime_code, inline):
        mime = filetypes.FILE_TYPES[mime_code].mime
        return send_blob(store, sha256, "Приказ №5" + filetypes.FILE_TYPES[mime_code].extension, mime,
                         inline=bool(inline))

    return app.test_client()


def test_send_blob_is_an_attachment_by_default(store, serving):
    data = make_docx()
    blob = store.put(data, "Положение.docx")
    response = serving.get(f"/{blob.sha256}/docx/0")
    assert response.status_code == 200
    assert response.data == data
    assert response.mimetype == filetypes.DOCX.mime
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%D0%9F%D1%80%D0%B8%D0%BA%D0%B0%D0%B7%20%E2%84%965.docx" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"


def test_send_blob_previews_only_pdf_and_images(store, serving):
    pdf = store.put(make_pdf(), "Приказ.pdf")
    docx = store.put(make_docx(), "Положение.docx")
    assert serving.get(f"/{pdf.sha256}/pdf/1").headers["Content-Disposition"].startswith("inline;")
    assert serving.get(f"/{docx.sha256}/docx/1").headers["Content-Disposition"].startswith("attachment;")


def test_send_blob_answers_range_requests(store, serving):
    data = make_pdf()
    blob = store.put(data, "Приказ.pdf")
    response = serving.get(f"/{blob.sha256}/pdf/1", headers={"Range": "bytes=0-7"})
    assert response.status_code == 206
    assert response.data == data[:8]


def test_send_blob_refuses_a_bad_digest_and_a_missing_blob(store):
    with Flask(__name__).test_request_context():
        with pytest.raises(ValueError):
            send_blob(store, "../../etc/passwd", "x.pdf", "application/pdf", inline=False)
        with pytest.raises(FileNotFoundError):
            send_blob(store, "0" * 64, "x.pdf", "application/pdf", inline=False)
