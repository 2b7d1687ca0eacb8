"""What a school reports for each kind of requirement, and the standard reasons to return it.

The fields of a submission depend on the requirement kind: a local act is answered with its
adoption details, a responsible person with the appointing order. Values are kept in
``Submission.fields`` under the field names below.
"""
from dataclasses import dataclass

from workflow.enums import RequirementKind


@dataclass(frozen=True)
class EvidenceField:
    name: str
    label: str
    type: str = "text"  # text | date | url | number
    required: bool = False


LOCAL_ACT = [
    EvidenceField("act_title", "Название локального акта", required=True),
    EvidenceField("council_protocol_no", "Принято педсоветом: протокол №"),
    EvidenceField("council_protocol_date", "Принято педсоветом: дата протокола", "date"),
    EvidenceField("parents_opinion", "Учтено мнение совета родителей: протокол № и дата"),
    EvidenceField("students_opinion", "Учтено мнение совета обучающихся: протокол № и дата"),
    EvidenceField("approval_order_no", "Утверждено приказом №"),
    EvidenceField("approval_order_date", "Утверждено приказом: дата", "date"),
    EvidenceField("site_url", "Ссылка на публикацию на сайте школы", "url"),
]

APPOINTING_ORDER = [
    EvidenceField("order_no", "Приказ №"),
    EvidenceField("order_date", "Дата приказа", "date"),
]

FIELDS_BY_KIND: dict[RequirementKind, list[EvidenceField]] = {
    RequirementKind.local_act: LOCAL_ACT,
    RequirementKind.responsible_person: [
        EvidenceField("person_name", "ФИО ответственного", required=True),
        EvidenceField("person_position", "Должность"),
        *APPOINTING_ORDER,
    ],
    RequirementKind.working_group: [
        *APPOINTING_ORDER,
        EvidenceField("members", "Состав группы (ФИО, роль)"),
    ],
    RequirementKind.consent_collection: [
        EvidenceField("headcount", "Всего человек", "number"),
        EvidenceField("received", "Получено согласий", "number"),
    ],
    RequirementKind.monitoring_indicator: [
        EvidenceField("value", "Значение показателя, %", "number"),
        EvidenceField("as_of", "По состоянию на", "date"),
    ],
}

COMMON_REASONS = [
    "Приложен не тот документ",
    "Документ не подписан руководителем",
    "Файл не открывается или нечитаем",
    "Сведения неполные",
]

RETURN_REASONS: dict[RequirementKind, list[str]] = {
    RequirementKind.local_act: [
        "Нет протокола педагогического совета",
        "Не учтено мнение совета родителей / совета обучающихся",
        "Нет приказа об утверждении",
        "Акт не опубликован на сайте школы",
        *COMMON_REASONS,
    ],
    RequirementKind.responsible_person: ["Нет приказа о назначении", *COMMON_REASONS],
    RequirementKind.working_group: [
        "Нет приказа о создании рабочей группы",
        "Нет положения о рабочей группе или плана работы",
        "Не распределены обязанности членов группы",
        *COMMON_REASONS,
    ],
    RequirementKind.consent_collection: ["Согласия собраны не у всех", *COMMON_REASONS],
    RequirementKind.monitoring_indicator: ["Показатель ниже порогового значения", *COMMON_REASONS],
}


def fields_for(kind: RequirementKind) -> list[EvidenceField]:
    return FIELDS_BY_KIND.get(kind, [])


def reasons_for(kind: RequirementKind) -> list[str]:
    return RETURN_REASONS.get(kind, COMMON_REASONS)
