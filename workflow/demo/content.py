"""What the demo's schools write and attach, and what its inspectors answer: the note and the
evidence fields of each report, its documents (a PDF, sometimes a DOCX), the reasons to return it.

Everything here is decided by a random generator seeded with the order, requirement, school and
version, so a report reads the same whenever it is made and whatever was made before it.
"""
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from workflow.demo.files import make_docx, make_pdf
from workflow.enums import RequirementKind, ReviewVerdict
from workflow.evidence import fields_for, reasons_for
from workflow.models import Assignment, User

K = RequirementKind
NOTES = {
    K.responsible_person: "Издан приказ о назначении ответственного, копия приложена.",
    K.local_act: "Локальный акт принят педагогическим советом и утверждён приказом директора.",
    K.working_group: "Рабочая группа создана приказом директора, план работы приложен.",
    K.registration: "Регистрация выполнена, данные в системе проверены.",
    K.data_entry: "Данные внесены в электронный журнал, незаполненных полей нет.",
    K.consent_collection: "Согласия собраны, сводная таблица приложена.",
    K.monitoring_indicator: "Значение показателя приведено по данным системы, справка приложена.",
    K.reporting: "Отчёт подготовлен и приложен.",
}
DEFAULT_NOTE = "Выполнено, подтверждающие документы приложены."
RESENT_NOTE = "Замечания проверяющего устранены, исправленные документы приложены."
ACT_TITLES = {
    "S001-R02": "Положение о ведении электронного журнала и электронного дневника",
    "S002-R06": "Положение о текущем контроле успеваемости и промежуточной аттестации",
    "S002-R07": "Положение о домашнем задании",
}
DEFAULT_ACT = "Положение о ведении электронного журнала"
# The documents of a report by requirement kind: (name, format). The first is always a PDF.
DOCUMENTS = {
    K.responsible_person: [("Приказ о назначении ответственного", "pdf")],
    K.local_act: [("Приказ об утверждении локального акта", "pdf"), ("{act}", "docx")],
    K.working_group: [("Приказ о создании рабочей группы", "pdf"), ("План работы рабочей группы", "docx")],
    K.consent_collection: [("Справка о сборе согласий", "pdf"), ("Сводная таблица согласий", "docx")],
    K.registration: [("Справка о регистрации в системе", "pdf")],
    K.data_entry: [("Справка о внесении данных", "pdf")],
    K.monitoring_indicator: [("Справка о значении показателя", "pdf")],
    K.infrastructure: [("Справка об оснащении", "pdf")],
    K.retention: [("Справка о хранении данных", "pdf")],
    K.reporting: [("Отчёт", "pdf"), ("Пояснительная записка", "docx")],
}
RETURN_COMMENTS = ["Устраните замечания и отправьте отчёт повторно.",
                   "Приложите скан с подписью директора и печатью школы.", None]
ACCEPT_COMMENTS = [None, None, "Принято, замечаний нет."]


@dataclass(frozen=True)
class Report:
    note: str
    fields: dict
    documents: list[tuple[str, bytes]]  # file name, content


def report(a: Assignment, version: int, author: User, at: datetime) -> Report:
    """The school's answer ``version`` to ``a``, written at ``at``."""
    requirement, school = a.requirement, a.school
    order = requirement.order
    rng = random.Random(f"reglament-demo:{order.catalog_key}:{requirement.code}:{school.name}:{version}")
    day = at.date()
    fields = _fields(rng, a, version, author, day)
    note = RESENT_NOTE if version > 1 else NOTES.get(requirement.kind, DEFAULT_NOTE)
    labels = {f.name: f.label for f in fields_for(requirement.kind)}
    facts = [f"{labels[k]}: {_shown(v)}" for k, v in fields.items()]
    lines = [
        school.name,
        f"Во исполнение: {order.reference} «{order.title}».",
        f"Пункт {requirement.code}: {requirement.title}",
        note, *facts,
        *(["Редакция 2: замечания проверяющего устранены."] if version > 1 else []),
        f"Ответственный: {author.full_name}, {(author.position or '').lower()}.",
        "Директор ____________________",
    ]
    documents = []
    # A second version corrects the PDF; ``history`` sends the other files of the first again.
    specs = DOCUMENTS.get(requirement.kind, [("Справка о выполнении", "pdf")])
    for title, kind in specs[:1] if version > 1 else specs:
        title = title.format(act=fields.get("act_title", DEFAULT_ACT))
        if kind == "pdf":
            number = fields.get("order_no") or fields.get("approval_order_no") or str(rng.randint(10, 180))
            dated = fields.get("order_date") or fields.get("approval_order_date") or day.isoformat()
            name = f"{title} (ред. 2).pdf" if version > 1 else f"{title}.pdf"
            documents.append((name, make_pdf(f"{title} № {number} от {_shown(dated)}", lines, at)))
        else:
            documents.append((f"{title}.docx", make_docx(title, _body(title, lines, at), at)))
    return Report(note, fields, documents)


def _body(title: str, lines: list[str], at: datetime) -> list[str]:
    """The paragraphs of a DOCX: the report's lines and, in a local act, its first provisions."""
    body = [lines[0], f"Редакция от {at:%d.%m.%Y}", *lines[1:-1]]
    if title.startswith("Положение"):
        body += ["1. Общие положения",
                 f"1.1. {title} (далее — Положение) разработано в соответствии с Федеральным законом "
                 "от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации».",
                 "1.2. Положение вступает в силу со дня его утверждения приказом директора."]
    return body


def _fields(rng: random.Random, a: Assignment, version: int, author: User, day: date) -> dict:
    kind = a.requirement.kind
    order_date = day - timedelta(days=rng.randint(2, 12))
    if kind is K.local_act:
        council = order_date - timedelta(days=rng.randint(3, 14))
        values = {
            "act_title": ACT_TITLES.get(a.requirement.code, DEFAULT_ACT),
            "council_protocol_no": str(rng.randint(1, 9)), "council_protocol_date": council.isoformat(),
            "parents_opinion": f"протокол № {rng.randint(1, 6)} от {council - timedelta(days=2):%d.%m.%Y}",
            "approval_order_no": f"{rng.randint(12, 180)}-од", "approval_order_date": order_date.isoformat(),
        }
        if version > 1 or rng.random() < 0.6:
            values["site_url"] = "https://school.demo.local/sveden/document/"
        return values
    if kind is K.responsible_person:
        return {"person_name": author.full_name, "person_position": author.position,
                "order_no": f"{rng.randint(12, 180)}-од", "order_date": order_date.isoformat()}
    if kind is K.working_group:
        return {"order_no": f"{rng.randint(12, 180)}-од", "order_date": order_date.isoformat(),
                "members": f"директор — руководитель группы; {author.full_name} — секретарь; учителя-предметники"}
    if kind is K.consent_collection:
        headcount = rng.randint(120, 900)
        return {"headcount": headcount, "received": headcount if version > 1 else headcount - rng.randint(0, 15)}
    if kind is K.monitoring_indicator:
        floor = int(a.requirement.threshold_min or 50)
        low = floor if version > 1 else max(floor - 12, 0)
        return {"value": rng.randint(low, 100), "as_of": (day - timedelta(days=1)).isoformat()}
    return {}


def _shown(value) -> str:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    return str(value)


def decision(a: Assignment, version: int, verdict: ReviewVerdict) -> tuple[list[str], str | None]:
    """The inspector's reasons and comment for ``verdict`` on version ``version`` of ``a``."""
    requirement = a.requirement
    rng = random.Random(f"reglament-demo:{requirement.order.catalog_key}:{requirement.code}:{a.school.name}"
                        f":{version}:{verdict.value}")
    if verdict is ReviewVerdict.accepted:
        return [], rng.choice(ACCEPT_COMMENTS)
    reasons = reasons_for(requirement.kind)
    return sorted(rng.sample(reasons, rng.randint(1, 2)), key=reasons.index), rng.choice(RETURN_COMMENTS)
