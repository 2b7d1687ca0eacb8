"""Recording uploads. The bytes are already in the content-addressed store; a row says who gave
them, under which name."""
from typing import TYPE_CHECKING

from sqlmodel import Session

from workflow.models import StoredFile, User

if TYPE_CHECKING:
    from documents.storage import StoredBlob


def record_upload(session: Session, actor: User, blob: "StoredBlob") -> StoredFile:
    stored = StoredFile(sha256=blob.sha256, size=blob.size, mime=blob.file_type.mime,
                        type_code=blob.file_type.code, filename=blob.filename, uploaded_by_id=actor.id)
    session.add(stored)
    session.flush()
    return stored
