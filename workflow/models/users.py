"""People who sign in. Each belongs to a school, a municipality or a region, by role."""
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlmodel import Field, Relationship, SQLModel
from werkzeug.security import check_password_hash, generate_password_hash

from workflow.enums import Role
from workflow.models.base import enum_type, timestamp_type, utcnow

if TYPE_CHECKING:
    from workflow.models.org import Municipality, Region, School

# The scope a role requires: admin none; school a school; municipal a municipality;
# inspector exactly one of a municipality or a region.
USER_SCOPE_RULE = """
(role = 'admin' AND region_id IS NULL AND municipality_id IS NULL AND school_id IS NULL)
OR (role = 'school' AND school_id IS NOT NULL AND municipality_id IS NULL AND region_id IS NULL)
OR (role = 'municipal' AND municipality_id IS NOT NULL AND school_id IS NULL AND region_id IS NULL)
OR (role = 'inspector' AND school_id IS NULL AND (municipality_id IS NULL) <> (region_id IS NULL))
"""


class User(UserMixin, SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (sa.CheckConstraint(USER_SCOPE_RULE, name="scope_matches_role"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    password_hash: str = Field(max_length=255)
    full_name: str = Field(max_length=200)
    position: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    role: Role = Field(sa_type=enum_type(Role))
    region_id: int | None = Field(default=None, foreign_key="regions.id", index=True)
    municipality_id: int | None = Field(default=None, foreign_key="municipalities.id", index=True)
    school_id: int | None = Field(default=None, foreign_key="schools.id", index=True)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    last_login_at: datetime | None = Field(default=None, sa_type=timestamp_type())

    region: "Region" = Relationship()
    municipality: "Municipality" = Relationship()
    school: "School" = Relationship(back_populates="users")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to inactive users
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def scope_label(self) -> str:
        """Where the user belongs, in words: the school, municipality or region name."""
        for unit in (self.school, self.municipality, self.region):
            if unit is not None:
                return unit.name
        return "Вся система"
