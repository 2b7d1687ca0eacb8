"""Business verbs. One function per verb; the acting user is passed in.

Operations change rows, ``flush()``, write the audit event and return what they made. They never
commit (the caller does, once) and never touch ``request``.
"""
from workflow.operations.assignments import move_due_date, review_submission, save_submission
from workflow.operations.directory import (
    create_municipality,
    create_region,
    create_school,
    create_user,
    import_schools,
    plan_school_import,
    update_municipality,
    update_region,
    update_school,
    update_user,
)
from workflow.operations.files import record_upload
from workflow.operations.orders import (
    add_requirement,
    create_order,
    create_order_from_catalog,
    delete_requirement,
    move_requirement,
    publish_order,
    update_order,
    update_requirement,
)

__all__ = [
    "add_requirement",
    "create_order",
    "delete_requirement",
    "move_due_date",
    "move_requirement",
    "record_upload",
    "review_submission",
    "save_submission",
    "update_order",
    "update_requirement",
    "create_municipality",
    "create_order_from_catalog",
    "create_region",
    "create_school",
    "create_user",
    "import_schools",
    "plan_school_import",
    "publish_order",
    "update_municipality",
    "update_region",
    "update_school",
    "update_user",
]
