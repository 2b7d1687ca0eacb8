"""Files people upload. The bytes live in the content-addressed store (``documents.storage``);
a row here is one upload: who gave which bytes under which name, and when."""
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from workflow.models.base import timestamp_type, utcnow


class StoredFile(SQLModel, table=True):
    __tablename__ = "stored_files"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, index=True)
    size: int
    mime: str = Field(max_length=120)
    type_code: str = Field(max_length=20)  # documents.filetypes: "pdf", "docx", "signature", …
    filename: str = Field(max_length=200)  # safe display name with the true extension
    uploaded_by_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())


# Which files a submission carries. A new version of a submission carries its own list: a file
# once submitted stays attached to the version it was submitted with.
submission_files = sa.Table(
    "submission_files",
    SQLModel.metadata,
    sa.Column("submission_id", sa.ForeignKey("submissions.id"), primary_key=True),
    sa.Column("stored_file_id", sa.ForeignKey("stored_files.id"), primary_key=True),
)
