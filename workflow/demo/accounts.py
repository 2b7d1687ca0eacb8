"""The demo's accounts: the named ones of ``DEMO_USERS`` and one numbered account per school that
has no named one, so that every school's report comes from a person of that school:
``school-<n>@demo.local`` in Сергокалинский район (``n`` is the school's number in the seed table)
and ``school-74-<n>@demo.local`` in Челябинская область.

Every demo account has the demo password. Its hash is computed once and shared: a scrypt hash
costs about 0.1 s, and seventy of them would more than double the time of the whole load.
"""
import random
import re

from sqlmodel import Session, col, select

from workflow import audit, operations
from workflow.enums import Role
from workflow.models import School, User
from workflow.operations.directory import USER_FIELDS

SERGOKALA_PATTERN, CHELYABINSK_PATTERN = "school-{n}@demo.local", "school-74-{n}@demo.local"
_NUMBERED = re.compile(r"school(-[0-9]+){1,2}@demo\.local")

DEMO_PASSWORD = "reglament-demo"

# Names people of the two regions commonly have: surnames (all take «-а» in the feminine), men's and
# women's first names, and men's patronymics (the feminine ends in «-на» instead of «-ич»).
NAMES = {
    "05": (["Магомедов", "Абдуллаев", "Гаджиев", "Алиев", "Рамазанов", "Омаров", "Исмаилов", "Курбанов",
            "Мусаев", "Ахмедов", "Даудов", "Сулейманов", "Шахбанов", "Гасанов", "Камалов", "Нурмагомедов"],
           ["Магомед", "Ахмед", "Руслан", "Шамиль", "Арсен", "Мурад", "Рашид", "Гаджимурад"],
           ["Патимат", "Зарема", "Марьям", "Аминат", "Саида", "Хадижат", "Джамиля", "Заира", "Мадина"],
           ["Магомедович", "Алиевич", "Расулович", "Ахмедович", "Гаджиевич", "Абдуллаевич", "Омарович",
            "Курбанович"]),
    "74": (["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
            "Новиков", "Фёдоров", "Морозов", "Волков", "Лебедев", "Козлов", "Зайцев", "Белов"],
           ["Андрей", "Сергей", "Алексей", "Дмитрий", "Игорь", "Павел"],
           ["Елена", "Ольга", "Наталья", "Татьяна", "Светлана", "Ирина", "Юлия", "Марина", "Галина"],
           ["Сергеевич", "Александрович", "Викторович", "Николаевич", "Владимирович", "Юрьевич",
            "Михайлович", "Геннадьевич"]),
}
POSITIONS = ["Заместитель директора по УВР", "Заместитель директора по ИКТ", "Учитель информатики",
             "Ответственный за ведение электронного журнала", "Педагог-организатор"]


def numbered_accounts(region_code: str, schools: list[School], pattern: str, skip: set[str]) -> list[dict]:
    """The fields of one account for each school except those named in ``skip``, numbered in order."""
    return [_fields(pattern.format(n=n), region_code, school)
            for n, school in enumerate(schools, start=1) if school.name not in skip]


def create_accounts(session: Session, wanted: list[dict]) -> tuple[dict[str, User], int]:
    """The ``wanted`` accounts by e-mail, and how many of them this call created. Existing ones are
    left as they are (a changed password or name survives a second run). The first missing one is
    made by ``operations.create_user``; the others share its password hash and are journalled as
    that operation does."""
    emails = [fields["email"] for fields in wanted]
    found = {u.email: u for u in session.exec(select(User).where(col(User.email).in_(emails))).all()}
    missing = [fields for fields in wanted if fields["email"] not in found]
    if missing:
        first = operations.create_user(session, None, **missing[0], password=DEMO_PASSWORD)
        users = [User(password_hash=first.password_hash, **fields) for fields in missing[1:]]
        session.add_all(users)
        session.flush()
        for user in users:
            audit.record(session, None, "user.created", user, after=audit.snapshot(user, USER_FIELDS))
        found.update({u.email: u for u in [first, *users]})
    return {email: found[email] for email in emails}, len(missing)


def school_account_emails(session: Session) -> list[str]:
    """The numbered school accounts in the database, in their order."""
    emails = session.exec(select(User.email).where(col(User.email).like("school-%@demo.local"))).all()
    numbered = [e for e in emails if _NUMBERED.fullmatch(e)]
    return sorted(numbered, key=lambda e: [int(part) for part in e.split("@")[0].split("-")[1:]])


def _fields(email: str, region_code: str, school: School) -> dict:
    rng = random.Random(f"reglament-demo:person:{email}")
    surnames, men, women, patronymics = NAMES[region_code]
    surname, patronymic = rng.choice(surnames), rng.choice(patronymics)
    if rng.random() < 0.75:  # most school staff are women
        name = f"{surname}а {rng.choice(women)} {patronymic[:-2]}на"
    else:
        name = f"{surname} {rng.choice(men)} {patronymic}"
    return {"email": email, "full_name": name, "position": rng.choice(POSITIONS),
            "role": Role.school, "school_id": school.id}
