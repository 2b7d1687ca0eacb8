"""All tables. Importing this package registers every model on ``SQLModel.metadata``."""
from workflow.models.audit import AuditEvent
from workflow.models.base import utcnow
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
    "Submission",
    "User",
    "utcnow",
]
