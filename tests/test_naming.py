import pytest

from workflow.enums import SchoolKind
from workflow.naming import infer_school_kind, normalize_name, official_name


@pytest.mark.parametrize("raw,expected", [
    ('МКОУ "Аймаумахинская СОШ"', "МКОУ «Аймаумахинская СОШ»"),
    ('МКОУ "Ванашимахинская СОШ"им.С.Омарова', "МКОУ «Ванашимахинская СОШ» им. С. Омарова"),
    ('МКОУ "Сергокалинская СОШ №1"', "МКОУ «Сергокалинская СОШ № 1»"),
    ("МКОУ «Урахинская СОШ»", "МКОУ «Урахинская СОШ»"),
    ('ЧОУ "СОШ "Эстет-центр М"', "ЧОУ «СОШ «Эстет-центр М»»"),
])
def test_official_name(raw, expected):
    assert official_name(raw) == expected


def test_normalized_names_match_across_spellings():
    assert normalize_name('МКОУ "Сергокалинская СОШ №1"') == normalize_name("мкоу «Сергокалинская  СОШ № 1»")
    assert normalize_name("Берёзовская ООШ") == normalize_name("Березовская ООШ")


@pytest.mark.parametrize("name,kind", [
    ("МКОУ «Цурмахинская НОШ»", SchoolKind.nosh), ("МКОУ ООШ села Тюбеляс", SchoolKind.oosh),
    ("Метелевская СШ", SchoolKind.sosh), ("Ново-Соболевская ОШ", SchoolKind.oosh),
    ("МКС(К)ОУ С(К)ОШ-И", SchoolKind.special), ('МОУ "Гимназия им. К. Орфа" с. Варны', SchoolKind.gymnasium),
    ("МАОУ «Лицей № 11»", SchoolKind.lyceum), ("ГБОУ ПОО «Златоустовский техникум»", SchoolKind.college),
    ("МБОУ «Центр образования»", SchoolKind.other),
])
def test_school_kind_from_name(name, kind):
    assert infer_school_kind(name) is kind
