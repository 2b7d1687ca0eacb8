"""The school-list parser on real files: CSV in the encodings and delimiters Russian clerks send,
and an XLSX built the way registries lay them out. No database involved."""
import io

import openpyxl
import pytest

from workflow.enums import SchoolKind
from workflow.errors import DomainError
from workflow.imports.schools import NO_NAME_COLUMN, RowError, SchoolListParse, inn_error, parse_school_list
from workflow.imports.tabular import read_numbered_table, read_table


def inn_with_check_digit(first_nine: str) -> str:
    """An independent ИНН (legal entity) check digit: weighted sum mod 11, then mod 10."""
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    total = 0
    for position, weight in enumerate(weights):
        total += weight * int(first_nine[position])
    check = total % 11
    if check == 10:
        check = 0
    return first_nine + str(check)


# Well-known valid ИНН: Сбербанк, Газпром, Яндекс.
SBER, GAZPROM, YANDEX = "7707083893", "7736050003", "7736207543"
# A Dagestan school's ИНН starts with the region code 05: Excel loses the leading zero.
DAGESTAN = inn_with_check_digit("052700123")
SCHOOL_INN = inn_with_check_digit("052701234")


def test_check_digit_helper_agrees_with_known_inns():
    for inn in (SBER, GAZPROM, YANDEX):
        assert inn_with_check_digit(inn[:9]) == inn
        assert inn_error(inn) is None


def test_inn_error_messages():
    assert inn_error(DAGESTAN) is None
    wrong = SBER[:9] + str((int(SBER[9]) + 1) % 10)
    assert inn_error(wrong) == "Неверная контрольная цифра ИНН"
    assert inn_error("77070838").startswith("ИНН должен состоять из 10 цифр")
    assert inn_error("77О7083893") == "ИНН должен состоять из 10 цифр"  # a Cyrillic «О»
    assert "12 цифр" in inn_error("500100732259")


# --- CSV -------------------------------------------------------------------------------------------

HEADER = ["Наименование", "ИНН", "Адрес", "Телефон"]
BODY = [
    ['МКОУ "Сергокалинская СОШ №1"', SBER, "с. Сергокала, ул. Ленина, 5", "8 (87230) 2-21-45"],
    ["МКОУ «Аймаумахинская ООШ»", GAZPROM, "с. Аймаумахи, ул. Мира, 1", ""],
    ["Гимназия «Сергокала»", "", "с. Сергокала, ул. Школьная, 12", "88723022146"],
]


def make_csv(rows: list[list[str]], delimiter: str, encoding: str) -> bytes:
    def quote(cell: str) -> str:
        if delimiter in cell or '"' in cell or "\n" in cell:
            return '"' + cell.replace('"', '""') + '"'
        return cell

    text = "\r\n".join(delimiter.join(quote(cell) for cell in row) for row in rows) + "\r\n"
    return text.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_in_every_encoding_and_delimiter(encoding, delimiter):
    data = make_csv([HEADER, *BODY], delimiter, encoding)
    assert read_table("schools.csv", data) == [HEADER, *BODY]

    result = parse_school_list("schools.csv", data)
    assert result.ok, result.errors
    assert result.header_row == 1
    assert result.row_numbers == [2, 3, 4]
    assert [row["name"] for row in result.rows] == [row[0] for row in BODY]
    assert [row["kind"] for row in result.rows] == [SchoolKind.sosh, SchoolKind.oosh, SchoolKind.gymnasium]
    first = result.rows[0]
    assert set(first) == {"name", "short_name", "kind", "inn", "oktmo", "director_name", "email", "phone",
                          "address", "website"}
    assert first["inn"] == SBER
    assert first["address"] == "с. Сергокала, ул. Ленина, 5"
    assert first["phone"] == "8 (87230) 2-21-45"
    assert first["email"] is None and first["short_name"] is None
    assert result.rows[1]["phone"] is None
    assert result.kind_inferred


def test_semicolon_file_with_unquoted_commas_is_not_read_as_comma_separated():
    # Russian Excel saves «;» and quotes nothing: the commas in addresses must not split cells.
    text = "Наименование;Адрес\nСОШ №1;г. Избербаш, ул. Ленина, 5\nСОШ №2;г. Избербаш, ул. Мира, 7\n"
    assert read_table("a.csv", text.encode("cp1251")) == [
        ["Наименование", "Адрес"],
        ["СОШ №1", "г. Избербаш, ул. Ленина, 5"],
        ["СОШ №2", "г. Избербаш, ул. Мира, 7"],
    ]


def test_read_table_strips_cells_drops_empty_rows_and_squares_the_grid():
    data = "\ufeff Наименование ;ИНН;\r\n;;\r\n\r\n СОШ\u00a0№1 ;;\r\nНОШ;1;\r\n".encode()
    assert read_numbered_table("a.csv", data) == [
        (1, ["Наименование", "ИНН"]),
        (4, ["СОШ\u00a0№1", ""]),
        (5, ["НОШ", "1"]),
    ]


def test_multiline_quoted_cell_counts_as_one_row():
    data = 'Наименование,Адрес\n"СОШ №1","с. Сергокала,\nул. Ленина, 5"\nСОШ №2,\n'.encode()
    result = parse_school_list("a.csv", data)
    assert result.ok
    assert result.row_numbers == [2, 3]
    assert result.rows[0]["address"] == "с. Сергокала, ул. Ленина, 5"  # whitespace collapsed


def test_utf16_text_saved_by_excel():
    data = "Наименование\tИНН\r\nСОШ №1\t7707083893\r\n".encode("utf-16")
    assert read_table("a.txt", data) == [["Наименование", "ИНН"], ["СОШ №1", SBER]]


# --- XLSX ------------------------------------------------------------------------------------------

def make_xlsx(rows: list[list], *, title: str | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.append([])
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Второй лист").append(["Наименование"])  # ignored: only the first sheet
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_title_number_column_and_total_row():
    data = make_xlsx([
        ["№ п/п", "Полное наименование", "Сокращенное наименование", "ИНН", "ОКТМО", "Тип ОО",
         "ФИО руководителя", "Электронная почта", "Официальный сайт", "Юридический адрес", "Примечание"],
        [1, "Муниципальное казённое общеобразовательное учреждение «Сергокалинская СОШ №1»",
         "МКОУ «Сергокалинская СОШ №1»", int(SCHOOL_INN), 82642000, "СОШ", "Магомедов Магомед Магомедович",
         "sosh1@mail.ru", "sosh1-sergokala.dagestanschool.ru", "368510, с. Сергокала", "филиал в с. Кадиркент"],
        [2, "МКОУ «Мюрегинская ООШ»", None, float(GAZPROM), "82642440101", "ооШ", None, None,
         "https://myurego.ru/", None, None],
        [3, "МКОУ «Бурхимахинская НОШ»", None, None, None, "nosh", None, None, None, None, None],
        [None, "Всего", None, None, None, None, None, None, None, None, 3],
    ], title="Список общеобразовательных организаций Сергокалинского района")

    result = parse_school_list("Школы.xlsx", data)
    assert result.ok, result.errors
    assert result.header_row == 3
    assert result.row_numbers == [4, 5, 6]
    assert result.ignored_columns == ["Примечание"]
    assert result.columns["short_name"] == "Сокращенное наименование"
    assert not result.kind_inferred

    first, second, third = result.rows
    assert first == {
        "name": "Муниципальное казённое общеобразовательное учреждение «Сергокалинская СОШ №1»",
        "short_name": "МКОУ «Сергокалинская СОШ №1»",
        "kind": SchoolKind.sosh,
        "inn": SCHOOL_INN,  # the number cell lost the leading zero; the check digit confirms it
        "oktmo": "82642000",
        "director_name": "Магомедов Магомед Магомедович",
        "email": "sosh1@mail.ru",
        "phone": None,
        "address": "368510, с. Сергокала",
        "website": "https://sosh1-sergokala.dagestanschool.ru",
    }
    assert second["inn"] == GAZPROM  # 7736050003.0 in the cell
    assert second["oktmo"] == "82642440101"
    assert second["kind"] == SchoolKind.oosh
    assert second["website"] == "https://myurego.ru/"
    assert third["kind"] == SchoolKind.nosh


def test_xlsx_numbers_and_row_numbers():
    data = make_xlsx([["Код", "Доля"], [123, 0.1 + 0.2], [], [1.5, None]])
    assert read_numbered_table("a.xlsx", data) == [(1, ["Код", "Доля"]), (2, ["123", "0.3"]), (4, ["1.5", ""])]


def test_xlsx_errors_carry_the_excel_row_number():
    data = make_xlsx([["Наименование", "ИНН"], ["СОШ №1", "12345"], ["", SBER]], title="Школы")
    result = parse_school_list("a.xlsx", data)
    assert result.errors == [
        RowError(4, "ИНН", "ИНН должен состоять из 10 цифр, а здесь 5"),
        RowError(5, "Наименование", "Не указано наименование школы"),
    ]
    assert result.rows == []
    assert not result.ok


# --- validation ------------------------------------------------------------------------------------

def parse_csv(*rows: list[str]) -> SchoolListParse:
    return parse_school_list("a.csv", make_csv(list(rows), ";", "utf-8"))


def test_bad_inn():
    wrong_check = SBER[:9] + str((int(SBER[9]) + 1) % 10)
    result = parse_csv(["Наименование", "ИНН"], ["СОШ №1", wrong_check], ["СОШ №2", "500100732259"],
                       ["СОШ №3", "77 07 083893"], ["СОШ №4", "ИНН нет"])
    assert [(e.row, e.column) for e in result.errors] == [(2, "ИНН"), (3, "ИНН"), (5, "ИНН")]
    assert result.errors[0].message == "Неверная контрольная цифра ИНН"
    assert "12 цифр" in result.errors[1].message
    assert result.errors[2].message == "ИНН должен состоять из 10 цифр"
    assert [row["inn"] for row in result.rows] == [SBER]  # spaces removed


def test_missing_name_column():
    result = parse_csv(["ИНН", "Адрес"], [SBER, "с. Сергокала"])
    assert result.errors == [RowError(None, "", NO_NAME_COLUMN)]
    assert result.rows == []


def test_missing_name_and_whitespace_collapsed():
    result = parse_csv(["Название ОО", "Директор"], ["  МКОУ   «СОШ  №1» ", "Иванова И. И."],
                       ["", "Петров П. П."])
    assert result.rows[0]["name"] == "МКОУ «СОШ №1»"
    assert result.errors == [RowError(3, "Название ОО", "Не указано наименование школы")]


def test_duplicates_are_errors_on_the_later_row():
    result = parse_csv(
        ["Школа", "ИНН"],
        ['МКОУ "СОШ №1"', SBER],
        ["МКОУ «СОШ №2»", GAZPROM],
        ["мкоу «сош № 1»", YANDEX],  # the same name written differently
        ["МКОУ «СОШ №3»", GAZPROM],
    )
    assert result.errors == [
        RowError(4, "Школа", "Школа с таким наименованием уже есть в строке 2"),
        RowError(5, "ИНН", "Такой ИНН уже указан в строке 3"),
    ]
    assert result.row_numbers == [2, 3]


def test_kind_labels_and_unknown_kind():
    result = parse_csv(
        ["Наименование", "Вид"],
        ["Школа 1", "гимназия"], ["Школа 2", "ЛИЦЕЙ"], ["Школа 3", "lyceum"], ["Школа 4", "школа-интернат"],
        ["Школа 5", "Средняя общеобразовательная школа"], ["Школа 6", ""], ["МКОУ Лицей 7", ""],
        ["Школа 8", "Детский сад"],
    )
    assert [row["kind"] for row in result.rows] == [
        SchoolKind.gymnasium, SchoolKind.lyceum, SchoolKind.lyceum, SchoolKind.boarding, SchoolKind.sosh,
        SchoolKind.other, SchoolKind.lyceum,  # an empty cell: inferred from the name
    ]
    [error] = result.errors
    assert (error.row, error.column) == (9, "Вид")
    assert error.message.startswith("Неизвестный тип «Детский сад». Допустимые значения: СОШ, ООШ, НОШ")


def test_other_fields_are_checked():
    result = parse_csv(
        ["Наименование", "ОКТМО", "E-mail", "Сайт"],
        ["Школа 1", "82642000", "school@mail.ru", "www.school1.ru"],
        ["Школа 2", "826420001", "", ""],
        ["Школа 3", "", "школа@", ""],
        ["Школа 4", "", "a@b.ru, c@d.ru", "не знаю"],
        ["Ш" * 301, "", "", ""],
    )
    assert result.rows[0]["website"] == "https://www.school1.ru"
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "ОКТМО", "ОКТМО должен состоять из 8 или 11 цифр"),
        (4, "E-mail", "Неверный адрес электронной почты, нужен вида ivanova@school.ru"),
        (5, "E-mail", "Укажите один адрес электронной почты"),
        (5, "Сайт", "Укажите адрес сайта, например https://school1.ru"),
        (6, "Наименование", "Наименование: не длиннее 300 символов, а здесь 301"),
    ]


def test_total_row_and_column_numbering_row_are_skipped():
    result = parse_csv(["№", "Наименование", "ИНН"], ["1", "2", "3"], ["1", "СОШ №1", SBER],
                       ["", "Итого:", "1"], ["", "", ""])
    assert result.ok
    assert [row["name"] for row in result.rows] == ["СОШ №1"]


def test_header_without_schools():
    result = parse_csv(["Наименование", "ИНН"])
    assert not result.ok
    assert result.errors[0].row is None
    assert "нет ни одной школы" in result.errors[0].message


# --- unreadable files ------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"  \r\n \r\n", b"\xef\xbb\xbf", b";;;\r\n ; ;\r\n"])
def test_empty_file(data):
    with pytest.raises(DomainError, match="Файл пуст"):
        read_table("a.csv", data)
    assert parse_school_list("a.csv", data).errors == [RowError(None, "", "Файл пуст.")]


def test_empty_xlsx():
    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(DomainError, match="Файл пуст"):
        read_table("a.xlsx", buffer.getvalue())


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 8,  # garbage, undecodable as UTF-8, full of control characters as cp1251
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100),
    b"PK\x03\x04" + b"\x00\x14\x00broken archive",
    make_xlsx([["Наименование"], ["СОШ"]])[:400],  # a real XLSX cut short
])
def test_unreadable_file(data):
    with pytest.raises(DomainError, match="Не удалось прочитать файл: это не CSV и не XLSX"):
        read_table("schools.xlsx", data)
    [error] = parse_school_list("schools.xlsx", data).errors
    assert error.message.startswith("Не удалось прочитать файл")


def test_old_excel_format_gets_a_hint():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
    with pytest.raises(DomainError, match="XLS"):
        read_table("schools.xls", data)


def test_format_is_decided_by_content_not_name():
    assert read_table("schools.xlsx", "Наименование\nСОШ\n".encode()) == [["Наименование"], ["СОШ"]]
    assert read_table("schools.csv", make_xlsx([["Наименование"], ["СОШ"]])) == [["Наименование"], ["СОШ"]]


def test_too_many_rows():
    data = ("Наименование\n" + "".join(f"СОШ {i}\n" for i in range(20))).encode()
    assert len(read_table("a.csv", data, max_rows=21)) == 21
    with pytest.raises(DomainError, match="больше 20"):
        read_table("a.csv", data, max_rows=20)
    xlsx = make_xlsx([["Наименование"]] + [[f"СОШ {i}"] for i in range(20)])
    with pytest.raises(DomainError, match="больше 20"):
        read_table("a.xlsx", xlsx, max_rows=20)
