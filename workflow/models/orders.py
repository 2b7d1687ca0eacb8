"""The core loop: an order's requirements become assignments; schools submit; inspectors review."""
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from workflow.enums import Addressee, DocType, RequirementKind, ReviewVerdict
from workflow.models.base import enum_type, json_type, timestamp_type, utcnow
from workflow.states import AssignmentState, OrderState, SubmissionStatus

if TYPE_CHECKING:
    from workflow.models.files import StoredFile
    from workflow.models.org import Municipality, Region, School
    from workflow.models.users import User


class Order(SQLModel, table=True):
    """A directive (приказ, письмо) tracked by an education authority.

    ``municipality_id`` is the authority that tracks it; an order without one is tracked at the
    level of its region. ``issuer`` is who issued the document, as written on it.
    """

    __tablename__ = "orders"

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="regions.id", index=True)
    municipality_id: int | None = Field(default=None, foreign_key="municipalities.id", index=True)
    catalog_key: str | None = Field(default=None, max_length=40)  # e.g. "ORD-001" in the catalog
    issuer: str = Field(max_length=400)
    doc_type: DocType = Field(default=DocType.letter, sa_type=enum_type(DocType))
    number: str = Field(max_length=60)
    date: date
    title: str = Field(max_length=500)
    addressees_text: str | None = Field(default=None, max_length=300)
    platform: str | None = Field(default=None, max_length=300)
    based_on: str | None = Field(default=None, sa_type=sa.Text)
    notes: str | None = Field(default=None, sa_type=sa.Text)
    state: OrderState = Field(default=OrderState.draft, sa_type=enum_type(OrderState))
    source_file_id: int | None = Field(default=None, foreign_key="stored_files.id")
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    published_at: datetime | None = Field(default=None, sa_type=timestamp_type())

    region: "Region" = Relationship()
    municipality: "Municipality" = Relationship()
    source_file: "StoredFile" = Relationship()
    requirements: list["Requirement"] = Relationship(
        back_populates="order", sa_relationship_kwargs={"order_by": "Requirement.position"}
    )

    @property
    def reference(self) -> str:
        """How the order is cited: «письмо от 17.09.2020 № 864»."""
        return f"{self.doc_type.label} от {self.date:%d.%m.%Y} № {self.number}"


class Requirement(SQLModel, table=True):
    """One demand of an order (пункт): what must be done, by whom, by when, with what evidence."""

    __tablename__ = "requirements"
    __table_args__ = (sa.UniqueConstraint("order_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    position: int = Field(default=0)
    code: str = Field(max_length=40)
    title: str = Field(sa_type=sa.Text)
    kind: RequirementKind = Field(sa_type=enum_type(RequirementKind))
    addressee: Addressee = Field(default=Addressee.school, sa_type=enum_type(Addressee))
    deadline: date | None = None
    deadline_note: str | None = Field(default=None, max_length=300)
    evidence: str | None = Field(default=None, sa_type=sa.Text)
    threshold_text: str | None = Field(default=None, max_length=300)
    threshold_min: float | None = None
    threshold_unit: str | None = Field(default=None, max_length=20)
    indicator_code: str | None = Field(default=None, max_length=60)

    order: Order = Relationship(back_populates="requirements")
    assignments: list["Assignment"] = Relationship(back_populates="requirement")


class Assignment(SQLModel, table=True):
    """A requirement addressed to one school, or to the municipality itself (поручение)."""

    __tablename__ = "assignments"
    __table_args__ = (
        sa.UniqueConstraint("requirement_id", "school_id"),
        sa.UniqueConstraint("requirement_id", "municipality_id"),
        sa.CheckConstraint(
            "(school_id IS NULL) <> (municipality_id IS NULL)", name="one_addressee"
        ),
        sa.Index("ix_assignments_school_id_due_date", "school_id", "due_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    requirement_id: int = Field(foreign_key="requirements.id", index=True)
    school_id: int | None = Field(default=None, foreign_key="schools.id")
    municipality_id: int | None = Field(default=None, foreign_key="municipalities.id", index=True)
    state: AssignmentState = Field(
        default=AssignmentState.assigned, sa_type=enum_type(AssignmentState), index=True
    )
    due_date: date | None = None
    original_due_date: date | None = None
    responsible_user_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    state_changed_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    # Bumped on every change; an update that finds another version lost a race.
    version: int = Field(default=1)

    requirement: Requirement = Relationship(back_populates="assignments")
    school: "School" = Relationship()
    municipality: "Municipality" = Relationship()
    submissions: list["Submission"] = Relationship(
        back_populates="assignment", sa_relationship_kwargs={"order_by": "Submission.number"}
    )

    def is_overdue(self, today: date) -> bool:
        return (
            self.due_date is not None
            and self.due_date < today
            and self.state is not AssignmentState.accepted
        )

    @property
    def due_date_moved(self) -> bool:
        return self.original_due_date is not None and self.original_due_date != self.due_date


class Submission(SQLModel, table=True):
    """A school's answer to an assignment. Each sending is a new numbered version; none is overwritten."""

    __tablename__ = "submissions"
    __table_args__ = (sa.UniqueConstraint("assignment_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignments.id", index=True)
    number: int = Field(default=1)
    status: SubmissionStatus = Field(
        default=SubmissionStatus.draft, sa_type=enum_type(SubmissionStatus)
    )
    note: str | None = Field(default=None, sa_type=sa.Text)
    # Structured answers that depend on the requirement kind (protocol №, order date, site link…).
    fields: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    submitted_at: datetime | None = Field(default=None, sa_type=timestamp_type())

    assignment: Assignment = Relationship(back_populates="submissions")
    files: list["StoredFile"] = Relationship(sa_relationship_kwargs={
        "secondary": "submission_files", "order_by": "StoredFile.id"})  # in the order uploaded
    created_by: "User" = Relationship()
    review: "Review" = Relationship(
        back_populates="submission", sa_relationship_kwargs={"uselist": False}
    )


class Review(SQLModel, table=True):
    """An inspector's decision on one submission. One per submission: a second decision loses."""

    __tablename__ = "reviews"

    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submissions.id", unique=True)
    reviewer_id: int | None = Field(default=None, foreign_key="users.id")
    verdict: ReviewVerdict = Field(sa_type=enum_type(ReviewVerdict))
    reasons: list[str] = Field(default_factory=list, sa_type=json_type())
    comment: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())

    submission: Submission = Relationship(back_populates="review")
    reviewer: "User" = Relationship()
