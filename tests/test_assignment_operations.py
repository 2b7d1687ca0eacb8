"""The submit / accept / return cycle as operations, without HTTP."""
import pytest
from sqlmodel import col, select

from workflow import operations
from workflow.enums import ReviewVerdict, Role
from workflow.errors import DomainError
from workflow.models import AuditEvent, StoredFile
from workflow.states import AssignmentState, InvalidTransition, SubmissionStatus

TITLE = {"act_title": "Положение об электронном журнале"}


@pytest.fixture()
def cycle(make_school, make_user, make_order, make_assignment, session):
    school = make_school()
    order = make_order(school.municipality)
    assignment = make_assignment(order.requirements[0], school)
    school_user = make_user(Role.school, school=school)
    inspector = make_user(Role.inspector, municipality=school.municipality)
    pdf = StoredFile(sha256="a" * 64, size=10, mime="application/pdf", type_code="pdf", filename="Приказ.pdf")
    session.add(pdf)
    session.flush()
    return assignment, school_user, inspector, pdf


def events(session, assignment) -> list[str]:
    return list(session.exec(select(AuditEvent.action).where(
        col(AuditEvent.object_type) == "assignments", col(AuditEvent.object_id) == assignment.id,
    ).order_by(col(AuditEvent.id))))


def test_draft_then_send_then_return_then_resend_then_accept(session, cycle):
    assignment, school_user, inspector, pdf = cycle
    draft = operations.save_submission(session, school_user, assignment, fields={"act_title": "Положение"},
                                       note="", files=[], send=False)
    assert draft.status is SubmissionStatus.draft and assignment.state is AssignmentState.in_progress
    sent = operations.save_submission(session, school_user, assignment, fields={"act_title": "Положение"},
                                      note="Приказ приложен", files=[pdf], send=True)
    assert sent.id == draft.id and sent.number == 1 and sent.submitted_at is not None
    assert assignment.state is AssignmentState.submitted

    operations.review_submission(session, inspector, sent, ReviewVerdict.returned,
                                 reasons=["Нет протокола педсовета"], comment="Приложите протокол")
    assert assignment.state is AssignmentState.returned

    second = operations.save_submission(session, school_user, assignment, fields=TITLE, note="Протокол приложен",
                                        files=[pdf], send=True)
    assert second.number == 2 and sent.status is SubmissionStatus.submitted and sent.files == [pdf]
    operations.review_submission(session, inspector, second, ReviewVerdict.accepted)
    assert assignment.state is AssignmentState.accepted
    assert events(session, assignment) == ["submission.saved", "submission.sent", "submission.returned",
                                           "submission.sent", "submission.accepted"]


def test_sending_nothing_is_refused(session, cycle):
    assignment, school_user, *_ = cycle
    with pytest.raises(DomainError, match="хотя бы один файл"):
        operations.save_submission(session, school_user, assignment, fields=TITLE, note=" ", files=[], send=True)


def test_a_submission_is_decided_once(session, cycle):
    assignment, school_user, inspector, pdf = cycle
    sent = operations.save_submission(session, school_user, assignment, fields=TITLE, note="", files=[pdf], send=True)
    operations.review_submission(session, inspector, sent, ReviewVerdict.accepted)
    with pytest.raises(DomainError, match="уже принято решение"):
        operations.review_submission(session, inspector, sent, ReviewVerdict.returned, reasons=["x"])


def test_return_needs_a_reason(session, cycle):
    assignment, school_user, inspector, pdf = cycle
    sent = operations.save_submission(session, school_user, assignment, fields=TITLE, note="", files=[pdf], send=True)
    with pytest.raises(DomainError, match="причину возврата"):
        operations.review_submission(session, inspector, sent, ReviewVerdict.returned)


def test_accepted_work_cannot_be_sent_again(session, cycle):
    assignment, school_user, inspector, pdf = cycle
    sent = operations.save_submission(session, school_user, assignment, fields=TITLE, note="", files=[pdf], send=True)
    operations.review_submission(session, inspector, sent, ReviewVerdict.accepted)
    with pytest.raises(DomainError):
        operations.save_submission(session, school_user, assignment, fields=TITLE, note="x", files=[], send=True)


def test_due_date_moves_with_a_reason_and_keeps_the_original(session, cycle, make_user):
    from datetime import date

    assignment, *_ = cycle
    municipal = make_user(Role.municipal, municipality=assignment.school.municipality)
    original = assignment.due_date
    with pytest.raises(DomainError, match="причину"):
        operations.move_due_date(session, municipal, assignment, date(2030, 1, 1), " ")
    operations.move_due_date(session, municipal, assignment, date(2030, 1, 1), "Болезнь ответственного")
    operations.move_due_date(session, municipal, assignment, date(2030, 2, 1), "Ещё перенос")
    assert assignment.due_date == date(2030, 2, 1) and assignment.original_due_date == original
    event = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "assignment.due_date_moved")
                         .order_by(col(AuditEvent.id))).first()
    assert event.reason == "Болезнь ответственного" and event.before == {"due_date": original.isoformat()}


def test_transitions_follow_the_state_machine(session, cycle):
    assignment, school_user, inspector, pdf = cycle
    sent = operations.save_submission(session, school_user, assignment, fields=TITLE, note="", files=[pdf], send=True)
    assignment.state = AssignmentState.assigned  # as if someone reset it behind the machine's back
    with pytest.raises((DomainError, InvalidTransition)):
        operations.review_submission(session, inspector, sent, ReviewVerdict.accepted)


def test_sending_needs_the_required_evidence_of_the_kind(session, cycle):
    assignment, school_user, _, pdf = cycle  # a local act: its title is required
    with pytest.raises(DomainError, match="Название локального акта"):
        operations.save_submission(session, school_user, assignment, fields={}, note="", files=[pdf], send=True)


def test_the_journal_keeps_lists_as_lists(session, cycle):
    assignment, school_user, _, pdf = cycle
    operations.save_submission(session, school_user, assignment, fields={"act_title": "Положение"},
                               note="", files=[pdf], send=True)
    event = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "submission.sent")).one()
    assert event.after["files"] == ["Приказ.pdf"]
