"""Where schools sit: region → municipality (education authority) → school."""
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from workflow.enums import MunicipalityKind, SchoolKind
from workflow.models.base import enum_type, timestamp_type, utcnow

if TYPE_CHECKING:
    from workflow.models.users import User


class Region(SQLModel, table=True):
    __tablename__ = "regions"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    code: str | None = Field(default=None, max_length=8)  # subject code, e.g. "74"

    municipalities: list["Municipality"] = Relationship(back_populates="region")


class Municipality(SQLModel, table=True):
    """A municipality and its education authority (МКУ «Управление образования»)."""

    __tablename__ = "municipalities"
    __table_args__ = (sa.UniqueConstraint("region_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="regions.id", index=True)
    name: str = Field(max_length=200)
    short_name: str | None = Field(default=None, max_length=120)
    kind: MunicipalityKind = Field(
        default=MunicipalityKind.district, sa_type=enum_type(MunicipalityKind)
    )
    authority_name: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())

    region: Region = Relationship(back_populates="municipalities")
    schools: list["School"] = Relationship(back_populates="municipality")

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class School(SQLModel, table=True):
    """A general-education organisation (образовательная организация, ОО)."""

    __tablename__ = "schools"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipalities.id", index=True)
    name: str = Field(max_length=300)
    short_name: str | None = Field(default=None, max_length=200)
    kind: SchoolKind = Field(default=SchoolKind.other, sa_type=enum_type(SchoolKind))
    inn: str | None = Field(default=None, max_length=12, unique=True)
    oktmo: str | None = Field(default=None, max_length=11)
    director_name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=50)
    address: str | None = Field(default=None, max_length=400)
    website: str | None = Field(default=None, max_length=300)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())

    municipality: Municipality = Relationship(back_populates="schools")
    users: list["User"] = Relationship(back_populates="school")

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


__all__ = ["Region", "Municipality", "School"]
