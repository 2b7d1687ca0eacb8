"""The journal of actions: append-only, who did what to which object, before → after."""
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from workflow.models.base import json_type, timestamp_type, utcnow

if TYPE_CHECKING:
    from workflow.models.users import User


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_object", "object_type", "object_id"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    actor_id: int | None = Field(default=None, foreign_key="users.id")
    action: str = Field(max_length=64)
    object_type: str = Field(max_length=40)
    object_id: int | None = None
    # Where the object belongs, so that histories can be scoped without joins.
    school_id: int | None = Field(default=None, foreign_key="schools.id", index=True)
    municipality_id: int | None = Field(default=None, foreign_key="municipalities.id", index=True)
    before: dict[str, Any] | None = Field(default=None, sa_type=json_type())
    after: dict[str, Any] | None = Field(default=None, sa_type=json_type())
    reason: str | None = Field(default=None, sa_type=sa.Text)

    actor: "User" = Relationship()
