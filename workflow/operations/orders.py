"""Orders: made from the catalog or by hand, then published to schools as assignments."""
from collections.abc import Sequence
from datetime import date

from sqlmodel import Session

from workflow import audit
from workflow.catalog import CatalogOrder
from workflow.enums import Addressee, MunicipalityKind
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
