"""Uploaded tables turned into a grid of strings, whatever program saved them.

A municipal clerk sends what Excel or a regional registry exported: an XLSX workbook, or a CSV in
UTF-8 (with or without BOM) or Windows-1251, separated by semicolons (Russian Excel), commas or
tabs. ``read_table`` hides these differences and knows nothing of what the table means: headers,
titles above them and totals below are for the caller (``workflow.imports.schools`` and others).

The format is decided by the content, never by the file name: an XLSX is a zip archive, anything
else is read as text.
"""
import csv
import io
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from workflow.errors import DomainError

MAX_ROWS = 50_000

EMPTY = "Файл пуст."
UNREADABLE = "Не удалось прочитать файл: это не CSV и не XLSX."
OLD_EXCEL = (" Файл в формате Excel 97–2003 (XLS) или защищённый паролем пересохраните "
             "как «Книгу Excel» (XLSX) без пароля.")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # XLS and password-protected XLSX
_DELIMITERS = (";", ",", "\t")  # in order of preference on a tie: Russian Excel saves «;»
_SNIFF_CHARS = 8_192  # csv.Sniffer's regular expressions get slow on long samples
_SCORE_CHARS = 65_536
_CONTROL_SHARE = 0.01  # more control characters than this and the "text" is binary


class NumberedRow(NamedTuple):
    """A row that is not empty, with its 1-based number in the file as Excel would show it."""

    number: int
    cells: list[str]


def read_table(filename: str, data: bytes, *, max_rows: int = MAX_ROWS) -> list[list[str]]:
    """The rows of the first sheet of an XLSX, or of a CSV, as stripped strings.

    Fully empty rows are dropped; the others are padded to one width (trailing empty columns
    trimmed). Raises ``DomainError`` when the file is empty, unreadable or longer than ``max_rows``
    non-empty rows.
    """
    return [row.cells for row in read_numbered_table(filename, data, max_rows=max_rows)]


def read_numbered_table(filename: str, data: bytes, *, max_rows: int = MAX_ROWS) -> list[NumberedRow]:
    """Like ``read_table``, keeping for each row its number in the file, for error messages.

    ``filename`` is informative only: the content decides the format.
    """
    if not data or not data.strip():
        raise DomainError(EMPTY)
    if data.startswith(_ZIP_MAGIC):
        rows = _read_xlsx(data, max_rows)
    elif data.startswith(_OLE_MAGIC):
        raise DomainError(UNREADABLE + OLD_EXCEL)
    else:
        rows = _read_csv(_decode(data), max_rows)
    if not rows:
        raise DomainError(EMPTY)
    return _rectangular(rows)


# --- CSV -------------------------------------------------------------------------------------------

def _decode(data: bytes) -> str:
    # Excel's «Текст Юникод» is UTF-16 with a BOM.
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    encodings = ("utf-16",) if utf16 else ("utf-8-sig", "cp1251")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
        break  # cp1251 decodes almost any bytes: control characters mean binary, not a codepage
    raise DomainError(UNREADABLE)


def _looks_like_text(text: str) -> bool:
    if "\x00" in text:
        return False
    control = sum(1 for char in text if char < " " and char not in "\t\n\r\x0b\x0c")
    return control <= len(text) * _CONTROL_SHARE


def _read_csv(text: str, max_rows: int) -> list[NumberedRow]:
    delimiter = _choose_delimiter(text)
    rows: list[NumberedRow] = []
    try:
        # Numbered by record, not by physical line: a quoted cell may span lines, and Excel
        # shows such a record as one row.
        for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            cells = [_clean(cell) for cell in record]
            if any(cells):
                rows.append(NumberedRow(number, cells))
                _check_size(rows, max_rows)
    except csv.Error as error:  # e.g. a "cell" longer than csv.field_size_limit(): not a table
        raise DomainError(UNREADABLE) from error
    return rows


def _choose_delimiter(text: str) -> str:
    """The delimiter that splits the most rows, then gives the most consistent column count.

    ``csv.Sniffer`` alone is unreliable on registry exports (it prefers the comma whenever
    addresses such as «с. Сергокала, ул. Ленина, 5» sit in a semicolon file), so its guess only
    breaks ties between equally good candidates.
    """
    try:
        sniffed: str | None = csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    scores = {delimiter: _delimiter_score(text, delimiter) for delimiter in _DELIMITERS}
    best = max(scores.values())
    if sniffed in scores and scores[sniffed] == best:
        return sniffed
    return next(delimiter for delimiter in _DELIMITERS if scores[delimiter] == best)


def _delimiter_score(text: str, delimiter: str) -> tuple[int, int]:
    sample = text[:_SCORE_CHARS]
    try:
        records = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
                   if any(cell.strip() for cell in r)]
    except csv.Error:
        return -1, -1
    if len(sample) < len(text):
        records = records[:-1]  # probably cut in the middle
    widths = Counter(len(record) for record in records if len(record) > 1)
    split = sum(widths.values())
    consistent = widths.most_common(1)[0][1] if widths else 0
    return split, consistent


# --- XLSX ------------------------------------------------------------------------------------------

def _read_xlsx(data: bytes, max_rows: int) -> list[NumberedRow]:
    import openpyxl  # only needed here, and slow to import

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged archive raises anything from BadZipFile to KeyError
        raise DomainError(UNREADABLE) from error
    rows: list[NumberedRow] = []
    try:
        if not workbook.worksheets:
            raise DomainError(EMPTY)
        sheet = workbook.worksheets[0]
        # Some generators write a wrong <dimension>, which read-only mode would trust.
        sheet.reset_dimensions()
        # Read-only mode fills in missing rows, so the count is the sheet's row number.
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [_cell_text(value) for value in values]
            if any(cells):
                rows.append(NumberedRow(number, cells))
                _check_size(rows, max_rows)
    except DomainError:
        raise
    except Exception as error:  # sheets are parsed lazily: a broken XML part shows up here
        raise DomainError(UNREADABLE) from error
    finally:
        workbook.close()
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ИСТИНА" if value else "ЛОЖЬ"  # as Russian Excel shows them
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))  # an ИНН typed as a number is 7707083893.0 in the file
        return f"{value:.15g}"  # Excel's precision: 0.1 + 0.2 reads 0.3
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return _clean(str(value))


# --- both ------------------------------------------------------------------------------------------

def _clean(text: str) -> str:
    # str.strip() already removes non-breaking spaces; BOMs and zero-width spaces stray from
    # copy-pasting are not whitespace to Python.
    return text.strip().strip("\ufeff\u200b").strip()


def _check_size(rows: list[NumberedRow], max_rows: int) -> None:
    if len(rows) > max_rows:
        limit = f"{max_rows:,}".replace(",", "\u00a0")
        raise DomainError(f"В файле больше {limit} строк: разделите его на части.")


def _rectangular(rows: list[NumberedRow]) -> list[NumberedRow]:
    width = max(max(i for i, cell in enumerate(row.cells) if cell) + 1 for row in rows)
    return [NumberedRow(row.number, (row.cells + [""] * width)[:width]) for row in rows]
