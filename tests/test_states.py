import pytest

from workflow.states import (
    ASSIGNMENT_TRANSITIONS,
    AssignmentState,
    InvalidTransition,
    OrderState,
    check_transition,
)


def test_every_state_has_a_russian_label_and_a_row_in_the_table():
    for state in AssignmentState:
        assert state in ASSIGNMENT_TRANSITIONS
        assert state.label and state.label != state.value


@pytest.mark.parametrize("current,target", [
    (AssignmentState.assigned, AssignmentState.submitted),
    (AssignmentState.in_progress, AssignmentState.submitted),
    (AssignmentState.submitted, AssignmentState.accepted),
    (AssignmentState.submitted, AssignmentState.returned),
    (AssignmentState.returned, AssignmentState.submitted),
    (OrderState.draft, OrderState.published),
    (OrderState.published, OrderState.closed),
])
def test_allowed_moves(current, target):
    check_transition(current, target)


@pytest.mark.parametrize("current,target", [
    (AssignmentState.accepted, AssignmentState.returned),
    (AssignmentState.assigned, AssignmentState.accepted),
    (AssignmentState.returned, AssignmentState.accepted),
    (AssignmentState.submitted, AssignmentState.assigned),
    (OrderState.closed, OrderState.published),
    (OrderState.draft, OrderState.closed),
])
def test_forbidden_moves_raise_with_a_russian_message(current, target):
    with pytest.raises(InvalidTransition) as error:
        check_transition(current, target)
    assert f"«{current.label}»" in str(error.value) and f"«{target.label}»" in str(error.value)
