"""Names of organisations as people write them: the school type a name implies, and a
normalised form for matching names written with different quotes, case or spacing."""
import re

from workflow.enums import SchoolKind

# Checked in order: the first pattern found in the name decides.
_KIND_PATTERNS: list[tuple[SchoolKind, re.Pattern[str]]] = [
    (SchoolKind.special, re.compile(r"С\s*\(?К\)?\s*ОШ|коррекц|адаптирован", re.I)),
    (SchoolKind.boarding, re.compile(r"интернат", re.I)),
    (SchoolKind.college, re.compile(r"техникум|колледж|\bПОО\b|училищ", re.I)),
    (SchoolKind.gymnasium, re.compile(r"гимнази", re.I)),
    (SchoolKind.lyceum, re.compile(r"лице[йя]", re.I)),
    (SchoolKind.nosh, re.compile(r"\bНОШ\b|\bНШ\b|начальн\w* школ", re.I)),
    (SchoolKind.oosh, re.compile(r"\bО{1,2}Ш\b|основн\w* (?:общеобразовательн|школ)", re.I)),
    (SchoolKind.sosh, re.compile(r"\bСО?Ш\b|средн\w* общеобразовательн|средняя школа", re.I)),
]

_QUOTES = re.compile(r"[«»\"“”„'`]")
_SPACES = re.compile(r"\s+")
_NUMBER_SIGN = re.compile(r"№\s*")


def infer_school_kind(name: str) -> SchoolKind:
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(name):
            return kind
    return SchoolKind.other


def normalize_name(name: str) -> str:
    """``МКОУ "Сергокалинская СОШ №1"`` and ``мкоу «сергокалинская сош № 1»`` become equal."""
    text = _QUOTES.sub(" ", name.lower().replace("ё", "е"))
    text = _NUMBER_SIGN.sub("№", text)
    return _SPACES.sub(" ", text).strip()


_OPEN_AFTER = set(" («„\"")


def official_name(raw: str) -> str:
    """Write a name as an official would: «» quotes, ``№ 1``, ``им. С. Омарова``, ``с. Варны``.

    ``МКОУ "Ванашимахинская СОШ"им.С.Омарова`` → ``МКОУ «Ванашимахинская СОШ» им. С. Омарова``.
    A quote opens at the start or after a space, a bracket or another quote and closes otherwise;
    quotes left open (``"СОШ "Эстет-центр М"``) are closed at the end.
    """
    text = " ".join(raw.split())
    out, depth = [], 0
    for i, ch in enumerate(text):
        if ch in "\"“”„«»":
            opening = ch in "«„" or (ch not in "»" and (i == 0 or text[i - 1] in _OPEN_AFTER or depth == 0))
            if ch == "»" or (not opening and depth > 0):
                depth -= 1
                ch = "»"
            else:
                depth += 1
                ch = "«"
        out.append(ch)
    text = "".join(out) + "»" * max(depth, 0)
    text = re.sub(r"»(?=[^\s»,.;)])", "» ", text)
    text = re.sub(r"№(?=\d)", "№ ", text)
    text = re.sub(r"(?<![А-Яа-яЁё])(им|с|п|д|г|пос)\.(?=[А-ЯЁ])", r"\1. ", text)
    text = re.sub(r"(?<=\b[А-ЯЁ]\.)(?=[А-ЯЁ][а-яё])", " ", text)  # initials before a surname
    return text
