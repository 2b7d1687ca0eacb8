"""Forms, one per screen. Messages are Russian and shown next to their field."""
from workflow.forms.auth import LoginForm
from workflow.forms.base import Form, drop_control_chars, optional_id, options
from workflow.forms.directory import MunicipalityForm, RegionForm, SchoolForm, SchoolImportForm, UserForm

__all__ = [
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
]
