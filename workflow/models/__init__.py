"""All tables. Importing this package registers every model on ``SQLModel.metadata``."""
from workflow.models.audit import AuditEvent
from workflow.models.base import utcnow
from workflow.models.files import StoredFile, submission_files
from workflow.models.orders import Assignment, Order, Requirement, Review, Submission
from workflow.models.org import Municipality, Region, School
from workflow.models.users import User

__all__ = [
    "AuditEvent",
    "Assignment",
    "Municipality",
    "Order",
    "Region",
    "Requirement",
    "Review",
    "School",
    "StoredFile",
    "Submission",
    "User",
    "submission_files",
    "utcnow",
]
