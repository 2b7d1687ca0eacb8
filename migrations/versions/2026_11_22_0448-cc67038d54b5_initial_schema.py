"""initial schema

Revision ID: cc67038d54b5
Revises:
Create Date: 2026-11-22 04:48:32.416877+00:00

Generated with autogenerate against an empty database, then reviewed:
- enum columns are written as what they are in the database, VARCHAR(32) holding the enum's
  value with no CHECK (workflow/models/base.py ``enum_type``), so adding a value needs no
  migration; the comment names the enum;
- ``sqlmodel``'s AutoString(length=n) is written as sa.String(length=n), the same DDL, so that
  this file does not depend on the internals of sqlmodel;
- the CHECK texts are copied, not imported: a migration must not change when the models do;
- JSON columns are JSONB on PostgreSQL (workflow/models/base.py ``json_type``);
- indexes are created with op.create_index (no batch needed for them on SQLite), and the
  downgrade drops the tables in reverse order of their references (dropping a table drops its
  indexes).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "cc67038d54b5"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# JSON documents: JSONB on PostgreSQL (comparable, indexable), JSON text elsewhere.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

USER_SCOPE_RULE = """
(role = 'admin' AND region_id IS NULL AND municipality_id IS NULL AND school_id IS NULL)
OR (role = 'school' AND school_id IS NOT NULL AND municipality_id IS NULL AND region_id IS NULL)
OR (role = 'municipal' AND municipality_id IS NOT NULL AND school_id IS NULL AND region_id IS NULL)
OR (role = 'inspector' AND school_id IS NULL AND (municipality_id IS NULL) <> (region_id IS NULL))
"""


def upgrade() -> None:
    op.create_table(
        "regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regions")),
        sa.UniqueConstraint("name", name=op.f("uq_regions_name")),
    )

    op.create_table(
        "municipalities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short_name", sa.String(length=120), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),  # MunicipalityKind
        sa.Column("authority_name", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_municipalities_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipalities")),
        sa.UniqueConstraint("region_id", "name", name=op.f("uq_municipalities_region_id_name")),
    )
    op.create_index(op.f("ix_municipalities_region_id"), "municipalities", ["region_id"])

    op.create_table(
        "schools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("short_name", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),  # SchoolKind
        sa.Column("inn", sa.String(length=12), nullable=True),
        sa.Column("oktmo", sa.String(length=11), nullable=True),
        sa.Column("director_name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("address", sa.String(length=400), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_schools_municipality_id_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
        sa.UniqueConstraint("inn", name=op.f("uq_schools_inn")),
        sa.UniqueConstraint("municipality_id", "name", name=op.f("uq_schools_municipality_id_name")),
    )
    op.create_index(op.f("ix_schools_municipality_id"), "schools", ["municipality_id"])

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=False),  # Role
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(USER_SCOPE_RULE, name=op.f("ck_users_scope_matches_role")),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_users_municipality_id_municipalities"),
        ),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_users_region_id_regions")),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], name=op.f("fk_users_school_id_schools")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_index(op.f("ix_users_municipality_id"), "users", ["municipality_id"])
    op.create_index(op.f("ix_users_region_id"), "users", ["region_id"])
    op.create_index(op.f("ix_users_school_id"), "users", ["school_id"])

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("before", JSON, nullable=True),
        sa.Column("after", JSON, nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_audit_events_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_audit_events_municipality_id_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_audit_events_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_municipality_id"), "audit_events", ["municipality_id"])
    op.create_index("ix_audit_events_object", "audit_events", ["object_type", "object_id"])
    op.create_index(op.f("ix_audit_events_school_id"), "audit_events", ["school_id"])

    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("catalog_key", sa.String(length=40), nullable=True),
        sa.Column("issuer", sa.String(length=400), nullable=False),
        sa.Column("doc_type", sa.String(length=32), nullable=False),  # DocType
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("addressees_text", sa.String(length=300), nullable=True),
        sa.Column("platform", sa.String(length=300), nullable=True),
        sa.Column("based_on", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=32), nullable=False),  # OrderState
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_orders_created_by_id_users")),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_orders_municipality_id_municipalities"),
        ),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_orders_region_id_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
    )
    op.create_index(op.f("ix_orders_municipality_id"), "orders", ["municipality_id"])
    op.create_index(op.f("ix_orders_region_id"), "orders", ["region_id"])

    op.create_table(
        "requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),  # RequirementKind
        sa.Column("addressee", sa.String(length=32), nullable=False),  # Addressee
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("deadline_note", sa.String(length=300), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("threshold_text", sa.String(length=300), nullable=True),
        sa.Column("threshold_min", sa.Float(), nullable=True),
        sa.Column("threshold_unit", sa.String(length=20), nullable=True),
        sa.Column("indicator_code", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_requirements_order_id_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirements")),
        sa.UniqueConstraint("order_id", "code", name=op.f("uq_requirements_order_id_code")),
    )
    op.create_index(op.f("ix_requirements_order_id"), "requirements", ["order_id"])

    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=32), nullable=False),  # AssignmentState
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("original_due_date", sa.Date(), nullable=True),
        sa.Column("responsible_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(school_id IS NULL) <> (municipality_id IS NULL)",
            name=op.f("ck_assignments_one_addressee"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_assignments_municipality_id_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            ["requirements.id"],
            name=op.f("fk_assignments_requirement_id_requirements"),
        ),
        sa.ForeignKeyConstraint(
            ["responsible_user_id"], ["users.id"], name=op.f("fk_assignments_responsible_user_id_users")
        ),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], name=op.f("fk_assignments_school_id_schools")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
        sa.UniqueConstraint(
            "requirement_id", "municipality_id", name=op.f("uq_assignments_requirement_id_municipality_id")
        ),
        sa.UniqueConstraint(
            "requirement_id", "school_id", name=op.f("uq_assignments_requirement_id_school_id")
        ),
    )
    op.create_index(op.f("ix_assignments_municipality_id"), "assignments", ["municipality_id"])
    op.create_index(op.f("ix_assignments_requirement_id"), "assignments", ["requirement_id"])
    op.create_index("ix_assignments_school_id_due_date", "assignments", ["school_id", "due_date"])
    op.create_index(op.f("ix_assignments_state"), "assignments", ["state"])

    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),  # SubmissionStatus
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("fields", JSON, nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"], ["assignments.id"], name=op.f("fk_submissions_assignment_id_assignments")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_submissions_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint("assignment_id", "number", name=op.f("uq_submissions_assignment_id_number")),
    )
    op.create_index(op.f("ix_submissions_assignment_id"), "submissions", ["assignment_id"])

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("verdict", sa.String(length=32), nullable=False),  # ReviewVerdict
        sa.Column("reasons", JSON, nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["reviewer_id"], ["users.id"], name=op.f("fk_reviews_reviewer_id_users")),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name=op.f("fk_reviews_submission_id_submissions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("submission_id", name=op.f("uq_reviews_submission_id")),
    )


def downgrade() -> None:
    for table in (
        "reviews",
        "submissions",
        "assignments",
        "requirements",
        "orders",
        "audit_events",
        "users",
        "schools",
        "municipalities",
        "regions",
    ):
        op.drop_table(table)
