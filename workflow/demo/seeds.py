"""Reading the demo's directory out of the real seed tables (see reference/seeds/README.md)."""
import csv
from pathlib import Path

from workflow.enums import MunicipalityKind
from workflow.naming import normalize_name, official_name

# The two schools of the demo's school accounts.
SCHOOL_1, SCHOOL_2 = "МКОУ «Сергокалинская СОШ № 1»", "МКОУ «Сергокалинская СОШ № 2»"

# Units that regional reports list beside the municipalities: (name, short name as in the seed, kind).
CHELYABINSK_GROUPS = [
    ("Частные образовательные организации", "Частные", MunicipalityKind.private),
    ("Организации, подведомственные Министерству образования и науки Челябинской области",
     "Подведомственные организации", MunicipalityKind.regional),
]
TABLE4_SUFFIXES = {
    "МР": ("муниципальный район", MunicipalityKind.district),
    "ГО": ("городской округ", MunicipalityKind.urban_okrug),
    "МО": ("муниципальный округ", MunicipalityKind.municipal_okrug),
}
# The seed spells one school two ways (Table 2 and Table 3); the village is Белоносово, so the
# Table 2 spelling is kept and the other is read as the same school.
SCHOOL_ALIASES = {"МКОУ Белоносковская СОШ (п. Приозерный)": "МКОУ Белоносовская СОШ (п. Приозерный)"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def sergokala_school_names(seeds_dir: Path) -> list[str]:
    rows = _rows(seeds_dir / "sergokala_staff_2020.csv")
    column = "Наименование образовательного учреждения"
    return [official_name(r[column]) for r in rows if r["№"].strip() and r[column].strip() != "Всего"]


def chelyabinsk_municipalities(seeds_dir: Path) -> list[dict]:
    """The 43 municipalities with full name and kind from Таблица 4, checked value by value."""
    rows = _rows(seeds_dir / "chelyabinsk_municipalities_2023_2024.csv")
    table4 = _rows(seeds_dir / "chelyabinsk_table4.csv")
    columns = ["% выставленных итоговых оценок за периоды",
               "% заполненных тем уроков за проведенный период", "% заполненного домашнего задания"]
    result = []
    for row in rows:
        short = row["Муниципалитет"].strip()
        base, _, word = short.partition(" ")  # «Троицкий округ» / «Троицкий район»
        candidates = []
        for t in table4:
            t_base, suffix = t["Муниципалитет"].strip().rsplit(" ", 1)
            if t_base != base or [t[c] for c in columns] != [row[c] for c in columns]:
                continue
            if (word == "район" and suffix != "МР") or (word == "округ" and suffix == "МР"):
                continue
            candidates.append(suffix)
        if len(candidates) != 1:
            raise ValueError(f"Муниципалитет «{short}»: в Таблице 4 найдено {len(candidates)} совпадений.")
        words, kind = TABLE4_SUFFIXES[candidates[0]]
        result.append({"name": f"{base} {words}", "short_name": short, "kind": kind})
    if len(result) != len(table4):
        raise ValueError("Таблица 4 и таблица муниципалитетов разной длины.")
    return result


def chelyabinsk_schools(seeds_dir: Path) -> list[tuple[str, str]]:
    """(municipality short name, school name) of Tables 1–3, each school once, in order of first mention."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for row in _rows(seeds_dir / "chelyabinsk_below90_tables.csv"):
        raw = row["Название ОО"].strip()
        name = official_name(SCHOOL_ALIASES.get(raw, raw))
        unit = row["Муниципалитет"].strip()
        seen.setdefault((unit, normalize_name(name)), (unit, name))
    return list(seen.values())
