"""Reading a requirements catalog: orders with their requirements, local-act types, indicators.

The shape is that of ``shared/catalog/requirements-catalog.yaml``. A file a user uploads is
checked the same way; every problem is reported in Russian with its place in the file.
"""
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from workflow.enums import Addressee, DocType, RequirementKind
from workflow.errors import DomainError

DOC_TYPES = {"приказ": DocType.order, "письмо": DocType.letter, "распоряжение": DocType.instruction,
             "федеральный закон": DocType.law}


@dataclass
class CatalogRequirement:
    code: str
    title: str
    kind: RequirementKind
    addressee: Addressee
    deadline: date | None
    deadline_note: str | None = None
    evidence: str | None = None
    threshold_text: str | None = None
    threshold_min: float | None = None
    threshold_unit: str | None = None
    indicator_code: str | None = None


@dataclass
class CatalogOrder:
    key: str
    issuer: str
    doc_type: DocType
    number: str
    date: date
    title: str
    region: str | None
    addressees_text: str | None = None
    platform: str | None = None
    based_on: list[str] = field(default_factory=list)
    notes: str | None = None
    requirements: list[CatalogRequirement] = field(default_factory=list)


@dataclass
class Catalog:
    orders: list[CatalogOrder]
    local_act_types: list[dict[str, Any]]
    indicators: list[dict[str, Any]]

    def order(self, key: str) -> CatalogOrder:
        return next(o for o in self.orders if o.key == key)


def load_catalog(path: Path) -> Catalog:
    return parse_catalog(path.read_bytes())


def parse_catalog(data: bytes) -> Catalog:
    try:
        raw = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DomainError(f"Файл каталога не читается как YAML в кодировке UTF-8: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("orders"), list):
        raise DomainError("В каталоге нет списка orders.")
    orders = [_order(entry, i) for i, entry in enumerate(raw["orders"], start=1)]
    return Catalog(
        orders=orders,
        local_act_types=list(raw.get("local_act_types") or []),
        indicators=list(raw.get("indicators") or []),
    )


def _order(entry: Any, index: int) -> CatalogOrder:
    where = f"orders[{index}]"
    if not isinstance(entry, dict):
        raise DomainError(f"{where}: ожидается описание документа.")
    where = f"{where} ({entry.get('id', 'без id')})"
    requirements = entry.get("requirements") or []
    if not isinstance(requirements, list):
        raise DomainError(f"{where}: requirements должен быть списком.")
    return CatalogOrder(
        key=_text(entry, "id", where),
        issuer=_text(entry, "issuer", where),
        doc_type=DOC_TYPES.get(str(entry.get("doc_type", "")).strip().lower(), DocType.letter),
        number=_text(entry, "number", where),
        date=_date(entry.get("date"), f"{where}.date", required=True),
        title=_text(entry, "title", where),
        region=entry.get("region"),
        addressees_text=entry.get("addressees_text"),
        platform=entry.get("platform"),
        based_on=[str(b) for b in entry.get("based_on") or []],
        notes=entry.get("notes"),
        requirements=[_requirement(r, f"{where}.requirements[{i}]")
                      for i, r in enumerate(requirements, start=1)],
    )


def _requirement(entry: Any, where: str) -> CatalogRequirement:
    if not isinstance(entry, dict):
        raise DomainError(f"{where}: ожидается описание требования.")
    threshold = entry.get("threshold") or {}
    if not isinstance(threshold, dict):
        raise DomainError(f"{where}.threshold: ожидается словарь (text, min, unit).")
    return CatalogRequirement(
        code=_text(entry, "code", where),
        title=_text(entry, "title", where),
        kind=_enum(RequirementKind, entry.get("kind"), f"{where}.kind"),
        addressee=_enum(Addressee, entry.get("addressee", "school"), f"{where}.addressee"),
        deadline=_date(entry.get("deadline"), f"{where}.deadline"),
        deadline_note=entry.get("deadline_note"),
        evidence=entry.get("evidence"),
        threshold_text=threshold.get("text"),
        threshold_min=_number(threshold.get("min"), f"{where}.threshold.min"),
        threshold_unit=threshold.get("unit"),
        indicator_code=entry.get("indicator"),
    )


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if value is None or not str(value).strip():
        raise DomainError(f"{where}: не заполнено поле {key}.")
    return str(value).strip()


def _date(value: Any, where: str, required: bool = False) -> date | None:
    if value is None:
        if required:
            raise DomainError(f"{where}: не указана дата.")
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise DomainError(f"{where}: дата «{value}» не в формате ГГГГ-ММ-ДД.") from exc


def _enum(enum_cls, value: Any, where: str):
    try:
        return enum_cls(value)
    except ValueError as exc:
        allowed = ", ".join(m.value for m in enum_cls)
        raise DomainError(f"{where}: значение «{value}» не из списка ({allowed}).") from exc


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(f"{where}: «{value}» — не число.") from exc
