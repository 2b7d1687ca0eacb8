"""Enumerations of the domain, each value carrying its Russian label for the interface."""
from enum import StrEnum
from typing import ClassVar


class LabeledEnum(StrEnum):
    """A string enum whose members carry a Russian label: ``Role.school.label == "Школа"``."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    def __str__(self) -> str:
        return self.value

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class Role(LabeledEnum):
    admin = "admin", "Администратор"
    municipal = "municipal", "Специалист управления образования"
    school = "school", "Ответственный от школы"
    inspector = "inspector", "Проверяющий"


class MunicipalityKind(LabeledEnum):
    district = "district", "Муниципальный район"
    urban_okrug = "urban_okrug", "Городской округ"
    municipal_okrug = "municipal_okrug", "Муниципальный округ"
    # Groups that regional reports list beside the municipalities.
    regional = "regional", "Организации, подведомственные региону"
    private = "private", "Частные организации"

    AUTHORITIES: ClassVar[frozenset["MunicipalityKind"]]


MunicipalityKind.AUTHORITIES = frozenset(
    {MunicipalityKind.district, MunicipalityKind.urban_okrug, MunicipalityKind.municipal_okrug}
)


class SchoolKind(LabeledEnum):
    sosh = "sosh", "СОШ"
    oosh = "oosh", "ООШ"
    nosh = "nosh", "НОШ"
    gymnasium = "gymnasium", "Гимназия"
    lyceum = "lyceum", "Лицей"
    boarding = "boarding", "Школа-интернат"
    special = "special", "Коррекционная школа"
    college = "college", "Профессиональная организация"
    other = "other", "Иная организация"


class DocType(LabeledEnum):
    order = "order", "приказ"
    letter = "letter", "письмо"
    instruction = "instruction", "распоряжение"
    law = "law", "федеральный закон"


class RequirementKind(LabeledEnum):
    local_act = "local_act", "Локальный акт"
    working_group = "working_group", "Рабочая группа"
    responsible_person = "responsible_person", "Ответственное лицо"
    consent_collection = "consent_collection", "Согласия на обработку ПДн"
    registration = "registration", "Регистрация в системе"
    data_entry = "data_entry", "Внесение данных"
    monitoring_indicator = "monitoring_indicator", "Показатель мониторинга"
    infrastructure = "infrastructure", "Инфраструктура"
    retention = "retention", "Хранение документов"
    reporting = "reporting", "Отчётность"


class Addressee(LabeledEnum):
    school = "school", "Образовательные организации"
    municipality = "municipality", "Орган управления образованием"


class ReviewVerdict(LabeledEnum):
    accepted = "accepted", "Принято"
    returned = "returned", "Возвращено на доработку"
