"""Forms, one per screen. Messages are Russian and shown next to their field."""
from workflow.forms.auth import LoginForm
from workflow.forms.base import Form, drop_control_chars, optional_id, options, show_refusal
from workflow.forms.directory import MunicipalityForm, RegionForm, SchoolForm, SchoolImportForm, UserForm
from workflow.forms.orders import CatalogOrderForm, OrderForm, PublishForm, RequirementForm
from workflow.forms.work import DueDateForm, ReviewForm, SubmissionForm, missing_required

__all__ = [
    "CatalogOrderForm",
    "DueDateForm",
    "OrderForm",
    "PublishForm",
    "RequirementForm",
    "ReviewForm",
    "SubmissionForm",
    "missing_required",
    "Form",
    "LoginForm",
    "MunicipalityForm",
    "RegionForm",
    "SchoolForm",
    "SchoolImportForm",
    "UserForm",
    "drop_control_chars",
    "optional_id",
    "options",
    "show_refusal",
]
