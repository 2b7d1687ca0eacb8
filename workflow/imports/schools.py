"""A list of schools, as a clerk keeps it in Excel or exports it from a regional registry, read into
rows ready for ``workflow.operations.directory.import_schools``.

The columns are found by their titles, whatever their order and wording («Наименование ОО»,
«ФИО руководителя», «Эл. почта»…); a title row may sit above the header, a «№ п/п» column before
it and a «Всего» row below. Every value is checked the way the school form checks it, and each
problem is reported with the row number the clerk sees in Excel. Nothing here touches the database.
"""
import re
from dataclasses import dataclass, field
from typing import Any

from email_validator import EmailNotValidError, validate_email

from workflow.enums import SchoolKind
from workflow.errors import DomainError
from workflow.imports.tabular import NumberedRow, read_numbered_table
from workflow.naming import infer_school_kind, normalize_name

# The School fields a list fills, in the order of the form.
FIELDS = ("name", "short_name", "kind", "inn", "oktmo", "director_name", "email", "phone", "address",
          "website")
MAX_LENGTHS = {"name": 300, "short_name": 200, "inn": 12, "oktmo": 11, "director_name": 200,
               "email": 254, "phone": 50, "address": 400, "website": 300}
FIELD_TITLES = {"name": "Наименование", "short_name": "Краткое наименование", "kind": "Тип",
                "inn": "ИНН", "oktmo": "ОКТМО", "director_name": "Директор", "email": "Электронная почта",
                "phone": "Телефон", "address": "Адрес", "website": "Сайт"}

HEADER_SEARCH_ROWS = 10

NO_NAME_COLUMN = "Не найден столбец с наименованием школы"

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "Наименование", "Полное наименование", "Наименование ОО", "Полное наименование ОО",
        "Наименование образовательного учреждения", "Наименование образовательной организации",
        "Полное наименование образовательной организации", "Наименование организации",
        "Наименование учреждения", "Наименование школы", "Название", "Название ОО", "Название школы",
        "Школа", "Организация", "Образовательная организация", "Образовательное учреждение", "ОО",
    ),
    "short_name": (
        "Краткое наименование", "Сокращённое наименование", "Краткое название", "Сокращённое название",
        "Наименование (краткое)", "Наименование (сокращённое)", "Наименование краткое",
    ),
    "inn": ("ИНН",),
    "oktmo": ("ОКТМО", "Код ОКТМО"),
    "kind": ("Тип", "Вид", "Тип ОО", "Вид ОО", "Тип организации", "Вид организации", "Тип учреждения"),
    "director_name": (
        "Директор", "Руководитель", "ФИО директора", "ФИО руководителя", "Директор (ФИО)",
        "Руководитель (ФИО)",
    ),
    "email": (
        "E-mail", "Email", "Эл. почта", "Электронная почта", "Адрес электронной почты", "Е-mail", "Почта",
    ),
    "phone": ("Телефон", "Контактный телефон", "Телефоны", "Тел."),
    "address": ("Адрес", "Юридический адрес", "Почтовый адрес", "Фактический адрес", "Местонахождение"),
    "website": ("Сайт", "Официальный сайт", "Адрес сайта", "Web-сайт", "Веб-сайт", "URL"),
}

# «Наименование ОО», «Телефон организации»: the same column with a word about whose it is.
_TITLE_SUFFIXES = ("образовательнойорганизации", "образовательногоучреждения", "организации",
                   "учреждения", "школы", "оо", "оу")
_NUMBER_COLUMN_KEYS = {"номер", "номерпп", "пп", "n", "no", "nпп"}

_KIND_LABELS: dict[str, SchoolKind] = {
    **{kind.value: kind for kind in SchoolKind},
    **{kind.label.lower(): kind for kind in SchoolKind},
    "средняя общеобразовательная школа": SchoolKind.sosh,
    "средняя школа": SchoolKind.sosh,
    "основная общеобразовательная школа": SchoolKind.oosh,
    "основная школа": SchoolKind.oosh,
    "начальная общеобразовательная школа": SchoolKind.nosh,
    "начальная школа": SchoolKind.nosh,
    "нш": SchoolKind.nosh,
    "интернат": SchoolKind.boarding,
    "школа интернат": SchoolKind.boarding,
    "коррекционная": SchoolKind.special,
    "скош": SchoolKind.special,
    "с(к)ош": SchoolKind.special,
    "спо": SchoolKind.college,
    "колледж": SchoolKind.college,
    "техникум": SchoolKind.college,
    "поо": SchoolKind.college,
    "иная": SchoolKind.other,
    "иное": SchoolKind.other,
    "другое": SchoolKind.other,
    "прочее": SchoolKind.other,
}

_TOTAL_ROW = re.compile(r"^(всего|итого)\b", re.IGNORECASE)
_WEBSITE = re.compile(
    r"^(?:https?://)?(?:[\w-]+\.)+[\w-]{2,}(?::\d{1,5})?(?:[/?#]\S*)?$", re.IGNORECASE
)
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
_INN_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)


@dataclass(frozen=True)
class RowError:
    """A problem in the file. ``row`` is the row number as Excel shows it (the header and any title
    above it counted), None for the file as a whole; ``column`` is the column title as written in
    the file, "" when the problem is not about one cell."""

    row: int | None
    column: str
    message: str


@dataclass
class SchoolListParse:
    # Valid rows only, keys exactly FIELDS; a value missing from the file is None, ``kind`` is
    # always a SchoolKind (read from the «Тип» column, else inferred from the name).
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # the file row of each of ``rows``
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)  # field → column title found in the file
    ignored_columns: list[str] = field(default_factory=list)  # titles not understood, left aside

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def kind_inferred(self) -> bool:
        """No «Тип» column: every ``kind`` was guessed from the name."""
        return "kind" not in self.columns


def parse_school_list(filename: str, data: bytes) -> SchoolListParse:
    """Read and check a list of schools. Never raises for a bad file: the problems, down to an
    unreadable or empty file, are in ``errors``, and the import should go ahead only when ``ok``."""
    result = SchoolListParse()
    try:
        table = read_numbered_table(filename, data)
    except DomainError as error:
        result.errors.append(RowError(None, "", str(error)))
        return result

    header = _find_header(table)
    if header is None:
        result.errors.append(RowError(None, "", NO_NAME_COLUMN))
        return result
    header_index, positions, ignored = header
    header_row = table[header_index]
    result.header_row = header_row.number
    result.columns = {name: header_row.cells[i] for name, i in positions.items()}
    result.ignored_columns = ignored

    seen_names: dict[str, int] = {}
    seen_inns: dict[str, int] = {}
    body = table[header_index + 1:]
    if body and _is_column_numbering(body[0]):
        body = body[1:]
    for row in body:
        raw = {name: row.cells[i] for name, i in positions.items()}
        if not any(raw.values()) or _is_total(row, raw["name"]):
            continue
        values, errors = _check_row(raw)
        errors = [RowError(row.number, result.columns[name], message) for name, message in errors]
        if values.get("name"):
            key = normalize_name(values["name"])
            if key in seen_names:
                errors.append(RowError(row.number, result.columns["name"],
                                       f"Школа с таким наименованием уже есть в строке {seen_names[key]}"))
            else:
                seen_names[key] = row.number
        if values.get("inn"):
            if values["inn"] in seen_inns:
                errors.append(RowError(row.number, result.columns["inn"],
                                       f"Такой ИНН уже указан в строке {seen_inns[values['inn']]}"))
            else:
                seen_inns[values["inn"]] = row.number
        if errors:
            result.errors.extend(errors)
        else:
            result.rows.append(values)
            result.row_numbers.append(row.number)

    if not result.rows and not result.errors:
        result.errors.append(RowError(None, "", "В файле нет ни одной школы: под заголовком таблицы пусто"))
    return result


def inn_error(value: str) -> str | None:
    """Why ``value`` is not the ИНН of an organisation, or None when it is one."""
    if not value.isdigit() or not value.isascii():
        return "ИНН должен состоять из 10 цифр"
    if len(value) == 12:
        return "ИНН из 12 цифр принадлежит физическому лицу или ИП; у школы ИНН из 10 цифр"
    if len(value) != 10:
        return f"ИНН должен состоять из 10 цифр, а здесь {len(value)}"
    if _inn_check_digit(value) != int(value[9]):
        return "Неверная контрольная цифра ИНН"
    return None


def _inn_check_digit(inn: str) -> int:
    return sum(int(digit) * weight for digit, weight in zip(inn, _INN_WEIGHTS, strict=False)) % 11 % 10


# --- the header ------------------------------------------------------------------------------------

def _title_key(title: str, *, keep_parentheses: bool = False) -> str:
    """«Наименование ОО (полное):» → «наименованиеоо»; «№ п/п» → «номерпп»."""
    text = title.lower().replace("ё", "е").replace("№", "номер")
    if not keep_parentheses:
        text = re.sub(r"\(.*?\)", " ", text)
    return re.sub(r"[\W_]+", "", text)


_FIELD_BY_KEY = {_title_key(title, keep_parentheses=True): name
                 for name, titles in _SYNONYMS.items() for title in titles}


def _field_for_title(title: str) -> str | None:
    # With the parentheses first, so that «Наименование (краткое)» is not taken for «Наименование».
    for key in (_title_key(title, keep_parentheses=True), _title_key(title)):
        if key in _FIELD_BY_KEY:
            return _FIELD_BY_KEY[key]
        for suffix in _TITLE_SUFFIXES:
            if key.endswith(suffix) and key[: -len(suffix)] in _FIELD_BY_KEY:
                return _FIELD_BY_KEY[key[: -len(suffix)]]
    return None


def _read_header(cells: list[str]) -> tuple[dict[str, int], list[str]]:
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, title in enumerate(cells):
        if not title or _title_key(title) in _NUMBER_COLUMN_KEYS:
            continue
        name = _field_for_title(title)
        if name is None or name in positions:  # a second «Адрес» column: the first one wins
            ignored.append(title)
        else:
            positions[name] = index
    return positions, ignored


def _find_header(table: list[NumberedRow]) -> tuple[int, dict[str, int], list[str]] | None:
    """The row among the first ones that names the most known columns, the name among them."""
    best: tuple[int, dict[str, int], list[str]] | None = None
    for index, row in enumerate(table[:HEADER_SEARCH_ROWS]):
        positions, ignored = _read_header(row.cells)
        if "name" in positions and (best is None or len(positions) > len(best[1])):
            best = index, positions, ignored
    return best


def _is_column_numbering(row: NumberedRow) -> bool:
    """The «1 2 3 4…» row that registry forms put under the header."""
    cells = [cell for cell in row.cells if cell]
    return len(cells) > 1 and all(cell.isdigit() and int(cell) <= len(row.cells) + 1 for cell in cells)


def _is_total(row: NumberedRow, name: str) -> bool:
    first = next((cell for cell in row.cells if cell), "")
    return bool(_TOTAL_ROW.match(first) or _TOTAL_ROW.match(name))


# --- the values ------------------------------------------------------------------------------------

def _check_row(raw: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    values: dict[str, Any] = dict.fromkeys(FIELDS)
    errors: list[tuple[str, str]] = []

    def text(name: str) -> str | None:
        value = " ".join(raw.get(name, "").split())
        if not value:
            return None
        if len(value) > MAX_LENGTHS[name]:
            errors.append((name, f"{FIELD_TITLES[name]}: не длиннее {MAX_LENGTHS[name]} символов, "
                                 f"а здесь {len(value)}"))
        return value

    values["name"] = text("name")
    if values["name"] is None:
        errors.append(("name", "Не указано наименование школы"))
    for name in ("short_name", "director_name", "phone", "address"):
        values[name] = text(name)

    inn = _digits_only(raw.get("inn", ""))
    if inn:
        if len(inn) == 9 and inn.isdigit() and inn_error("0" + inn) is None:
            inn = "0" + inn  # Excel drops the leading zero of regions 01–09 from a number cell
        if message := inn_error(inn):
            errors.append(("inn", message))
        values["inn"] = inn

    oktmo = _digits_only(raw.get("oktmo", ""))
    if oktmo:
        if oktmo.isdigit() and len(oktmo) in (7, 10):
            oktmo = "0" + oktmo  # the same lost leading zero
        if not (oktmo.isdigit() and oktmo.isascii() and len(oktmo) in (8, 11)):
            errors.append(("oktmo", "ОКТМО должен состоять из 8 или 11 цифр"))
        values["oktmo"] = oktmo

    email = raw.get("email", "").strip()
    if email.lower().startswith("mailto:"):
        email = email[len("mailto:"):].strip()
    if email:
        if message := _email_error(email):
            errors.append(("email", message))
        values["email"] = email

    website = raw.get("website", "").strip()
    if website:
        if not _WEBSITE.match(website):
            errors.append(("website", "Укажите адрес сайта, например https://school1.ru"))
        elif not _SCHEME.match(website):
            website = "https://" + website
        if len(website) > MAX_LENGTHS["website"]:
            errors.append(("website", f"Сайт: не длиннее {MAX_LENGTHS['website']} символов"))
        values["website"] = website

    kind_value = " ".join(raw.get("kind", "").split())
    if kind_value:
        values["kind"] = _kind_for_label(kind_value)
        if values["kind"] is None:
            allowed = ", ".join(member.label for member in SchoolKind)
            errors.append(("kind", f"Неизвестный тип «{kind_value}». Допустимые значения: {allowed}"))
    if values["kind"] is None:
        values["kind"] = infer_school_kind(values["name"] or "")
    return values, errors


def _digits_only(value: str) -> str:
    """An ИНН or ОКТМО as people type them: «05 27 012345», «0527-012345»."""
    return re.sub(r"[\s\-]+", "", value)


def _email_error(email: str) -> str | None:
    if re.search(r"[\s,;]", email) and email.count("@") > 1:
        return "Укажите один адрес электронной почты"
    if len(email) > MAX_LENGTHS["email"]:
        return f"Электронная почта: не длиннее {MAX_LENGTHS['email']} символов"
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return "Неверный адрес электронной почты, нужен вида ivanova@school.ru"
    return None


def _kind_for_label(label: str) -> SchoolKind | None:
    key = label.lower().replace("ё", "е").strip(" .")
    key_spaced = re.sub(r"[-\s]+", " ", key)
    for candidate in (key, key_spaced):
        if candidate in _KIND_LABELS:
            return _KIND_LABELS[candidate]
    # «Средняя общеобразовательная школа с углублённым изучением…», «МБОУ СОШ»
    inferred = infer_school_kind(label)
    return inferred if inferred is not SchoolKind.other else None
