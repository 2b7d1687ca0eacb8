"""State machines of orders and assignments: the states, their Russian labels, the allowed moves.

Overdue is not a state: an assignment is overdue when its due date has passed and it is not
accepted (``Assignment.is_overdue``). Every move goes through ``check_transition`` so that a
forbidden move becomes one domain error, which views turn into a message.
"""
from typing import ClassVar

from workflow.enums import LabeledEnum
from workflow.errors import DomainError


class InvalidTransition(DomainError):
    """A move the state machine does not allow; ``str()`` is a Russian message for the user."""

    def __init__(self, current: LabeledEnum, target: LabeledEnum):
        self.current, self.target = current, target
        super().__init__(f"Нельзя перейти из состояния «{current.label}» в «{target.label}».")


class AssignmentState(LabeledEnum):
    assigned = "assigned", "Назначено"
    in_progress = "in_progress", "В работе"
    submitted = "submitted", "На проверке"
    accepted = "accepted", "Принято"
    returned = "returned", "Возвращено на доработку"

    OPEN: ClassVar[frozenset["AssignmentState"]]


AssignmentState.OPEN = frozenset(
    {AssignmentState.assigned, AssignmentState.in_progress, AssignmentState.returned}
)

ASSIGNMENT_TRANSITIONS: dict[AssignmentState, frozenset[AssignmentState]] = {
    AssignmentState.assigned: frozenset({AssignmentState.in_progress, AssignmentState.submitted}),
    AssignmentState.in_progress: frozenset({AssignmentState.submitted}),
    AssignmentState.submitted: frozenset({AssignmentState.accepted, AssignmentState.returned}),
    AssignmentState.returned: frozenset({AssignmentState.in_progress, AssignmentState.submitted}),
    AssignmentState.accepted: frozenset(),
}


class OrderState(LabeledEnum):
    draft = "draft", "Черновик"
    published = "published", "Опубликован"
    closed = "closed", "Закрыт"


ORDER_TRANSITIONS: dict[OrderState, frozenset[OrderState]] = {
    OrderState.draft: frozenset({OrderState.published}),
    OrderState.published: frozenset({OrderState.closed}),
    OrderState.closed: frozenset(),
}


class SubmissionStatus(LabeledEnum):
    draft = "draft", "Черновик"
    submitted = "submitted", "Отправлен"


def check_transition(current: LabeledEnum, target: LabeledEnum) -> None:
    """Raise ``InvalidTransition`` unless ``current → target`` is an allowed move."""
    table = ASSIGNMENT_TRANSITIONS if isinstance(current, AssignmentState) else ORDER_TRANSITIONS
    if target not in table[current]:
        raise InvalidTransition(current, target)
