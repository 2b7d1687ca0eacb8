"""What every table shares: constraint names, the enum column type, UTC timestamps."""
from datetime import UTC, datetime
from enum import Enum

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import SQLModel

# Deterministic constraint names, so that migrations can drop and alter them on every backend.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def enum_type(enum_cls: type[Enum]) -> sa.Enum:
    """Enums are stored as their string values in a VARCHAR: adding a value needs no DDL."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def json_type() -> sa.types.TypeEngine:
    """JSON, stored as JSONB on PostgreSQL (comparable, indexable)."""
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def timestamp_type() -> sa.DateTime:
    return sa.DateTime(timezone=True)
