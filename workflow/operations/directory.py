"""The directory: regions, municipalities, schools and the users who belong to them."""
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from workflow import audit
from workflow.enums import Role
from workflow.errors import DomainError
from workflow.models import Municipality, Region, School, User

USER_FIELDS = ["email", "full_name", "position", "phone", "role", "region_id",
               "municipality_id", "school_id", "active"]
REGION_FIELDS = ["name", "code"]
MUNICIPALITY_FIELDS = ["region_id", "name", "short_name", "kind", "authority_name"]
SCHOOL_FIELDS = ["municipality_id", "name", "short_name", "kind", "inn", "oktmo", "director_name",
                 "email", "phone", "address", "website", "active"]


def normalize_email(email: str) -> str:
    return email.strip().lower()


def create_user(session: Session, actor: User | None, *, password: str, **fields: Any) -> User:
    fields["email"] = normalize_email(fields["email"])
    _check_email_free(session, fields["email"])
    user = User(password_hash="", **_scoped(fields))
    user.set_password(password)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.created", user, after=audit.snapshot(user, USER_FIELDS))
    return user


def update_user(
    session: Session, actor: User, user: User, *, password: str | None = None, **fields: Any
) -> User:
    if "email" in fields:
        fields["email"] = normalize_email(fields["email"])
        if fields["email"] != user.email:
            _check_email_free(session, fields["email"])
    if user.id == actor.id and (fields.get("active") is False or fields.get("role", user.role) != user.role):
        raise DomainError("Нельзя отключить свою учётную запись или сменить себе роль.", field="role")
    before = audit.snapshot(user, USER_FIELDS)
    for name, value in _scoped({"role": user.role, **fields}).items():
        setattr(user, name, value)
    if password:
        user.set_password(password)
    session.flush()
    old, new = audit.changes(before, audit.snapshot(user, USER_FIELDS))
    if password:
        new["password"] = "изменён"
    if new:
        audit.record(session, actor, "user.updated", user, before=old, after=new)
    return user


def _scoped(fields: dict[str, Any]) -> dict[str, Any]:
    """Keep only the scope the role uses, so that a role change leaves no stale scope behind."""
    keep = {
        Role.admin: (),
        Role.school: ("school_id",),
        Role.municipal: ("municipality_id",),
        Role.inspector: ("municipality_id", "region_id"),
    }[Role(fields["role"])]
    for name in ("school_id", "municipality_id", "region_id"):
        if name not in keep:
            fields[name] = None
    return fields


def _check_email_free(session: Session, email: str) -> None:
    if session.exec(select(User.id).where(col(User.email) == email)).first() is not None:
        raise DomainError("Пользователь с такой электронной почтой уже есть.", field="email")


def create_region(session: Session, actor: User | None, **fields: Any) -> Region:
    _check_unique(session, Region, "name", fields["name"], "Регион с таким названием уже есть.")
    region = Region(**fields)
    session.add(region)
    session.flush()
    audit.record(session, actor, "region.created", region, after=audit.snapshot(region, REGION_FIELDS))
    return region


def update_region(session: Session, actor: User, region: Region, **fields: Any) -> Region:
    if fields.get("name", region.name) != region.name:
        _check_unique(session, Region, "name", fields["name"], "Регион с таким названием уже есть.")
    return audit.update(session, actor, region, REGION_FIELDS, "region.updated", fields)


def create_municipality(session: Session, actor: User | None, **fields: Any) -> Municipality:
    _check_municipality_name(session, fields["region_id"], fields["name"])
    municipality = Municipality(**fields)
    session.add(municipality)
    session.flush()
    audit.record(session, actor, "municipality.created", municipality,
                 after=audit.snapshot(municipality, MUNICIPALITY_FIELDS))
    return municipality


def update_municipality(
    session: Session, actor: User, municipality: Municipality, **fields: Any
) -> Municipality:
    region_id, name = fields.get("region_id", municipality.region_id), fields.get("name", municipality.name)
    if (region_id, name) != (municipality.region_id, municipality.name):
        _check_municipality_name(session, region_id, name)
    return audit.update(session, actor, municipality, MUNICIPALITY_FIELDS, "municipality.updated", fields)


def _check_municipality_name(session: Session, region_id: int, name: str) -> None:
    taken = session.exec(
        select(Municipality.id).where(
            col(Municipality.region_id) == region_id, col(Municipality.name) == name
        )
    ).first()
    if taken is not None:
        raise DomainError("В этом регионе уже есть муниципалитет с таким названием.", field="name")


def create_school(session: Session, actor: User | None, **fields: Any) -> School:
    _check_school_unique(session, None, fields["municipality_id"], fields["name"], fields.get("inn"))
    school = School(**fields)
    session.add(school)
    session.flush()
    audit.record(session, actor, "school.created", school, after=audit.snapshot(school, SCHOOL_FIELDS))
    return school


def update_school(session: Session, actor: User, school: School, **fields: Any) -> School:
    _check_school_unique(
        session, school.id, fields.get("municipality_id", school.municipality_id),
        fields.get("name", school.name), fields.get("inn", school.inn),
    )
    return audit.update(session, actor, school, SCHOOL_FIELDS, "school.updated", fields)


def _check_school_unique(
    session: Session, school_id: int | None, municipality_id: int, name: str, inn: str | None
) -> None:
    others = col(School.id) != school_id if school_id is not None else sa.true()
    same_name = session.exec(
        select(School.id).where(
            others, col(School.municipality_id) == municipality_id, col(School.name) == name
        )
    ).first()
    if same_name is not None:
        raise DomainError("В этом муниципалитете уже есть школа с таким названием.", field="name")
    if inn and session.exec(select(School.id).where(others, col(School.inn) == inn)).first():
        raise DomainError("Школа с таким ИНН уже есть.", field="inn")


@dataclass
class SchoolImportResult:
    created: list[School]
    updated: list[School]


def plan_school_import(
    session: Session, municipality: Municipality, rows: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], School | None]]:
    """Pair each row with the school of the municipality it updates: same ИНН, else same name.

    ``None`` means the row makes a new school. Rows are distinct (the parser refuses duplicates).
    """
    existing = session.exec(select(School).where(col(School.municipality_id) == municipality.id)).all()
    by_inn = {s.inn: s for s in existing if s.inn}
    by_name = {s.name: s for s in existing}
    return [(row, by_inn.get(row.get("inn")) or by_name.get(row["name"])) for row in rows]


def import_schools(
    session: Session, actor: User, municipality: Municipality, rows: list[dict[str, Any]]
) -> SchoolImportResult:
    """Create or update the schools of a validated list (``workflow.imports.schools``).

    All or nothing: a conflict raises ``DomainError`` and the caller rolls back.
    """
    result = SchoolImportResult(created=[], updated=[])
    for row, school in plan_school_import(session, municipality, rows):
        values = {k: v for k, v in row.items() if v not in (None, "")}
        if school is None:
            result.created.append(create_school(session, actor, municipality_id=municipality.id, **values))
        else:
            result.updated.append(update_school(session, actor, school, **values))
    return result


def _check_unique(session: Session, model, field: str, value: Any, message: str) -> None:
    if session.exec(select(model.id).where(getattr(model, field) == value)).first() is not None:
        raise DomainError(message, field=field)
