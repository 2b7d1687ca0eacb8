"""Orders: made from the catalog or by hand, then published to schools as assignments."""
from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, func, select

from workflow import audit
from workflow.catalog import CatalogOrder
from workflow.enums import Addressee, MunicipalityKind
from workflow.errors import DomainError
from workflow.models import Assignment, Municipality, Order, Region, Requirement, School, User, utcnow
from workflow.states import OrderState, check_transition


def create_order_from_catalog(
    session: Session,
    actor: User | None,
    entry: CatalogOrder,
    *,
    region: Region,
    municipality: Municipality | None,
) -> Order:
    order = Order(
        region_id=region.id,
        municipality_id=municipality.id if municipality else None,
        catalog_key=entry.key,
        issuer=entry.issuer,
        doc_type=entry.doc_type,
        number=entry.number,
        date=entry.date,
        title=entry.title,
        addressees_text=entry.addressees_text,
        platform=entry.platform,
        based_on="\n".join(entry.based_on) or None,
        notes=entry.notes,
        created_by_id=actor.id if actor else None,
    )
    session.add(order)
    session.flush()
    for position, item in enumerate(entry.requirements, start=1):
        session.add(Requirement(
            order_id=order.id, position=position, code=item.code, title=item.title,
            kind=item.kind, addressee=item.addressee, deadline=item.deadline,
            deadline_note=item.deadline_note, evidence=item.evidence,
            threshold_text=item.threshold_text, threshold_min=item.threshold_min,
            threshold_unit=item.threshold_unit, indicator_code=item.indicator_code,
        ))
    session.flush()
    audit.record(session, actor, "order.created", order,
                 after={"catalog_key": entry.key, "requirements": len(entry.requirements)})
    return order


def publish_order(
    session: Session,
    actor: User | None,
    order: Order,
    schools: Sequence[School],
    *,
    due_dates: dict[int, date | None] | None = None,
) -> list[Assignment]:
    """Make one assignment per school for each requirement addressed to schools, and one per
    municipality of those schools for each requirement addressed to the authority.

    ``due_dates`` maps a requirement id to its due date where it differs from the requirement's
    own deadline (an old order re-demanded today gets new dates).
    """
    check_transition(order.state, OrderState.published)
    due_dates = due_dates or {}
    # Groups such as «Частные организации» have no authority of their own to answer for.
    municipality_ids = sorted({s.municipality_id for s in schools
                               if s.municipality.kind in MunicipalityKind.AUTHORITIES})
    assignments = []
    for requirement in order.requirements:
        due = due_dates.get(requirement.id, requirement.deadline)
        if requirement.addressee is Addressee.school:
            targets = [{"school_id": s.id} for s in schools]
        else:
            targets = [{"municipality_id": m} for m in municipality_ids]
        assignments += [
            Assignment(requirement_id=requirement.id, due_date=due, original_due_date=due, **target)
            for target in targets
        ]
    session.add_all(assignments)
    order.state = OrderState.published
    order.published_at = utcnow()
    session.flush()
    audit.record(session, actor, "order.published", order,
                 after={"schools": len(schools), "assignments": len(assignments)})
    return assignments


ORDER_FIELDS = ["issuer", "doc_type", "number", "date", "title", "addressees_text", "platform",
                "based_on", "notes", "source_file_id"]
REQUIREMENT_FIELDS = ["code", "title", "kind", "addressee", "deadline", "deadline_note", "evidence",
                      "threshold_text", "threshold_min", "threshold_unit", "indicator_code"]


def create_order(session: Session, actor: User, municipality: Municipality, **fields) -> Order:
    order = Order(region_id=municipality.region_id, municipality_id=municipality.id,
                  created_by_id=actor.id, **fields)
    session.add(order)
    session.flush()
    audit.record(session, actor, "order.created", order, after=audit.snapshot(order, ORDER_FIELDS))
    return order


def update_order(session: Session, actor: User, order: Order, **fields) -> Order:
    return audit.update(session, actor, order, ORDER_FIELDS, "order.updated", fields)


def _check_draft(order: Order) -> None:
    if order.state is not OrderState.draft:
        raise DomainError(
            "Документ уже опубликован: состав требований не меняется. "
            "Сроки отдельных школ можно перенести на странице поручения."
        )


def _check_code_free(session: Session, order: Order, code: str, requirement_id: int | None) -> None:
    taken = session.exec(select(Requirement.id).where(
        col(Requirement.order_id) == order.id, col(Requirement.code) == code,
        col(Requirement.id) != (requirement_id or 0),
    )).first()
    if taken is not None:
        raise DomainError("Требование с таким кодом в документе уже есть.", field="code")


def add_requirement(session: Session, actor: User, order: Order, **fields) -> Requirement:
    _check_draft(order)
    _check_code_free(session, order, fields["code"], None)
    last = session.exec(select(func.max(Requirement.position)).where(col(Requirement.order_id) == order.id)).one()
    requirement = Requirement(order_id=order.id, position=(last or 0) + 1, **fields)
    session.add(requirement)
    session.flush()
    audit.record(session, actor, "requirement.created", requirement,
                 after=audit.snapshot(requirement, REQUIREMENT_FIELDS))
    session.refresh(order, ["requirements"])
    return requirement


def update_requirement(session: Session, actor: User, requirement: Requirement, **fields) -> Requirement:
    order = requirement.order
    structural = {"kind", "addressee", "code"} & {k for k, v in fields.items() if getattr(requirement, k) != v}
    if structural:
        _check_draft(order)
    _check_code_free(session, order, fields.get("code", requirement.code), requirement.id)
    return audit.update(session, actor, requirement, REQUIREMENT_FIELDS, "requirement.updated", fields)


def delete_requirement(session: Session, actor: User, requirement: Requirement) -> None:
    order = requirement.order
    _check_draft(order)
    audit.record(session, actor, "requirement.deleted", requirement,
                 before=audit.snapshot(requirement, REQUIREMENT_FIELDS))
    session.delete(requirement)
    session.flush()
    _renumber(session, order)


def move_requirement(session: Session, actor: User, requirement: Requirement, offset: int) -> None:
    """Move a requirement up (-1) or down (+1) in its order's list."""
    order = requirement.order
    items = list(order.requirements)
    index = items.index(requirement)
    target = index + offset
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, item in enumerate(items, start=1):
        item.position = position
    session.flush()
    audit.record(session, actor, "requirement.moved", requirement, after={"position": requirement.position})


def _renumber(session: Session, order: Order) -> None:
    session.expire(order, ["requirements"])
    for position, item in enumerate(order.requirements, start=1):
        item.position = position
    session.flush()
