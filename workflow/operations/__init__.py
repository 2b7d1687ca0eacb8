"""Business verbs. One function per verb; the acting user is passed in.

Operations change rows, ``flush()``, write the audit event and return what they made. They never
commit (the caller does, once) and never touch ``request``.
"""
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
from workflow.operations.orders import create_order_from_catalog, publish_order

__all__ = [
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
