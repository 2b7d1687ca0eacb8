"""Orders and their requirements as operations: drafts are edited, published orders are not."""
from datetime import date

import pytest

from workflow import operations
from workflow.enums import Addressee, RequirementKind, Role
from workflow.errors import DomainError
from workflow.states import OrderState


@pytest.fixture()
def draft(make_municipality, make_user, session):
    municipality = make_municipality()
    actor = make_user(Role.municipal, municipality=municipality)
    order = operations.create_order(session, actor, municipality, issuer="МКУ «УО»", number="12",
                                    date=date(2024, 1, 10), title="О ведении журналов")
    return order, actor


def requirement(session, actor, order, code):
    return operations.add_requirement(session, actor, order, code=code, title=f"Требование {code}",
                                      kind=RequirementKind.local_act, addressee=Addressee.school)


def test_requirements_are_added_in_order_and_reordered(session, draft):
    order, actor = draft
    a, b, c = (requirement(session, actor, order, code) for code in ("A", "B", "C"))
    assert [r.code for r in order.requirements] == ["A", "B", "C"]
    operations.move_requirement(session, actor, c, -1)
    operations.move_requirement(session, actor, a, -1)  # already first: nothing moves
    session.refresh(order, ["requirements"])
    assert [r.code for r in order.requirements] == ["A", "C", "B"]
    operations.delete_requirement(session, actor, c)
    session.refresh(order, ["requirements"])
    assert [(r.code, r.position) for r in order.requirements] == [("A", 1), ("B", 2)]


def test_requirement_codes_are_unique_in_an_order(session, draft):
    order, actor = draft
    requirement(session, actor, order, "A")
    with pytest.raises(DomainError, match="с таким кодом"):
        requirement(session, actor, order, "A")


def test_published_orders_keep_their_requirements(session, draft, make_school):
    order, actor = draft
    first = requirement(session, actor, order, "A")
    operations.publish_order(session, actor, order, [make_school(order.municipality)])
    assert order.state is OrderState.published
    with pytest.raises(DomainError, match="уже опубликован"):
        requirement(session, actor, order, "B")
    with pytest.raises(DomainError, match="уже опубликован"):
        operations.delete_requirement(session, actor, first)
    operations.update_requirement(session, actor, first, title="Уточнённая формулировка")  # text may change
    assert first.title == "Уточнённая формулировка"
